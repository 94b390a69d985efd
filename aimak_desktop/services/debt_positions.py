"""Who owes what on a day: each household's debt per service, split by age.

One computation behind the debtors list (`services.debts.debtors_report`) and the arrears
indicator (`services.indicators_billing.arrears`), so the two can never disagree.

Rules. A service's debt is its charges - the money allocated to it. Money paid to a service pays
its oldest charges first, so a debt is made of the newest charges: that is how it splits into
ageing buckets (days since the charge was due: 0-30, 31-90, 91-180, over 180). A household's
credit (money not allocated to any service, and services paid ahead) pays its oldest debt
first. On a past day only charges of periods up to that month and money taken up to that day
count; on today (or later) everything counts.

Every sum is one grouped SQL query over a covering index; ids stay as stored (no UUID objects
for 100,000 households). `compute_positions` can be limited to some households: the ledger cache
(`services.ledger_cache`) recomputes only the households new ledger rows touched.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.engine import Connection

from aimak_desktop.models.billing import Allocation, Charge, Payment, Void
from aimak_desktop.models.ids import stored_id

#: Upper bound (days) of each ageing bucket; the last is open.
BUCKETS = (30, 90, 180)
BUCKET_LABELS = ("0-30", "31-90", "91-180", "180+")

#: Money in each bucket, oldest last: (0-30, 31-90, 91-180, 180+), tyiyn.
Split = tuple[int, int, int, int]
#: Stored household id -> ((stored service id, split), ...): debts > 0 only, by service id.
Positions = dict[str, tuple[tuple[str, Split], ...]]

_IN_CHUNK = 500  # households per IN list when only some are recomputed


def counts_on(on_date: dt.date, today: dt.date | None = None) -> bool:
    """True when the ledger is cut at `on_date` (a past day); False: everything counts."""
    return on_date < (today or dt.date.today())


def compute_positions(
    conn: Connection, on_date: dt.date, households: Sequence[uuid.UUID] | None = None
) -> Positions:
    """Every household's debts on `on_date` (or only those of `households`)."""
    if households is None:
        return _compute(conn, on_date, None)
    out: Positions = {}
    ids = list(households)
    for first in range(0, len(ids), _IN_CHUNK):
        out.update(_compute(conn, on_date, ids[first : first + _IN_CHUNK]))
    return out


def totals(positions: Positions) -> tuple[list[int], int]:
    """(money per bucket, number of households that owe) over all positions."""
    sums = [0, 0, 0, 0]
    for lines in positions.values():
        for _service, split in lines:
            sums[0] += split[0]
            sums[1] += split[1]
            sums[2] += split[2]
            sums[3] += split[3]
    return sums, len(positions)


def _limited(query: Select[Any], model: Any, households: list[uuid.UUID] | None) -> Select[Any]:
    return query if households is None else query.where(model.household_id.in_(households))


def _sums(
    conn: Connection,
    model: Any,
    on_date: dt.date,
    households: list[uuid.UUID] | None,
    by_service: bool,
) -> list[Any]:
    keys = [model.household_id, model.service_id] if by_service else [model.household_id]
    query = select(*(stored_id(k) for k in keys), func.sum(model.amount)).group_by(*keys)
    if counts_on(on_date):
        query = query.where(model.day <= on_date)
    return list(conn.execute(_limited(query, model, households)))


def _charges(conn: Connection, on_date: dt.date, households: list[uuid.UUID] | None) -> list[Any]:
    """(household, service, total, due since cut 0, since cut 1, since cut 2) per pair."""
    cuts = [on_date - dt.timedelta(days=d) for d in BUCKETS]
    amount = Charge.amount
    query = select(
        stored_id(Charge.household_id),
        stored_id(Charge.service_id),
        func.sum(amount),
        *(func.sum(case((Charge.due_date >= cut, amount), else_=0)) for cut in cuts),
    ).group_by(Charge.household_id, Charge.service_id)
    query = query.order_by(Charge.household_id, Charge.service_id)  # free: the grouping order
    if counts_on(on_date):
        query = query.where(Charge.period <= on_date.strftime("%Y-%m"))
    return list(conn.execute(_limited(query, Charge, households)))


def _compute(conn: Connection, on_date: dt.date, households: list[uuid.UUID] | None) -> Positions:
    allocated = {(h, s): int(a) for h, s, a in _sums(conn, Allocation, on_date, households, True)}
    credit: dict[str, int] = defaultdict(int)  # the unallocated rest of payments: advances
    for household, paid in _sums(conn, Payment, on_date, households, False):
        credit[household] += int(paid)
    for household, voided in _sums(conn, Void, on_date, households, False):
        credit[household] -= int(voided)
    for (household, _service), amount in allocated.items():
        credit[household] -= amount
    owed: dict[str, list[tuple[str, list[int]]]] = defaultdict(list)
    pop = allocated.pop
    for household, service, total, s0, s1, s2 in _charges(conn, on_date, households):
        debt = int(total) - pop((household, service), 0)
        if debt <= 0:
            credit[household] -= debt  # paid ahead: credit for the household's other debts
            continue
        split = [0, 0, 0, 0]
        s0, s1, s2 = int(s0), int(s1), int(s2)
        for i, part in enumerate((s0, s1 - s0, s2 - s1)):  # the newest charges make the debt
            take = part if part < debt else debt
            if take > 0:
                split[i] = take
                debt -= take
        split[3] = debt
        owed[household].append((service, split))
    for (household, _service), amount in allocated.items():  # paid ahead, nothing charged
        credit[household] += amount
    out: Positions = {}
    for household, lines in owed.items():
        left = credit.get(household, 0)
        if left > 0:  # credit pays the oldest debt first, services in the order of their ids
            for bucket in (3, 2, 1, 0):
                for _service, split in lines:
                    take = min(split[bucket], left)
                    split[bucket] -= take
                    left -= take
        kept = tuple((service, tuple(split)) for service, split in lines if sum(split) > 0)
        if kept:
            out[household] = kept  # type: ignore[assignment]
    return out
