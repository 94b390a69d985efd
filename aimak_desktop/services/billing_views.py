"""Build the plain data of billing documents (reports/billing_data.py) from the ledger.

The renderers never read the database; these functions are their only source.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import NotFound, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import to_local
from aimak_desktop.models.billing import Allocation, Charge, ChargeKind, Payment, Void
from aimak_desktop.models.catalog import Service
from aimak_desktop.models.core import LocalDevice
from aimak_desktop.models.register import Household, Street, Village
from aimak_desktop.reports.billing_data import (
    BillCharge,
    BillData,
    DayCloseData,
    DayCloseMethod,
    DayCloseService,
    DayCloseVoid,
    DebtorRow,
    DebtorsData,
    OfficeHeader,
    ReceiptData,
    ReceiptLine,
    StatementData,
    StatementEntry,
)
from aimak_desktop.services.billing_rules import load_rules, month_bounds, parse_period
from aimak_desktop.services.day_close import ADVANCE, day_summary
from aimak_desktop.services.debts import debtors_report, statement
from aimak_desktop.services.office import get_office
from aimak_desktop.services.payments import find_payment

ADVANCE_KY = "Аванс"
ADVANCE_RU = "Аванс"


def office_header(session: Session) -> OfficeHeader:
    office = get_office(session)
    if office is None:
        raise ValidationError(_("This data folder holds no office yet."))
    return OfficeHeader(
        name_ky=office.name_ky,
        name_ru=office.name_ru,
        address=office.address,
        phone=office.phone,
        bank_name=office.bank_name,
        bank_account=office.bank_account,
        bank_bik=office.bank_bik,
        tax_id=office.tax_id,
    )


def _services(session: Session) -> dict[uuid.UUID, Any]:
    return {s.id: s for s in session.scalars(select(Service))}


def _address(session: Session, household: Household) -> tuple[str, str]:
    village = session.get(Village, household.village_id)
    street = session.get(Street, household.street_id) if household.street_id else None
    return (village.name if village else "", street.name if street else "")


def _one_line(village: str, street: str, house: str) -> str:
    return ", ".join(p for p in (village, f"{street} {house}".strip()) if p)


def receipt_data(session: Session, receipt_no: str, *, is_copy: bool = False) -> ReceiptData:
    """The receipt of a payment (a reprint when `is_copy`). Raises NotFound for a bad number."""
    from aimak_desktop.services.receipt_code import receipt_code

    payment = find_payment(session, receipt_no)
    household = session.get(Household, payment.household_id)
    if household is None:
        raise NotFound(_("This household does not exist."))
    services = _services(session)
    issued = to_local(payment.paid_at)
    allocations = session.scalars(
        select(Allocation).where(Allocation.payment_id == payment.id, Allocation.void_id.is_(None))
    ).all()
    lines = []
    for a in allocations:
        service = services.get(a.service_id)
        periods = [a.period_from, a.period_to] if a.period_from else []
        charged = 0
        if periods:
            charged = int(
                session.scalar(
                    select(func.coalesce(func.sum(Charge.amount), 0)).where(
                        Charge.household_id == household.id,
                        Charge.service_id == a.service_id,
                        Charge.period >= periods[0],
                        Charge.period <= periods[1],
                    )
                )
                or 0
            )
        lines.append(
            ReceiptLine(
                service_ky=service.name_ky if service else "",
                service_ru=service.name_ru if service else "",
                period_label=""
                if not periods
                else periods[0]
                if periods[0] == periods[1]
                else f"{periods[0]}..{periods[1]}",
                charged=charged,
                paid=a.amount,
                balance_after=_service_balance_at(session, household.id, a.service_id, payment),
            )
        )
    rest = payment.amount - sum(a.amount for a in allocations)
    if rest or not lines:
        lines.append(ReceiptLine(ADVANCE_KY, ADVANCE_RU, "", 0, rest, -rest))
    void = session.scalar(select(Void).where(Void.payment_id == payment.id))
    device = session.get(LocalDevice, 1)
    code = (
        receipt_code(device.office_key, payment.receipt_no, payment.amount, issued.date())
        if device is not None
        else ""
    )
    village, street = _address(session, household)
    return ReceiptData(
        office=office_header(session),
        receipt_no=payment.receipt_no,
        issued_at=issued,
        cashier=payment.cashier_name,
        payer=household.head_name,
        account=household.account_no,
        address=_one_line(village, street, household.house),
        residents=household.residents,
        lines=tuple(lines),
        total_paid=payment.amount,
        method=payment.method,
        code=code,
        is_copy=is_copy,
        voided=void is not None,
        void_reason=void.reason if void else "",
    )


def _service_balance_at(
    session: Session, household_id: uuid.UUID, service_id: uuid.UUID, payment: Payment
) -> int:
    """The service's balance just after the payment (a reprint shows it as it was).

    Charges count when issued before the payment; earlier payments are ordered by their payment
    time (a payment synced from another PC may be written here long after it was taken).
    """
    charged = session.scalar(
        select(func.coalesce(func.sum(Charge.amount), 0)).where(
            Charge.household_id == household_id,
            Charge.service_id == service_id,
            Charge.created_at <= payment.created_at,
        )
    )
    earlier = select(Payment.id).where(
        Payment.household_id == household_id,
        or_(
            Payment.paid_at < payment.paid_at,
            and_(Payment.paid_at == payment.paid_at, Payment.receipt_no < payment.receipt_no),
        ),
    )
    paid = session.scalar(
        select(func.coalesce(func.sum(Allocation.amount), 0)).where(
            Allocation.household_id == household_id,
            Allocation.service_id == service_id,
            or_(
                Allocation.payment_id.in_(earlier),
                and_(Allocation.payment_id == payment.id, Allocation.void_id.is_(None)),
            ),
        )
    )
    return int(charged or 0) - int(paid or 0)


def day_close_data(
    session: Session, day: dt.date, cashier_id: uuid.UUID | None, cashier_name: str = ""
) -> DayCloseData:
    """The Z-report of one cashier's day (closed or a preview)."""
    summary = day_summary(session, cashier_id, day, cashier_name)
    services = _services(session)
    by_service = []
    for key, amount in summary.by_service.items():
        if key == ADVANCE:
            by_service.append(DayCloseService(ADVANCE_KY, ADVANCE_RU, amount))
            continue
        service = services.get(uuid.UUID(key))
        by_service.append(
            DayCloseService(
                service.name_ky if service else key, service.name_ru if service else key, amount
            )
        )
    device = session.get(LocalDevice, 1)
    closed = summary.closed
    return DayCloseData(
        office=office_header(session),
        day=day,
        cashier=summary.cashier_name,
        device_code=device.series if device else "",
        by_method=tuple(DayCloseMethod(m, c, a) for m, (c, a) in summary.by_method.items()),
        by_service=tuple(by_service),
        receipts_count=summary.receipts,
        first_receipt_no=summary.first_receipt_no,
        last_receipt_no=summary.last_receipt_no,
        voids=tuple(
            DayCloseVoid(v.receipt_no, v.amount, v.reason, v.voided_by) for v in summary.voids
        ),
        total=summary.total,
        closed_at=to_local(closed.created_at) if closed else None,
        closed_by=closed.closed_by_name if closed else "",
    )


