"""Accrual run: rules per billing unit, join rule, yearly/one-off, idempotence, corrections."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from aimak_desktop.errors import PermissionDenied, ValidationError
from aimak_desktop.models.billing import BillingRun, Charge, ChargeKind
from aimak_desktop.services.billing_corrections import adjust_charges, reverse_charge
from aimak_desktop.services.billing_rules import (
    consumption_litres,
    load_rules,
    set_billing_setting,
)
from aimak_desktop.services.billing_run import commit_run, preview_run, tariff_used
from aimak_desktop.services.registers import update_household
from aimak_desktop.services.subscriptions import subscribe
from tests.conftest import actor_for
from tests.unit.billing_helpers import D, amounts, make_office


@pytest.fixture
def mini(session):
    return make_office(session)


def test_each_unit_is_charged_by_its_rule(mini):
    s = mini.session
    commit_run(s, mini.kassa, "2026-03")
    got = amounts(s, "2026-03")
    assert got[mini.subs["big_water"].id] == 5 * 2000  # 5 residents x 20 som
    assert got[mini.subs["big_waste"].id] == 2500  # per household
    assert got[mini.subs["meter"].id] == 18750  # 12.5 m³ x 15 som
    assert got[mini.subs["late"].id] == 2 * 2000  # joined on the 16th: whole month by default
    assert mini.subs["yearly"].id not in got  # yearly services wait for January


def test_pro_rata_charges_only_the_days_taken(mini):
    s = mini.session
    assert load_rules(s).join_rule == "whole"
    set_billing_setting(s, mini.head, "join_rule", "pro_rata")
    commit_run(s, mini.kassa, "2026-03")
    # 16 of 31 days of 40 som, rounded half up to the tyiyn
    assert amounts(s, "2026-03")[mini.subs["late"].id] == 2065
    assert amounts(s, "2026-03")[mini.subs["big_water"].id] == 10000


def test_bad_setting_is_refused(mini):
    with pytest.raises(ValidationError, match="whole or pro_rata"):
        set_billing_setting(mini.session, mini.head, "join_rule", "half")
    with pytest.raises(PermissionDenied):
        set_billing_setting(mini.session, mini.kassa, "join_rule", "pro_rata")


def test_yearly_service_is_charged_once_a_year_in_january(mini):
    s = mini.session
    summary = commit_run(s, mini.kassa, "2026-01")
    assert amounts(s, "2026")[mini.subs["yearly"].id] == 60000
    assert summary.count == 3  # big water + waste and irrigation; no January meter reading
    commit_run(s, mini.kassa, "2026-02")
    assert mini.subs["yearly"].id not in amounts(s, "2026-02")


def test_one_off_service_is_charged_once(mini):
    s = mini.session
    hall = subscribe(
        s, mini.admin, mini.households["big"].id, mini.services["hall"].id, D(2026, 3, 10)
    )
    commit_run(s, mini.kassa, "2026-03")
    commit_run(s, mini.kassa, "2026-04")
    rows = s.scalars(select(Charge.amount).where(Charge.subscription_id == hall.id)).all()
    assert rows == [300000]


def test_running_a_month_twice_adds_nothing(mini):
    s = mini.session
    first = commit_run(s, mini.kassa, "2026-03")
    before = s.scalar(select(func.count()).select_from(Charge))
    with pytest.raises(ValidationError, match="2026-03 is already billed"):
        commit_run(s, mini.kassa, "2026-03")
    assert s.scalar(select(func.count()).select_from(Charge)) == before == first.count
    again = preview_run(s, "2026-03")
    assert (again.count, again.already_charged) == (0, first.count)


def test_preview_counts_per_service_and_village_and_writes_nothing(mini):
    s = mini.session
    summary = preview_run(s, "2026-03")
    by_service = {line.service_code: (line.count, line.total) for line in summary.lines}
    assert by_service["water"] == (2, 14000)
    assert {line.village for line in summary.lines} == {"Сары-Ой"}
    assert summary.total == 14000 + 2500 + 18750
    assert s.scalar(select(func.count()).select_from(Charge)) == 0


def test_a_new_subscription_is_picked_up_by_a_second_run(mini):
    s = mini.session
    commit_run(s, mini.kassa, "2026-03")
    subscribe(s, mini.admin, mini.households["meter"].id, mini.services["waste"].id, D(2026, 3, 1))
    added = commit_run(s, mini.kassa, "2026-03")
    assert (added.count, added.total) == (1, 2500)


def test_residents_correction_becomes_an_adjustment_with_its_reason(mini):
    s = mini.session
    commit_run(s, mini.kassa, "2026-03")
    update_household(s, mini.admin, mini.households["big"].id, {"residents": 6})
    with pytest.raises(ValidationError, match="reason"):
        adjust_charges(s, mini.kassa, "2026-03", "  ")
    result = adjust_charges(s, mini.kassa, "2026-03", "a child was born in February")
    assert (result.count, result.total) == (1, 2000)
    adj = s.scalars(select(Charge).where(Charge.kind == ChargeKind.ADJUSTMENT.value)).one()
    assert adj.subscription_id == mini.subs["big_water"].id
    assert adj.reason == "a child was born in February"
    assert amounts(s, "2026-03")[mini.subs["big_water"].id] == 12000
    with pytest.raises(ValidationError, match="already match"):
        adjust_charges(s, mini.kassa, "2026-03", "again")
    runs = s.scalars(select(BillingRun.kind)).all()
    assert sorted(runs) == ["adjust", "run"]


def test_reversal_cancels_a_charge_once_and_stays_cancelled(mini):
    s = mini.session
    commit_run(s, mini.kassa, "2026-03")
    charge = s.scalars(
        select(Charge).where(Charge.subscription_id == mini.subs["big_waste"].id)
    ).one()
    with pytest.raises(ValidationError, match="reason"):
        reverse_charge(s, mini.kassa, charge.id, "")
    reversal = reverse_charge(s, mini.kassa, charge.id, "no truck came in March")
    assert reversal.amount == -2500 and reversal.reverses_id == charge.id
    with pytest.raises(ValidationError, match="already reversed"):
        reverse_charge(s, mini.kassa, charge.id, "again")
    update_household(s, mini.admin, mini.households["big"].id, {"residents": 6})
    adjust_charges(s, mini.kassa, "2026-03", "residents")
    assert amounts(s, "2026-03")[mini.subs["big_waste"].id] == 0  # not re-added by adjust


def test_penalty_is_off_by_default(mini):
    s = mini.session
    assert not any(svc.penalty_enabled for svc in mini.services.values())
    commit_run(s, mini.kassa, "2026-01")
    commit_run(s, mini.kassa, "2026-02")
    summary = commit_run(s, mini.kassa, "2026-06")
    assert summary.penalties == 0
    kinds = s.scalars(select(Charge.kind).distinct()).all()
    assert kinds == ["charge"]


def test_penalty_when_switched_on_is_its_own_charge_kind(mini):
    from aimak_desktop.services.catalog import update_service

    s = mini.session
    update_service(
        s,
        mini.admin,
        mini.services["waste"].id,
        {"penalty_enabled": True, "penalty_pct_per_month": "1", "penalty_grace_days": 10},
    )
    commit_run(s, mini.kassa, "2026-01")
    summary = commit_run(s, mini.kassa, "2026-03")
    # January's 25 som were due on Feb 15; on March 1 minus 10 grace days they are overdue.
    assert (summary.penalties, summary.penalty_total) == (1, 25)
    pen = s.scalars(select(Charge).where(Charge.kind == ChargeKind.PENALTY.value)).one()
    assert pen.household_id == mini.households["big"].id


def test_clerks_and_mentors_cannot_run_billing(office):
    with pytest.raises(PermissionDenied):
        commit_run(office, actor_for(office, "clerk"), "2026-03")


def test_bad_period_message(mini):
    with pytest.raises(ValidationError, match="2026-13 is not a month"):
        preview_run(mini.session, "2026-13")


def test_tariff_used_by_charges(mini):
    s = mini.session
    tariff_id = s.scalar(select(Charge.tariff_id).limit(1))
    assert tariff_id is None
    commit_run(s, mini.kassa, "2026-03")
    tariff_id = s.scalar(select(Charge.tariff_id).limit(1))
    assert tariff_used(s, tariff_id)


def test_consumption_rules():
    readings = [
        (D(2026, 2, 25), 100_000, False),
        (D(2026, 3, 10), 104_000, False),
        (D(2026, 3, 20), 500, True),
        (D(2026, 3, 25), 2_500, False),
    ]
    # 4 m³ on the old meter, then the new meter starts at its first reading: 2 m³ more
    assert consumption_litres(readings, D(2026, 3, 1), D(2026, 3, 31)) == 6_000
    assert consumption_litres(readings, D(2026, 4, 1), D(2026, 4, 30)) is None


def test_a_run_stores_each_charge_as_its_row_describes_it(mini):
    """The run writes its charges column by column; each must be what `charge_row` says."""
    from aimak_desktop.services.billing_rules import month_bounds
    from aimak_desktop.services.billing_run import charge_row, due_date, expected_charges

    s = mini.session
    set_billing_setting(s, mini.admin, "join_rule", "pro_rata")
    summary = commit_run(s, mini.kassa, "2026-03")
    rules = load_rules(s)
    due = due_date(2026, 3, rules)
    assert due == month_bounds(2026, 3)[1] + dt.timedelta(days=rules.due_days)
    wanted = {
        e.key: charge_row(e, ChargeKind.CHARGE.value, e.amount, due, summary.run_id, "")
        for e in expected_charges(s, 2026, 3, rules)
    }
    stored = s.scalars(select(Charge).where(Charge.run_id == summary.run_id)).all()
    assert len(stored) == len(wanted) == summary.count
    for charge in stored:
        row = wanted[charge.dedupe_key]
        assert {key: getattr(charge, key) for key in row} == row
    assert any(c.days is not None for c in stored)  # the late joiner's pro-rata share


def test_metered_month_starts_from_the_last_valid_reading_before_it(mini):
    """Several readings before the month: the newest valid one is the baseline (a voided one
    is not, and of two on the same day the one entered last counts)."""
    from aimak_desktop.services.registers import create_household
    from aimak_desktop.services.subscriptions import add_reading, void_reading

    s, admin = mini.session, mini.admin
    home = create_household(s, admin, head_name="Суу Эсеп", village="Сары-Ой", house="9")
    sub = subscribe(s, admin, home.id, mini.services["meter"].id, D(2026, 1, 1), meter_serial="M-9")
    today = D(2026, 6, 1)
    for day, m3 in ((D(2026, 1, 10), "100"), (D(2026, 2, 20), "130"), (D(2026, 3, 5), "140")):
        add_reading(s, admin, sub.id, day, m3, today=today)
    add_reading(s, admin, sub.id, D(2026, 3, 5), "145", today=today)  # same day, entered later
    typo = add_reading(s, admin, sub.id, D(2026, 3, 28), "160", today=today)
    void_reading(s, admin, typo.id, "typed 160 for 146")
    add_reading(s, admin, sub.id, D(2026, 4, 20), "175", today=today)
    commit_run(s, mini.kassa, "2026-04")
    assert amounts(s, "2026-04")[sub.id] == 30 * 1500  # (175 - 145) m³ x 15 som
