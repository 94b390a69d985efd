"""Payments: bad input, allocation, receipt numbers, voids and the cash day close."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from aimak_desktop.errors import NotFound, PermissionDenied, ValidationError
from aimak_desktop.models.billing import Payment
from aimak_desktop.services.billing_run import commit_run
from aimak_desktop.services.day_close import close_day, day_summary
from aimak_desktop.services.debts import household_balance
from aimak_desktop.services.payments import (
    parse_amount,
    take_payment,
    void_receipt,
    voided_receipts,
)
from aimak_desktop.services.registers import archive_household
from tests.unit.billing_helpers import make_office

NOON = dt.datetime(2026, 4, 10, 12, 0)


@pytest.fixture
def mini(session):
    m = make_office(session)
    for period in ("2026-02", "2026-03"):
        commit_run(session, m.kassa, period)
    return m


def _pay(m, amount, name="big", **kw):
    kw.setdefault("now", NOON)
    return take_payment(m.session, m.kassa, m.households[name].id, amount, **kw)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "abc is not an amount of money"),
        ("", "Enter an amount of money"),
        ("12,345", "at most two digits after the decimal mark"),
    ],
)
def test_typed_amounts_are_refused_with_a_message(text, message):
    with pytest.raises(ValidationError, match=message) as info:
        parse_amount(text)
    assert info.value.field == "amount"


def test_typed_amount_is_parsed_to_tyiyn():
    assert parse_amount("1 234,50") == 123450


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0, "The amount is zero"),
        (-500, "cannot be negative"),
        (100_000_001 * 1, "very large sum"),
        ("100", "is not an amount of money"),
    ],
)
def test_bad_amounts_save_nothing(mini, amount, message):
    with pytest.raises(ValidationError, match=message):
        _pay(mini, amount)
    assert mini.session.scalars(select(Payment)).all() == []


def test_absurd_amount_is_taken_when_confirmed(mini):
    taken = _pay(mini, 100_000_001, confirm=True)
    assert taken.advance > 0


def test_archived_household_is_refused(mini):
    archive_household(mini.session, mini.admin, mini.households["late"].id, "moved away")
    with pytest.raises(ValidationError, match="archived"):
        _pay(mini, 1000, name="late")


def test_clerk_cannot_take_money(mini):
    from aimak_desktop.models.core import Role
    from aimak_desktop.services.auth import Actor

    with pytest.raises(PermissionDenied):
        take_payment(mini.session, Actor(None, "c", Role.CLERK), mini.households["big"].id, 100)


def test_money_pays_the_oldest_debt_first(mini):
    # big owes water 100 + waste 25 for February and again for March
    taken = _pay(mini, 12500)
    assert sum(s.amount for s in taken.shares) == 12500 and taken.advance == 0
    balance = household_balance(mini.session, mini.households["big"].id)
    assert balance.total == 12500  # exactly March is left
    assert {s.period_to for s in taken.shares} == {"2026-02"}


def test_chosen_service_gets_all_the_money(mini):
    waste = mini.services["waste"].id
    taken = _pay(mini, 10000, service_id=waste)
    assert [(s.service_id, s.amount) for s in taken.shares] == [(waste, 10000)]
    balance = household_balance(mini.session, mini.households["big"].id)
    assert balance.services[waste] == 5000 - 10000  # paid ahead for waste


def test_service_not_taken_is_refused(mini):
    with pytest.raises(ValidationError, match="does not take this service"):
        _pay(mini, 1000, service_id=mini.services["hall"].id)


def test_overpayment_becomes_an_advance(mini):
    taken = _pay(mini, 30000)
    assert taken.advance == 5000
    balance = household_balance(mini.session, mini.households["big"].id)
    assert balance.advance == 5000 and balance.total == -5000
    commit_run(mini.session, mini.kassa, "2026-04")
    assert household_balance(mini.session, mini.households["big"].id).total == 12500 - 5000


def test_many_payments_in_a_row_have_gap_free_numbers(mini):
    numbers = [_pay(mini, 100 + i).receipt_no for i in range(25)]
    assert numbers == [f"A-2026-{i:06d}" for i in range(1, 26)]


def test_a_refused_payment_takes_no_number(mini):
    _pay(mini, 100)
    with pytest.raises(ValidationError):
        _pay(mini, 100, service_id=mini.services["hall"].id)
    assert _pay(mini, 100).receipt_no == "A-2026-000002"


def test_numbering_restarts_each_year(mini):
    _pay(mini, 100)
    assert _pay(mini, 100, now=dt.datetime(2027, 1, 2, 9)).receipt_no == "A-2027-000001"


def test_two_pcs_series_never_collide(tmp_path):
    from aimak_desktop.db import open_database

    numbers = set()
    for code in ("A", "B"):
        db = open_database(tmp_path / code)
        with db.session() as s:
            m = make_office(s, device_code=code)
            commit_run(s, m.kassa, "2026-03")
            numbers |= {_pay(m, 100).receipt_no for _ in range(3)}
        db.close()
    assert len(numbers) == 6
    assert {n[:2] for n in numbers} == {"A-", "B-"}


def test_void_keeps_the_number_used_and_listed(mini):
    taken = _pay(mini, 12500)
    with pytest.raises(ValidationError, match="reason"):
        void_receipt(mini.session, mini.kassa, taken.receipt_no, " ")
    void_receipt(mini.session, mini.kassa, taken.receipt_no, "wrong account")
    assert household_balance(mini.session, mini.households["big"].id).total == 25000
    assert [v.receipt_no for v in voided_receipts(mini.session)] == [taken.receipt_no]
    with pytest.raises(ValidationError, match="already voided"):
        void_receipt(mini.session, mini.kassa, taken.receipt_no, "again")
    assert _pay(mini, 100).receipt_no == "A-2026-000002"  # never reused


def test_void_of_unknown_number(mini):
    with pytest.raises(NotFound, match="no receipt number X-1"):
        void_receipt(mini.session, mini.kassa, "X-1", "typo")


def test_after_day_close_only_head_can_void(mini):
    taken = _pay(mini, 12500)
    close_day(mini.session, mini.kassa, NOON.date())
    with pytest.raises(PermissionDenied, match="is closed"):
        void_receipt(mini.session, mini.kassa, taken.receipt_no, "late change")
    void = void_receipt(mini.session, mini.head, taken.receipt_no, "late change")
    assert void.after_close


def test_day_close_totals_and_closing_twice(mini):
    first = _pay(mini, 12500)
    _pay(mini, 3000, name="late", method="qr")
    third = _pay(mini, 700, name="meter", method="bank")
    void_receipt(mini.session, mini.kassa, third.receipt_no, "entered twice", now=NOON)
    summary = day_summary(mini.session, mini.kassa.user_id, NOON.date())
    assert summary.receipts == 3
    assert summary.total == 15500
    assert summary.by_method == {"cash": (1, 12500), "qr": (1, 3000)}
    assert (summary.first_receipt_no, summary.last_receipt_no) == (
        first.receipt_no,
        third.receipt_no,
    )
    assert [v.receipt_no for v in summary.voids] == [third.receipt_no]
    assert sum(summary.by_service.values()) == 15500
    record = close_day(mini.session, mini.kassa, NOON.date())
    assert (record.receipts, record.total, record.void_count) == (3, 15500, 1)
    with pytest.raises(ValidationError, match="already closed"):
        close_day(mini.session, mini.kassa, NOON.date())


def test_reprint_shows_the_debt_as_it_was_after_the_payment(mini):
    """A receipt paid in full says 0 left, and still says so after later months are charged."""
    from aimak_desktop.services.billing_views import receipt_data
    from aimak_desktop.services.debts import household_balance

    owed = sum(household_balance(mini.session, mini.households["big"].id).services.values())
    taken = _pay(mini, owed)
    lines = receipt_data(mini.session, taken.receipt_no).lines
    assert sum(line.paid for line in lines) == owed
    assert all(line.balance_after == 0 for line in lines)
    commit_run(mini.session, mini.kassa, "2026-04")
    again = receipt_data(mini.session, taken.receipt_no, is_copy=True)
    assert [line.balance_after for line in again.lines] == [0] * len(lines)