def debtors_data(
    session: Session,
    on_date: dt.date | None = None,
    village: uuid.UUID | str | None = None,
    service: uuid.UUID | str | None = None,
) -> DebtorsData:
    report = debtors_report(session, on_date, village, service)
    rows = tuple(
        DebtorRow(
            village=line.village,
            account=line.account,
            payer=line.payer,
            address=line.address,
            service_ky=report.services.get(line.service_id, ("", "", ""))[1],
            service_ru=report.services.get(line.service_id, ("", "", ""))[2],
            days_0_30=line.buckets[0],
            days_31_90=line.buckets[1],
            days_91_180=line.buckets[2],
            days_over_180=line.buckets[3],
        )
        for line in report.lines
    )
    scope = ", ".join(str(s) for s in (village, service) if s)
    return DebtorsData(office_header(session), report.on_date, rows, scope)


def statement_data(
    session: Session, household_id: uuid.UUID, start: dt.date, end: dt.date
) -> StatementData:
    household = session.get(Household, household_id)
    if household is None:
        raise NotFound(_("This household does not exist."))
    if end < start:
        raise ValidationError(_("The end date is before the start date."), field="end")
    services = _services(session)
    opening, moves, closing = statement(session, household_id, start, end)
    entries = []
    for m in moves:
        service = services.get(m.service_id) if m.service_id else None
        kind = ChargeKind.ADJUSTMENT.value if m.kind == ChargeKind.REVERSAL.value else m.kind
        entries.append(
            StatementEntry(
                day=m.day,
                kind=kind,
                service_ky=service.name_ky if service else "",
                service_ru=service.name_ru if service else "",
                period=m.period,
                charged=m.charged,
                paid=m.paid,
                reference=m.reference,
            )
        )
    village, street = _address(session, household)
    return StatementData(
        office=office_header(session),
        account=household.account_no,
        payer=household.head_name,
        address=_one_line(village, street, household.house),
        start=start,
        end=end,
        opening_balance=opening,
        entries=tuple(entries),
        closing_balance=closing,
    )


