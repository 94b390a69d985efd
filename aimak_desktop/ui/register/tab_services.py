"""Services tab of the household card: the subscriptions, add one, end one."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.models.catalog import TAP_LABELS, TapType
from aimak_desktop.ui.common import RowsModel, make_table, message_label, say, selected_row
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.register.card_data import CardData, SubscriptionInfo
from aimak_desktop.ui.register.dialogs import SaveDialog


def tap_label(value: str) -> str:
    try:
        return _(TAP_LABELS[TapType(value)])
    except ValueError:
        return value


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    return edit


def picked(edit: QDateEdit) -> dt.date:
    day = edit.date()
    return dt.date(day.year(), day.month(), day.day())


class SubscriptionsModel(RowsModel):
    HEADERS = (N_("Service"), N_("From"), N_("To"), N_("Tap"), N_("Meter number"))

    def text(self, row: SubscriptionInfo, column: int) -> str:
        return (
            row.service,
            format_short_date(row.start),
            format_short_date(row.end) if row.end else "",
            tap_label(row.tap_type),
            row.meter_serial,
        )[column]


class AddSubscriptionDialog(SaveDialog):
    def __init__(
        self,
        ctx: AppContext,
        household_id: uuid.UUID,
        services: list[tuple[uuid.UUID, str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.household_id = household_id
        self.setWindowTitle(_("Add a service"))
        form = QFormLayout()
        self.service = QComboBox()
        for service_id, name, _unit in services:
            self.service.addItem(name, service_id)
        self.start = date_edit(dt.date.today())
        self.tap = QComboBox()
        for tap in TapType:
            self.tap.addItem(tap_label(tap.value), tap.value)
        self.tap.setCurrentIndex(self.tap.findData(TapType.NONE.value))
        self.meter = QLineEdit()
        self.meter.setPlaceholderText(_("Only for a service with a meter"))
        form.addRow(_("Service"), self.service)
        form.addRow(_("From"), self.start)
        form.addRow(_("Tap"), self.tap)
        form.addRow(_("Meter number"), self.meter)
        self.layout_.addLayout(form)
        self.finish()

    def save(self) -> None:
        from aimak_desktop.services.subscriptions import subscribe

        actor, household_id = self.ctx.actor, self.household_id
        service_id = self.service.currentData()
        if service_id is None:
            say(self.message, _("The office has no services yet."))
            return
        start = picked(self.start)
        tap, meter = self.tap.currentData(), self.meter.text()
        self.run(
            lambda s: (
                subscribe(
                    s, actor, household_id, service_id, start, tap_type=tap, meter_serial=meter
                ).id
            )
        )


class EndSubscriptionDialog(SaveDialog):
    def __init__(self, ctx: AppContext, sub: SubscriptionInfo, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.sub = sub
        self.setWindowTitle(_("End a service"))
        form = QFormLayout()
        form.addRow(_("Service"), QLabel(sub.service))
        self.end = date_edit(dt.date.today())
        form.addRow(_("Last day"), self.end)
        self.layout_.addLayout(form)
        self.finish()

    def save(self) -> None:
        from aimak_desktop.services.subscriptions import end_subscription

        actor, sub_id, end = self.ctx.actor, self.sub.id, picked(self.end)
        self.run(lambda s: end_subscription(s, actor, sub_id, end).id)


class ServicesTab(QWidget):
    #: A subscription was added or ended: the card reloads.
    saved = Signal()

    def __init__(self, ctx: AppContext, writable: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.data: CardData | None = None
        self.dialog: SaveDialog | None = None
        layout = QVBoxLayout(self)
        self.model = SubscriptionsModel()
        self.view = make_table(self.model, stretch=0)
        layout.addWidget(self.view, 1)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add a service..."))
        self.add_button.clicked.connect(self.add)
        self.end_button = QPushButton(_("End the service..."))
        self.end_button.clicked.connect(self.end)
        for button in (self.add_button, self.end_button):
            button.setVisible(writable)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def set_data(self, data: CardData) -> None:
        self.data = data
        self.model.set_rows(data.subscriptions)
        if data.subscriptions:
            self.view.selectRow(0)
        archived = data.details.archived
        self.add_button.setEnabled(not archived)
        self.end_button.setEnabled(not archived)

    def _open(self, dialog: SaveDialog) -> SaveDialog:
        self.dialog = dialog
        dialog.accepted.connect(self.saved.emit)
        dialog.open()
        return dialog

    def add(self) -> SaveDialog | None:
        if self.data is None:
            return None
        say(self.message, "")
        details = self.data.details
        return self._open(
            AddSubscriptionDialog(self.ctx, details.id, self.data.choices.services, self)
        )

    def end(self) -> SaveDialog | None:
        sub: Any = selected_row(self.view)
        if sub is None:
            say(self.message, _("Select a service first."))
            return None
        if sub.end is not None:
            say(self.message, _("This service has already ended."))
            return None
        say(self.message, "")
        return self._open(EndSubscriptionDialog(self.ctx, sub, self))
