"""Corrections of charges: adjustment rows after a tariff or residents change, and reversals.

Charges are never edited; each correction is a new row with a reason and an actor.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import NotFound, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.billing import BillingRun, Charge, ChargeKind
from aimak_desktop.services.auth import CASH_ROLES, Actor, require_role
from aimak_desktop.services.billing_rules import (
    load_rules,
    parse_period,
    period_label,
)
from aimak_desktop.services.billing_run import (
    NO_ID,
    ExpectedCharge,
    RunSummary,
    charge_row,
    due_date,
    expected_charges,
)
from aimak_desktop.services.write_path import write


def _clean_reason(reason: str) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError(_("Please give the reason."), field="reason")
    return text[:500]


def adjust_charges(session: Session, actor: Actor, period: str, reason: str) -> RunSummary:
    """Recompute the month's charges and add the differences as adjustment rows with `reason`.

    Only subscriptions already charged for the month (and not reversed) are adjusted; missing
    charges come from running the month again.

    Raises:
        ValidationError: bad period, no reason, or nothing changed.
    """
    require_role(actor, CASH_ROLES)
    year, month = parse_period(period)
    label = period_label(year, month)
    text = _clean_reason(reason)
    with write(session, actor, "billing.adjust", f"{label}: {text}") as unit:
        rules = load_rules(session)
        expected = {
            (e.subscription_id, e.period): e
            for e in expected_charges(session, year, month, rules, for_adjustment=True)
        }
        periods = {label, str(year)} if month == rules.yearly_month else {label}
        current = session.execute(
            select(
                Charge.subscription_id,
                Charge.period,
                Charge.household_id,
                Charge.service_id,
                func.sum(Charge.amount).label("amount"),
                func.sum(case((Charge.kind == ChargeKind.REVERSAL.value, 1), else_=0)).label(
                    "reversed"
                ),
                func.max(
                    case((Charge.kind == ChargeKind.CHARGE.value, Charge.dedupe_key), else_=None)
                ).label("key"),
            )
            .where(
                Charge.period.in_(periods),
                Charge.subscription_id.is_not(None),
                Charge.kind != ChargeKind.PENALTY.value,
            )
            .group_by(Charge.subscription_id, Charge.period, Charge.household_id, Charge.service_id)
        ).all()
        due = due_date(year, month, rules)
        run: dict[str, Any] = {
            "period": label,
            "kind": "adjust",
            "reason": text,
            "actor_id": actor.user_id,
            "actor_name": actor.name,
        }
        rows: list[dict[str, Any]] = []
        for c in current:
            if c.reversed or c.key is None:
                continue  # reversed on purpose, or only adjustments left: not ours to redo
            e = expected.get((c.subscription_id, c.period))
            target = e.amount if e is not None else 0
            diff = target - int(c.amount)
            if diff == 0:
                continue
            if e is None:  # no longer owed at all (ended, archived, reading voided)
                e = ExpectedCharge(
                    c.subscription_id,
                    c.household_id,
                    c.service_id,
                    NO_ID,
                    c.period,
                    0,
                    0,
                    0,
                    None,
                    None,
                    None,
                    "",
                )
            rows.append(charge_row(e, ChargeKind.ADJUSTMENT.value, diff, due, None, text))
        if not rows:
            raise ValidationError(
                _("The charges of {period} already match the register and tariffs.").format(
                    period=label
                )
            )
        run["rows"], run["total"] = len(rows), sum(r["amount"] for r in rows)
        unit.insert_rows(BillingRun, [run])
        for r in rows:
            r["run_id"] = run["id"]
        unit.insert_rows(Charge, rows)
    summary = RunSummary(label, count=len(rows), total=run["total"], run_id=run["id"])
    return summary


def reverse_charge(session: Session, actor: Actor, charge_id: uuid.UUID, reason: str) -> Charge:
    """Cancel a charge with a reversal row of the opposite amount (the charge stays on record).

    Raises:
        ValidationError: no reason, a reversal itself, or already reversed.
        NotFound: no such charge.
    """
    require_role(actor, CASH_ROLES)
    text = _clean_reason(reason)
    with write(session, actor, "charge.reverse", text) as unit:
        charge = session.get(Charge, charge_id)
        if charge is None:
            raise NotFound(_("This charge does not exist."))
        if charge.kind == ChargeKind.REVERSAL.value:
            raise ValidationError(_("A reversal cannot be reversed."))
        key = f"rev:{charge.id}"
        if session.scalar(select(Charge.id).where(Charge.dedupe_key == key)) is not None:
            raise ValidationError(_("This charge is already reversed."))
        reversal = Charge(
            household_id=charge.household_id,
            service_id=charge.service_id,
            subscription_id=charge.subscription_id,
            period=charge.period,
            kind=ChargeKind.REVERSAL.value,
            amount=-charge.amount,
            quantity=charge.quantity,
            unit_amount=charge.unit_amount,
            tariff_id=charge.tariff_id,
            due_date=charge.due_date,
            reason=text,
            reverses_id=charge.id,
            dedupe_key=key,
        )
        session.add(reversal)
        unit.target = reversal
    return reversal