def bill_data(
    session: Session, period: str, village: uuid.UUID | str | None = None
) -> list[BillData]:
    """Monthly bills of every active household (of a village) for the month, delivery order."""
    year, month = parse_period(period)
    start, end = month_bounds(year, month)
    rules = load_rules(session)
    periods = [period] + ([str(year)] if month == rules.yearly_month else [])
    office = office_header(session)
    services = _services(session)
    query = (
        select(Household, Village.name, Street.name)
        .join(Village, Village.id == Household.village_id)
        .outerjoin(Street, Street.id == Household.street_id)
        .where(Household.archived_at.is_(None))
    )
    if isinstance(village, uuid.UUID):
        query = query.where(Household.village_id == village)
    elif village:
        query = query.where(Village.name == village.strip())
    households = session.execute(query).all()
    before = _balances_before(session, start, period, periods)
    lines: dict[uuid.UUID, dict[uuid.UUID, list[Any]]] = defaultdict(dict)
    for c in session.execute(
        select(
            Charge.household_id,
            Charge.service_id,
            Charge.kind,
            Charge.amount,
            Charge.quantity,
            Charge.unit_amount,
        ).where(Charge.period.in_(periods))
    ):
        line = lines[c.household_id].setdefault(c.service_id, [0, 0, 0, 0, Decimal(0)])
        if c.kind == ChargeKind.CHARGE.value:
            line[0] += c.amount
            line[3] = c.unit_amount
            line[4] = Decimal(c.quantity)
        elif c.kind == ChargeKind.PENALTY.value:
            line[2] += c.amount
        else:
            line[1] += c.amount
    paid = _paid_between(session, start, end)
    due = end + dt.timedelta(days=rules.due_days)
    bills = []
    for household, village_name, street_name in households:
        charges = []
        for sid, (charged, adjustment, penalty, tariff, quantity) in lines.get(
            household.id, {}
        ).items():
            service = services[sid]
            metered = service.billing_unit == "m3"
            qty = quantity / 1000 if metered else quantity
            charges.append(
                BillCharge(
                    service_ky=service.name_ky,
                    service_ru=service.name_ru,
                    unit=service.billing_unit,
                    tariff=tariff,
                    quantity=qty,
                    charged=charged,
                    adjustment=adjustment,
                    penalty=penalty,
                    consumption=qty if metered else None,
                )
            )
        balance_in = before.get(household.id, 0)
        if not charges and balance_in == 0:
            continue
        paid_now = paid.get(household.id, 0)
        total = balance_in + sum(c.charged + c.adjustment + c.penalty for c in charges) - paid_now
        bills.append(
            BillData(
                office=office,
                account=household.account_no,
                payer=household.head_name,
                village=village_name,
                street=street_name or "",
                house=household.house,
                period=period,
                balance_in=balance_in,
                charges=tuple(sorted(charges, key=lambda c: c.service_ru)),
                paid_in_period=paid_now,
                total_due=max(0, total),
                due_date=due,
                residents=household.residents,
            )
        )
    bills.sort(key=lambda b: b.sort_key)
    return bills


def _balances_before(
    session: Session, start: dt.date, period: str, shown: list[str]
) -> dict[uuid.UUID, int]:
    out: dict[uuid.UUID, int] = defaultdict(int)
    # Yearly charges ("2026") sort before "2026-03": they belong to the balance carried in,
    # except in their own month, where `bill_data` shows them as charges.
    for h, amount in session.execute(
        select(Charge.household_id, func.sum(Charge.amount))
        .where(Charge.period < period, Charge.period.not_in(shown))
        .group_by(Charge.household_id)
    ):
        out[h] += int(amount)
    for h, amount in session.execute(
        select(Payment.household_id, func.sum(Payment.amount))
        .where(Payment.day < start)
        .group_by(Payment.household_id)
    ):
        out[h] -= int(amount)
    for h, amount in session.execute(
        select(Void.household_id, func.sum(Void.amount))
        .where(Void.day < start)
        .group_by(Void.household_id)
    ):
        out[h] += int(amount)
    return out


def _paid_between(session: Session, start: dt.date, end: dt.date) -> dict[uuid.UUID, int]:
    out: dict[uuid.UUID, int] = defaultdict(int)
    for h, amount in session.execute(
        select(Payment.household_id, func.sum(Payment.amount))
        .where(Payment.day >= start, Payment.day <= end)
        .group_by(Payment.household_id)
    ):
        out[h] += int(amount)
    for h, amount in session.execute(
        select(Void.household_id, func.sum(Void.amount))
        .where(Void.day >= start, Void.day <= end)
        .group_by(Void.household_id)
    ):
        out[h] -= int(amount)
    return out
