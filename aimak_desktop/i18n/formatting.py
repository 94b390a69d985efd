"""Money, numbers and dates in the office's conventions (DOMAIN.md "Language and formats").

Money is an integer number of tyiyn (1 som = 100 tyiyn). Grouping uses a non-breaking space and the
decimal mark is a comma in Kyrgyz and Russian: "1 234,50 сом". English uses "1,234.50 som".
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from aimak_desktop.i18n import _
from aimak_desktop.i18n.words import amount_in_words

__all__ = [
    "NBSP",
    "amount_in_words",
    "format_amount",
    "format_date",
    "format_datetime",
    "format_money",
    "format_number",
    "format_short_date",
    "normalise_text",
    "parse_money",
    "to_decimal",
]

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


_MONEY_JUNK = re.compile(r"[\s\u00a0\u202f'’]|сом|som|kgs|с\.", re.IGNORECASE)
_MONEY_SHAPE = re.compile(r"[+-]?[\d.,]*\d[\d.,]*")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})


def _bad_amount(text: object) -> ValueError:
    if isinstance(text, str) and not text.strip():
        return ValueError(_("Enter an amount of money, for example 1 234,50."))
    return ValueError(
        _("{text} is not an amount of money. Write it like 1 234,50.").format(text=text)
    )


def _decimal_from_text(text: str) -> Decimal:
    cleaned = _MONEY_JUNK.sub("", text.translate(_MINUS))
    if not _MONEY_SHAPE.fullmatch(cleaned):
        raise _bad_amount(text)
    commas, dots = cleaned.count(","), cleaned.count(".")
    if commas and dots:
        # The later mark is the decimal one: "1,234.50" or "1.234,50".
        group, decimal = (".", ",") if cleaned.rfind(",") > cleaned.rfind(".") else (",", ".")
        if cleaned.count(decimal) > 1:
            raise _bad_amount(text)
        cleaned = cleaned.replace(group, "").replace(decimal, ".")
    elif commas > 1 or dots > 1:
        # The same mark more than once can only be grouping: "1.234.567".
        cleaned = cleaned.replace(",", "").replace(".", "")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise _bad_amount(text) from exc


def parse_money(text: str | int | float | Decimal) -> int:
    """Parse an amount as typed by a person or found in a spreadsheet into tyiyn.

    Accepts "1 234,50", "1234.5", "1,234.50", "1 234,50 сом", "-5" and numbers (an int is soms).

    Raises:
        ValueError: (with a message for the clerk) the text is not an amount, is not finite, or
            has more than two decimals.
    """
    if isinstance(text, bool):
        raise _bad_amount(text)
    if isinstance(text, int):
        return text * 100
    if isinstance(text, float):
        # repr gives the shortest text that reads back as the same float: 0.1 -> "0.1".
        value = Decimal(repr(text)) if math.isfinite(text) else Decimal("NaN")
    elif isinstance(text, Decimal):
        value = text
    elif isinstance(text, str):
        value = _decimal_from_text(text)
    else:
        raise _bad_amount(text)
    if not value.is_finite():
        raise _bad_amount(text)
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(
            _("{text}: an amount has at most two digits after the decimal mark.").format(text=text)
        )
    return int(cents.to_integral_value(rounding=ROUND_HALF_UP))


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


def to_local(utc: dt.datetime) -> dt.datetime:
    """A stored time (naive UTC: the database keeps no zone) in this PC's time zone, naive."""
    return utc.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def format_datetime(moment: dt.datetime) -> str:
    return moment.strftime("%d.%m.%Y %H:%M")


# Old Kyrgyz fonts and keyboards typed ң as ӊ (en with tail) or ҥ (en-ghe ligature).
_SEARCH_FOLD = str.maketrans({"ӊ": "ң", "ҥ": "ң", "ё": "е"})
_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Fold a name or address for search: case, old letters for ң, ё, runs of spaces.

    "  ТОКТОГУЛ  Ӊ  Ёлкин " and "токтогул ң елкин" give the same key.
    """
    folded = unicodedata.normalize("NFC", text).casefold().translate(_SEARCH_FOLD)
    return _SPACES.sub(" ", folded).strip()
