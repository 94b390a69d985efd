"""Plain rows for the services and tariffs page, loaded in the background.

Loaders run in the task pool with their own session and return frozen values, so widgets never
touch ORM objects (or a session) on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from aimak_desktop.models.core import Role
from aimak_desktop.services.auth import REGISTER_ROLES, Actor

#: Kinds announced through `tasks.changed` by the writes of this page.
SERVICE_KINDS = frozenset({"services"})
TARIFF_KINDS = frozenset({"tariffs"})
PLACE_KINDS = frozenset({"register"})


def can_edit(actor: Actor) -> bool:
    """The roles the catalogue services accept (admin, head, clerk); mentors only look."""
    return Role(actor.role) in REGISTER_ROLES


@dataclass(frozen=True)
class ServiceRow:
    id: uuid.UUID
    code: str
    name_ky: str
    name_ru: str
    provider_kind: str
    provider_name: str
    billing_unit: str
    period: str
    penalty_enabled: bool
    penalty_pct: str  # "0.1" as typed in the dialog
    penalty_grace_days: int
    notes: str
    archived: bool
    has_tariffs: bool


@dataclass(frozen=True)
class TariffRow:
    id: uuid.UUID
    category: str
    tap_type: str
    amount: int
    valid_from: dt.date
    valid_to: dt.date | None
    toktom_no: str
    toktom_date: dt.date | None


@dataclass(frozen=True)
class PlaceRow:
    """A village or a street (with the number of households it holds)."""

    id: uuid.UUID
    name: str
    households: int
    archived: bool


def load_services(session: Any, include_archived: bool = False) -> list[ServiceRow]:
    from sqlalchemy import select

    from aimak_desktop.models.catalog import Tariff
    from aimak_desktop.services.catalog import list_services

    priced = set(session.scalars(select(Tariff.service_id).distinct()))
    return [
        ServiceRow(
            s.id,
            s.code,
            s.name_ky,
            s.name_ru,
            s.provider_kind,
            s.provider_name,
            s.billing_unit,
            s.period,
            s.penalty_enabled,
            _pct(s.penalty_bp_per_month),
            s.penalty_grace_days,
            s.notes,
            s.archived_at is not None,
            s.id in priced,
        )
        for s in list_services(session, include_archived=include_archived)
    ]


def _pct(bp: int) -> str:
    whole, rest = divmod(bp, 100)
    return f"{whole}.{rest:02d}".rstrip("0").rstrip(".") if rest else str(whole)


def load_tariffs(session: Any, service_id: uuid.UUID) -> list[TariffRow]:
    """The service's tariff history, newest version first within each category."""
    from aimak_desktop.services.catalog import tariff_history

    rows = [
        TariffRow(
            t.id,
            t.category,
            t.tap_type,
            t.amount,
            t.valid_from,
            t.valid_to,
            t.toktom_no,
            t.toktom_date,
        )
        for t in tariff_history(session, service_id)
    ]
    rows.sort(
        key=lambda r: (r.category != "all", r.category, r.tap_type, -r.valid_from.toordinal())
    )
    return rows


def _counts(session: Any, column: Any) -> dict[uuid.UUID, int]:
    from sqlalchemy import func, select

    from aimak_desktop.models.register import Household

    query = (
        select(column, func.count())
        .where(Household.archived_at.is_(None), column.is_not(None))
        .group_by(column)
    )
    return {key: int(n) for key, n in session.execute(query)}


def load_villages(session: Any) -> list[PlaceRow]:
    from aimak_desktop.models.register import Household
    from aimak_desktop.services.registers import list_villages

    counts = _counts(session, Household.village_id)
    return [
        PlaceRow(v.id, v.name, counts.get(v.id, 0), v.archived_at is not None)
        for v in list_villages(session)
    ]


def load_streets(session: Any, village_id: uuid.UUID) -> list[PlaceRow]:
    from aimak_desktop.models.register import Household
    from aimak_desktop.services.registers import list_streets

    counts = _counts(session, Household.street_id)
    return [
        PlaceRow(s.id, s.name, counts.get(s.id, 0), s.archived_at is not None)
        for s in list_streets(session, village_id)
    ]
