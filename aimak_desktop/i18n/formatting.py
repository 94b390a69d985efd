"""Money, numbers and dates in the office's conventions (DOMAIN.md "Language and formats").

Money is an integer number of tyiyn (1 som = 100 tyiyn). Grouping uses a non-breaking space and the
decimal mark is a comma in Kyrgyz and Russian: "1 234,50 сом". English uses "1,234.50 som".
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NBSP = "\u00a0"

_KY_MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
_RU_MONTHS_GEN = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_CURRENCY = {"ky": "сом", "ru": "сом", "en": "som"}


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return sep.join(reversed(out))


def format_amount(tyiyn: int, lang: str = "ky") -> str:
    """Format an amount without the currency: 123450 -> "1 234,50"."""
    sign = "-" if tyiyn < 0 else ""
    som, rest = divmod(abs(int(tyiyn)), 100)
    if lang == "en":
        return f"{sign}{_group(str(som), ',')}.{rest:02d}"
    return f"{sign}{_group(str(som), NBSP)},{rest:02d}"


def format_money(tyiyn: int, lang: str = "ky") -> str:
    """Format an amount with the currency word: 123450 -> "1 234,50 сом"."""
    return f"{format_amount(tyiyn, lang)}{NBSP}{_CURRENCY.get(lang, 'сом')}"


def format_number(value: int, lang: str = "ky") -> str:
    """Whole number with grouping: 12345 -> "12 345"."""
    sign = "-" if value < 0 else ""
    return sign + _group(str(abs(int(value))), "," if lang == "en" else NBSP)


_MONEY_JUNK = re.compile(r"[\s\u00a0\u202f']|сом|som|kgs|с\.", re.IGNORECASE)


def parse_money(text: str | int | float | Decimal) -> int:
    """Parse an amount as typed by a person or found in a spreadsheet into tyiyn.

    Accepts "1 234,50", "1234.5", "1,234.50", "1 234,50 сом" and numbers.

    Raises:
        ValueError: the text is not an amount or has more than two decimals.
    """
    if isinstance(text, bool):
        raise ValueError(text)
    if isinstance(text, int):
        return text * 100
    if isinstance(text, float):
        text = repr(text)
    if isinstance(text, Decimal):
        value = text
    else:
        cleaned = _MONEY_JUNK.sub("", str(text)).strip()
        if not cleaned:
            raise ValueError(text)
        if "," in cleaned and "." in cleaned:
            # The later mark is the decimal one: "1,234.50" or "1.234,50".
            if cleaned.rfind(",") > cleaned.rfind("."):
                cleaned = cleaned.replace(".", "").replace(",", ".")
            else:
                cleaned = cleaned.replace(",", "")
        else:
            cleaned = cleaned.replace(",", ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation as exc:
            raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(text)
    return int(cents.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_decimal(tyiyn: int) -> Decimal:
    return (Decimal(tyiyn) / 100).quantize(Decimal("0.01"))


def format_date(day: dt.date, lang: str = "ky") -> str:
    """Official document date: "16-февраль 2023-ж.", "16 февраля 2023 г.", "16 February 2023"."""
    if lang == "ky":
        return f"{day.day}-{_KY_MONTHS[day.month - 1]} {day.year}-ж."
    if lang == "ru":
        return f"{day.day} {_RU_MONTHS_GEN[day.month - 1]} {day.year} г."
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


def format_short_date(day: dt.date) -> str:
    """Short date used in tables and on receipts: 05.03.2024."""
    return day.strftime("%d.%m.%Y")


def format_datetime(moment: dt.datetime) -> str:
    return moment.strftime("%d.%m.%Y %H:%M")
