"""What the household card shows, read at once in the task pool, handed over as plain values."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.models.catalog import BillingUnit
from aimak_desktop.ui.register.data import service_name

#: History field names as the clerk reads them.
FIELD_LABELS = {
    "created": N_("Created"),
    "account_no": N_("Account"),
    "head_name": N_("Head of household"),
    "gender": N_("Gender"),
    "phone": N_("Phone"),
    "village": N_("Village"),
    "street": N_("Street"),
    "house": N_("House"),
    "residents": N_("Residents"),
    "category": N_("Category"),
    "notes": N_("Notes"),
    "archived": N_("Archived"),
}


@dataclass(frozen=True)
class Choices:
    """Villages, their streets and the services, for the combos of the card and new household."""

    villages: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    streets: dict[uuid.UUID, list[str]] = field(default_factory=dict)
    #: (id, name, billing unit) of active services.
    services: list[tuple[uuid.UUID, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Details:
    id: uuid.UUID
    account_no: str
    head_name: str
    gender: str | None
    phone: str
    village_id: uuid.UUID
    street: str
    house: str
    residents: int
    category: str
    notes: str
    archived: bool
    archive_reason: str


@dataclass(frozen=True)
class SubscriptionInfo:
    id: uuid.UUID
    service: str
    unit: str
    start: dt.date
    end: dt.date | None
    tap_type: str
    meter_serial: str

    @property
    def metered(self) -> bool:
        return self.unit == BillingUnit.M3.value or bool(self.meter_serial)


@dataclass(frozen=True)
class ReadingInfo:
    id: uuid.UUID
    date: dt.date
    value_l: int
    read_by: str
    meter_replaced: bool


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    who: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class CardData:
    details: Details
    choices: Choices
    subscriptions: list[SubscriptionInfo]
    readings: dict[uuid.UUID, list[ReadingInfo]]
    history: list[HistoryLine]


def load_choices(session: Any) -> Choices:
    from aimak_desktop.services.catalog import list_services
    from aimak_desktop.services.registers import list_streets, list_villages

    villages = list_villages(session)
    return Choices(
        villages=[(v.id, v.name) for v in villages],
        streets={v.id: [s.name for s in list_streets(session, v.id)] for v in villages},
        services=[
            (s.id, service_name(s.name_ky, s.name_ru), s.billing_unit)
            for s in list_services(session)
        ],
    )


def load_card(session: Any, household_id: uuid.UUID) -> CardData:
    from aimak_desktop.models.catalog import Service
    from aimak_desktop.models.register import Street
    from aimak_desktop.services.registers import get_household, household_history
    from aimak_desktop.services.subscriptions import readings_of, subscriptions_of

    household = get_household(session, household_id)
    street = session.get(Street, household.street_id) if household.street_id else None
    details = Details(
        id=household.id,
        account_no=household.account_no,
        head_name=household.head_name,
        gender=household.gender,
        phone=household.phone or "",
        village_id=household.village_id,
        street=street.name if street else "",
        house=household.house or "",
        residents=household.residents,
        category=household.category,
        notes=household.notes or "",
        archived=household.archived_at is not None,
        archive_reason=household.archive_reason or "",
    )
    subscriptions = []
    readings: dict[uuid.UUID, list[ReadingInfo]] = {}
    for sub in subscriptions_of(session, household.id):
        service = session.get(Service, sub.service_id)
        info = SubscriptionInfo(
            id=sub.id,
            service=service_name(service.name_ky, service.name_ru) if service else "?",
            unit=service.billing_unit if service else "",
            start=sub.start_date,
            end=sub.end_date,
            tap_type=sub.tap_type,
            meter_serial=sub.meter_serial or "",
        )
        subscriptions.append(info)
        if info.metered:
            readings[sub.id] = [
                ReadingInfo(r.id, r.reading_date, r.value_l, r.read_by, r.meter_replaced)
                for r in readings_of(session, sub.id)
            ]
    history = [
        HistoryLine(h.at, h.actor_name, h.field, h.old_value, h.new_value)
        for h in household_history(session, household.id)
    ]
    return CardData(details, load_choices(session), subscriptions, readings, history)
