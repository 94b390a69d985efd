"""Cash day close (Z-report figures) per cashier and day, and closing the day.

The figures are sums over the day's receipts: valid ones count in the totals, voided ones are
listed (their numbers stay used). Closing records the figures as they were (append-only); a
closed day's receipts can then be voided only by the head or an administrator.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.billing import Allocation, DayClose, Payment, PaymentMethod, Void
from aimak_desktop.services.auth import CASH_ROLES, Actor, require_role
from aimak_desktop.services.write_path import write

#: Key of money not credited to any service (an advance) in `DaySummary.by_service`.
ADVANCE = "advance"


@dataclass(frozen=True)
class VoidLine:
    receipt_no: str
    amount: int
    reason: str
    voided_by: str


@dataclass
class DaySummary:
    """A cashier's day: receipts (voided ones included), totals of the valid ones."""

    cashier_id: uuid.UUID | None
    cashier_name: str
    day: dt.date
    receipts: int = 0
    total: int = 0
    first_receipt_no: str = ""
    last_receipt_no: str = ""
    #: method -> (count, amount) of valid receipts
    by_method: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: service id (or ADVANCE) -> amount of valid receipts
    by_service: dict[str, int] = field(default_factory=dict)
    voids: list[VoidLine] = field(default_factory=list)
    closed: DayClose | None = None

    @property
    def void_total(self) -> int:
        return sum(v.amount for v in self.voids)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cashier": self.cashier_name,
            "day": self.day.isoformat(),
            "receipts": self.receipts,
            "total": self.total,
            "first_receipt_no": self.first_receipt_no,
            "last_receipt_no": self.last_receipt_no,
            "by_method": {k: {"count": c, "amount": a} for k, (c, a) in self.by_method.items()},
            "by_service": self.by_service,
            "voids": [vars(v) for v in self.voids],
            "closed": self.closed is not None,
        }


def day_summary(
    session: Session, cashier_id: uuid.UUID | None, day: dt.date, cashier_name: str = ""
) -> DaySummary:
    """The Z-report figures of one cashier's day, computed now from the ledger."""
    summary = DaySummary(cashier_id, cashier_name, day)
    payments = session.execute(
        select(
            Payment.id,
            Payment.receipt_no,
            Payment.amount,
            Payment.method,
            Payment.cashier_name,
            Void.id.label("void_id"),
            Void.reason,
            Void.actor_name,
        )
        .outerjoin(Void, Void.payment_id == Payment.id)
        .where(Payment.cashier_id == cashier_id, Payment.day == day)
        .order_by(Payment.series, Payment.year, Payment.seq)
    ).all()
    summary.receipts = len(payments)
    if payments:
        summary.first_receipt_no = payments[0].receipt_no
        summary.last_receipt_no = payments[-1].receipt_no
        summary.cashier_name = cashier_name or payments[0].cashier_name
    valid_ids = []
    for p in payments:
        if p.void_id is not None:
            summary.voids.append(VoidLine(p.receipt_no, p.amount, p.reason, p.actor_name))
            continue
        valid_ids.append(p.id)
        count, amount = summary.by_method.get(p.method, (0, 0))
        summary.by_method[p.method] = (count + 1, amount + p.amount)
        summary.total += p.amount
    summary.by_method = {
        m.value: summary.by_method[m.value] for m in PaymentMethod if m.value in summary.by_method
    }
    allocated = 0
    for first in range(0, len(valid_ids), 900):
        for service_id, amount in session.execute(
            select(Allocation.service_id, func.sum(Allocation.amount))
            .where(
                Allocation.payment_id.in_(valid_ids[first : first + 900]),
                Allocation.void_id.is_(None),
            )
            .group_by(Allocation.service_id)
        ):
            key = str(service_id)
            summary.by_service[key] = summary.by_service.get(key, 0) + int(amount)
            allocated += int(amount)
    if summary.total - allocated:
        summary.by_service[ADVANCE] = summary.total - allocated
    summary.closed = session.scalar(
        select(DayClose).where(DayClose.cashier_id == cashier_id, DayClose.day == day)
    )
    return summary


def close_day(
    session: Session, actor: Actor, day: dt.date, cashier_id: uuid.UUID | None = None
) -> DayClose:
    """Close a cashier's day (the actor's own by default) and record its Z-report figures.

    Raises:
        ValidationError: the day is already closed, or is in the future.
    """
    require_role(actor, CASH_ROLES)
    if day > dt.date.today():
        raise ValidationError(_("A day in the future cannot be closed."), field="day")
    cashier = actor.user_id if cashier_id is None else cashier_id
    with write(session, actor, "cash.close_day", day.isoformat()) as unit:
        summary = day_summary(session, cashier, day, actor.name if cashier_id is None else "")
        if summary.closed is not None:
            raise ValidationError(
                _("The cash day of {day} is already closed (by {name}).").format(
                    day=day.isoformat(), name=summary.closed.closed_by_name
                )
            )
        record = DayClose(
            cashier_id=cashier,
            cashier_name=summary.cashier_name,
            day=day,
            receipts=summary.receipts,
            total=summary.total,
            first_receipt_no=summary.first_receipt_no,
            last_receipt_no=summary.last_receipt_no,
            void_count=len(summary.voids),
            void_total=summary.void_total,
            by_method=json.dumps({k: list(v) for k, v in summary.by_method.items()}),
            by_service=json.dumps(summary.by_service),
            closed_by_id=actor.user_id,
            closed_by_name=actor.name,
        )
        session.add(record)
        unit.target = record
        unit.summary = f"{day.isoformat()} {summary.cashier_name}: {summary.total}"
    return record


def open_days(session: Session, cashier_id: uuid.UUID | None) -> list[dt.date]:
    """Days with receipts of the cashier that are not closed yet, oldest first."""
    closed = select(DayClose.day).where(DayClose.cashier_id == cashier_id)
    return list(
        session.scalars(
            select(Payment.day)
            .where(Payment.cashier_id == cashier_id, Payment.day.not_in(closed))
            .distinct()
            .order_by(Payment.day)
        )
    )
