"""The home page: who and where this office is, table counts and the last backup.

Everything is read in the background when the page is first shown, so the window paints at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from aimak_desktop.i18n import N_, _
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.pages import PageSpec, register_page

COUNT_LABELS = {
    "villages": N_("Villages"),
    "streets": N_("Streets"),
    "households": N_("Households"),
    "users": N_("Users"),
    "audit_log": N_("Audit log entries"),
    "oplog": N_("Changes to sync"),
}


@dataclass
class HomeData:
    office: dict[str, str]
    series: str
    counts: dict[str, int]
    last_backup: Any


def load_home(session: Any) -> HomeData:
    from aimak_desktop import backup, paths
    from aimak_desktop.services.audit import table_counts
    from aimak_desktop.services.office import get_local_device, get_office

    office = get_office(session)
    fields = ("name_ky", "name_ru", "oblast", "rayon", "aimak")
    return HomeData(
        office={f: getattr(office, f) for f in fields} if office else {},
        series=get_local_device(session).series,
        counts=table_counts(session),
        last_backup=backup.latest_backup(paths.data_dir()),
    )


class HomePage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        self.title = QLabel(_("Loading..."))
        self.title.setObjectName("officeTitle")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.subtitle)
        self.place = QLabel()
        layout.addWidget(self.place)
        box = QGroupBox(_("In this office"))
        self.counts_form = QFormLayout(box)
        self.count_labels: dict[str, QLabel] = {}
        for key, label in COUNT_LABELS.items():
            value = QLabel("…")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.count_labels[key] = value
            self.counts_form.addRow(_(label), value)
        box.setMaximumWidth(420)
        layout.addWidget(box)
        self.backup_label = QLabel()
        layout.addWidget(self.backup_label)
        layout.addStretch(1)
        self.data: HomeData | None = None

    def on_shown(self) -> None:
        self.refresh()

    def on_changed(self, kinds: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.ctx.tasks.run_read(load_home, self.show_data)

    def show_data(self, data: HomeData) -> None:
        from aimak_desktop.i18n import get_language
        from aimak_desktop.i18n.formatting import format_datetime, format_number

        self.data = data
        office = data.office
        self.title.setText(office.get("name_ky", ""))
        self.subtitle.setText(office.get("name_ru", ""))
        self.place.setText(
            _("{oblast} oblast, {rayon} rayon, aiyl aimak {aimak}. PC code: {code}").format(
                oblast=office.get("oblast", ""),
                rayon=office.get("rayon", ""),
                aimak=office.get("aimak", ""),
                code=data.series,
            )
        )
        for key, value in data.counts.items():
            if key in self.count_labels:
                self.count_labels[key].setText(format_number(value, get_language()))
        if data.last_backup is None:
            self.backup_label.setText(_("No backup has been made yet."))
        else:
            self.backup_label.setText(
                _("Last backup: {when}").format(when=format_datetime(data.last_backup.taken_at))
            )


register_page(PageSpec(key="home", title=N_("Home"), factory=HomePage, order=0))
