"""Register import: which column is which, and how a cell becomes a household field.

Headers and words are matched in Kyrgyz, Russian and English, ignoring case, spaces and the
punctuation offices put in headers ("Кол-во проживающих (чел.)"). Older Kyrgyz data writes ӊ for ң
and Russian files mix е/ё, so both are folded before comparing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from aimak_desktop.i18n import LANGUAGES, N_, translate
from aimak_desktop.models.register import CATEGORY_LABELS, GENDER_LABELS, Category, Gender

#: Household fields an import can fill, in the order of the export columns.
FIELDS: tuple[str, ...] = (
    "account",
    "name",
    "gender",
    "village",
    "street",
    "house",
    "residents",
    "phone",
    "category",
    "notes",
)

#: Column headings (English source, translated where shown; the export writes them).
FIELD_LABELS = {
    "account": N_("Account"),
    "name": N_("Head of household"),
    "gender": N_("Gender"),
    "village": N_("Village"),
    "street": N_("Street"),
    "house": N_("House"),
    "residents": N_("Residents"),
    "phone": N_("Phone"),
    "category": N_("Category"),
    "notes": N_("Notes"),
}

#: Header words seen in real office files. Compared after `fold()`.
# fmt: off
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "account": (
        "лицевой счет", "лицевой счет №", "л с", "лс", "номер лицевого счета", "№ лицевого счета",
        "счет", "эсеп", "эсеп номери", "жеке эсеп", "дербес эсеп", "account", "account no",
        "account number",
    ),
    "name": (
        "фио", "ф и о", "аты жөнү", "аты жону", "name", "full name", "head of household",
        "head", "абонент", "плательщик", "фио плательщика", "фио абонента", "фио хозяина",
        "владелец", "ээси", "үй ээси", "үй бүлө башчысы", "төлөөчү", "глава семьи",
        "глава хозяйства", "household head",
    ),
    "village": ("айыл", "село", "village", "айыл аты", "населенный пункт", "с", "айылы"),
    "street": ("көчө", "улица", "street", "ул", "көчөсү"),
    "house": ("үй", "дом", "дома", "house", "үй №", "дом №", "house no", "үйү", "номер дома"),
    "residents": (
        "жашоочулар", "жашоочулардын саны", "кол во проживающих", "количество проживающих",
        "проживающих", "кол во человек", "кол во членов семьи", "членов семьи", "residents",
        "people", "persons", "адам саны", "үй бүлө мүчөлөрү", "үй бүлө мүчөлөрүнүн саны",
    ),
    "phone": ("телефон", "тел", "phone", "телефон номери", "номер телефона", "мобильный"),
    "category": ("категория", "category", "категориясы", "льгота"),
    "gender": ("жынысы", "пол", "gender", "sex", "жыныс"),
    "notes": ("эскертүү", "примечание", "notes", "note", "комментарий", "эскертүүлөр"),
}

_CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    Category.REGULAR: (
        "обычный", "обычная", "население", "жөнөкөй", "калк", "жалпы", "normal", "общий",
    ),
    Category.PENSIONER: ("пенсионер", "пенсионерка", "пенсионерлер", "ардагер", "pensioner"),
    Category.LOW_INCOME: (
        "малообеспеченный", "малообеспеченная", "малоимущий", "аз камсыз болгон",
        "аз камсыздалган", "аз камсыз", "low income", "poor",
    ),
    Category.DISABLED: (
        "инвалид", "ловз", "лица с ограниченными возможностями", "майып", "ден соолугунун "
        "мүмкүнчүлүгү чектелген", "дмчж", "disabled", "disability",
    ),
    Category.LARGE_FAMILY: (
        "многодетная", "многодетная семья", "многодетные", "көп балалуу",
        "көп балалуу үй бүлө", "large family",
    ),
    Category.BUDGET_ORG: (
        "бюджетная организация", "бюджетная", "бюджет", "бюджеттик уюм", "бюджеттик мекеме",
        "budget", "budget organisation", "budget organization",
    ),
    Category.BUSINESS: (
        "бизнес", "коммерческий", "коммерция", "предприниматель", "ип", "ишкер", "ишкана",
        "business", "commercial",
    ),
}

_GENDER_WORDS: dict[str, tuple[str, ...]] = {
    Gender.MALE: ("м", "муж", "мужской", "мужчина", "э", "эр", "эркек", "male", "man", "m"),
    Gender.FEMALE: ("ж", "жен", "женский", "женщина", "а", "аял", "кыз", "female", "woman", "f"),
}
# fmt: on

_FOLD_TABLE = str.maketrans({"ӊ": "ң", "Ӊ": "ң", "ё": "е", "Ё": "е", "\u00a0": " "})
_FOLD_JUNK = re.compile(r"[\s.,:;#№*()\[\]\"'«»/\\_\-–—]+")


def fold(text: Any) -> str:
    """Comparison key of a header or word: lower case, ң/ӊ and е/ё alike, punctuation as spaces."""
    if text is None:
        return ""
    folded = str(text).translate(_FOLD_TABLE).casefold()
    return " ".join(_FOLD_JUNK.sub(" ", folded).split())


def clean_text(value: Any) -> str:
    """Cell text with trailing/double spaces removed; whole floats from Excel lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y") if value.time() == dt.time() else str(value)
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).replace("\u00a0", " ").replace("ӊ", "ң").replace("Ӊ", "Ң").split())


