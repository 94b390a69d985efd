"""Readings tab of the household card: meter readings per metered service, and a new reading.

A reading below the previous one is refused by the service unless the meter was replaced; its
message is shown under the form so the clerk can tick "Meter replaced" or fix the number.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.services.subscriptions import format_m3
from aimak_desktop.ui.common import RowsModel, make_table, message_label, say
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.register.callbacks import weak
from aimak_desktop.ui.register.card_data import CardData, ReadingInfo
from aimak_desktop.ui.register.dialogs import REGISTER_KINDS, report_failure
from aimak_desktop.ui.register.tab_services import date_edit, picked


class ReadingsModel(RowsModel):
    HEADERS = (N_("Date"), N_("Reading, m³"), N_("Read by"), N_("Meter replaced"))
    NUMERIC = frozenset({1})

    def text(self, row: ReadingInfo, column: int) -> str:
        return (
            format_short_date(row.date),
            format_m3(row.value_l),
            row.read_by,
            _("yes") if row.meter_replaced else "",
        )[column]


class ReadingsTab(QWidget):
    saved = Signal()

    def __init__(self, ctx: AppContext, writable: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.data: CardData | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Meter")))
        self.subscription = QComboBox()
        self.subscription.currentIndexChanged.connect(self._show_readings)
        top.addWidget(self.subscription, 1)
        layout.addLayout(top)
        self.empty = QLabel(_("This household has no service with a meter."))
        self.empty.hide()
        layout.addWidget(self.empty)
        self.model = ReadingsModel()
        self.view = make_table(self.model, stretch=2)
        layout.addWidget(self.view, 1)
        self.form_box = QWidget()
        form = QFormLayout(self.form_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.date = date_edit(dt.date.today())
        self.value = QLineEdit()
        self.value.setPlaceholderText("123,456")
        self.read_by = QLineEdit(ctx.actor.name)
        self.replaced = QCheckBox(_("Meter replaced (this is the new meter's first reading)"))
        self.new_serial = QLineEdit()
        self.new_serial.setPlaceholderText(_("New meter number"))
        self.new_serial.setEnabled(False)
        self.replaced.toggled.connect(self.new_serial.setEnabled)
        self.add_button = QPushButton(_("Add the reading"))
        self.add_button.clicked.connect(self.add)
        form.addRow(_("Date"), self.date)
        form.addRow(_("Reading, m³"), self.value)
        form.addRow(_("Read by"), self.read_by)
        form.addRow("", self.replaced)
        form.addRow(_("New meter number"), self.new_serial)
        form.addRow("", self.add_button)
        self.form_box.setVisible(writable)
        layout.addWidget(self.form_box)
        self.message = message_label()
        layout.addWidget(self.message)

    def set_data(self, data: CardData) -> None:
        self.data = data
        current = self.subscription.currentData()
        self.subscription.blockSignals(True)
        self.subscription.clear()
        for sub in data.subscriptions:
            if sub.id in data.readings:
                label = f"{sub.service} · {sub.meter_serial or _('no meter number')}"
                if sub.end is not None:
                    label += " · " + _("ended {date}").format(date=format_short_date(sub.end))
                self.subscription.addItem(label, sub.id)
        index = next(
            (
                i
                for i in range(self.subscription.count())
                if self.subscription.itemData(i) == current
            ),
            0,
        )
        self.subscription.setCurrentIndex(index)
        self.subscription.blockSignals(False)
        has_meter = self.subscription.count() > 0
        self.empty.setVisible(not has_meter)
        self.add_button.setEnabled(has_meter and not data.details.archived)
        self._show_readings()

    def _show_readings(self, *_args: Any) -> None:
        sub_id = self.subscription.currentData()
        rows = self.data.readings.get(sub_id, []) if self.data and sub_id else []
        self.model.set_rows(rows)
        if rows:
            self.view.scrollToBottom()

    def add(self) -> None:
        from aimak_desktop.services.subscriptions import add_reading

        sub_id: uuid.UUID | None = self.subscription.currentData()
        if sub_id is None:
            return
        say(self.message, "")
        actor = self.ctx.actor
        day = picked(self.date)
        value, read_by = self.value.text(), self.read_by.text()
        replaced = self.replaced.isChecked()
        serial = self.new_serial.text() if replaced else None
        self.add_button.setEnabled(False)

        def write(session: Any) -> Any:  # runs in the write worker: no widgets here
            reading = add_reading(
                session,
                actor,
                sub_id,
                day,
                value,
                read_by,
                meter_replaced=replaced,
                new_meter_serial=serial,
            )
            return reading.id

        self.ctx.tasks.run_write(write, weak(self._added), weak(self._failed), kinds=REGISTER_KINDS)

    def _added(self, _result: Any) -> None:
        self.add_button.setEnabled(True)
        self.value.clear()
        self.replaced.setChecked(False)
        self.new_serial.clear()
        say(self.message, _("The reading is saved."), ok=True)
        self.saved.emit()

    def _failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        report_failure(self.ctx, self.message)(exc)
        if isinstance(exc, ValidationError):
            field = {"value": self.value, "reading_date": self.date}.get(exc.field or "")
            (field or self.value).setFocus()
