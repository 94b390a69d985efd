"""Taking payments at the desk: amount checks, allocation, receipt numbers, voids.

A payment, its receipt number, its allocations and the oplog/audit rows are one transaction:
killed midway, nothing of it exists and the number was never taken. Numbers come from this PC's
own series ("A-2026-000123"): unique across PCs (each PC has its own series), gap-free within a
series, never reused (a voided receipt keeps its number and is listed as voided).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from aimak_desktop.errors import NotFound, PermissionDenied, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_money, parse_money
from aimak_desktop.models.billing import (
    Allocation,
    Charge,
    DayClose,
    Payment,
    PaymentMethod,
    ReceiptCounter,
    Void,
)
from aimak_desktop.models.catalog import Service, Subscription
from aimak_desktop.models.core import LocalDevice, Role
from aimak_desktop.models.register import Household
from aimak_desktop.services.auth import CASH_ROLES, Actor, require_role
from aimak_desktop.services.write_path import write

#: Above this (1,000,000 som) an amount is taken only with confirm=True: a typo guard.
CONFIRM_ABOVE = 1_000_000 * 100
#: Roles that may void a receipt of a day already closed.
CLOSED_DAY_ROLES = frozenset({Role.HEAD, Role.ADMIN})


@dataclass(frozen=True)
class Share:
    """Money of a payment credited to one service (periods it covered, oldest first)."""

    service_id: uuid.UUID
    amount: int
    period_from: str
    period_to: str


@dataclass
class TakenPayment:
    """The saved payment with its receipt number, its shares and what is left as advance."""

    payment: Payment
    receipt_no: str
    shares: list[Share] = field(default_factory=list)
    advance: int = 0


def parse_amount(text: str | int | Decimal) -> int:
    """An amount typed by the cashier ("1 234,50") -> tyiyn, with the clerk's message on error.

    Raises:
        ValidationError: not an amount, or more than two decimals (field "amount").
    """
    try:
        return parse_money(text)
    except ValueError as exc:
        raise ValidationError(str(exc), field="amount") from None


def check_amount(amount: int, *, confirm: bool = False) -> int:
    """Raises ValidationError for zero, negative, non-integer tyiyn or an unconfirmed absurd sum."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError(
            _("{text} is not an amount of money. Write it like 1 234,50.").format(text=amount),
            field="amount",
        )
    if amount == 0:
        raise ValidationError(_("The amount is zero. Enter the sum received."), field="amount")
    if amount < 0:
        raise ValidationError(
            _("The amount cannot be negative. To return money, void the receipt."),
            field="amount",
        )
    if amount > CONFIRM_ABOVE and not confirm:
        raise ValidationError(
            _("{amount} is a very large sum. Check it and confirm to take it.").format(
                amount=format_money(amount)
            ),
            field="amount",
        )
    return amount


def _method(method: str | PaymentMethod) -> str:
    try:
        return PaymentMethod(str(method).strip().lower()).value
    except ValueError:
        raise ValidationError(
            _("Unknown payment method {method}. Use cash, bank or qr.").format(method=method),
            field="method",
        ) from None


def next_receipt_no(session: Session, year: int) -> tuple[str, int, str]:
    """Take the next number of this PC's series for `year` (inside the caller's transaction).

    Returns:
        (series, seq, receipt number).
    """
    device = session.get(LocalDevice, 1)
    if device is None:
        raise ValidationError(_("This data folder holds no office yet."))
    series = device.series
    counter = (ReceiptCounter.series == series) & (ReceiptCounter.year == year)
    done = session.execute(
        update(ReceiptCounter).where(counter).values(last_seq=ReceiptCounter.last_seq + 1)
    )
    if done.rowcount == 0:  # type: ignore[attr-defined]
        session.execute(insert(ReceiptCounter).values(series=series, year=year, last_seq=1))
    seq = int(session.scalar(select(ReceiptCounter.last_seq).where(counter)) or 1)
    # Never behind a receipt already saved in this series (a counter row lost or re-created).
    highest = session.scalar(
        select(func.max(Payment.seq)).where(Payment.series == series, Payment.year == year)
    )
    if highest is not None and seq <= highest:
        seq = int(highest) + 1
        session.execute(update(ReceiptCounter).where(counter).values(last_seq=seq))
    return series, seq, f"{series}-{year}-{seq:06d}"


