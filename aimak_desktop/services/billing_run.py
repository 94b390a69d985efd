"""The accrual run: charges for a month, its preview, adjustments, penalties and reversals.

Rules (docs/billing.md): per person = residents x tariff; metered = litres used in the month x
tariff per m³; per household and fixed = the tariff. Monthly services are charged every month,
yearly ones in the office's yearly month (January by default) with period "YYYY", one-off ones
once in the month they start. Re-running a month adds only what is missing (a unique key per
subscription and period); corrections are adjustment or reversal rows, never edits.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.billing import Allocation, BillingRun, Charge, ChargeKind
from aimak_desktop.models.catalog import (
    ALL_CATEGORIES,
    ANY_TAP,
    BillingUnit,
    MeterReading,
    Period,
    Service,
    Subscription,
    Tariff,
)
from aimak_desktop.models.ids import parse_id, stored_id
from aimak_desktop.models.register import Household, Village
from aimak_desktop.services.auth import CASH_ROLES, Actor, require_role
from aimak_desktop.services.billing_rules import (
    JOIN_PRO_RATA,
    BillingRules,
    consumption_litres,
    load_rules,
    month_bounds,
    parse_period,
    period_label,
    round_div,
)
from aimak_desktop.services.write_path import write

_CHUNK = 20_000
NO_ID = uuid.UUID(int=0)
# Plain strings of the enums the accrual loop compares 165,000 times.
YEARLY, ONCE = Period.YEARLY.value, Period.ONCE.value
M3, PERSON = BillingUnit.M3.value, BillingUnit.PERSON.value


@dataclass(slots=True)
class ExpectedCharge:
    """What a subscription owes for a period under the current rules (not yet saved)."""

    subscription_id: uuid.UUID
    household_id: uuid.UUID
    service_id: uuid.UUID
    village_id: uuid.UUID
    period: str
    amount: int
    quantity: int
    unit_amount: int
    tariff_id: uuid.UUID | None
    days: int | None
    period_days: int | None
    key: str


@dataclass
class RunLine:
    """Preview/result figures of one service in one village."""

    service_code: str
    village: str
    count: int = 0
    total: int = 0


@dataclass
class RunSummary:
    """What a run would add (preview) or added (commit)."""

    period: str
    lines: list[RunLine] = field(default_factory=list)
    count: int = 0
    total: int = 0
    already_charged: int = 0
    penalties: int = 0
    penalty_total: int = 0
    run_id: uuid.UUID | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "count": self.count,
            "total": self.total,
            "already_charged": self.already_charged,
            "penalties": self.penalties,
            "penalty_total": self.penalty_total,
            "lines": [vars(line) for line in self.lines],
        }


class _Tariffs:
    """Every tariff of the billed services, resolved like services.catalog.current_tariff."""

    def __init__(self, session: Session, service_ids: list[uuid.UUID]) -> None:
        self._by_service: dict[uuid.UUID, list[Any]] = defaultdict(list)
        rows = session.execute(
            select(
                Tariff.id,
                Tariff.service_id,
                Tariff.category,
                Tariff.tap_type,
                Tariff.amount,
                Tariff.valid_from,
                Tariff.valid_to,
            ).where(Tariff.service_id.in_(service_ids))
        ).all()
        for row in rows:
            self._by_service[row.service_id].append(row)
        self._cache: dict[tuple[Any, ...], Any] = {}

    def get(
        self, service_id: uuid.UUID, category: str, tap: str, on: dt.date, stored: str = ""
    ) -> Any:
        """The tariff in force; `stored` (the service id as read, if at hand) keys the cache
        faster than the UUID, which the accrual loop would hash 165,000 times."""
        key = (stored or service_id, category, tap, on)
        if key not in self._cache:
            valid = [
                t
                for t in self._by_service.get(service_id, ())
                if t.valid_from <= on and (t.valid_to is None or t.valid_to >= on)
            ]
            found = None
            for wanted in ((category, tap), (category, ANY_TAP), (ALL_CATEGORIES, tap)):
                found = next((t for t in valid if (t.category, t.tap_type) == wanted), None)
                if found is not None:
                    break
            if found is None:
                found = next(
                    (t for t in valid if (t.category, t.tap_type) == (ALL_CATEGORIES, ANY_TAP)),
                    None,
                )
            self._cache[key] = found
        return self._cache[key]


def _readings(
    session: Session, start: dt.date, end: dt.date
) -> dict[str, list[tuple[dt.date, int, bool]]]:
    """Per stored subscription id: its baseline (the last valid reading before `start`, at most
    400 days back) and its valid readings from `start` to `end`, in date order.

    That is all `consumption_litres` reads: earlier readings only set a baseline the next one
    replaces. Two passes over the readings index (only metered subscriptions have readings),
    whatever the number of subscriptions.
    """
    valid = MeterReading.voided_at.is_(None)
    newest_first = func.row_number().over(
        partition_by=MeterReading.subscription_id,
        order_by=(MeterReading.reading_date.desc(), MeterReading.created_at.desc()),
    )
    before = (
        select(
            MeterReading.subscription_id,
            MeterReading.reading_date,
            MeterReading.value_l,
            MeterReading.meter_replaced,
            newest_first.label("newest"),
        )
        .where(
            valid,
            MeterReading.reading_date >= start - dt.timedelta(days=400),
            MeterReading.reading_date < start,
        )
        .subquery()
    )
    baselines = select(
        stored_id(before.c.subscription_id),
        before.c.reading_date,
        before.c.value_l,
        before.c.meter_replaced,
    ).where(before.c.newest == 1)
    inside = (
        select(
            stored_id(MeterReading.subscription_id),
            MeterReading.reading_date,
            MeterReading.value_l,
            MeterReading.meter_replaced,
        )
        .where(valid, MeterReading.reading_date >= start, MeterReading.reading_date <= end)
        .order_by(MeterReading.subscription_id, MeterReading.reading_date, MeterReading.created_at)
    )
    out: dict[str, list[tuple[dt.date, int, bool]]] = defaultdict(list)
    for query in (baselines, inside):  # the baseline first, then the month in order
        for sub, day, value, replaced in session.execute(query):
            out[sub].append((day, value, replaced))
    return out


def _remember(ids: dict[str, uuid.UUID], raw: str) -> uuid.UUID:
    ids[raw] = found = parse_id(raw)
    return found


def expected_charges(
    session: Session,
    year: int,
    month: int,
    rules: BillingRules | None = None,
    *,
    for_adjustment: bool = False,
) -> list[ExpectedCharge]:
    """Charges every subscription owes for the month under today's register and tariffs.

    With `for_adjustment` a metered subscription without a reading counts as 0 (rather than
    "not yet billable") so a voided reading can be corrected.
    """
    rules = rules or load_rules(session)
    start, end = month_bounds(year, month)
    services = session.execute(
        select(Service.id, Service.billing_unit, Service.period).where(
            Service.archived_at.is_(None)
        )
    ).all()
    kinds: dict[uuid.UUID, tuple[str, str]] = {}
    for svc in services:
        if svc.period == Period.YEARLY.value and month != rules.yearly_month:
            continue
        kinds[svc.id] = (svc.billing_unit, svc.period)
    if not kinds:
        return []
    tariffs = _Tariffs(session, list(kinds))
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    subs = session.execute(
        select(
            stored_id(Subscription.id),
            stored_id(Subscription.household_id),
            stored_id(Subscription.service_id),
            Subscription.start_date,
            Subscription.end_date,
            Subscription.tap_type,
            Household.residents,
            Household.category,
            stored_id(Household.village_id),
            Household.archived_at,
        )
        .join(Household, Household.id == Subscription.household_id)
        .where(
            Subscription.service_id.in_(list(kinds)),
            Subscription.start_date <= end,
            or_(Subscription.end_date.is_(None), Subscription.end_date >= year_start),
            or_(Household.archived_at.is_(None), Household.archived_at >= year_start),
        )
    ).all()
    metered = any(unit == M3 for unit, _period in kinds.values())
    readings = _readings(session, start, end) if metered else {}
    label = period_label(year, month)
    # What each service's charge covers: (unit, kind, period start, end, label, key suffix).
    plans: dict[str, tuple[str, str, dt.date, dt.date, str, str]] = {}
    for sid, (unit, kind) in kinds.items():
        if kind == YEARLY:
            plan = (unit, kind, year_start, year_end, str(year), str(year))
        elif kind == ONCE:
            plan = (unit, kind, start, end, label, "once")
        else:
            plan = (unit, kind, start, end, label, label)
        plans[str(sid)] = plans[sid.hex] = plan  # stored: hex on SQLite, dashed on PostgreSQL
    pro_rata = rules.join_rule == JOIN_PRO_RATA
    once_since = start - dt.timedelta(days=365)
    # Ids arrive as stored; each distinct one becomes a UUID once (services and villages are
    # few, a household has one or two subscriptions).
    same: dict[str, uuid.UUID] = {}
    out: list[ExpectedCharge] = []
    for raw_id, household, service, since, until, tap, residents, category, village, gone in subs:
        unit, kind, p_start, p_end, p_label, suffix = plans[service]
        if gone is not None:
            left = gone.date()
            until = left if until is None else min(until, left)
        if kind == ONCE and since < once_since:
            continue  # charged once, in the month it starts (or the first run within a year)
        # overlap_days() and max() inlined: this loop runs once per subscription.
        first = since if since > p_start else p_start
        last = p_end if until is None or until > p_end else until
        days = (last - first).days + 1 if last >= first else 0
        if days == 0 and kind != ONCE:
            continue
        service_id = same.get(service) or _remember(same, service)
        tariff = tariffs.get(service_id, category, tap, first, stored=service)
        if tariff is None:
            continue  # no tariff in force: nothing can be charged (the preview shows it)
        if unit == M3:
            litres = consumption_litres(readings.get(raw_id, ()), start, end)
            if litres is None and not for_adjustment:
                continue
            quantity = litres or 0
            amount = round_div(quantity * tariff.amount, 1000)
        else:
            quantity = max(0, residents) if unit == PERSON else 1
            amount = quantity * tariff.amount
        period_days = (p_end - p_start).days + 1
        share: int | None = None
        if pro_rata and unit != M3 and kind != ONCE and days < period_days:
            amount = round_div(amount * days, period_days)
            share = days
        sub_id = parse_id(raw_id)
        out.append(
            ExpectedCharge(
                sub_id,
                same.get(household) or _remember(same, household),
                service_id,
                same.get(village) or _remember(same, village),
                p_label,
                amount,
                quantity,
                tariff.amount,
                tariff.id,
                share,
                period_days if share is not None else None,
                f"{sub_id}:{suffix}",
            )
        )
    return out


def _existing_keys(session: Session, expected: list[ExpectedCharge]) -> set[str]:
    periods = {e.period for e in expected if not e.key.endswith(":once")}
    keys: set[str] = set()
    if periods:
        keys.update(
            k
            for (k,) in session.execute(
                select(Charge.dedupe_key).where(
                    Charge.period.in_(periods), Charge.kind == ChargeKind.CHARGE.value
                )
            )
            if k
        )
    # A one-off charge's key is "<subscription>:once" whatever its period: look the keys up.
    once = [e.key for e in expected if e.key.endswith(":once")]
    for first in range(0, len(once), 900):
        keys.update(
            session.scalars(
                select(Charge.dedupe_key).where(Charge.dedupe_key.in_(once[first : first + 900]))
            )
        )
    return keys


def _summarise(session: Session, label: str, new: list[ExpectedCharge], already: int) -> RunSummary:
    codes = dict(session.execute(select(Service.id, Service.code)).all())
    villages = dict(session.execute(select(Village.id, Village.name)).all())
    # Grouped first by the id objects themselves: `expected_charges` shares one UUID object per
    # service and village, and hashing 160,000 UUIDs twice costs more than the rest of this.
    groups: dict[tuple[int, int], list[Any]] = {}
    for e in new:
        group = groups.get((id(e.service_id), id(e.village_id)))
        if group is None:
            group = groups[(id(e.service_id), id(e.village_id))] = [e, 0, 0]
        group[1] += 1
        group[2] += e.amount
    lines: dict[tuple[str, str], RunLine] = {}
    for e, count, total in groups.values():
        key = (codes.get(e.service_id, "?"), villages.get(e.village_id, ""))
        line = lines.setdefault(key, RunLine(*key))
        line.count += count
        line.total += total
    summary = RunSummary(label, sorted(lines.values(), key=lambda x: (x.service_code, x.village)))
    summary.count = len(new)
    summary.total = sum(e.amount for e in new)
    summary.already_charged = already
    return summary


def preview_run(session: Session, period: str) -> RunSummary:
    """What `commit_run` would add for the month: counts and totals per service and village."""
    year, month = parse_period(period)
    expected = expected_charges(session, year, month)
    have = _existing_keys(session, expected)
    new = [e for e in expected if e.key not in have]
    summary = _summarise(session, period_label(year, month), new, len(expected) - len(new))
    penalties = _penalties(session, year, month, load_rules(session))
    summary.penalties = len(penalties)
    summary.penalty_total = sum(p["amount"] for p in penalties)
    return summary


def due_date(year: int, month: int, rules: BillingRules) -> dt.date:
    return month_bounds(year, month)[1] + dt.timedelta(days=rules.due_days)


def charge_columns(
    expected: list[ExpectedCharge],
    due: dt.date,
    run_id: uuid.UUID | None,
    kind: str = ChargeKind.CHARGE.value,
    reason: str = "",
    amounts: list[int] | None = None,
) -> dict[str, list[Any]]:
    """Charge rows for `expected`, column by column (a run writes 160,000 without a dict each).

    `amounts` replaces the expected amounts (an adjustment's differences); only a charge
    carries the run's unique key.
    """
    n = len(expected)
    return {
        "household_id": [e.household_id for e in expected],
        "service_id": [e.service_id for e in expected],
        "subscription_id": [e.subscription_id for e in expected],
        "period": [e.period for e in expected],
        "kind": [kind] * n,
        "amount": [e.amount for e in expected] if amounts is None else amounts,
        "quantity": [e.quantity for e in expected],
        "unit_amount": [e.unit_amount for e in expected],
        "tariff_id": [e.tariff_id for e in expected],
        "days": [e.days for e in expected],
        "period_days": [e.period_days for e in expected],
        "due_date": [due] * n,
        "reason": [reason] * n,
        "run_id": [run_id] * n,
        "reverses_id": [None] * n,
        "dedupe_key": [e.key if kind == ChargeKind.CHARGE.value else None for e in expected],
    }


def charge_row(
    e: ExpectedCharge, kind: str, amount: int, due: dt.date, run_id: uuid.UUID | None, reason: str
) -> dict[str, Any]:
    """One charge row (`charge_columns` of one)."""
    columns = charge_columns([e], due, run_id, kind, reason, [amount])
    return {key: values[0] for key, values in columns.items()}


def _penalties(
    session: Session, year: int, month: int, rules: BillingRules
) -> list[dict[str, Any]]:
    """Late-payment penalty rows for the month (services with the rule switched on only)."""
    services = session.execute(
        select(Service.id, Service.penalty_bp_per_month, Service.penalty_grace_days).where(
            Service.penalty_enabled.is_(True),
            Service.penalty_bp_per_month > 0,
            Service.archived_at.is_(None),
        )
    ).all()
    if not services:
        return []
    start, _end = month_bounds(year, month)
    label = period_label(year, month)
    due = due_date(year, month, rules)
    done = set(
        session.scalars(
            select(Charge.dedupe_key).where(
                Charge.period == label, Charge.kind == ChargeKind.PENALTY.value
            )
        )
    )
    rows: list[dict[str, Any]] = []
    for service_id, bp, grace in services:
        cutoff = start - dt.timedelta(days=grace)
        # Households as stored: only the few that owe a penalty become UUIDs.
        overdue = session.execute(
            select(stored_id(Charge.household_id), func.sum(Charge.amount))
            .where(Charge.service_id == service_id, Charge.due_date < cutoff)
            .group_by(Charge.household_id)
        ).all()
        paid: dict[str, int] = dict(
            session.execute(  # type: ignore[arg-type]
                select(stored_id(Allocation.household_id), func.sum(Allocation.amount))
                .where(Allocation.service_id == service_id)
                .group_by(Allocation.household_id)
            ).all()
        )
        for raw_household, owed in overdue:
            debt = int(owed) - int(paid.get(raw_household) or 0)
            amount = round_div(debt * bp, 10_000) if debt > 0 else 0
            if amount <= 0:
                continue
            household_id = parse_id(raw_household)
            key = f"{household_id}:{service_id}:{label}:penalty"
            if key in done:
                continue
            rows.append(
                {
                    "household_id": household_id,
                    "service_id": service_id,
                    "subscription_id": None,
                    "period": label,
                    "kind": ChargeKind.PENALTY.value,
                    "amount": amount,
                    "quantity": debt,
                    "unit_amount": bp,
                    "tariff_id": None,
                    "days": None,
                    "period_days": None,
                    "due_date": due,
                    "reason": "",
                    "reverses_id": None,
                    "dedupe_key": key,
                }
            )
    return rows


def commit_run(session: Session, actor: Actor, period: str) -> RunSummary:
    """Add the month's missing charges (and penalties where a service has the rule on).

    One transaction: killed midway, the database holds all of the run or none of it.

    Raises:
        ValidationError: bad period, or nothing to charge (the month was already billed).
    """
    require_role(actor, CASH_ROLES)
    year, month = parse_period(period)
    label = period_label(year, month)
    with write(session, actor, "billing.run", label) as unit:
        rules = load_rules(session)
        expected = expected_charges(session, year, month, rules)
        have = _existing_keys(session, expected)
        new = [e for e in expected if e.key not in have]
        penalties = _penalties(session, year, month, rules)
        if not new and not penalties:
            raise ValidationError(
                _("{period} is already billed: nothing new to charge.").format(period=label)
                if have
                else _("Nothing to charge for {period}: no subscriptions with a tariff.").format(
                    period=label
                ),
                field="period",
            )
        summary = _summarise(session, label, new, len(have))
        summary.penalties = len(penalties)
        summary.penalty_total = sum(p["amount"] for p in penalties)
        run: dict[str, Any] = {
            "period": label,
            "kind": "run",
            "rows": len(new) + len(penalties),
            "total": summary.total + summary.penalty_total,
            "reason": "",
            "actor_id": actor.user_id,
            "actor_name": actor.name,
        }
        unit.insert_rows(BillingRun, [run])
        due = due_date(year, month, rules)
        for first in range(0, len(new), _CHUNK):
            unit.insert_columns(Charge, charge_columns(new[first : first + _CHUNK], due, run["id"]))
        for p in penalties:
            p["run_id"] = run["id"]
        unit.insert_rows(Charge, penalties)
        unit.summary = f"{label}: {len(new)} charges, {summary.total} tyiyn"
        summary.run_id = run["id"]
    return summary


def tariff_used(session: Session, tariff_id: uuid.UUID) -> bool:
    """True when a charge was made with the tariff (the hook for catalog.tariff_in_use)."""
    found = session.scalar(select(Charge.id).where(Charge.tariff_id == tariff_id).limit(1))
    return found is not None
