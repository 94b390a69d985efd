"""Monthly bills (дүмүрчөк) for door-to-door delivery: one PDF for the office, a village, a street.

The PDF is written in the background (a busy bar shows meanwhile) and opened when done.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_number
from aimak_desktop.ui.billing.common import busy_bar, month_edit, period_of
from aimak_desktop.ui.billing.data import BillingLookups, safe_name, write_bills
from aimak_desktop.ui.common import (
    failure_handler,
    fill_combo,
    lang_combo,
    message_label,
    say,
)
from aimak_desktop.ui.context import AppContext

BILL_FORMATS = (("a4", N_("A4, three bills a page")), ("80mm", N_("80 mm slips")))


class BillsTab(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        out_dir: Callable[[], Path],
        opener: Callable[[Path], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._out_dir = out_dir
        self._open = opener
        self.lookups = BillingLookups()
        self.last_pdf: Path | None = None
        self.period = month_edit()
        self.village = QComboBox()
        self.village.addItem(_("All villages"), None)
        self.village.currentIndexChanged.connect(self._village_changed)
        self.street = QComboBox()
        self.street.addItem(_("All streets"), None)
        self.street.setEnabled(False)
        self.format = QComboBox()
        for code, label in BILL_FORMATS:
            self.format.addItem(_(label), code)
        self.language = lang_combo()
        self.make_button = QPushButton(_("Make the bills PDF"))
        self.make_button.clicked.connect(self.make_pdf)
        self.progress = busy_bar()
        self.status = message_label()

        form = QFormLayout()
        form.addRow(_("Month"), self.period)
        form.addRow(_("Village"), self.village)
        form.addRow(_("Street"), self.street)
        form.addRow(_("Format"), self.format)
        form.addRow(_("Language"), self.language)
        for field in (self.period, self.village, self.street, self.format, self.language):
            field.setMinimumWidth(280)
            field.setMaximumWidth(420)
        row = QHBoxLayout()
        row.addWidget(self.make_button)
        row.addWidget(self.progress)
        row.addStretch(1)
        hint = QLabel(
            _(
                "Bills are sorted by village, street and house, in the order they are delivered. "
                "Each shows the debt or advance carried in, the month's charges, the payments "
                "received, the total to pay, the due date and the office's payment details."
            )
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(hint)
        layout.addStretch(1)

    def set_lookups(self, lookups: BillingLookups) -> None:
        self.lookups = lookups
        fill_combo(self.village, lookups.villages, _("All villages"))
        self._village_changed()

    def _village_changed(self, *_args: Any) -> None:
        village = self.village.currentData()
        streets = self.lookups.streets.get(village, []) if village else []
        # Bills carry the street's name: filtering by name also covers a street's twin rows.
        fill_combo(self.street, [(name, name) for _sid, name in streets], _("All streets"))
        self.street.setEnabled(bool(streets))

    def file_name(self) -> Path:
        parts = ["bills", period_of(self.period)]
        if self.village.currentData():
            parts.append(self.village.currentText())
        if self.street.currentData():
            parts.append(self.street.currentText())
        parts += [str(self.format.currentData()), str(self.language.currentData())]
        return self._out_dir() / (safe_name("-".join(parts)) + ".pdf")

    def make_pdf(self) -> None:
        period = period_of(self.period)
        village: uuid.UUID | None = self.village.currentData()
        street: str | None = self.street.currentData()
        fmt, lang = str(self.format.currentData()), str(self.language.currentData())
        path = self.file_name()
        self.make_button.setEnabled(False)
        self.progress.show()
        say(self.status, _("Writing the bills of {period}...").format(period=period), ok=True)
        self.ctx.tasks.run_read(
            lambda session: write_bills(session, path, period, village, street, fmt, lang),
            self._written,
            self._failed,
        )

    def _finish(self) -> None:
        self.make_button.setEnabled(True)
        self.progress.hide()

    def _written(self, result: tuple[Path, int]) -> None:
        self._finish()
        path, count = result
        self.last_pdf = path
        say(
            self.status,
            _("{count} bills written to {path}").format(count=format_number(count), path=path),
            ok=True,
        )
        self._open(path)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        failure_handler(self.ctx, self.status)(exc)
