"""The services and tariffs page: the catalogue, each service's tariff history, villages/streets.

Roles as the catalogue services check them (admin, head, clerk write); everyone else, a mentor on a
field visit for one, sees the same tables without the buttons that change anything.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.models.catalog import ANY_TAP
from aimak_desktop.ui.catalog.data import (
    PLACE_KINDS,
    SERVICE_KINDS,
    TARIFF_KINDS,
    ServiceRow,
    TariffRow,
    can_edit,
    load_services,
    load_tariffs,
)
from aimak_desktop.ui.catalog.dialogs import ServiceDialog, TariffDialog
from aimak_desktop.ui.catalog.models import ServiceModel, TariffModel
from aimak_desktop.ui.catalog.places import PlacesEditor, ask_yes
from aimak_desktop.ui.common import (
    failure_handler,
    make_table,
    message_label,
    say,
    selected_row,
)
from aimak_desktop.ui.context import AppContext


class ServicesPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.writable = can_edit(ctx.actor)
        self.dialog: ServiceDialog | TariffDialog | None = None
        #: Asks before archiving (replaced in tests, where a modal box would block).
        self.ask_yes: Callable[[QWidget, str, str], bool] = ask_yes
        self._loaded = False
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        title = QLabel(_("Services"))
        title.setStyleSheet("font-weight: bold;")
        bar.addWidget(title)
        self.new_button = QPushButton(_("New service..."))
        self.new_button.clicked.connect(self.new_service)
        self.edit_button = QPushButton(_("Edit..."))
        self.edit_button.clicked.connect(self.edit_service)
        self.archive_button = QPushButton(_("Archive"))
        self.archive_button.clicked.connect(self.archive_service)
        for button in (self.new_button, self.edit_button, self.archive_button):
            button.setVisible(self.writable)
            bar.addWidget(button)
        self.show_archived = QCheckBox(_("Show archived"))
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        bar.addWidget(self.show_archived)
        bar.addStretch(1)
        self.read_only_note = QLabel(_("Read only: your role cannot change the catalogue."))
        self.read_only_note.setStyleSheet("color: #555555;")
        self.read_only_note.setVisible(not self.writable)
        bar.addWidget(self.read_only_note)
        layout.addLayout(bar)
        self.message = message_label()
        layout.addWidget(self.message)

        self.services = ServiceModel()
        self.service_view = make_table(
            self.services,
            stretch=ServiceModel.PROVIDER,
            widths={ServiceModel.NAME_KY: 210, ServiceModel.NAME_RU: 190},
        )
        self.service_view.selectionModel().selectionChanged.connect(lambda *_a: self.load_tariffs())
        if self.writable:
            self.service_view.doubleClicked.connect(lambda _i: self.edit_service())

        tariff_box = QWidget()
        tariff_layout = QVBoxLayout(tariff_box)
        tariff_bar = QHBoxLayout()
        self.tariff_title = QLabel(_("Tariff history"))
        self.tariff_title.setStyleSheet("font-weight: bold;")
        self.tariff_title.setWordWrap(True)  # long service names must not widen the page
        tariff_bar.addWidget(self.tariff_title, 1)
        self.tariff_button = QPushButton(_("New tariff version..."))
        self.tariff_button.clicked.connect(self.new_tariff_version)
        self.tariff_button.setVisible(self.writable)
        tariff_bar.addWidget(self.tariff_button)
        tariff_layout.addLayout(tariff_bar)
        self.tariffs = TariffModel()
        self.tariff_view = make_table(self.tariffs, stretch=TariffModel.CATEGORY)
        tariff_layout.addWidget(self.tariff_view)

        places_box = QWidget()
        places_layout = QVBoxLayout(places_box)
        self.places = PlacesEditor(ctx, self.writable)
        places_layout.addWidget(self.places)

        # Tabs rather than side by side: the history's seven columns need the full width.
        self.bottom = QTabWidget()
        self.bottom.addTab(tariff_box, _("Tariff history"))
        self.bottom.addTab(places_box, _("Villages and streets"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.service_view)
        split.addWidget(self.bottom)
        split.setSizes([260, 440])
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)

    # -- loading --------------------------------------------------------------------------

    def on_shown(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.refresh()
            self.places.refresh()

    def on_changed(self, kinds: Any) -> None:
        if not self._loaded:
            return
        if set(kinds) & (SERVICE_KINDS | TARIFF_KINDS):
            self.refresh()
        if set(kinds) & PLACE_KINDS or "households" in kinds:
            self.places.refresh()

    def refresh(self) -> None:
        archived = self.show_archived.isChecked()
        self.ctx.tasks.run_read(
            lambda s: load_services(s, archived),
            self._show_services,
            failure_handler(self.ctx, self.message),
        )

    def _show_services(self, rows: list[ServiceRow]) -> None:
        keep = self.service_id()
        self.services.set_rows(rows)
        index = next((i for i, r in enumerate(rows) if r.id == keep), 0 if rows else -1)
        if index >= 0:
            self.service_view.selectRow(index)
        self.load_tariffs()

    def service(self) -> ServiceRow | None:
        return selected_row(self.service_view)

    def service_id(self) -> uuid.UUID | None:
        row = self.service()
        return row.id if row is not None else None

    def select_service(self, code: str) -> None:
        for index, row in enumerate(self.services.rows):
            if row.code == code:
                self.service_view.selectRow(index)
                return
        raise LookupError(code)

    def load_tariffs(self) -> None:
        row = self.service()
        active = row is not None and not row.archived
        self.tariff_button.setEnabled(active)
        self.archive_button.setEnabled(active)
        if row is None:
            self.tariff_title.setText(_("Tariff history"))
            self.tariffs.set_rows([])
            return
        self.tariff_title.setText(_("Tariff history: {name}").format(name=row.name_ky))
        service_id = row.id

        def show(rows: list[TariffRow]) -> None:
            if self.service_id() == service_id:  # another service may be selected by now
                self.tariffs.set_rows(rows)
                # Only water-like services price by tap; an empty column would only puzzle.
                any_tap = all(r.tap_type == ANY_TAP for r in rows)
                self.tariff_view.setColumnHidden(TariffModel.TAP, any_tap)

        self.ctx.tasks.run_read(
            lambda s: load_tariffs(s, service_id), show, failure_handler(self.ctx, self.message)
        )

    # -- actions --------------------------------------------------------------------------

    def new_service(self) -> ServiceDialog:
        say(self.message, "")
        self.dialog = ServiceDialog(self.ctx, None, self)
        self.dialog.open()
        return self.dialog

    def edit_service(self) -> ServiceDialog | None:
        row = self.service()
        if row is None:
            say(self.message, _("Select a service first."))
            return None
        say(self.message, "")
        self.dialog = ServiceDialog(self.ctx, row, self)
        self.dialog.open()
        return self.dialog

    def archive_service(self) -> None:
        from aimak_desktop.services.catalog import archive_service

        row = self.service()
        if row is None:
            say(self.message, _("Select a service first."))
            return
        if not self.ask_yes(
            self,
            _("Archive service"),
            _("Archive {name}? It leaves the catalogue; its history stays.").format(
                name=row.name_ky
            ),
        ):
            return
        actor, service_id = self.ctx.actor, row.id
        self.ctx.tasks.run_write(
            lambda s: archive_service(s, actor, service_id),
            lambda _r: say(self.message, _("{name} archived.").format(name=row.name_ky), ok=True),
            failure_handler(self.ctx, self.message),
            kinds=SERVICE_KINDS,
        )

    def new_tariff_version(self) -> TariffDialog | None:
        row = self.service()
        if row is None:
            say(self.message, _("Select a service first."))
            return None
        say(self.message, "")
        like = selected_row(self.tariff_view)
        self.dialog = TariffDialog(self.ctx, row, like, self)
        self.dialog.open()
        return self.dialog
