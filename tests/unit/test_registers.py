"""Villages, streets and households: validation messages, account numbers, history, roles."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from aimak_desktop.errors import PermissionDenied, ValidationError
from aimak_desktop.models.core import AuditEntry
from aimak_desktop.models.register import Household, HouseholdHistory
from aimak_desktop.services import registers as reg
from aimak_desktop.services.search import search_households
from tests.conftest import actor_for


def _village(session):
    return reg.list_villages(session)[0]


def _add(session, actor, **kw):
    values = {"head_name": "Асанов Бакыт", "village": _village(session).id}
    values.update(kw)
    return reg.create_household(session, actor, **values)


def _count(session, model) -> int:
    return int(session.scalar(select(func.count()).select_from(model)))


# --- villages and streets -------------------------------------------------------------------


def test_village_create_rename_and_duplicate_refused(office, admin):
    village = reg.create_village(office, admin, "  Жаңы   Айыл ")
    assert village.name == "Жаңы Айыл"
    with pytest.raises(ValidationError, match="A village named жаӊы айыл already exists"):
        reg.create_village(office, admin, "жаӊы айыл")
    reg.rename_village(office, admin, village.id, "Боз-Бешик")
    assert reg.find_village(office, "боз-бешик").id == village.id
    with pytest.raises(ValidationError, match="Please enter a name"):
        reg.create_village(office, admin, "   ")


def test_village_with_households_cannot_be_archived(office, admin):
    village = _village(office)
    with pytest.raises(ValidationError, match=r"still has \d+ active households"):
        reg.archive_village(office, admin, village.id)
    empty = reg.create_village(office, admin, "Бош айыл")
    reg.archive_village(office, admin, empty.id)
    assert empty.archived_at is not None
    assert all(v.id != empty.id for v in reg.list_villages(office))
    with pytest.raises(ValidationError, match="The village Бош айыл is archived"):
        _add(office, admin, village=empty.id)


def test_street_create_rename_archive(office, admin):
    village = _village(office)
    street = reg.create_street(office, admin, village.id, "Жаңы көчө")
    with pytest.raises(ValidationError, match="already exists"):
        reg.create_street(office, admin, village.id, "жаңы КӨЧӨ")
    reg.rename_street(office, admin, street.id, "Ала-Тоо")
    household = _add(office, admin, street=street.id, house="3")
    with pytest.raises(ValidationError, match="The street Ала-Тоо still has 1 active households"):
        reg.archive_street(office, admin, street.id)
    reg.archive_household(office, admin, household.id, "moved to Bishkek")
    reg.archive_street(office, admin, street.id)
    assert street.archived_at is not None


# --- households -----------------------------------------------------------------------------


def test_new_households_take_the_next_numbers_of_this_pc(office, admin):
    # The demo office (PC "A") numbered its 60 households A000001..A000060.
    first = _add(office, admin)
    second = _add(office, admin, head_name="Токтосунова Айгүл")
    assert (first.account_no, second.account_no) == ("A000061", "A000062")


def test_imported_account_is_kept_and_pushes_the_series(office, admin):
    kept = _add(office, admin, account_no=" 12-45 ")
    assert kept.account_no == "12-45"
    _add(office, admin, account_no="A000500")
    assert _add(office, admin).account_no == "A000501"


def test_duplicate_account_refused_and_nothing_written(office, admin):
    households, audits = _count(office, Household), _count(office, AuditEntry)
    with pytest.raises(ValidationError, match=r"The account number A000001 is already used by"):
        _add(office, admin, account_no="A000001")
    assert (_count(office, Household), _count(office, AuditEntry)) == (households, audits)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("head_name", "  ", "Please enter the name of the head of household"),
        ("residents", "2,5", "whole number from 0 to 50"),
        ("residents", 51, "whole number from 0 to 50"),
        ("residents", "-1", "whole number from 0 to 50"),
        ("residents", "five", "whole number from 0 to 50"),
        ("phone", "12345", r"The phone number 12345 is not valid. Write it as \+996"),
        ("phone", "+7 701 123 4567", "is not valid"),
        ("category", "vip", "Unknown category vip"),
        ("gender", "x", "Unknown gender x"),
        ("village", "Атлантида", "The village Атлантида does not exist"),
    ],
)
def test_household_validation_messages(office, admin, field, value, message):
    with pytest.raises(ValidationError, match=message) as info:
        _add(office, admin, **{field: value})
    assert info.value.field == field


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0555 123456", "+996 555 123 456"),
        ("+996 (700) 12-34-56", "+996 700 123 456"),
        ("996777000111", "+996 777 000 111"),
        ("555123456", "+996 555 123 456"),  # a spreadsheet dropped the leading zero
        ("", ""),
    ],
)
def test_phone_is_normalised(office, admin, typed, stored):
    assert _add(office, admin, phone=typed).phone == stored


def test_household_fields_and_new_street_by_name(office, admin):
    village = _village(office)
    household = _add(
        office,
        admin,
        village=village.name.upper(),
        street="Жаңы көчө",
        house=" 12а ",
        residents="5",
        category="pensioner",
        gender="ж",
        notes=" tap broken ",
    )
    assert (household.house, household.residents, household.category, household.gender) == (
        "12а",
        5,
        "pensioner",
        "f",
    )
    assert household.notes == "tap broken"
    assert [
        s.name for s in reg.list_streets(office, village.id) if s.id == household.street_id
    ] == ["Жаңы көчө"]


def test_every_change_keeps_history(office, admin):
    clerk = actor_for(office, "clerk")
    household = _add(office, admin, phone="0555123456", residents=3)
    reg.update_household(
        office, clerk, household.id, {"residents": "4", "phone": "0700 111222", "notes": ""}
    )
    reg.archive_household(office, clerk, household.id, "moved away")
    reg.restore_household(office, admin, household.id)
    history = reg.household_history(office, household.id)
    rows = [(h.field, h.old_value, h.new_value, h.actor_name) for h in history]
    assert rows[0][:3] == ("created", None, household.account_no)
    assert ("residents", "3", "4", clerk.name) in rows
    assert ("phone", "+996 555 123 456", "+996 700 111 222", clerk.name) in rows
    assert ("archived", None, "moved away", clerk.name) in rows
    assert rows[-1][:3] == ("archived", "moved away", None)
    assert not any(r[0] == "notes" for r in rows)  # unchanged values leave no history


def test_history_is_append_only(office, admin):
    household = _add(office, admin)
    entry = office.scalars(
        select(HouseholdHistory).where(HouseholdHistory.household_id == household.id)
    ).one()
    from aimak_desktop.services.write_path import WritePathError, write

    with pytest.raises(WritePathError, match="append-only"), write(office, admin, "x"):
        entry.new_value = "forged"


def test_move_to_another_village_needs_a_street_of_it(office, admin):
    villages = reg.list_villages(office)
    household = office.scalars(
        select(Household).where(
            Household.village_id == villages[0].id, Household.street_id.isnot(None)
        )
    ).first()
    with pytest.raises(ValidationError, match="Choose a street of") as info:
        reg.update_household(office, admin, household.id, {"village": villages[1].id})
    assert info.value.field == "street"
    reg.update_household(office, admin, household.id, {"village": villages[1].name, "street": ""})
    history = reg.household_history(office, household.id)
    assert [(h.field, h.new_value) for h in history][-2:] == [
        ("village", villages[1].name),
        ("street", None),
    ]


def test_update_refreshes_search_and_refuses_bad_values(office, admin):
    household = _add(office, admin)
    reg.update_household(office, admin, household.id, {"head_name": "Жээнбекова Нургүл"})
    found = search_households(office, f"ЖЭЭНБЕКОВА {household.account_no}")
    assert [r.head_name for r in found] == ["Жээнбекова Нургүл"]
    assert search_households(office, f"асанов {household.account_no}") == []
    with pytest.raises(ValidationError, match="already used by"):
        reg.update_household(office, admin, household.id, {"account_no": "A000002"})
    with pytest.raises(ValidationError, match="unknown household fields: colour"):
        reg.update_household(office, admin, household.id, {"colour": "red"})


def test_archive_needs_a_reason_and_archived_cannot_be_edited(office, admin):
    household = _add(office, admin)
    with pytest.raises(ValidationError, match="Please give the reason for archiving"):
        reg.archive_household(office, admin, household.id, " ")
    reg.archive_household(office, admin, household.id, "duplicate of A000001")
    assert household.archive_reason == "duplicate of A000001"
    with pytest.raises(ValidationError, match="Restore it before changing it"):
        reg.update_household(office, admin, household.id, {"residents": 2})
    with pytest.raises(ValidationError, match="already archived"):
        reg.archive_household(office, admin, household.id, "again")
    reg.restore_household(office, admin, household.id)
    assert household.archived_at is None and household.archive_reason == ""


def test_mentor_is_refused_and_clerk_allowed(office):
    mentor, clerk = actor_for(office, "mentor"), actor_for(office, "clerk")
    village = _village(office)
    with pytest.raises(
        PermissionDenied, match=r"Your role \(Mentor \(read-only\)\) does not allow"
    ):
        _add(office, mentor)
    with pytest.raises(PermissionDenied):
        reg.create_village(office, mentor, "Жаңы")
    with pytest.raises(PermissionDenied):
        reg.archive_village(office, mentor, village.id)
    assert _add(office, clerk).account_no == "A000061"
    assert reg.create_street(office, clerk, village.id, "Чүй").name == "Чүй"


def test_accountant_cannot_change_the_register(office):
    with pytest.raises(PermissionDenied):
        _add(office, actor_for(office, "kassa"))
