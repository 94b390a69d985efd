"""The service dialog (new or edit) and the new tariff version dialog.

Both write through the write worker; a mistake (a code in use, an overlapping version) stays in
the dialog with the service's message so the clerk can correct it.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import parse_money
from aimak_desktop.ui.catalog.data import SERVICE_KINDS, TARIFF_KINDS, ServiceRow, TariffRow
from aimak_desktop.ui.catalog.models import (
    CATEGORY_CHOICES,
    PERIOD_CHOICES,
    PROVIDER_CHOICES,
    TAP_CHOICES,
    UNIT_CHOICES,
    period_label,
    unit_label,
)
from aimak_desktop.ui.common import failure_handler, find_data, message_label, say
from aimak_desktop.ui.context import AppContext


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    return edit


def _day(edit: QDateEdit) -> dt.date:
    day = edit.date()
    return dt.date(day.year(), day.month(), day.day())


def choice_combo(choices: Sequence[tuple[str, str]], current: str | None = None) -> QComboBox:
    combo = QComboBox()
    for value, label in choices:
        combo.addItem(_(label), value)
    if current is not None:
        combo.setCurrentIndex(max(find_data(combo, current), 0))
    return combo


def next_month_start(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)


class SaveDialog(QDialog):
    """A form, an inline message and Save/Cancel; subclasses fill `form` and define `save`."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.box = QVBoxLayout(self)
        self.form = QFormLayout()
        self.box.addLayout(self.form)
        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        self.box.addWidget(self.message)
        self.box.addWidget(self.buttons)

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def run(self, fn: Callable[[Any], Any], kinds: frozenset[str]) -> None:
        say(self.message, "")
        self.buttons.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            failure_handler(self.ctx, self.message)(exc)

        def saved(_result: Any) -> None:
            self.buttons.setEnabled(True)
            self.accept()

        self.ctx.tasks.run_write(fn, saved, failed, kinds=kinds)


