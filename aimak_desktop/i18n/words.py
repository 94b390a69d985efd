"""Amounts in words for cash receipts: "Одна тысяча двести тридцать четыре сома 50 тыйынов".

Soms are spelled out, tyiyns stay in two digits, as on bank and treasury forms.
"""

from __future__ import annotations

MAX_SOM = 999_999_999

_KY_ONES = ("", "бир", "эки", "үч", "төрт", "беш", "алты", "жети", "сегиз", "тогуз")
_KY_TENS = (
    "",
    "он",
    "жыйырма",
    "отуз",
    "кырк",
    "элүү",
    "алтымыш",
    "жетимиш",
    "сексен",
    "токсон",
)

_RU_ONES_M = ("", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
_RU_ONES_F = ("", "одна", "две", *_RU_ONES_M[3:])
_RU_TEENS = (
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
)
_RU_TENS = (
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
)
_RU_HUNDREDS = (
    "",
    "сто",
    "двести",
    "триста",
    "четыреста",
    "пятьсот",
    "шестьсот",
    "семьсот",
    "восемьсот",
    "девятьсот",
)

_EN_ONES = (
    "",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def ru_plural(n: int, one: str, few: str, many: str) -> str:
    """Russian noun form after a number: 1 сом, 2 сома, 5 сомов, 11 сомов, 21 сом."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _triads(n: int) -> tuple[int, int, int]:
    """(millions, thousands, units) of a number below a milliard."""
    return n // 1_000_000, n // 1000 % 1000, n % 1000


def _ky_below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        # Money is written "бир жүз" on documents, so 100 is never ambiguous with "жүз" (face).
        words += [_KY_ONES[hundreds], "жүз"]
    words += [w for w in (_KY_TENS[rest // 10], _KY_ONES[rest % 10]) if w]
    return words


def _ky_som(n: int) -> str:
    if n == 0:
        return "нөл"
    millions, thousands, units = _triads(n)
    words = []
    if millions:
        words += [*_ky_below_thousand(millions), "миллион"]
    if thousands:
        words += [*_ky_below_thousand(thousands), "миң"]
    words += _ky_below_thousand(units)
    return " ".join(words)


def _ru_below_thousand(n: int, feminine: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words = [_RU_HUNDREDS[hundreds]]
    if 10 <= rest <= 19:
        words.append(_RU_TEENS[rest - 10])
    else:
        words.append(_RU_TENS[rest // 10])
        words.append((_RU_ONES_F if feminine else _RU_ONES_M)[rest % 10])
    return [w for w in words if w]


def _ru_som(n: int) -> str:
    if n == 0:
        return "ноль"
    millions, thousands, units = _triads(n)
    words = []
    if millions:
        words += _ru_below_thousand(millions, feminine=False)
        words.append(ru_plural(millions, "миллион", "миллиона", "миллионов"))
    if thousands:
        # "тысяча" is feminine: одна тысяча, две тысячи.
        words += _ru_below_thousand(thousands, feminine=True)
        words.append(ru_plural(thousands, "тысяча", "тысячи", "тысяч"))
    words += _ru_below_thousand(units, feminine=False)
    return " ".join(words)


def _en_below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words = [_EN_ONES[hundreds], "hundred"] if hundreds else []
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(f"{_EN_TENS[tens]}-{_EN_ONES[ones]}" if ones else _EN_TENS[tens])
    elif rest:
        words.append(_EN_ONES[rest])
    return words


def _en_som(n: int) -> str:
    if n == 0:
        return "zero"
    millions, thousands, units = _triads(n)
    words = []
    if millions:
        words += [*_en_below_thousand(millions), "million"]
    if thousands:
        words += [*_en_below_thousand(thousands), "thousand"]
    words += _en_below_thousand(units)
    return " ".join(words)


def amount_in_words(tyiyn: int, lang: str = "ky") -> str:
    """The amount as written on a cash receipt, soms in words and tyiyns in figures.

    >>> amount_in_words(123450, "ru")
    'Одна тысяча двести тридцать четыре сома 50 тыйынов'

    Args:
        tyiyn: the amount in tyiyn (1 som = 100 tyiyn), from 0 to 999,999,999.99 som.
        lang: "ky", "ru" or "en".

    Raises:
        ValueError: negative or too large amount, or an unknown language.
    """
    if isinstance(tyiyn, bool) or not isinstance(tyiyn, int):
        raise ValueError(f"amount must be whole tyiyn, got {tyiyn!r}")
    if tyiyn < 0:
        raise ValueError("a negative amount cannot be written in words")
    som, rest = divmod(tyiyn, 100)
    if som > MAX_SOM:
        raise ValueError(f"amount above {MAX_SOM} som cannot be written in words")
    if lang == "ky":
        # Kyrgyz nouns do not change after a number.
        text = f"{_ky_som(som)} сом {rest:02d} тыйын"
    elif lang == "ru":
        som_word = ru_plural(som, "сом", "сома", "сомов")
        tyiyn_word = ru_plural(rest, "тыйын", "тыйына", "тыйынов")
        text = f"{_ru_som(som)} {som_word} {rest:02d} {tyiyn_word}"
    elif lang == "en":
        text = f"{_en_som(som)} som {rest:02d} tyiyn"
    else:
        raise ValueError(f"unknown language {lang!r}")
    return text[0].upper() + text[1:]
