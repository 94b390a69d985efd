"""Debts derived from the ledger: balances, the debtors list with ageing, statements, .xlsx.

Nothing here is stored: a balance is charges - payments + voided payments; a service's debt is
its charges - the money allocated to it; a payment's unallocated rest is the household's advance.
Money paid to a service pays its oldest charges first, so a debt is made of the newest charges:
that is how it is split into ageing buckets (days since the charge was due: 0-30, 31-90,
91-180, over 180); `services.debt_positions` computes that split for the debtors list and the
arrears indicator alike. Every sum is one grouped SQL query over a covering index.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    func,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from aimak_desktop.i18n import _
from aimak_desktop.models.billing import Allocation, Charge, Payment, Void
from aimak_desktop.models.catalog import Service
from aimak_desktop.models.ids import parse_id, stored_id
from aimak_desktop.models.register import Household, Street, Village
from aimak_desktop.services.debt_positions import BUCKET_LABELS, BUCKETS, Split


@dataclass
class HouseholdBalance:
    """A household's position: debt per service (< 0 = paid ahead) and unallocated advance."""

    services: dict[uuid.UUID, int] = field(default_factory=dict)
    advance: int = 0

    @property
    def total(self) -> int:
        """> 0 owed, < 0 advance."""
        return sum(self.services.values()) - self.advance


@dataclass(slots=True)
class DebtorLine:
    """One household's debt for one service, split by age."""

    household_id: uuid.UUID
    service_id: uuid.UUID
    account: str
    payer: str
    village: str
    address: str
    buckets: Split  # 0-30, 31-90, 91-180, over 180 days

    @property
    def total(self) -> int:
        return sum(self.buckets)


