"""Demo ledger: a year of monthly charges, payments with realistic collection, voids, day closes.

The charges of the twelve months ending last month come from the real accrual rules
(services.billing_run.expected_charges, computed once and repeated month by month for speed).
Households pay like real ones: most every month or two, some months late, about one in eight
stopped paying 3-12 months ago, a few pay ahead. Receipts come from the demo PC's series, in
date order; every past day with receipts is closed. Everything is bulk-inserted.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import insert, select

from aimak_desktop.models.billing import (
    Allocation,
    BillingRun,
    Charge,
    ChargeKind,
    DayClose,
    Payment,
    ReceiptCounter,
    Void,
)
from aimak_desktop.models.catalog import Subscription
from aimak_desktop.models.core import LocalDevice, User
from aimak_desktop.models.ids import new_id
from aimak_desktop.services.auth import SYSTEM
from aimak_desktop.services.billing_rules import (
    load_rules,
    month_bounds,
    period_label,
    shift_month,
)
from aimak_desktop.services.billing_run import expected_charges
from aimak_desktop.services.demo import DemoContext
from aimak_desktop.services.write_path import write

_CHUNK = 20_000
#: (profile, weight): how a household pays.
_PROFILES = (("monthly", 30), ("bimonthly", 30), ("late", 18), ("stopped", 14), ("ahead", 8))
HISTORY_MONTHS = 12


def demo_step(ctx: DemoContext) -> None:
    rng, session = ctx.rng, ctx.session
    today = dt.date.today()
    last = shift_month(today.year, today.month, -1)
    # Big offices (benchmarks) get half a year: still every ageing bucket, minutes less to build.
    depth = HISTORY_MONTHS if ctx.households <= 20_000 else 7
    months = [shift_month(*last, -back) for back in range(depth - 1, -1, -1)]
    rules = load_rules(session)
    base = expected_charges(session, *last, rules)
    starts = dict(session.execute(select(Subscription.id, Subscription.start_date)).all())
    yearly: list[Any] = []
    for year, month in months:
        if month == rules.yearly_month:
            yearly += [
                e for e in expected_charges(session, year, month, rules) if ":" + str(year) in e.key
            ]
    charges: list[dict[str, Any]] = []
    # household -> month index -> service -> amount
    owed: dict[uuid.UUID, dict[int, dict[uuid.UUID, int]]] = defaultdict(lambda: defaultdict(dict))
    monthly = [e for e in base if not e.key.endswith(":once") and len(e.period) == 7]
    with write(session, SYSTEM, "demo.billing", "12 months of charges") as unit:
        runs = []
        for i, (year, month) in enumerate(months):
            start, end = month_bounds(year, month)
            label, due = period_label(year, month), end + dt.timedelta(days=rules.due_days)
            # Rows carry the time they would have been written (the run after the month ends),
            # so "as it was then" views (receipt reprints) read the demo like real history.
            issued = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(3, 0))
            run: dict[str, Any] = {
                "created_at": issued,
                "period": label,
                "kind": "run",
                "rows": 0,
                "total": 0,
                "reason": "",
                "actor_id": None,
                "actor_name": SYSTEM.name,
            }
            runs.append(run)
            chosen = [e for e in monthly if starts.get(e.subscription_id, start) <= end]
            chosen += [e for e in yearly if e.period == str(year) and month == rules.yearly_month]
            for e in chosen:
                amount = e.amount
                if e.quantity > 100 and len(e.period) == 7:  # metered litres vary by month
                    amount = e.amount * rng.randint(70, 130) // 100
                charges.append(
                    {
                        "created_at": issued,
                        "household_id": e.household_id,
                        "service_id": e.service_id,
                        "subscription_id": e.subscription_id,
                        "period": e.period if len(e.period) == 4 else label,
                        "kind": ChargeKind.CHARGE.value,
                        "amount": amount,
                        "quantity": e.quantity,
                        "unit_amount": e.unit_amount,
                        "tariff_id": e.tariff_id,
                        "days": None,
                        "period_days": None,
                        "due_date": due,
                        "reason": "",
                        "run_id": None,
                        "reverses_id": None,
                        "dedupe_key": f"{e.subscription_id}:"
                        + (e.period if len(e.period) == 4 else label),
                    }
                )
                slot = owed[e.household_id][i]
                slot[e.service_id] = slot.get(e.service_id, 0) + amount
                run["rows"] += 1
                run["total"] += amount
        unit.insert_rows(BillingRun, runs)
        run_of = {r["period"]: r["id"] for r in runs}
        for row in charges:
            row["run_id"] = run_of.get(row["period"], runs[0]["id"])
        for first in range(0, len(charges), _CHUNK):
            unit.insert_rows(Charge, charges[first : first + _CHUNK])
    _payments(ctx, months, owed, today)


def _payments(
    ctx: DemoContext,
    months: list[tuple[int, int]],
    owed: dict[uuid.UUID, dict[int, dict[uuid.UUID, int]]],
    today: dt.date,
) -> None:
    rng, session = ctx.rng, ctx.session
    kassa = session.scalar(select(User).where(User.username == "kassa"))
    cashier_id, cashier = (kassa.id, kassa.full_name) if kassa else (None, SYSTEM.name)
    series = session.get(LocalDevice, 1).series  # type: ignore[union-attr]
    profiles = [p for p, _w in _PROFILES]
    weights = [w for _p, w in _PROFILES]
    planned: list[tuple[dt.datetime, uuid.UUID, dict[uuid.UUID, int], int, str, str, str]] = []
    for household_id, by_month in owed.items():
        profile = rng.choices(profiles, weights)[0]
        step = {"monthly": 1, "bimonthly": 2, "late": 4, "stopped": 1, "ahead": 3}[profile]
        stop = len(months) - rng.randint(3, len(months)) if profile == "stopped" else len(months)
        pending: dict[uuid.UUID, int] = defaultdict(int)
        first_open = 0
        for i in range(len(months)):
            for sid, amount in by_month.get(i, {}).items():
                pending[sid] += amount
            if i >= stop or ((i + 1) % step and i != len(months) - 1):
                continue
            if i == len(months) - 1 and rng.random() < 0.5:
                continue  # last month not paid yet: ordinary recent debt
            year, month = shift_month(*months[i], 1)
            day = dt.date(year, month, rng.randint(1, 20))
            if day >= today:
                continue
            total = sum(pending.values())
            if total <= 0:
                continue
            month_bill = sum(by_month.get(i, {}).values())
            # Paying ahead: one to three months more, now and then.
            ahead = profile == "ahead" and rng.random() < 0.25
            extra = month_bill * rng.randint(1, 3) if ahead else 0
            moment = dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.randint(0, 59)))
            periods = (period_label(*months[first_open]), period_label(*months[i]))
            method = rng.choices(("cash", "bank", "qr"), (80, 8, 12))[0]
            planned.append((moment, household_id, dict(pending), extra, *periods, method))  # type: ignore[arg-type]
            pending.clear()
            first_open = i + 1
    planned.sort(key=lambda p: p[0])
    payments: list[dict[str, Any]] = []
    allocations: list[dict[str, Any]] = []
    seqs: dict[int, int] = defaultdict(int)
    for moment, household_id, shares, extra, p_from, p_to, how in planned:
        seqs[moment.year] += 1
        seq = seqs[moment.year]
        payment_id = new_id()
        payments.append(
            {
                "id": payment_id,
                "household_id": household_id,
                "amount": sum(shares.values()) + extra,
                "method": how,
                "service_id": None,
                "note": "",
                "cashier_id": cashier_id,
                "cashier_name": cashier,
                "paid_at": moment - dt.timedelta(hours=6),
                "created_at": moment - dt.timedelta(hours=6),
                "day": moment.date(),
                "receipt_no": f"{series}-{moment.year}-{seq:06d}",
                "series": series,
                "year": moment.year,
                "seq": seq,
            }
        )
        for sid, amount in shares.items():
            allocations.append(
                {
                    "created_at": moment - dt.timedelta(hours=6),
                    "payment_id": payment_id,
                    "void_id": None,
                    "household_id": household_id,
                    "service_id": sid,
                    "amount": amount,
                    "period_from": p_from,
                    "period_to": p_to,
                    "day": moment.date(),
                }
            )
    voids = _voids(rng, payments, allocations)
    closes = _closes(payments, voids, allocations, cashier_id, cashier, today)
    with write(session, SYSTEM, "demo.payments", f"{len(payments)} payments") as unit:
        for first in range(0, len(payments), _CHUNK):
            unit.insert_rows(Payment, payments[first : first + _CHUNK])
        unit.insert_rows(Void, voids)
        for first in range(0, len(allocations), _CHUNK):
            unit.insert_rows(Allocation, allocations[first : first + _CHUNK])
        unit.insert_rows(DayClose, closes)
        for year, seq in seqs.items():
            session.execute(insert(ReceiptCounter).values(series=series, year=year, last_seq=seq))


def _voids(
    rng: random.Random, payments: list[dict[str, Any]], allocations: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Two voided receipts (a wrong account, a double entry) with their reversed allocations."""
    if len(payments) < 10:
        return []
    voids = []
    reasons = ("Wrong account: paid for the neighbour", "Entered twice")
    for payment, reason in zip(rng.sample(payments, 2), reasons, strict=True):
        void_id = new_id()
        voids.append(
            {
                "id": void_id,
                "payment_id": payment["id"],
                "receipt_no": payment["receipt_no"],
                "household_id": payment["household_id"],
                "amount": payment["amount"],
                "reason": reason,
                "actor_id": payment["cashier_id"],
                "actor_name": payment["cashier_name"],
                "day": payment["day"],
                "after_close": False,
            }
        )
        allocations += [
            {**a, "id": new_id(), "void_id": void_id, "amount": -a["amount"]}
            for a in allocations
            if a["payment_id"] == payment["id"] and a["void_id"] is None
        ]
    return voids


