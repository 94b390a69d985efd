"""Money, dates, amounts in words and search keys in the office's conventions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aimak_desktop.i18n import set_language
from aimak_desktop.i18n.formatting import (
    NBSP,
    amount_in_words,
    format_amount,
    format_date,
    format_money,
    format_number,
    format_short_date,
    normalise_text,
    parse_money,
    to_decimal,
)

# ---- showing money -----------------------------------------------------------------------------


def test_kyrgyz_and_russian_money_use_comma_and_non_breaking_spaces() -> None:
    assert format_money(123450, "ky") == "1\u00a0234,50\u00a0сом"
    assert format_money(123450, "ru") == "1\u00a0234,50\u00a0сом"
    assert format_money(123456789, "ky") == "1\u00a0234\u00a0567,89\u00a0сом"


def test_english_money() -> None:
    assert format_money(123450, "en") == "1,234.50\u00a0som"
    assert format_amount(123450, "en") == "1,234.50"


def test_small_and_negative_amounts() -> None:
    assert format_money(5, "ky") == "0,05\u00a0сом"
    assert format_money(0, "ru") == "0,00\u00a0сом"
    assert format_money(-123450, "ky") == "-1\u00a0234,50\u00a0сом"
    assert format_money(-50, "en") == "-0.50\u00a0som"
    assert format_amount(-100000, "ru") == "-1\u00a0000,00"


def test_numbers_are_grouped() -> None:
    assert format_number(12345, "ky") == f"12{NBSP}345"
    assert format_number(-1234567, "en") == "-1,234,567"
    assert format_number(999, "ru") == "999"


def test_to_decimal() -> None:
    assert to_decimal(123450) == Decimal("1234.50")
    assert to_decimal(-5) == Decimal("-0.05")


# ---- reading money -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tyiyn"),
    [
        ("1 234,50", 123450),
        ("1\u00a0234,50", 123450),
        ("1234.5", 123450),
        ("1,234.50", 123450),
        ("1.234,50", 123450),
        ("1 234,50 сом", 123450),
        ("1 234,50 СОМ", 123450),
        ("1234 som", 123400),
        ("  20 ", 2000),
        ("0,05", 5),
        ("-15,5", -1550),
        ("\u2212300", -30000),  # a real minus sign from a word processor
        ("1.234.567", 123456700),
        (1234, 123400),
        (0, 0),
        (Decimal("12.34"), 1234),
        (Decimal("12.340"), 1234),
        (12.5, 1250),
    ],
)
def test_parse_money_accepts(text: str | int | Decimal | float, tyiyn: int) -> None:
    assert parse_money(text) == tyiyn


@pytest.mark.parametrize(
    "text",
    ["abc", "12abc", "1e5", "сом", "1,2,3.4.5", "--5", "5-", "NaN", "inf", "Infinity", True],
)
def test_parse_money_refuses_text_that_is_not_an_amount(text: object) -> None:
    with pytest.raises(ValueError, match="is not an amount of money"):
        parse_money(text)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")])
def test_parse_money_refuses_nan_and_infinity(text: float | Decimal) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        parse_money(text)


@pytest.mark.parametrize("text", ["", "   ", "\u00a0"])
def test_parse_money_asks_for_an_amount_when_empty(text: str) -> None:
    with pytest.raises(ValueError, match="Enter an amount of money"):
        parse_money(text)


@pytest.mark.parametrize("text", ["1,234", "12.345", Decimal("0.001"), 0.125])
def test_parse_money_refuses_more_than_two_decimals(text: str | Decimal | float) -> None:
    with pytest.raises(ValueError, match="at most two digits after the decimal mark"):
        parse_money(text)


def test_parse_money_error_is_in_the_interface_language() -> None:
    set_language("ru")
    with pytest.raises(ValueError, match="это не сумма"):
        parse_money("abc")


@given(st.integers(min_value=-(10**13), max_value=10**13), st.sampled_from(["ky", "ru", "en"]))
def test_format_then_parse_round_trips(tyiyn: int, lang: str) -> None:
    assert parse_money(format_money(tyiyn, lang)) == tyiyn
    assert parse_money(format_amount(tyiyn, lang)) == tyiyn


# ---- dates -------------------------------------------------------------------------------------


def test_document_dates() -> None:
    day = dt.date(2023, 2, 16)
    assert format_date(day, "ky") == "16-февраль 2023-ж."
    assert format_date(day, "ru") == "16 февраля 2023 г."
    assert format_date(day, "en") == "16 February 2023"
    assert format_date(dt.date(2024, 12, 1), "ru") == "1 декабря 2024 г."
    assert format_short_date(dt.date(2024, 3, 5)) == "05.03.2024"


# ---- amounts in words --------------------------------------------------------------------------


def test_amount_in_words_examples() -> None:
    assert amount_in_words(123450, "ru") == "Одна тысяча двести тридцать четыре сома 50 тыйынов"
    assert amount_in_words(123450, "ky") == "Бир миң эки жүз отуз төрт сом 50 тыйын"
    assert amount_in_words(123450, "en") == "One thousand two hundred thirty-four som 50 tyiyn"


@pytest.mark.parametrize(
    ("tyiyn", "words"),
    [
        (100, "Один сом 00 тыйынов"),
        (201, "Два сома 01 тыйын"),
        (502, "Пять сомов 02 тыйына"),
        (1111, "Одиннадцать сомов 11 тыйынов"),
        (2100, "Двадцать один сом 00 тыйынов"),
        (2_200_000, "Двадцать две тысячи сомов 00 тыйынов"),
        (500_000_00, "Пятьсот тысяч сомов 00 тыйынов"),
        (1_001_000_00, "Один миллион одна тысяча сомов 00 тыйынов"),
        (3_000_000_00, "Три миллиона сомов 00 тыйынов"),
        (12, "Ноль сомов 12 тыйынов"),
    ],
)
def test_russian_declension(tyiyn: int, words: str) -> None:
    assert amount_in_words(tyiyn, "ru") == words


@pytest.mark.parametrize(
    ("tyiyn", "words"),
    [
        (100, "Бир сом 00 тыйын"),
        (1_000_000_00, "Бир миллион сом 00 тыйын"),
        (65_090_00, "Алтымыш беш миң токсон сом 00 тыйын"),
        (10_005, "Бир жүз сом 05 тыйын"),
        (0, "Нөл сом 00 тыйын"),
    ],
)
def test_kyrgyz_words(tyiyn: int, words: str) -> None:
    assert amount_in_words(tyiyn, "ky") == words


def test_largest_amount_in_words() -> None:
    most = 999_999_999_99
    assert amount_in_words(most, "ru").startswith("Девятьсот девяносто девять миллионов")
    assert amount_in_words(most, "ky").endswith("тогуз сом 99 тыйын")
    assert amount_in_words(most, "en").endswith("nine hundred ninety-nine som 99 tyiyn")
    with pytest.raises(ValueError, match="999999999"):
        amount_in_words(most + 1, "ky")


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_amount_in_words_refuses_bad_amounts(bad: object) -> None:
    with pytest.raises(ValueError):
        amount_in_words(bad, "ru")  # type: ignore[arg-type]


def test_amount_in_words_refuses_unknown_language() -> None:
    with pytest.raises(ValueError, match="kg"):
        amount_in_words(100, "kg")


# ---- search keys -------------------------------------------------------------------------------


def test_normalise_text_folds_case_old_letters_yo_and_spaces() -> None:
    assert normalise_text("  ТОКТОГУЛ\u00a0  Ӊ  Ёлкин ") == "токтогул ң елкин"
    assert normalise_text("Жаӊы-Жол") == normalise_text("ЖАҢЫ-ЖОЛ") == "жаңы-жол"
    assert normalise_text("Алёна") == normalise_text("алена")
    assert normalise_text("Үсөн\tӨмүров") == "үсөн өмүров"
    assert normalise_text("") == ""