@dataclass
class DebtorsReport:
    on_date: dt.date
    lines: list[DebtorLine]
    services: dict[uuid.UUID, tuple[str, str, str]]  # id -> (code, name_ky, name_ru)

    @property
    def totals(self) -> list[int]:
        return [sum(line.buckets[i] for line in self.lines) for i in range(len(BUCKET_LABELS))]

    @property
    def households(self) -> int:
        return len({line.household_id for line in self.lines})

    def by_village(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(lambda: [0] * len(BUCKET_LABELS))
        for line in self.lines:
            for i, amount in enumerate(line.buckets):
                out[line.village][i] += amount
        return dict(out)

    def as_dict(self) -> dict[str, Any]:
        return {
            "on_date": self.on_date.isoformat(),
            "households": self.households,
            "rows": len(self.lines),
            "totals": dict(zip(BUCKET_LABELS, self.totals, strict=True)),
            "total": sum(self.totals),
            "by_village": self.by_village(),
        }


# --- balances ---------------------------------------------------------------------------------


def _ledger_lines() -> Select[Any]:
    """Every money movement as (household, signed amount): + owed, - paid."""
    return union_all(
        select(Charge.household_id.label("household_id"), Charge.amount.label("amount")),
        select(Payment.household_id, -Payment.amount),
        select(Void.household_id, Void.amount),
    )  # type: ignore[return-value]


def household_balance(session: Session, household_id: uuid.UUID) -> HouseholdBalance:
    from aimak_desktop.services.payments import service_balances

    balance = HouseholdBalance(services=service_balances(session, household_id))
    paid = session.scalar(
        select(func.coalesce(func.sum(Payment.amount), 0)).where(
            Payment.household_id == household_id
        )
    )
    voided = session.scalar(
        select(func.coalesce(func.sum(Void.amount), 0)).where(Void.household_id == household_id)
    )
    allocated = session.scalar(
        select(func.coalesce(func.sum(Allocation.amount), 0)).where(
            Allocation.household_id == household_id
        )
    )
    balance.advance = int(paid or 0) - int(voided or 0) - int(allocated or 0)
    return balance


def debts_by_household(
    session: Session, household_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """Net balance of each household (> 0 debt, < 0 advance, 0 when nothing is recorded)."""
    ids = list(household_ids)
    out = dict.fromkeys(ids, 0)
    for first in range(0, len(ids), 900):
        chunk = ids[first : first + 900]
        lines = union_all(
            select(Charge.household_id.label("h"), Charge.amount.label("a")).where(
                Charge.household_id.in_(chunk)
            ),
            select(Payment.household_id, -Payment.amount).where(Payment.household_id.in_(chunk)),
            select(Void.household_id, Void.amount).where(Void.household_id.in_(chunk)),
        ).subquery()
        for household_id, amount in session.execute(
            select(lines.c.h, func.sum(lines.c.a)).group_by(lines.c.h)
        ):
            out[household_id] = int(amount)
    return out


def household_debt_expr() -> ColumnElement[int]:
    """The balance of `Household` as a correlated SQL expression (a register column/filter).

    Each part is an index range sum, so a page of 200 rows costs 600 small lookups.
    """

    def part(model: Any, sign: int) -> ColumnElement[int]:
        return (
            select(func.coalesce(func.sum(model.amount), 0) * sign)
            .where(model.household_id == Household.id)
            .correlate(Household)
            .scalar_subquery()
        )

    return part(Charge, 1) - part(Payment, 1) + part(Void, 1)


def households_with_debt() -> Select[Any]:
    """Ids of households that owe money: use as `Household.id.in_(households_with_debt())`."""
    lines = _ledger_lines().subquery()
    return (
        select(lines.c.household_id)
        .group_by(lines.c.household_id)
        .having(func.sum(lines.c.amount) > 0)
    )


# --- debtors list -----------------------------------------------------------------------------


def debtors_report(
    session: Session,
    on_date: dt.date | None = None,
    village: uuid.UUID | str | None = None,
    service: uuid.UUID | str | None = None,
) -> DebtorsReport:
    """Households that owe money on `on_date`, per service, split into ageing buckets.

    The debts come from `services.debt_positions` (through the ledger cache, so a report asked
    for again after a few payments reads only those); names and addresses are read fresh.

    Args:
        village: a village id or name to keep only its households.
        service: a service id or code to keep only its debts.
    """
    from aimak_desktop.services.ledger_cache import debt_positions

    on_date = on_date or dt.date.today()
    positions = debt_positions(session, on_date)
    services = {
        s.id: (s.code, s.name_ky, s.name_ru)
        for s in session.execute(select(Service.id, Service.code, Service.name_ky, Service.name_ru))
    }
    service_id = _service_id(services, service)
    # Services by stored id, in code order (a household's lines are listed in that order).
    by_code = sorted(services.items(), key=lambda item: item[1][0])
    rank = {}
    for i, (sid, _names) in enumerate(by_code):
        rank[sid.hex] = rank[str(sid)] = (i, sid)  # stored: hex on SQLite, dashed elsewhere
    lines: list[DebtorLine] = []
    add = lines.append
    for household, account, payer, place, address in _household_info(session, village):
        debts = positions.get(household)
        if debts is None:
            continue
        household_id = parse_id(household)
        if len(debts) > 1:
            debts = tuple(sorted(debts, key=lambda d: rank[d[0]][0] if d[0] in rank else len(rank)))
        for raw, split in debts:
            sid = rank[raw][1] if raw in rank else parse_id(raw)
            if service_id is None or sid == service_id:
                add(DebtorLine(household_id, sid, account, payer, place, address, split))
    return DebtorsReport(on_date, lines, services)


def _service_id(
    services: dict[uuid.UUID, tuple[str, str, str]], service: uuid.UUID | str | None
) -> uuid.UUID | None:
    if service is None or isinstance(service, uuid.UUID):
        return service
    from aimak_desktop.errors import ValidationError

    for sid, (code, _ky, _ru) in services.items():
        if code == service.strip():
            return sid
    raise ValidationError(_("There is no service with code {code}.").format(code=service))


def _household_info(session: Session, village: uuid.UUID | str | None) -> list[Any]:
    """(stored household id, account, payer, village, address) by village, street, house.

    SQLite compares text by its UTF-8 bytes, the order Python sorts strings in (a consolidated
    PostgreSQL database sorts by its own collation).
    """
    address = func.trim(func.coalesce(Street.name, "") + " " + Household.house)
    query = (
        select(
            stored_id(Household.id),
            Household.account_no,
            Household.head_name,
            Village.name,
            address,
        )
        .join(Village, Village.id == Household.village_id)
        .outerjoin(Street, Street.id == Household.street_id)
        # Door to door: house 2 before house 10 (house_key pads the number).
        .order_by(Village.name, Street.name, Household.house_key, Household.account_no)
    )
    if isinstance(village, uuid.UUID):
        query = query.where(Household.village_id == village)
    elif village:
        query = query.where(Village.name == village.strip())
    return list(session.connection().execute(query).all())


def export_debtors_xlsx(report: DebtorsReport, path: Path, lang: str = "ky") -> Path:
    """Write the debtors list as an .xlsx workbook (one sheet, totals per village at the end)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from aimak_desktop.i18n import translate

    t = lambda text: translate(lang, text)  # noqa: E731 - a local shorthand for the headers
    wb = Workbook()
    ws = wb.active
    ws.title = t("Debtors")
    ws.append([t("Debtors on {date}").format(date=report.on_date.isoformat())])
    ws["A1"].font = Font(bold=True, size=13)
    head = [t("Village"), t("Account"), t("Payer"), t("Address"), t("Service")]
    head += [t("{days} days").format(days=b) for b in BUCKET_LABELS] + [t("Total")]
    ws.append(head)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    money = "#,##0.00"
    for line in report.lines:
        _code, name_ky, name_ru = report.services.get(line.service_id, ("", "", ""))
        ws.append(
            [
                line.village,
                line.account,
                line.payer,
                line.address,
                name_ru if lang == "ru" else name_ky,
            ]
            + [b / 100 for b in line.buckets]
            + [line.total / 100]
        )
    ws.append([])
    ws.append([t("Total by village")])
    for village, buckets in sorted(report.by_village().items()):
        ws.append([village, "", "", "", ""] + [b / 100 for b in buckets] + [sum(buckets) / 100])
    ws.append(
        [t("Total"), "", "", "", ""] + [b / 100 for b in report.totals] + [sum(report.totals) / 100]
    )
    for row in ws.iter_rows(min_row=3, min_col=6, max_col=10):
        for cell in row:
            cell.number_format = money
    for col, width in zip("ABCDEFGHIJ", (16, 10, 28, 22, 22, 12, 12, 12, 12, 13), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"
    path = Path(path)
    wb.save(path)
    return path


# --- statement --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Movement:
    """One line of a household statement (signed: charged adds to the debt, paid lowers it)."""

    day: dt.date
    kind: str
    service_id: uuid.UUID | None
    period: str
    charged: int
    paid: int
    reference: str


def statement(
    session: Session, household_id: uuid.UUID, start: dt.date, end: dt.date
) -> tuple[int, list[Movement], int]:
    """(opening balance, movements in date order, closing balance) of a household.

    A charge counts on its period's first day, a payment on its day, a void on its day.
    """
    charges = session.execute(
        select(Charge.service_id, Charge.period, Charge.kind, Charge.amount, Charge.reason).where(
            Charge.household_id == household_id
        )
    ).all()
    payments = session.execute(
        select(Payment.day, Payment.amount, Payment.receipt_no, Payment.service_id).where(
            Payment.household_id == household_id
        )
    ).all()
    voids = session.execute(
        select(Void.day, Void.amount, Void.receipt_no).where(Void.household_id == household_id)
    ).all()
    moves: list[Movement] = []
    for c in charges:
        day = dt.date(int(c.period[:4]), int(c.period[5:7] or 1) if len(c.period) > 4 else 1, 1)
        moves.append(Movement(day, c.kind, c.service_id, c.period, int(c.amount), 0, c.reason))
    for p in payments:
        moves.append(Movement(p.day, "payment", p.service_id, "", 0, int(p.amount), p.receipt_no))
    for v in voids:
        moves.append(Movement(v.day, "void", None, "", int(v.amount), 0, v.receipt_no))
    moves.sort(key=lambda m: (m.day, m.kind == "payment", m.kind == "void"))
    opening = sum(m.charged - m.paid for m in moves if m.day < start)
    inside = [m for m in moves if start <= m.day <= end]
    closing = opening + sum(m.charged - m.paid for m in inside)
    return opening, inside, closing


__all__ = [
    "BUCKETS",
    "BUCKET_LABELS",
    "DebtorLine",
    "DebtorsReport",
    "HouseholdBalance",
    "debtors_report",
    "debts_by_household",
    "export_debtors_xlsx",
    "household_balance",
    "household_debt_expr",
    "households_with_debt",
    "statement",
]
