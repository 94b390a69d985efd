"""What the billing tabs read and write, as plain functions run by `ctx.tasks` off the GUI thread.

Widgets never open a session: they hand these functions to `run_read`/`run_write` and get plain
values back. Nothing here imports Qt.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import _, get_language
from aimak_desktop.services.auth import CASH_ROLES, Actor

#: Kinds announced after the writes of this page.
BILLING_KINDS = frozenset({"billing"})
DAY_CLOSE_KINDS = frozenset({"payments"})
#: Kinds after which the page's figures are read again.
WATCHED_KINDS = frozenset(
    {"billing", "payments", "households", "register", "services", "tariffs", "*"}
)


@dataclass(frozen=True)
class BillingLookups:
    """Villages, streets, services and cashiers for the filters, read once per refresh."""

    villages: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    #: village id -> [(street id, name)]
    streets: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = field(default_factory=dict)
    #: (code, name in the UI language): the debtors report filters on the code
    services: list[tuple[str, str]] = field(default_factory=list)
    #: users who take money: (user id, full name)
    cashiers: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    #: cashiers who have taken money at least once
    takers: frozenset[uuid.UUID] = frozenset()
    join_rule: str = "whole"
    due_days: int = 15


def service_name(name_ky: str, name_ru: str) -> str:
    """A service's name in the UI language (Russian UI: Russian name; otherwise Kyrgyz)."""
    return name_ru if get_language() == "ru" and name_ru else name_ky


def load_lookups(session: Any) -> BillingLookups:
    from sqlalchemy import select

    from aimak_desktop.models.billing import Payment
    from aimak_desktop.services.billing_rules import load_rules
    from aimak_desktop.services.catalog import list_services
    from aimak_desktop.services.registers import list_streets, list_villages
    from aimak_desktop.services.users import list_users

    villages = list_villages(session)
    cashiers = {u.id: u.full_name for u in list_users(session) if u.role in CASH_ROLES}
    takers = set()
    # Someone who took money and later changed role or left still has days to look at.
    for cashier_id, name in session.execute(
        select(Payment.cashier_id, Payment.cashier_name).distinct()
    ):
        if cashier_id is not None:
            cashiers.setdefault(cashier_id, name)
            takers.add(cashier_id)
    rules = load_rules(session)
    return BillingLookups(
        villages=[(v.id, v.name) for v in villages],
        streets={v.id: [(s.id, s.name) for s in list_streets(session, v.id)] for v in villages},
        services=[(s.code, service_name(s.name_ky, s.name_ru)) for s in list_services(session)],
        cashiers=sorted(cashiers.items(), key=lambda item: item[1]),
        takers=frozenset(takers),
        join_rule=rules.join_rule,
        due_days=rules.due_days,
    )


def can_charge(actor: Actor) -> bool:
    """Accountant, head and administrator run charges and close cash days; a mentor only looks."""
    return actor.role in CASH_ROLES


def can_set_rules(actor: Actor) -> bool:
    from aimak_desktop.models.core import Role

    return actor.role in (Role.ADMIN, Role.HEAD)


def save_rules(session: Any, actor: Actor, join_rule: str, due_days: int) -> None:
    """Store the mid-month rule and the due days (each only when it changed)."""
    from aimak_desktop.services.billing_rules import load_rules, set_billing_setting

    rules = load_rules(session)
    if join_rule != rules.join_rule:
        set_billing_setting(session, actor, "join_rule", join_rule)
    if due_days != rules.due_days:
        set_billing_setting(session, actor, "due_days", due_days)


# --- documents -------------------------------------------------------------------------------


def safe_name(text: str) -> str:
    """A piece of a file name that Windows accepts."""
    import re

    return re.sub(r'[<>:"/\\|?*\s]+', "-", text).strip("-.")[:60] or "file"


def write_bills(
    session: Any,
    path: Path,
    period: str,
    village: uuid.UUID | None,
    street: str | None,
    fmt: str,
    lang: str,
) -> tuple[Path, int]:
    """Write the month's bills (of a village, of a street) into one PDF: (path, bills).

    Raises:
        ValidationError: bad month, or no household has anything to pay or be told.
    """
    from aimak_desktop.reports.bills_pdf import write_bills_pdf
    from aimak_desktop.services.billing_views import bill_data

    bills = bill_data(session, period, village)
    if street:
        bills = [b for b in bills if b.street == street]
    if not bills:
        raise ValidationError(
            _("No bills for {period} here: nothing was charged and nobody owes.").format(
                period=period
            ),
            field="period",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_bills_pdf(bills, path, fmt, lang), len(bills)


def write_day_close(
    session: Any, path: Path, day: dt.date, cashier_id: uuid.UUID | None, name: str, lang: str
) -> Path:
    from aimak_desktop.reports.day_close_pdf import write_day_close_pdf
    from aimak_desktop.services.billing_views import day_close_data

    data = day_close_data(session, day, cashier_id, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_day_close_pdf(data, path, lang)


def write_debtors(
    session: Any,
    path: Path,
    on_date: dt.date,
    village: str | None,
    service: str | None,
    lang: str,
) -> Path:
    """The debtors list (of a village name, a service code) as PDF or .xlsx, by the suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        from aimak_desktop.services.debts import debtors_report, export_debtors_xlsx

        return export_debtors_xlsx(debtors_report(session, on_date, village, service), path, lang)
    from aimak_desktop.reports.debtors_pdf import write_debtors_pdf
    from aimak_desktop.services.billing_views import debtors_data

    return write_debtors_pdf(debtors_data(session, on_date, village, service), path, lang)


def write_statement(
    session: Any, path: Path, household_id: uuid.UUID, start: dt.date, end: dt.date, lang: str
) -> Path:
    from aimak_desktop.reports.statement_pdf import write_statement_pdf
    from aimak_desktop.services.billing_views import statement_data

    data = statement_data(session, household_id, start, end)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_statement_pdf(data, path, lang)