class ServiceDialog(SaveDialog):
    """A new service, or the catalogue fields of an existing one (`row`)."""

    def __init__(self, ctx: AppContext, row: ServiceRow | None, parent: QWidget | None) -> None:
        title = _("New service") if row is None else _("Edit service {code}").format(code=row.code)
        super().__init__(ctx, title, parent)
        self.row = row
        self.code = QLineEdit(row.code if row else "")
        self.code.setPlaceholderText(_("Latin letters, e.g. water"))
        self.code.setReadOnly(row is not None)
        self.name_ky = QLineEdit(row.name_ky if row else "")
        self.name_ru = QLineEdit(row.name_ru if row else "")
        self.provider_kind = choice_combo(PROVIDER_CHOICES, row.provider_kind if row else None)
        self.provider_name = QLineEdit(row.provider_name if row else "")
        self.provider_name.setPlaceholderText(_("e.g. «Таза суу»"))
        self.billing_unit = choice_combo(UNIT_CHOICES, row.billing_unit if row else None)
        self.period = choice_combo(PERIOD_CHOICES, row.period if row else None)
        if row is not None and row.has_tariffs:
            # The service refuses it anyway; saying so up front saves a round trip.
            for combo in (self.billing_unit, self.period):
                combo.setEnabled(False)
                combo.setToolTip(_("Fixed once the service has tariffs."))
        self.penalty = QCheckBox(_("Charge a late-payment penalty"))
        self.penalty.setChecked(bool(row and row.penalty_enabled))
        self.penalty_pct = QLineEdit(row.penalty_pct.replace(".", ",") if row else "0")
        self.penalty_pct.setMaximumWidth(80)
        self.grace = QSpinBox()
        self.grace.setRange(0, 365)
        self.grace.setValue(row.penalty_grace_days if row else 30)
        penalty_line = QHBoxLayout()
        penalty_line.addWidget(self.penalty_pct)
        penalty_line.addWidget(QLabel(_("% a month, after")))
        penalty_line.addWidget(self.grace)
        penalty_line.addWidget(QLabel(_("days")))
        penalty_line.addStretch(1)
        self.penalty.toggled.connect(self._penalty_toggled)
        self._penalty_toggled(self.penalty.isChecked())
        self.notes = QPlainTextEdit(row.notes if row else "")
        self.notes.setMaximumHeight(70)
        self.form.addRow(_("Code"), self.code)
        self.form.addRow(_("Name (Kyrgyz)"), self.name_ky)
        self.form.addRow(_("Name (Russian)"), self.name_ru)
        self.form.addRow(_("Provider"), self.provider_kind)
        self.form.addRow(_("Provider name"), self.provider_name)
        self.form.addRow(_("Billing unit"), self.billing_unit)
        self.form.addRow(_("Period"), self.period)
        self.form.addRow(self.penalty)
        self.form.addRow(_("Penalty"), penalty_line)
        self.form.addRow(_("Notes"), self.notes)
        self.finish()

    def _penalty_toggled(self, on: bool) -> None:
        self.penalty_pct.setEnabled(on)
        self.grace.setEnabled(on)

    def values(self) -> dict[str, Any]:
        return {
            "name_ky": self.name_ky.text(),
            "name_ru": self.name_ru.text(),
            "provider_kind": self.provider_kind.currentData(),
            "provider_name": self.provider_name.text(),
            "billing_unit": self.billing_unit.currentData(),
            "period": self.period.currentData(),
            "penalty_enabled": self.penalty.isChecked(),
            "penalty_pct_per_month": self.penalty_pct.text() if self.penalty.isChecked() else "0",
            "penalty_grace_days": self.grace.value(),
            "notes": self.notes.toPlainText(),
        }

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the loaded row (the service logs what changed)."""
        assert self.row is not None
        old = {
            "name_ky": self.row.name_ky,
            "name_ru": self.row.name_ru,
            "provider_kind": self.row.provider_kind,
            "provider_name": self.row.provider_name,
            "billing_unit": self.row.billing_unit,
            "period": self.row.period,
            "penalty_enabled": self.row.penalty_enabled,
            "penalty_pct_per_month": self.row.penalty_pct if self.row.penalty_enabled else "0",
            "penalty_grace_days": self.row.penalty_grace_days,
            "notes": self.row.notes,
        }
        new = self.values()
        same_pct = new["penalty_pct_per_month"].replace(",", ".").strip() == str(
            old["penalty_pct_per_month"]
        )
        return {
            k: v
            for k, v in new.items()
            if v != old[k] and not (k == "penalty_pct_per_month" and same_pct)
        }

    def save(self) -> None:
        from aimak_desktop.services import catalog

        actor = self.ctx.actor
        if self.row is None:
            code, values = self.code.text(), self.values()
            self.run(lambda s: catalog.create_service(s, actor, code=code, **values), SERVICE_KINDS)
            return
        changes = self.changes()
        if not changes:
            self.accept()
            return
        service_id = self.row.id
        self.run(lambda s: catalog.update_service(s, actor, service_id, changes), SERVICE_KINDS)


class TariffDialog(SaveDialog):
    """A new tariff version of `service` from a date; the open version ends the day before.

    `like` (the selected history row) fills in its category and tap type, so raising one price
    is: select it, type the new amount and the toktom.
    """

    def __init__(
        self,
        ctx: AppContext,
        service: ServiceRow,
        like: TariffRow | None,
        parent: QWidget | None,
    ) -> None:
        super().__init__(ctx, _("New tariff version"), parent)
        self.service = service
        unit, period = unit_label(service.billing_unit), period_label(service.period)
        header = QLabel(f"<b>{html.escape(service.name_ky)}</b><br>{unit}, {period}")
        header.setWordWrap(True)
        self.box.insertWidget(0, header)
        self.category = choice_combo(CATEGORY_CHOICES, like.category if like else None)
        self.tap = choice_combo(TAP_CHOICES, like.tap_type if like else None)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(_("som, e.g. 35 or 1 234,50"))
        self.valid_from = date_edit(next_month_start())
        self.toktom_no = QLineEdit()
        self.toktom_no.setPlaceholderText(_("e.g. 23/4"))
        self.toktom_date = date_edit(dt.date.today())
        toktom = QHBoxLayout()
        toktom.addWidget(self.toktom_no, 1)
        toktom.addWidget(QLabel(_("of")))
        toktom.addWidget(self.toktom_date)
        self.form.addRow(_("Category"), self.category)
        self.form.addRow(_("Tap"), self.tap)
        self.form.addRow(_("Amount (som)"), self.amount)
        self.form.addRow(_("Valid from"), self.valid_from)
        self.form.addRow(_("Toktom no. and date"), toktom)
        note = QLabel(_("The version in force now ends the day before the new one starts."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        self.box.addWidget(note)
        self.finish()

    def save(self) -> None:
        from aimak_desktop.services.catalog import new_tariff_version

        try:
            amount = parse_money(self.amount.text())
        except ValueError as exc:
            say(self.message, str(exc))
            self.amount.setFocus()
            return
        actor, service_id = self.ctx.actor, self.service.id
        category, tap = self.category.currentData(), self.tap.currentData()
        valid_from = _day(self.valid_from)
        toktom_no = self.toktom_no.text().strip()
        # A date without a decision number means nothing on a tariff record.
        toktom_date = _day(self.toktom_date) if toktom_no else None

        def write(session: Any) -> Any:
            return new_tariff_version(
                session,
                actor,
                service_id,
                category,
                amount,
                valid_from,
                toktom_no,
                toktom_date,
                tap_type=tap,
            )

        self.run(write, TARIFF_KINDS)
