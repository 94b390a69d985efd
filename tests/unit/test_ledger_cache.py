"""The ledger cache and the debt positions behind the debtors list and the arrears indicator.

Three things must hold, because clerks act on these numbers: the positions follow the rules as
written (checked against a plain reading of every ledger row); the cached positions and totals
equal a fresh computation after every kind of write (payments, voids, accrual runs, corrections)
and for days past and present; and a database file replaced behind the cache's back (a copy put
back over it) is noticed, never answered from memory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from aimak_desktop.errors import ValidationError
from aimak_desktop.models.billing import Allocation, Charge, Payment, Void
from aimak_desktop.models.catalog import Subscription
from aimak_desktop.services import ledger_cache
from aimak_desktop.services.billing_corrections import adjust_charges, reverse_charge
from aimak_desktop.services.billing_run import commit_run
from aimak_desktop.services.debt_positions import BUCKETS, compute_positions, counts_on, totals
from aimak_desktop.services.debts import debtors_report
from aimak_desktop.services.indicators import parse_period
from aimak_desktop.services.indicators_billing import arrears, coverage, ledger_sums
from aimak_desktop.services.payments import take_payment, void_receipt
from aimak_desktop.services.registers import archive_household, update_household
from aimak_desktop.services.subscriptions import end_subscription

NOON = dt.datetime(2026, 6, 10, 12, 0)
TODAY = dt.date.today()
DAYS = (TODAY, dt.date(2026, 6, 30), dt.date(2026, 3, 31))


def reference_positions(session, day):
    """The documented rule applied row by row in Python, without SQL grouping."""
    past = counts_on(day)
    month = day.strftime("%Y-%m")
    cuts = [day - dt.timedelta(days=d) for d in BUCKETS]
    charged = defaultdict(int)
    ranges = defaultdict(lambda: [0, 0, 0])  # due since cut 0, cut 1 .. cut 0, cut 2 .. cut 1
    for c in session.scalars(select(Charge)):
        if past and c.period > month:
            continue
        key = (c.household_id.hex, c.service_id.hex)
        charged[key] += c.amount
        if c.due_date >= cuts[0]:
            ranges[key][0] += c.amount
        elif c.due_date >= cuts[1]:
            ranges[key][1] += c.amount
        elif c.due_date >= cuts[2]:
            ranges[key][2] += c.amount
    allocated = defaultdict(int)
    credit = defaultdict(int)
    for a in session.scalars(select(Allocation)):
        if not past or a.day <= day:
            allocated[(a.household_id.hex, a.service_id.hex)] += a.amount
            credit[a.household_id.hex] -= a.amount
    for p in session.scalars(select(Payment)):
        if not past or p.day <= day:
            credit[p.household_id.hex] += p.amount
    for v in session.scalars(select(Void)):
        if not past or v.day <= day:
            credit[v.household_id.hex] -= v.amount
    for (household, service), amount in allocated.items():
        if (household, service) not in charged:
            credit[household] += amount  # paid ahead of any charge
    lines = defaultdict(list)
    for (household, service), total in sorted(charged.items()):
        debt = total - allocated.get((household, service), 0)
        if debt <= 0:
            credit[household] += -debt
            continue
        split = []
        for part in ranges[(household, service)]:
            take = min(max(part, 0), debt)
            split.append(take)
            debt -= take
        split.append(debt)
        lines[household].append((service, split))
    out = {}
    for household, debts in lines.items():
        left = credit[household]
        for bucket in (3, 2, 1, 0):
            for _service, split in debts:
                take = max(0, min(split[bucket], left))
                split[bucket] -= take
                left -= take
        kept = tuple((s, tuple(split)) for s, split in debts if sum(split) > 0)
        if kept:
            out[household] = kept
    return out


def assert_cache_equals_ledger(session):
    session.commit()  # a new read snapshot, as each page's read has
    conn = session.connection()
    for day in DAYS:
        fresh = compute_positions(conn, day)
        assert ledger_cache.debt_positions(session, day) == fresh
        assert fresh == reference_positions(session, day)
    assert ledger_cache.ledger_totals(session) == ledger_cache.compute_totals(conn)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ops=st.lists(
        st.one_of(
            st.tuples(
                st.just("pay"),
                st.sampled_from(["big", "meter", "late", "yearly"]),
                st.integers(1, 60_000),
                st.sampled_from([None, "water", "waste"]),
                st.sampled_from([NOON, dt.datetime(2026, 2, 3, 9), dt.datetime.now()]),
            ),
            st.tuples(st.just("void"), st.integers(0, 20)),
            st.tuples(st.just("run"), st.sampled_from(["2026-06", "2026-07", "2026-08"])),
            st.tuples(st.just("adjust"), st.integers(1, 9)),
            st.tuples(st.just("reverse"), st.integers(0, 50)),
        ),
        max_size=10,
    )
)
def test_cached_positions_and_totals_follow_every_write(mini_ledger, ops):
    m, taken = mini_ledger
    s = m.session
    assert_cache_equals_ledger(s)  # warm: what the dashboard and debtors list hold
    for op in ops:
        kind = op[0]
        if kind == "pay":
            _kind, name, amount, service, when = op
            sid = m.services[service].id if service and name == "big" else None
            taken.append(
                take_payment(s, m.kassa, m.households[name].id, amount, service_id=sid, now=when)
            )
        elif kind == "void" and taken:
            victim = taken[op[1] % len(taken)]
            if not s.scalar(select(Void.id).where(Void.payment_id == victim.payment.id)):
                void_receipt(s, m.kassa, victim.receipt_no, "test", now=NOON)
        elif kind == "run":
            if s.scalar(select(Charge.id).where(Charge.period == op[1]).limit(1)) is None:
                commit_run(s, m.kassa, op[1])
        elif kind == "adjust":  # the big household's residents change, May is recomputed
            update_household(s, m.admin, m.households["big"].id, {"residents": op[1]})
            with contextlib.suppress(ValidationError):  # nothing changed: refused, nothing written
                adjust_charges(s, m.kassa, "2026-05", "residents corrected")
        elif kind == "reverse":
            charges = s.scalars(select(Charge).where(Charge.kind == "charge")).all()
            victim = charges[op[1] % len(charges)]
            if not s.scalar(select(Charge.id).where(Charge.reverses_id == victim.id)):
                reverse_charge(s, m.kassa, victim.id, "charged in error")
        assert_cache_equals_ledger(s)


def test_debtors_list_and_arrears_after_payments_equal_a_fresh_start(mini_ledger):
    m, _taken = mini_ledger
    s = m.session
    day = dt.date(2026, 6, 30)
    first = debtors_report(s, day)
    assert first.lines, "the mini office owes money"
    take_payment(s, m.kassa, m.households["big"].id, 12_345, now=NOON)
    take_payment(s, m.kassa, m.households["meter"].id, 99_999, now=NOON)
    s.commit()
    cached = debtors_report(s, day)
    cached_arrears = arrears(s, day)
    cached_rate = ledger_sums(s, parse_period("2026-06"))
    ledger_cache.clear()  # a program started now computes everything from the ledger
    fresh = debtors_report(s, day)
    assert [(x.household_id, x.service_id, x.buckets) for x in cached.lines] == [
        (x.household_id, x.service_id, x.buckets) for x in fresh.lines
    ]
    assert cached.totals != first.totals  # the payments did move the list
    assert arrears(s, day).as_json() == cached_arrears.as_json()
    assert cached_arrears.value == sum(fresh.totals)
    assert ledger_sums(s, parse_period("2026-06")) == cached_rate


def test_a_file_put_back_over_the_database_is_noticed(tmp_path_factory, mini_ledger):
    """A copy of the file from before some payments replaces it (same path, same device)."""
    from aimak_desktop.db import open_database

    m, _taken = mini_ledger
    s = m.session
    path = s.get_bind().url.database
    copy = tmp_path_factory.mktemp("before") / "aimak.sqlite"
    s.commit()
    s.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(path, copy)
    take_payment(s, m.kassa, m.households["big"].id, 50_000, now=NOON)
    s.commit()
    assert_cache_equals_ledger(s)
    held = ledger_cache.debt_positions(s, TODAY)
    folder = type(tmp_path_factory.getbasetemp())(path).parent
    s.close()
    s.get_bind().dispose()
    shutil.copyfile(copy, path)
    for extra in ("-wal", "-shm"):
        (folder / f"aimak.sqlite{extra}").unlink(missing_ok=True)
    db = open_database(folder, lock=False)
    try:
        with db.session() as again:
            # Different rows now sit where the cache remembers the payment's rows.
            take_payment(again, m.kassa, m.households["late"].id, 700, now=NOON)
            again.commit()
            now = ledger_cache.debt_positions(again, TODAY)
            assert now != held
            assert now == compute_positions(again.connection(), TODAY)
    finally:
        db.close()


def test_coverage_follows_register_changes(mini_ledger):
    m, _taken = mini_ledger
    s = m.session

    def shown():
        figures = coverage(s, TODAY)
        return {
            code: (f.value, f.parts["subscribed"], f.parts["households"])
            for code, f in figures.items()
        }

    before = shown()
    assert before["water"][1:] == (2, 4)  # "big" and "late" of the four households
    archive_household(s, m.admin, m.households["late"].id, "moved to Bishkek")
    s.commit()
    after_archive = shown()
    assert after_archive["water"][1:] == (1, 3)
    big_waste = s.scalar(
        select(Subscription.id).where(
            Subscription.household_id == m.households["big"].id,
            Subscription.service_id == m.services["waste"].id,
        )
    )
    end_subscription(s, m.admin, big_waste, dt.date(2026, 7, 31))
    s.commit()
    assert shown()["waste"][1] == 0
    cached = shown()
    ledger_cache.clear()
    assert shown() == cached  # what a program started now would show


def test_totals_count_households_that_owe(mini_ledger):
    m, _taken = mini_ledger
    s = m.session
    positions = ledger_cache.debt_positions(s, TODAY)
    sums, households = totals(positions)
    assert households == len(positions) > 0
    assert sum(sums) == sum(sum(split) for lines in positions.values() for _s, split in lines)


@pytest.fixture(autouse=True)
def _fresh_cache():
    ledger_cache.clear()
    yield
    ledger_cache.clear()
