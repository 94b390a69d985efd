"""Debts derived from the ledger: balances, ageing, register hooks, xlsx, document data."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import func, select

from aimak_desktop.models.billing import Charge, Payment, Void
from aimak_desktop.models.register import Household
from aimak_desktop.services.billing_run import commit_run
from aimak_desktop.services.billing_views import (
    bill_data,
    day_close_data,
    debtors_data,
    receipt_data,
    statement_data,
)
from aimak_desktop.services.debts import (
    debtors_report,
    debts_by_household,
    export_debtors_xlsx,
    household_balance,
    household_debt_expr,
    households_with_debt,
)
from aimak_desktop.services.payments import take_payment, void_receipt
from tests.unit.billing_helpers import make_office

NOON = dt.datetime(2026, 6, 10, 12, 0)


@pytest.fixture
def mini(session):
    return make_office(session)


def _ledger(session, household_id):
    charged = session.scalar(
        select(func.coalesce(func.sum(Charge.amount), 0)).where(Charge.household_id == household_id)
    )
    paid = session.scalar(
        select(func.coalesce(func.sum(Payment.amount), 0)).where(
            Payment.household_id == household_id
        )
    )
    voided = session.scalar(
        select(func.coalesce(func.sum(Void.amount), 0)).where(Void.household_id == household_id)
    )
    return charged - paid + voided


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ops=st.lists(
        st.one_of(
            st.tuples(
                st.just("pay"),
                st.sampled_from(["big", "meter", "late"]),
                st.integers(1, 40_000),
                st.sampled_from([None, "water", "waste"]),
            ),
            st.tuples(st.just("void"), st.integers(0, 20)),
        ),
        max_size=12,
    )
)
def test_balances_always_equal_the_ledger(mini_ledger, ops):
    m, taken = mini_ledger
    s = m.session
    for op in ops:
        if op[0] == "pay":
            _kind, name, amount, service = op
            hh = m.households[name]
            sid = m.services[service].id if service and name == "big" else None
            taken.append(take_payment(s, m.kassa, hh.id, amount, service_id=sid, now=NOON))
        elif taken:
            victim = taken[op[1] % len(taken)]
            if not s.scalar(select(Void.id).where(Void.payment_id == victim.payment.id)):
                void_receipt(s, m.kassa, victim.receipt_no, "test", now=NOON)
    ids = [h.id for h in m.households.values()]
    nets = debts_by_household(s, ids)
    for hid in ids:
        ledger = _ledger(s, hid)
        assert household_balance(s, hid).total == ledger == nets[hid]
    report = debtors_report(s, dt.date(2026, 6, 30))
    owed = {hid: 0 for hid in ids}
    for line in report.lines:
        owed[line.household_id] += line.total
    for hid in ids:
        assert owed[hid] == max(0, nets[hid])
    debtors = set(s.scalars(select(Household.id).where(Household.id.in_(households_with_debt()))))
    assert debtors == {hid for hid in ids if nets[hid] > 0}
    expr = dict(s.execute(select(Household.id, household_debt_expr())).all())
    assert all(expr[hid] == nets[hid] for hid in ids)


def test_ageing_buckets_follow_the_due_dates(mini):
    s = mini.session
    for period in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"):
        commit_run(s, mini.kassa, period)
    waste = mini.services["waste"].id
    # January's waste is paid; the rest of waste is due on Mar 15 .. Jul 15
    take_payment(s, mini.kassa, mini.households["big"].id, 2500, service_id=waste, now=NOON)
    report = debtors_report(s, dt.date(2026, 9, 20), service="waste")
    (line,) = report.lines
    # ages: Mar 15 -> 189 days, Apr 15 -> 158, May 15 -> 128, Jun 15 -> 97, Jul 15 -> 67
    assert line.buckets == (0, 2500, 3 * 2500, 2500)
    assert report.as_dict()["total"] == 5 * 2500
    assert debtors_report(s, dt.date(2026, 9, 20), village="Нет такого").lines == []


def test_money_paid_ahead_pays_the_oldest_bucket_of_the_report(mini):
    s = mini.session
    for period in ("2026-01", "2026-02"):
        commit_run(s, mini.kassa, period)
    big = mini.households["big"].id
    # waste: 2 x 25 som charged, 75 paid: 25 som ahead for waste
    take_payment(
        s,
        mini.kassa,
        big,
        7500,
        service_id=mini.services["waste"].id,
        now=dt.datetime(2026, 1, 5, 9),
    )
    report = debtors_report(s, dt.date(2026, 6, 1))
    (water,) = [ln for ln in report.lines if ln.household_id == big]
    assert water.service_id == mini.services["water"].id
    # water due Feb 15 (106 days) and Mar 15 (78 days); the 25 som pay the older one first
    assert water.buckets == (0, 10000, 7500, 0)


def test_debtors_xlsx_has_rows_and_totals(mini, tmp_path):
    s = mini.session
    commit_run(s, mini.kassa, "2026-03")
    out = export_debtors_xlsx(debtors_report(s, dt.date(2026, 4, 30)), tmp_path / "d.xlsx", "ru")
    ws = load_workbook(out).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[1][:5] == ["Village", "Account", "Payer", "Address", "Service"] or values[1][0]
    payers = {row[2] for row in values[2:] if row and row[2]}
    assert "Асанов big" in payers
    assert values[-1][0] and values[-1][-1] == pytest.approx((10000 + 2500 + 18750 + 4000) / 100)


def test_document_data_comes_from_the_ledger(mini):
    s = mini.session
    commit_run(s, mini.kassa, "2026-03")
    taken = take_payment(s, mini.kassa, mini.households["big"].id, 20000, now=NOON)
    receipt = receipt_data(s, taken.receipt_no)
    assert receipt.total_paid == sum(line.paid for line in receipt.lines) == 20000
    assert receipt.account == mini.households["big"].account_no
    assert receipt.code and not receipt.voided
    assert {line.balance_after for line in receipt.lines} == {0, -7500}
    void_receipt(s, mini.kassa, taken.receipt_no, "wrong", now=NOON)
    assert receipt_data(s, taken.receipt_no, is_copy=True).voided

    day = day_close_data(s, NOON.date(), mini.kassa.user_id)
    assert (day.receipts_count, day.total, len(day.voids)) == (1, 0, 1)

    bills = {b.account: b for b in bill_data(s, "2026-03")}
    big = bills[mini.households["big"].account_no]
    assert big.total_due == 12500 and big.balance_in == 0
    assert sorted(c.charged for c in big.charges) == [2500, 10000]
    meter = bills[mini.households["meter"].account_no]
    assert meter.charges[0].consumption == 12.5

    statement = statement_data(
        s, mini.households["big"].id, dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    )
    assert statement.closing_balance == 12500
    assert [e.kind for e in statement.entries].count("void") == 1

    debtors = debtors_data(s, dt.date(2026, 4, 30))
    assert sum(r.total for r in debtors.rows) == 12500 + 18750 + 4000


def test_debtors_are_listed_door_to_door(mini):
    """Village, street, then house number as a number: house 10 comes after house 4."""
    from aimak_desktop.services.registers import create_household
    from aimak_desktop.services.subscriptions import subscribe

    s = mini.session
    far = create_household(
        s, mini.admin, head_name="Бакыт уулу", village="Сары-Ой", street="Манас", house="10"
    )
    subscribe(s, mini.admin, far.id, mini.services["waste"].id, dt.date(2025, 1, 1))
    commit_run(s, mini.kassa, "2026-01")
    houses = [line.address for line in debtors_report(s, dt.date(2026, 3, 1)).lines]
    assert houses.index("Манас 10") > houses.index("Манас 4")  # text order would be 10, 4
    assert houses == sorted(houses, key=lambda text: int(text.split()[-1]))


def test_demo_office_has_a_realistic_ledger(office):
    s = office
    charged = s.scalar(select(func.sum(Charge.amount)))
    paid = s.scalar(select(func.sum(Payment.amount))) - s.scalar(select(func.sum(Void.amount)))
    assert 0.6 < paid / charged < 1.0
    assert len(s.scalars(select(Void.id)).all()) == 2
    report = debtors_report(s)
    assert report.totals[3] > 0  # some owe for more than half a year
    ids = list(s.scalars(select(Household.id)))
    assert any(v < 0 for v in debts_by_household(s, ids).values())  # some paid ahead


def test_register_search_filters_households_with_debt(office):
    """The register's "has debt" filter lists exactly the households whose balance is positive."""
    from aimak_desktop.services.debts import debts_by_household
    from aimak_desktop.services.search import count_households, search_households

    everyone = search_households(office, "", limit=1000)
    balances = debts_by_household(office, [row.id for row in everyone])
    owing = {hid for hid, amount in balances.items() if amount > 0}
    listed = {row.id for row in search_households(office, "", has_debt=True, limit=1000)}
    assert listed == owing and owing
    assert count_households(office, "", has_debt=True) == len(owing)
    assert count_households(office, "", has_debt=False) == len(everyone) - len(owing)


def test_tariff_used_for_charges_cannot_be_corrected(office):
    from sqlalchemy import select

    from aimak_desktop.models.billing import Charge
    from aimak_desktop.services.catalog import tariff_in_use

    used = office.scalar(select(Charge.tariff_id).where(Charge.tariff_id.is_not(None)).limit(1))
    assert used is not None and tariff_in_use(office, used)
