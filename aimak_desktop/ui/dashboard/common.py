"""Formatting shared by the dashboard and the comparison view (figures as text, month names)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QLocale

from aimak_desktop.i18n import N_, _, get_language
from aimak_desktop.i18n.formatting import format_money, format_number
from aimak_desktop.services.indicators import Period

NO_DATA = N_("No data")


def decimal_text(value: Decimal | int | float, places: int = 1) -> str:
    """A number with the UI language's decimal mark ("87,5" in Kyrgyz and Russian)."""
    lang = get_language()
    if isinstance(value, int):
        return format_number(value, lang)
    # Formatted from the Decimal itself (never through float), so the digits stay exact.
    text = f"{Decimal(value):.{places}f}"
    return text if lang == "en" else text.replace(".", ",")


def value_text(value: Decimal | int | None, unit: str) -> str:
    """A figure for the screen: money in som, percentages with %, "No data" for None."""
    if value is None:
        return _(NO_DATA)
    if unit == "money":
        return format_money(int(value), get_language())
    if unit == "pct":
        return decimal_text(value, 1) + "\u00a0%"
    if unit == "score":
        return decimal_text(value, 2)
    if unit == "days":
        return decimal_text(value, 1)
    return format_number(int(value), get_language())


def month_label(period: Period) -> str:
    """ "Ноябрь 2026" in the UI language; quarters and years keep their short label."""
    if period.kind != "month":
        return period.label
    name = QLocale(get_language()).standaloneMonthName(period.first.month)
    return f"{name[:1].upper()}{name[1:]} {period.first.year}"
