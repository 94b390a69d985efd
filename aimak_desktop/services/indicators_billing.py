"""Billing and collection indicators, from the ledger (charges, payments, voids, allocations).

Charges belong to the period in their `period` column ("YYYY-MM", or "YYYY" for yearly services);
text order puts "2025" before "2025-01", so a yearly charge counts in January. A period's charges
are those with `period` after the month before the period and up to its last month. Money moves
(payments, voids, allocations) count by their business `day`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from aimak_desktop.models.billing import Charge, Payment, Void
from aimak_desktop.models.catalog import Service, Subscription
from aimak_desktop.models.ids import stored_id
from aimak_desktop.models.register import Household
from aimak_desktop.services.debts import BUCKET_LABELS
from aimak_desktop.services.indicators import Figure, Period, pct


def _month_before(period: Period) -> str:
    return (period.first - dt.timedelta(days=1)).strftime("%Y-%m")


def services(session: Session) -> dict[str, tuple[str, str, str]]:
    """Raw service id -> (code, name_ky, name_ru) of the services not archived."""
    rows = session.execute(
        select(stored_id(Service.id), Service.code, Service.name_ky, Service.name_ru)
        .where(Service.archived_at.is_(None))
        .order_by(Service.code)
    )
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


@dataclass
class LedgerSums:
    """The ledger summed once, up to a month: enough for any collection rate up to it.

    `charges`: period key ("YYYY-MM" or "YYYY") -> (rows, net amount); `money`: business day
    -> payments - voided payments of that day. Both cover everything up to the month given
    to `ledger_sums`, so the positions at any month end before it are running sums.
    """

    charges: dict[str, tuple[int, int]]
    money: dict[dt.date, int]


def ledger_sums(session: Session, last: Period) -> LedgerSums:
    """Charges per period and money per day up to the end of `last`.

    From the ledger cache (`services.ledger_cache.ledger_totals`): the whole ledger grouped once
    by period and by day (a few dozen periods, a few hundred days), then only new rows added.
    """
    from aimak_desktop.services.ledger_cache import ledger_totals

    whole = ledger_totals(session)
    charges = {k: v for k, v in whole.charges_by_period().items() if k <= last.last_month}
    money = {day: amount for day, amount in whole.money.items() if day <= last.last}
    return LedgerSums(charges, money)


def collection_rate(session: Session, period: Period, ledger: LedgerSums | None = None) -> Figure:
    """Collection rate = (A_start + B - A_end - W) / B, percent, one place (DOMAIN.md).

    A_start / A_end: the net ledger position (charges - payments + voided payments) at the end of
    the day before the period and at the end of its last day; B: net charges of the period
    (charges, recalculations, penalties and reversals); W: written off (the ledger has no
    write-off records, so 0). The numerator equals the money collected in the period (payments
    minus voids). No data when nothing was billed in the period.

    Args:
        ledger: sums from `ledger_sums` up to this period or a later one (read when None);
            several rates from one pass cost no further query.
    """
    if ledger is None:
        ledger = ledger_sums(session, period)
    return rate_of(ledger, period)


def rate_of(ledger: LedgerSums, period: Period) -> Figure:
    """The collection rate of `period` from ledger sums (see `collection_rate`)."""
    before = _month_before(period)
    charged_before = billed = rows = 0
    for key, (count, amount) in ledger.charges.items():
        if key <= before:
            charged_before += amount
        elif key <= period.last_month:  # text order: a yearly "YYYY" charge is in January
            rows += count
            billed += amount
    if not rows or not billed:
        return Figure("collection_rate", None, "pct", {"billed": billed if rows else None})
    money_before = collected = 0
    for day, amount in ledger.money.items():
        if day < period.first:
            money_before += amount
        elif day <= period.last:
            collected += amount
    start = charged_before - money_before
    written_off = 0
    end = start + billed - collected - written_off
    return Figure(
        "collection_rate",
        pct(collected, billed),
        "pct",
        {
            "arrears_start": start,
            "billed": billed,
            "arrears_end": end,
            "written_off": written_off,
            "collected": collected,
        },
    )


def collection_trend(session: Session, last: Period, months: int = 12) -> list[Figure]:
    """The monthly collection rate of the `months` months ending with `last`'s last month.

    One pass over the ledger (`ledger_sums`) serves every month.
    """
    from aimak_desktop.services.indicators import parse_period

    month = parse_period(last.last_month)
    ledger = ledger_sums(session, month)
    out: list[Figure] = []
    for _ in range(months):
        figure = rate_of(ledger, month)
        figure.parts["month"] = month.label
        out.append(figure)
        month = month.previous()
    return list(reversed(out))


def arrears(session: Session, on_date: dt.date) -> Figure:
    """Arrears on `on_date`: money households owe, total and by age (debtors-list rules).

    Per household and service, debt = charges - money allocated to the service; it is made of
    the newest charges, so it splits by days since they were due (0-30, 31-90, 91-180, 180+).
    A household's advance and services paid ahead pay its oldest debt first. Total = the sum of
    the buckets = Σ max(0, household balance). The same computation as the debtors list
    (`services.debt_positions`), through the ledger cache. No data when no charge counts by
    then.
    """
    from aimak_desktop.services.debt_positions import counts_on, totals
    from aimak_desktop.services.ledger_cache import debt_positions

    any_charge = select(Charge.id).limit(1)
    if counts_on(on_date):
        any_charge = any_charge.where(Charge.period <= on_date.strftime("%Y-%m"))
    if session.execute(any_charge).first() is None:
        return Figure("arrears", None, "money", dict.fromkeys(BUCKET_LABELS))
    sums, households = totals(debt_positions(session, on_date))
    parts: dict[str, Any] = dict(zip(BUCKET_LABELS, sums, strict=True))
    parts["households"] = households
    return Figure("arrears", sum(sums), "money", parts)


def coverage(session: Session, on_date: dt.date) -> dict[str, Figure]:
    """Coverage per service (by code) on `on_date`, percent, one place.

    Coverage = households subscribed to the service on that day / all active households. A
    household is active unless archived on or before that day (the register keeps no move-in
    date); a subscription counts when start_date <= day <= end_date (open end). No data when the
    office has no active household.
    """
    from aimak_desktop.services.ledger_cache import until_written

    households, rows = until_written(
        session, ("coverage", on_date), lambda: _coverage_counts(session, on_date)
    )
    out: dict[str, Figure] = {}
    for sid, (code, name_ky, name_ru) in services(session).items():
        subscribed = int(rows.get(sid, 0))
        out[code] = Figure(
            "coverage",
            pct(subscribed, households),
            "pct",
            {"subscribed": subscribed, "households": households, "ky": name_ky, "ru": name_ru},
        )
    return out


def _coverage_counts(session: Session, on_date: dt.date) -> tuple[int, dict[str, int]]:
    """(active households, stored service id -> households subscribed) on `on_date`.

    Few households are ever archived, so the subscriptions are counted without joining each
    one to its household; the archived ones are left out by a short list.
    """
    day_end = dt.datetime.combine(on_date + dt.timedelta(days=1), dt.time())
    gone = select(Household.id).where(Household.archived_at < day_end)
    active = or_(Household.archived_at.is_(None), Household.archived_at >= day_end)
    households = int(session.scalar(select(func.count()).where(active)) or 0)
    rows = session.execute(
        select(
            stored_id(Subscription.service_id), func.count(func.distinct(Subscription.household_id))
        )
        .where(
            Subscription.household_id.not_in(gone),
            Subscription.start_date <= on_date,
            or_(Subscription.end_date.is_(None), Subscription.end_date >= on_date),
        )
        .group_by(Subscription.service_id)
    )
    return households, {sid: int(count) for sid, count in rows}


def billed_by_service(session: Session, period: Period) -> dict[str, Figure]:
    """Net charges of the period per service (tyiyn); no data for a service billed nothing."""
    from aimak_desktop.services.ledger_cache import ledger_totals

    before, last = _month_before(period), period.last_month
    rows: dict[Any, int] = {}
    for (key, service), (_count, amount) in ledger_totals(session).charges.items():
        if before < key <= last:  # text order: a yearly "YYYY" charge is in January
            rows[service] = rows.get(service, 0) + amount
    return _per_service(session, "billed", rows)


def collected_by_service(session: Session, period: Period) -> dict[str, Figure]:
    """Money allocated to each service in the period, net of voids (tyiyn).

    Money not allocated to a service (an advance) is in "collected" but in no service. No data
    for a service that received nothing.
    """
    from aimak_desktop.services.ledger_cache import ledger_totals

    rows: dict[Any, int] = {}
    for (day, service), (_count, amount) in ledger_totals(session).allocated.items():
        if period.first <= day <= period.last:
            rows[service] = rows.get(service, 0) + amount
    return _per_service(session, "collected", rows)


def _per_service(session: Session, key: str, rows: dict[Any, Any]) -> dict[str, Figure]:
    out: dict[str, Figure] = {}
    for sid, (code, name_ky, name_ru) in services(session).items():
        value = rows.get(sid)
        out[code] = Figure(
            key, None if value is None else int(value), "money", {"ky": name_ky, "ru": name_ru}
        )
    return out


def payments_between(session: Session, first: dt.date, last: dt.date, key: str) -> Figure:
    """Money taken from `first` to `last` (inclusive) = payments - voids of those days (tyiyn).

    `parts` has the number of receipts. No data when the office never took a payment (it does
    not use the cash desk); otherwise a day without payments is 0.
    """
    ever = session.execute(select(Payment.id).limit(1)).first()
    if ever is None:
        return Figure(key, None, "money", {"receipts": 0})
    count, paid = session.execute(
        select(func.count(), func.coalesce(func.sum(Payment.amount), 0)).where(
            Payment.day >= first, Payment.day <= last
        )
    ).one()
    voided = session.scalar(
        select(func.coalesce(func.sum(Void.amount), 0)).where(Void.day >= first, Void.day <= last)
    )
    return Figure(key, int(paid) - int(voided or 0), "money", {"receipts": int(count)})
