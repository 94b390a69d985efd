"""Table models of the services and tariffs page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_money, format_short_date
from aimak_desktop.models.catalog import (
    ALL_CATEGORIES,
    ANY_TAP,
    PERIOD_LABELS,
    PROVIDER_LABELS,
    TAP_LABELS,
    UNIT_LABELS,
    BillingUnit,
    Period,
    ProviderKind,
    TapType,
)
from aimak_desktop.models.register import CATEGORY_LABELS, Category
from aimak_desktop.ui.catalog.data import ServiceRow, TariffRow
from aimak_desktop.ui.common import RowsModel

ARCHIVED_FG = QColor("#777777")
#: A version that no longer applies is greyed; the one in force stays black.
PAST_FG = QColor("#777777")


def _label(labels: dict, value: str) -> str:
    for key, text in labels.items():
        if key.value == value:
            return _(text)
    return value


def category_label(value: str) -> str:
    if value == ALL_CATEGORIES:
        return _("All categories")
    return _label(CATEGORY_LABELS, value)


def tap_label(value: str) -> str:
    return "" if value == ANY_TAP else _label(TAP_LABELS, value)


def provider_label(value: str) -> str:
    return _label(PROVIDER_LABELS, value)


def unit_label(value: str) -> str:
    return _label(UNIT_LABELS, value)


def period_label(value: str) -> str:
    return _label(PERIOD_LABELS, value)


def money(tyiyn: int) -> str:
    # Som are written the Kyrgyz way in every interface language ("1 234,50 сом"), the same
    # way the amount is typed in the tariff dialog.
    return format_money(tyiyn)


def penalty_text(row: ServiceRow) -> str:
    if not row.penalty_enabled:
        return _("No penalty")
    return _("{pct}% a month after {days} days").format(
        pct=row.penalty_pct.replace(".", ","), days=row.penalty_grace_days
    )


class ServiceModel(RowsModel):
    CODE, NAME_KY, NAME_RU, PROVIDER, UNIT, PERIOD, PENALTY = range(7)
    HEADERS = (
        N_("Code"),
        N_("Name (Kyrgyz)"),
        N_("Name (Russian)"),
        N_("Provider"),
        N_("Billing unit"),
        N_("Period"),
        N_("Penalty"),
    )

    def text(self, row: ServiceRow, column: int) -> str:
        if column == self.CODE:
            return row.code
        if column == self.NAME_KY:
            return row.name_ky
        if column == self.NAME_RU:
            return row.name_ru
        if column == self.PROVIDER:
            return row.provider_name or provider_label(row.provider_kind)
        if column == self.UNIT:
            return unit_label(row.billing_unit)
        if column == self.PERIOD:
            return period_label(row.period)
        return penalty_text(row)

    def data(self, index: Any, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            row = self.rows[index.row()]
            if index.column() == self.PROVIDER:
                return f"{row.provider_name} ({provider_label(row.provider_kind)})"
            return self.text(row, index.column())
        return super().data(index, role)

    def foreground(self, row: ServiceRow) -> QColor | None:
        return ARCHIVED_FG if row.archived else None


class TariffModel(RowsModel):
    CATEGORY, TAP, AMOUNT, FROM, TO, TOKTOM, TOKTOM_DATE = range(7)
    HEADERS = (
        N_("Category"),
        N_("Tap"),
        N_("Amount"),
        N_("Valid from"),
        N_("Valid to"),
        N_("Toktom no."),
        N_("Toktom date"),
    )
    NUMERIC = frozenset({AMOUNT})

    def __init__(self) -> None:
        super().__init__()
        self.today = dt.date.today()

    def text(self, row: TariffRow, column: int) -> str:
        if column == self.CATEGORY:
            return category_label(row.category)
        if column == self.TAP:
            return tap_label(row.tap_type)
        if column == self.AMOUNT:
            return money(row.amount)
        if column == self.FROM:
            return format_short_date(row.valid_from)
        if column == self.TO:
            return format_short_date(row.valid_to) if row.valid_to else ""
        if column == self.TOKTOM:
            return row.toktom_no
        return format_short_date(row.toktom_date) if row.toktom_date else ""

    def foreground(self, row: TariffRow) -> QColor | None:
        ended = row.valid_to is not None and row.valid_to < self.today
        return PAST_FG if ended else None


#: Choices of the dialogs, in a fixed order: (value, label marked for translation).
PROVIDER_CHOICES = [(k.value, PROVIDER_LABELS[k]) for k in ProviderKind]
UNIT_CHOICES = [(k.value, UNIT_LABELS[k]) for k in BillingUnit]
PERIOD_CHOICES = [(k.value, PERIOD_LABELS[k]) for k in Period]
CATEGORY_CHOICES = [(ALL_CATEGORIES, N_("All categories"))] + [
    (k.value, CATEGORY_LABELS[k]) for k in Category
]
TAP_CHOICES = [(ANY_TAP, N_("Any tap"))] + [
    (k.value, TAP_LABELS[k]) for k in TapType if k != TapType.NONE
]
