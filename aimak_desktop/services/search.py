"""Register search: normalised text, derived household columns, and the paged register query.

SQLite's LOWER() folds only ASCII, so the text is normalised in Python once, when a household is
written (`search_text`), and each query is normalised the same way. Normalising also treats the
old letter ӊ (U+04C9/U+04CA) as ң and ё as е, and ignores punctuation: "Кызыл-Суу" matches
"кызыл суу".

Village and street names are not copied into `search_text` (a rename would rewrite thousands of
rows): a query word matching a village or street name selects its ids instead.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from aimak_desktop.models.catalog import Subscription
from aimak_desktop.models.register import Household, Street, Village

_FOLD = str.maketrans({"ӊ": "ң", "Ӊ": "ң", "ё": "е", "Ё": "е"})
# Punctuation that separates words in names and addresses; "/" stays (house "12/3").
_SEPARATORS = re.compile(r"[\s+()\-,.;:\"'«»!?_]+")
_HOUSE = re.compile(r"^(\d+)(.*)$")

#: The register table's order: address, then account number (unique, so paging is stable).
REGISTER_ORDER = (
    Household.village_id,
    Household.street_id,
    Household.house_key,
    Household.account_no,
)


def normalise(text: str | None) -> str:
    """Lower case, ӊ -> ң, ё -> е, punctuation -> single spaces."""
    if not text:
        return ""
    return _SEPARATORS.sub(" ", text.lower().translate(_FOLD)).strip()


def query_words(text: str | None) -> list[str]:
    """The normalised words of a search box text.

    Phones are stored in the local form ("0555123456"), so a typed "+996 555..." is turned into
    it and a lone country code is dropped.
    """
    words = []
    for word in normalise(text).split():
        if word.isdigit() and word.startswith("996"):
            if len(word) == 3:
                continue
            word = "0" + word[3:]
        words.append(word)
    return words


def phone_digits(phone: str) -> str:
    """The searchable form of a normalised phone: "+996 555 123 456" -> "0555123456"."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) == 12 and digits.startswith("996"):
        return f"0{digits[3:]}"
    return digits


def house_key(house: str | None) -> str:
    """A sortable form of a house number: "7" -> "000007", "12а" -> "000012а"."""
    value = normalise(house)
    m = _HOUSE.match(value)
    if m:
        return f"{int(m.group(1)):06d}{m.group(2)}"[:40]
    return value[:40]


def derived_fields(row: dict[str, Any]) -> dict[str, str]:
    """search_text and house_key of a household given as a dict of its columns."""
    parts = (
        normalise(row.get("head_name")),
        normalise(row.get("account_no")),
        normalise(row.get("house")),
        phone_digits(row.get("phone") or ""),
    )
    return {
        "search_text": " ".join(p for p in parts if p),
        "house_key": house_key(row.get("house")),
    }


def fill_derived(row: dict[str, Any]) -> dict[str, Any]:
    """Add search_text and house_key to a household row dict before a bulk insert (in place)."""
    row.update(derived_fields(row))
    return row


def refresh_derived(household: Household) -> None:
    """Recompute the derived columns of an ORM household after its fields changed."""
    values = derived_fields(
        {
            "head_name": household.head_name,
            "account_no": household.account_no,
            "house": household.house,
            "phone": household.phone,
        }
    )
    household.search_text = values["search_text"]
    household.house_key = values["house_key"]


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    """One line of the register table."""

    id: uuid.UUID
    account_no: str
    head_name: str
    village: str
    street: str
    house: str
    residents: int
    category: str
    phone: str
    archived: bool

    @property
    def address(self) -> str:
        return ", ".join(p for p in (self.village, self.street, self.house) if p)


#: Normalised village/street names per database and table, with the (count, newest hlc) stamp
#: they were read at: a keystroke then costs one tiny query instead of reading every street.
_place_cache: dict[tuple[str, str], tuple[Any, list[tuple[Any, str]]]] = {}


def _place_names(session: Session, model: type[Village] | type[Street]) -> list[tuple[Any, str]]:
    stamp = tuple(session.execute(select(func.count(), func.max(model.hlc))).one())
    key = (str(session.get_bind().engine.url), model.__tablename__)
    cached = _place_cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    names = [(r.id, normalise(r.name)) for r in session.execute(select(model.id, model.name))]
    _place_cache[key] = (stamp, names)
    return names