def service_balances(session: Session, household_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """Debt per service (> 0 owed, < 0 paid ahead for that service)."""
    charged = session.execute(
        select(Charge.service_id, func.sum(Charge.amount))
        .where(Charge.household_id == household_id)
        .group_by(Charge.service_id)
    ).all()
    allocated = dict(
        session.execute(
            select(Allocation.service_id, func.sum(Allocation.amount))
            .where(Allocation.household_id == household_id)
            .group_by(Allocation.service_id)
        ).all()
    )
    out = {sid: int(total) - int(allocated.pop(sid, 0) or 0) for sid, total in charged}
    out.update({sid: -int(total) for sid, total in allocated.items()})
    return out


def open_pieces(
    session: Session, household_id: uuid.UUID
) -> list[tuple[dt.date, str, str, uuid.UUID, int]]:
    """Unpaid parts of charges, oldest first: (due date, period, service code, service, amount).

    A service's allocated money pays its oldest charges first, so what is still open is its
    newest charges up to the service's debt.
    """
    balances = service_balances(session, household_id)
    rows = session.execute(
        select(
            Charge.service_id,
            Charge.period,
            func.min(Charge.due_date),
            func.sum(Charge.amount),
            Service.code,
        )
        .join(Service, Service.id == Charge.service_id)
        .where(Charge.household_id == household_id)
        .group_by(Charge.service_id, Charge.period, Service.code)
    ).all()
    by_service: dict[uuid.UUID, list[tuple[dt.date, str, str, int]]] = defaultdict(list)
    for service_id, period, due, amount, code in rows:
        by_service[service_id].append((due, period, code, int(amount)))
    pieces = []
    for service_id, periods in by_service.items():
        left = balances.get(service_id, 0)
        for due, period, code, amount in sorted(periods, reverse=True):
            if left <= 0:
                break
            if amount <= 0:
                continue
            take = min(amount, left)
            pieces.append((due, period, code, service_id, take))
            left -= take
    return sorted(pieces)


def _allocate(
    session: Session, household_id: uuid.UUID, amount: int, service_id: uuid.UUID | None
) -> list[Share]:
    pieces = open_pieces(session, household_id)
    if service_id is not None:
        mine = [p for p in pieces if p[3] == service_id]
        first = mine[0][1] if mine else ""
        last = mine[-1][1] if mine else ""
        return [Share(service_id, amount, first, last)]
    shares: dict[uuid.UUID, Share] = {}
    left = amount
    for _due, period, _code, sid, open_amount in pieces:
        if left == 0:
            break
        take = min(left, open_amount)
        left -= take
        old = shares.get(sid)
        shares[sid] = (
            Share(sid, old.amount + take, old.period_from, period)
            if old
            else Share(sid, take, period, period)
        )
    return list(shares.values())


def take_payment(
    session: Session,
    actor: Actor,
    household_id: uuid.UUID,
    amount_tyiyn: int,
    method: str | PaymentMethod = PaymentMethod.CASH,
    service_id: uuid.UUID | None = None,
    note: str = "",
    *,
    confirm: bool = False,
    now: dt.datetime | None = None,
) -> TakenPayment:
    """Save a payment with the next receipt number and credit it to the household's debts.

    The money pays the oldest open charges first across services, or only `service_id` when
    one is chosen; whatever is left is an advance used by later charges.

    Args:
        amount_tyiyn: parse typed text first with `parse_amount`.
        confirm: required above 1,000,000 som.
        now: local time of the payment (tests); defaults to the PC's clock.

    Raises:
        ValidationError: bad amount or method, archived household, a service it does not take.
        NotFound: no such household.
    """
    require_role(actor, CASH_ROLES)
    amount = check_amount(amount_tyiyn, confirm=confirm)
    method_value = _method(method)
    note = " ".join((note or "").split())[:500]
    local = now or dt.datetime.now()
    with write(session, actor, "payment.take") as unit:
        household = session.get(Household, household_id)
        if household is None:
            raise NotFound(_("This household does not exist."))
        if household.archived_at is not None:
            raise ValidationError(
                _("Account {account} is archived: payments cannot be taken for it.").format(
                    account=household.account_no
                )
            )
        if service_id is not None:
            _check_service(session, household, service_id)
        shares = _allocate(session, household.id, amount, service_id)
        series, seq, number = next_receipt_no(session, local.year)
        payment = Payment(
            household_id=household.id,
            amount=amount,
            method=method_value,
            service_id=service_id,
            note=note,
            cashier_id=actor.user_id,
            cashier_name=actor.name,
            paid_at=local.astimezone(dt.UTC).replace(tzinfo=None),
            day=local.date(),
            receipt_no=number,
            series=series,
            year=local.year,
            seq=seq,
        )
        session.add(payment)
        session.flush()
        for share in shares:
            session.add(
                Allocation(
                    payment_id=payment.id,
                    household_id=household.id,
                    service_id=share.service_id,
                    amount=share.amount,
                    period_from=share.period_from,
                    period_to=share.period_to,
                    day=local.date(),
                )
            )
        unit.target = payment
        unit.summary = f"{number} {household.account_no} {amount}"
    return TakenPayment(payment, number, shares, amount - sum(s.amount for s in shares))


def _check_service(session: Session, household: Household, service_id: uuid.UUID) -> None:
    takes = session.scalar(
        select(Subscription.id).where(
            Subscription.household_id == household.id, Subscription.service_id == service_id
        )
    ) or session.scalar(
        select(Charge.id).where(
            Charge.household_id == household.id, Charge.service_id == service_id
        )
    )
    if takes is None:
        raise ValidationError(
            _("Account {account} does not take this service.").format(account=household.account_no),
            field="service",
        )


def find_payment(session: Session, receipt_no: str) -> Payment:
    payment = session.scalar(select(Payment).where(Payment.receipt_no == receipt_no.strip()))
    if payment is None:
        raise NotFound(_("There is no receipt number {number}.").format(number=receipt_no))
    return payment


def is_day_closed(session: Session, cashier_id: uuid.UUID | None, day: dt.date) -> bool:
    return (
        session.scalar(
            select(DayClose.id).where(DayClose.cashier_id == cashier_id, DayClose.day == day)
        )
        is not None
    )


def void_receipt(
    session: Session,
    actor: Actor,
    receipt_no: str,
    reason: str,
    *,
    now: dt.datetime | None = None,
) -> Void:
    """Void a receipt: its number stays used, its money goes back to the household's debts.

    Accountant, head or administrator; once the cashier's day is closed only the head or the
    administrator.

    Raises:
        ValidationError: no reason, or already voided.
        PermissionDenied: the role may not void (that day).
        NotFound: no such receipt.
    """
    require_role(actor, CASH_ROLES)
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError(_("Please give the reason for voiding."), field="reason")
    local = now or dt.datetime.now()
    with write(session, actor, "receipt.void", text) as unit:
        payment = find_payment(session, receipt_no)
        if session.scalar(select(Void.id).where(Void.payment_id == payment.id)) is not None:
            raise ValidationError(
                _("Receipt {number} is already voided.").format(number=payment.receipt_no)
            )
        closed = is_day_closed(session, payment.cashier_id, payment.day)
        if closed and actor.role not in CLOSED_DAY_ROLES:
            raise PermissionDenied(
                _(
                    "The cash day of {day} is closed. Only the head of office or an "
                    "administrator can void its receipts."
                ).format(day=payment.day.isoformat())
            )
        void = Void(
            payment_id=payment.id,
            receipt_no=payment.receipt_no,
            household_id=payment.household_id,
            amount=payment.amount,
            reason=text[:500],
            actor_id=actor.user_id,
            actor_name=actor.name,
            day=local.date(),
            after_close=closed,
        )
        session.add(void)
        session.flush()
        for alloc in session.scalars(
            select(Allocation).where(
                Allocation.payment_id == payment.id, Allocation.void_id.is_(None)
            )
        ).all():
            session.add(
                Allocation(
                    payment_id=payment.id,
                    void_id=void.id,
                    household_id=alloc.household_id,
                    service_id=alloc.service_id,
                    amount=-alloc.amount,
                    period_from=alloc.period_from,
                    period_to=alloc.period_to,
                    day=local.date(),
                )
            )
        unit.target, unit.summary = void, f"{payment.receipt_no}: {text}"
    return void


def voided_receipts(session: Session, year: int | None = None) -> list[Void]:
    """The voided receipt numbers (auditors ask for this list), oldest number first."""
    query = select(Void).join(Payment, Payment.id == Void.payment_id)
    if year is not None:
        query = query.where(Payment.year == year)
    return list(session.scalars(query.order_by(Payment.series, Payment.year, Payment.seq)))


def last_payments(session: Session, household_id: uuid.UUID, limit: int = 10) -> list[Payment]:
    """The household's latest payments, newest first (for the cash desk)."""
    return list(
        session.scalars(
            select(Payment)
            .where(Payment.household_id == household_id)
            .order_by(Payment.paid_at.desc())
            .limit(limit)
        )
    )