_ALIAS_INDEX = {fold(a): f for f, aliases in HEADER_ALIASES.items() for a in aliases}
_ALIAS_INDEX.update({fold(label): f for f, label in FIELD_LABELS.items()})


def _alias_index() -> dict[str, str]:
    """Alias -> field, including our own export headings in every language."""
    index = dict(_ALIAS_INDEX)
    for lang in LANGUAGES:
        for field, label in FIELD_LABELS.items():
            index.setdefault(fold(translate(lang, label)), field)
    return index


def header_field(text: Any, index: dict[str, str] | None = None) -> tuple[str | None, int]:
    """The field a header names and how sure we are (2 exact, 1 a word inside, 0 none)."""
    index = index if index is not None else _alias_index()
    key = fold(text)
    if not key:
        return None, 0
    if key in index:
        return index[key], 2
    # Bilingual headings ("Эсеп / Лицевой счет") and additions ("ФИО плательщика (полностью)").
    for part in re.split(r"\s*/\s*|\n", str(text)):
        if fold(part) in index:
            return index[fold(part)], 2
    words = f" {key} "
    best: tuple[str | None, int] = (None, 0)
    longest = 0
    for alias, field in index.items():
        if len(alias) > 2 and f" {alias} " in words and len(alias) > longest:
            best, longest = (field, 1), len(alias)
    return best


def auto_mapping(header: Sequence[Any]) -> dict[str, int]:
    """Guess {field: column index} from header texts; each field and column is used once."""
    index = _alias_index()
    candidates = []
    for col, text in enumerate(header):
        field, score = header_field(text, index)
        if field is not None:
            candidates.append((-score, col, field))
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for _neg, col, field in sorted(candidates):
        if field not in mapping and col not in used:
            mapping[field] = col
            used.add(col)
    return mapping


def header_score(cells: Sequence[Any]) -> int:
    """How much a row looks like a register header: the number of distinct fields it names."""
    index = _alias_index()
    return len({header_field(c, index)[0] for c in cells} - {None})


def _word_index(words: dict[str, tuple[str, ...]], labels: dict[Any, str]) -> dict[str, str]:
    index = {fold(w): str(code) for code, ws in words.items() for w in ws}
    for code, label in labels.items():
        index[fold(str(code))] = str(code)
        for lang in LANGUAGES:
            index.setdefault(fold(translate(lang, label)), str(code))
    return index


def category_index() -> dict[str, str]:
    """Folded word -> category code; accepts codes, our labels in every language and synonyms."""
    return _word_index(_CATEGORY_WORDS, CATEGORY_LABELS)


def gender_index() -> dict[str, str]:
    return _word_index(_GENDER_WORDS, GENDER_LABELS)


_DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


def parse_date(value: Any) -> dt.date:
    """A date from a cell: Excel dates, "05.03.2024", "05.03.24", "2024-03-05", "05/03/2024".

    Raises:
        ValueError: not a date.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = clean_text(value).rstrip("гж.- ").strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)