def _names_matching(session: Session, model: type[Village] | type[Street], word: str) -> list[Any]:
    return [place_id for place_id, name in _place_names(session, model) if word in name]


def _contains(session: Session, word: str) -> ColumnElement[bool]:
    # SQLite's instr() is a plain byte search, a third faster than LIKE, which folds case for
    # every character although search_text is already lower case. Elsewhere: portable LIKE.
    if session.get_bind().dialect.name == "sqlite":
        return func.instr(Household.search_text, word) > 0
    return Household.search_text.contains(word, autoescape=True)


def _word_condition(session: Session, word: str) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = [_contains(session, word)]
    village_ids = _names_matching(session, Village, word)
    if village_ids:
        conditions.append(Household.village_id.in_(village_ids))
    street_ids = _names_matching(session, Street, word)
    if street_ids:
        conditions.append(Household.street_id.in_(street_ids))
    return or_(*conditions)


def _filters(
    session: Session,
    text: str | None,
    *,
    village_id: uuid.UUID | None,
    service_id: uuid.UUID | None,
    category: str | None,
    archived: bool | None,
    has_debt: bool | None = None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if has_debt is not None:
        from aimak_desktop.services.debts import households_with_debt

        owing = Household.id.in_(households_with_debt())
        where.append(owing if has_debt else ~owing)
    if archived is False:
        where.append(Household.archived_at.is_(None))
    elif archived is True:
        where.append(Household.archived_at.is_not(None))
    if village_id is not None:
        where.append(Household.village_id == village_id)
    if category:
        where.append(Household.category == str(category))
    if service_id is not None:
        where.append(
            exists().where(
                Subscription.household_id == Household.id,
                Subscription.service_id == service_id,
                Subscription.end_date.is_(None),
            )
        )
    where.extend(_word_condition(session, word) for word in query_words(text))
    return where


def search_households(
    session: Session,
    text: str | None = "",
    *,
    village_id: uuid.UUID | None = None,
    service_id: uuid.UUID | None = None,
    category: str | None = None,
    archived: bool | None = False,
    has_debt: bool | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[HouseholdRow]:
    """A page of the register in address order.

    Every word of `text` must occur in the name, account number, house number, phone, village or
    street name (case-insensitive, ӊ = ң). Filters combine with AND.

    Args:
        archived: False (default) active households only, True archived only, None both.
        has_debt: True lists only households that owe money, False only those that do not.
        offset, limit: the page (the table model fetches lazily in pages).
    """
    where = _filters(
        session,
        text,
        village_id=village_id,
        service_id=service_id,
        category=category,
        archived=archived,
        has_debt=has_debt,
    )
    query = (
        select(
            Household.id,
            Household.account_no,
            Household.head_name,
            Household.village_id,
            Household.street_id,
            Household.house,
            Household.residents,
            Household.category,
            Household.phone,
            Household.archived_at,
        )
        .where(*where)
        .order_by(*REGISTER_ORDER)
        .offset(offset)
        .limit(limit)
    )
    rows = session.execute(query).all()
    if not rows:
        return []
    village_names = _names_of(session, Village, {r.village_id for r in rows})
    street_names = _names_of(session, Street, {r.street_id for r in rows if r.street_id})
    return [
        HouseholdRow(
            id=r.id,
            account_no=r.account_no,
            head_name=r.head_name,
            village=village_names.get(r.village_id, ""),
            street=street_names.get(r.street_id, "") if r.street_id else "",
            house=r.house,
            residents=r.residents,
            category=r.category,
            phone=r.phone,
            archived=r.archived_at is not None,
        )
        for r in rows
    ]


def count_households(
    session: Session,
    text: str | None = "",
    *,
    village_id: uuid.UUID | None = None,
    service_id: uuid.UUID | None = None,
    category: str | None = None,
    archived: bool | None = False,
    has_debt: bool | None = None,
) -> int:
    """How many households `search_households` would list with the same arguments."""
    where = _filters(
        session,
        text,
        village_id=village_id,
        service_id=service_id,
        category=category,
        archived=archived,
        has_debt=has_debt,
    )
    query = select(func.count()).select_from(Household).where(*where)
    return int(session.scalar(query) or 0)


def _names_of(
    session: Session, model: type[Village] | type[Street], ids: set[Any]
) -> dict[Any, str]:
    if not ids:
        return {}
    return dict(session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


__all__ = [
    "HouseholdRow",
    "count_households",
    "derived_fields",
    "fill_derived",
    "house_key",
    "normalise",
    "search_households",
]
