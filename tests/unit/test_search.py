"""Register search: case, ӊ/ң, phone, account, address words, filters, paging order."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from aimak_desktop.models.register import Household
from aimak_desktop.services import registers as reg
from aimak_desktop.services.catalog import find_service
from aimak_desktop.services.search import (
    count_households,
    derived_fields,
    house_key,
    normalise,
    query_words,
    search_households,
)
from aimak_desktop.services.subscriptions import subscribe


@pytest.fixture
def village(office):
    return reg.list_villages(office)[0]


def _names(rows) -> list[str]:
    return [r.head_name for r in rows]


def test_normalise_folds_case_old_ng_and_punctuation():
    assert normalise("ӉУРЛАН Жаӊыбаев") == "ңурлан жаңыбаев"
    assert normalise("Кызыл-Суу, «Ак-Жол»") == "кызыл суу ак жол"
    assert normalise("Семёнов") == "семенов"
    assert query_words("+996 555 12") == ["555", "12"]
    assert query_words("+996555") == ["0555"]
    assert house_key("7") < house_key("12") < house_key("12а")


def test_search_treats_old_ng_letter_alike_and_ignores_case(office, admin, village):
    old = reg.create_household(office, admin, head_name="Ӊурланбеков Жаӊыл", village=village.id)
    new = reg.create_household(office, admin, head_name="Ңурланбеков Жаңыл", village=village.id)
    for typed in ("ңурланбеков", "ӊУРЛАНБЕКОВ", "Ңурланбеков жаӊыл", "НУРЛАНБЕКОВ"[1:]):
        found = {r.id for r in search_households(office, typed)}
        assert {old.id, new.id} <= found, typed
    assert count_households(office, "ңурланбеков жаңыл") == 2


def test_search_by_phone_in_any_form(office, admin, village):
    household = reg.create_household(
        office, admin, head_name="Телефонов Тест", village=village.id, phone="0555 987 654"
    )
    for typed in ("0555987654", "+996 555 987 654", "996555987654", "987 654", "555-987-654"):
        assert household.id in {r.id for r in search_households(office, typed)}, typed


def test_search_by_account_and_address_words(office, admin, village):
    first = office.scalars(select(Household).order_by(Household.account_no)).first()
    assert [r.id for r in search_households(office, first.account_no.lower())] == [first.id]
    household = reg.create_household(
        office, admin, head_name="Адрес Тест", village=village.id, street="Ак-Жол", house="77б"
    )
    rows = search_households(office, f"ак жол 77б {village.name.upper()}")
    assert [r.id for r in rows] == [household.id]
    assert rows[0].address == f"{village.name}, Ак-Жол, 77б"
    # Every word must match somewhere: a word found nowhere empties the list.
    assert search_households(office, "ак-жол жоктой") == []
    assert count_households(office, "ак-жол жоктой") == 0


def test_filters_village_category_service_archived(office, admin):
    villages = reg.list_villages(office)
    in_first = search_households(office, "", village_id=villages[0].id, limit=1000)
    assert in_first and all(r.village == villages[0].name for r in in_first)
    assert count_households(office, "", village_id=villages[0].id) == len(in_first)

    pensioners = search_households(office, "", category="pensioner", limit=1000)
    assert pensioners and {r.category for r in pensioners} == {"pensioner"}

    parks_less = count_households(office, "", service_id=find_service(office, "hall").id)
    assert parks_less == 0
    target = in_first[0]
    subscribe(office, admin, target.id, find_service(office, "hall").id, dt.date(2024, 5, 1))
    assert [
        r.id for r in search_households(office, "", service_id=find_service(office, "hall").id)
    ] == [target.id]

    total = count_households(office, "")
    reg.archive_household(office, admin, target.id, "moved")
    assert count_households(office, "") == total - 1
    assert target.id not in {r.id for r in search_households(office, "", limit=1000)}
    archived = search_households(office, "", archived=True)
    assert [(r.id, r.archived) for r in archived] == [(target.id, True)]
    assert count_households(office, "", archived=None) == total


def test_pages_follow_address_order_without_gaps(office):
    total = count_households(office, "")
    pages = [search_households(office, "", offset=o, limit=25) for o in range(0, total, 25)]
    rows = [r for page in pages for r in page]
    assert len(rows) == total == len({r.id for r in rows})
    keys = [
        (r.village, r.street, house_key(r.house))
        for r in search_households(office, "", limit=total)
    ]
    # Within a street the houses run 1, 2 ... 10 (not 1, 10, 2).
    by_street: dict[tuple[str, str], list[str]] = {}
    for village, street, key in keys:
        by_street.setdefault((village, street), []).append(key)
    assert all(houses == sorted(houses) for houses in by_street.values())
    assert [r.id for r in rows] == [r.id for r in search_households(office, "", limit=total)]


def test_bulk_rows_get_the_same_search_text_as_the_services(office, admin, village):
    created = reg.create_household(
        office, admin, head_name="Бөлөкбаев Ӊ", village=village.id, phone="0700123456", house="5"
    )
    bulk = derived_fields(
        {
            "head_name": "Бөлөкбаев Ӊ",
            "account_no": created.account_no,
            "house": "5",
            "phone": "+996 700 123 456",
        }
    )
    assert (created.search_text, created.house_key) == (bulk["search_text"], bulk["house_key"])
    demo_row = office.scalars(select(Household).order_by(Household.account_no)).first()
    assert demo_row.search_text and demo_row.account_no.lower() in demo_row.search_text