def _closes(
    payments: list[dict[str, Any]],
    voids: list[dict[str, Any]],
    allocations: list[dict[str, Any]],
    cashier_id: uuid.UUID | None,
    cashier: str,
    today: dt.date,
) -> list[dict[str, Any]]:
    """A closed cash day for every past day with receipts."""
    voided = {v["payment_id"]: v for v in voids}
    by_service: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a in allocations:
        if a["payment_id"] not in voided:
            by_service[a["payment_id"]][str(a["service_id"])] += a["amount"]
    days: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
    for p in payments:
        days[p["day"]].append(p)
    out = []
    for day, rows in sorted(days.items()):
        if day >= today:
            continue
        valid = [p for p in rows if p["id"] not in voided]
        methods: dict[str, list[int]] = {}
        services: dict[str, int] = defaultdict(int)
        for p in valid:
            count, amount = methods.get(p["method"], [0, 0])
            methods[p["method"]] = [count + 1, amount + p["amount"]]
            allocated = 0
            for sid, amount in by_service[p["id"]].items():
                services[sid] += amount
                allocated += amount
            if p["amount"] - allocated:
                services["advance"] += p["amount"] - allocated
        gone = [voided[p["id"]] for p in rows if p["id"] in voided]
        out.append(
            {
                "cashier_id": cashier_id,
                "cashier_name": cashier,
                "day": day,
                "receipts": len(rows),
                "total": sum(p["amount"] for p in valid),
                "first_receipt_no": rows[0]["receipt_no"],
                "last_receipt_no": rows[-1]["receipt_no"],
                "void_count": len(gone),
                "void_total": sum(v["amount"] for v in gone),
                "by_method": json.dumps(methods),
                "by_service": json.dumps(dict(services)),
                "closed_by_id": cashier_id,
                "closed_by_name": cashier,
            }
        )
    return out
