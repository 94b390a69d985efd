"""What the cash desk reads and writes, as functions run by the background runner.

Each takes the worker's session and returns plain values for the widgets; no Qt here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from aimak_desktop import paths
from aimak_desktop.errors import NotFound
from aimak_desktop.i18n import _, get_language
from aimak_desktop.models.billing import PaymentMethod, Void
from aimak_desktop.models.catalog import Service, Subscription
from aimak_desktop.models.register import Household, Street, Village
from aimak_desktop.services.auth import Actor

#: Households listed for a search (the cashier narrows the words rather than scrolls).
SEARCH_LIMIT = 50
#: Payments shown on the desk for the chosen household.
LAST_PAYMENTS = 8


@dataclass(frozen=True)
class Found:
    """One search result."""

    id: uuid.UUID
    account: str
    name: str
    address: str
    archived: bool
    balance: int  # > 0 debt, < 0 advance


@dataclass(frozen=True)
class ServiceDebt:
    id: uuid.UUID
    name: str
    debt: int  # > 0 owed, < 0 paid ahead for this service


@dataclass(frozen=True)
class PaidRow:
    receipt_no: str
    paid_at: dt.datetime  # local time
    amount: int
    method: str
    voided: bool


@dataclass
class HouseholdView:
    id: uuid.UUID
    account: str
    name: str
    address: str
    residents: int
    archived: bool
    services: list[ServiceDebt] = field(default_factory=list)
    advance: int = 0
    total: int = 0  # > 0 debt, < 0 advance
    payments: list[PaidRow] = field(default_factory=list)


@dataclass(frozen=True)
class Paid:
    """A payment just saved."""

    receipt_no: str
    amount: int
    advance: int


def _name(service: Service) -> str:
    return service.name_ru if get_language() == "ru" and service.name_ru else service.name_ky


def search(session: Session, text: str) -> list[Found]:
    """The register's search (archived households too: the desk says why it refuses them)."""
    from aimak_desktop.services.debts import debts_by_household
    from aimak_desktop.services.search import search_households

    if not text.strip():
        return []
    rows = search_households(session, text, archived=None, limit=SEARCH_LIMIT)
    balances = debts_by_household(session, [r.id for r in rows])
    return [
        Found(r.id, r.account_no, r.head_name, r.address, r.archived, balances.get(r.id, 0))
        for r in rows
    ]


def load_household(session: Session, household_id: uuid.UUID) -> HouseholdView:
    """The household's debt per service, advance and latest payments.

    Raises:
        NotFound: the household is gone (another PC's change not yet here).
    """
    from aimak_desktop.i18n.formatting import to_local as local_time
    from aimak_desktop.services.debts import household_balance
    from aimak_desktop.services.payments import last_payments

    household = session.get(Household, household_id)
    if household is None:
        raise NotFound(_("This household does not exist."))
    village = session.get(Village, household.village_id)
    street = session.get(Street, household.street_id) if household.street_id else None
    address = ", ".join(
        p
        for p in (village.name if village else "", street.name if street else "", household.house)
        if p
    )
    balance = household_balance(session, household_id)
    subscribed = set(
        session.scalars(
            select(Subscription.service_id).where(
                Subscription.household_id == household_id, Subscription.end_date.is_(None)
            )
        )
    )
    ids = subscribed | set(balance.services)
    services = {s.id: s for s in session.scalars(select(Service).where(Service.id.in_(ids)))}
    debts = sorted(
        (ServiceDebt(sid, _name(services[sid]), balance.services.get(sid, 0)) for sid in services),
        key=lambda d: (-d.debt, d.name),
    )
    payments = last_payments(session, household_id, LAST_PAYMENTS)
    voided = set(
        session.scalars(
            select(Void.payment_id).where(Void.payment_id.in_([p.id for p in payments]))
        )
    )
    return HouseholdView(
        id=household.id,
        account=household.account_no,
        name=household.head_name,
        address=address,
        residents=household.residents,
        archived=household.archived_at is not None,
        services=debts,
        advance=balance.advance,
        total=balance.total,
        payments=[
            PaidRow(p.receipt_no, local_time(p.paid_at), p.amount, p.method, p.id in voided)
            for p in payments
        ],
    )


def pay(
    session: Session,
    actor: Actor,
    household_id: uuid.UUID,
    amount: int,
    method: str = PaymentMethod.CASH.value,
    service_id: uuid.UUID | None = None,
    *,
    confirm: bool = False,
) -> Paid:
    """Save a payment (services.payments.take_payment) and say what the receipt number is."""
    from aimak_desktop.services.payments import take_payment

    taken = take_payment(session, actor, household_id, amount, method, service_id, confirm=confirm)
    return Paid(taken.receipt_no, amount, taken.advance)


def receipts_dir() -> Path:
    """Receipt PDFs are kept in the data folder (a reprint or an auditor can find them)."""
    return paths.data_dir() / "receipts"


def write_receipt(
    session: Session,
    receipt_no: str,
    fmt: str = "80mm",
    lang: str = "ky",
    *,
    is_copy: bool = False,
    folder: Path | None = None,
) -> Path:
    """Write a receipt's PDF (a copy is marked "КӨЧҮРМӨ / КОПИЯ") and return its path."""
    from aimak_desktop.reports.receipt_pdf import write_receipt_pdf
    from aimak_desktop.services.billing_views import receipt_data

    data = receipt_data(session, receipt_no, is_copy=is_copy)
    name = f"{receipt_no}{'-copy' if is_copy else ''}-{fmt}-{lang}.pdf"
    return write_receipt_pdf(data, (folder or receipts_dir()) / name, fmt, lang)


def void(session: Session, actor: Actor, receipt_no: str, reason: str) -> str:
    from aimak_desktop.services.payments import void_receipt

    void_receipt(session, actor, receipt_no, reason)
    return receipt_no
