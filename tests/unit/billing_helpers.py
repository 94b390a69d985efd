"""A tiny controlled office for billing tests: known households, services and tariffs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from aimak_desktop.models.core import Role
from aimak_desktop.services.auth import SYSTEM, Actor
from aimak_desktop.services.catalog import create_service, new_tariff_version
from aimak_desktop.services.office import OfficeProfile, create_office
from aimak_desktop.services.registers import create_household, create_village
from aimak_desktop.services.subscriptions import add_reading, subscribe
from aimak_desktop.services.users import actor_of, add_user

D = dt.date


@dataclass
class Mini:
    session: Any
    admin: Actor
    kassa: Actor
    head: Actor
    services: dict[str, Any]
    households: dict[str, Any]
    subs: dict[str, Any]


def make_office(session: Any, device_code: str = "A") -> Mini:
    """Households: "big" 5 residents (water per person + waste), "meter" (metered water),
    "late" joins water on 2026-03-16 (mid-month), "yearly" takes irrigation."""
    create_office(
        session,
        OfficeProfile(
            name_ky="Сары-Ой айыл өкмөтү",
            name_ru="Сары-Ой",
            oblast="Ысык-Көл",
            rayon="Ысык-Көл",
            aimak="Сары-Ой",
        ),
        device_code=device_code,
    )
    users = {}
    for name, role in (("admin2", Role.ADMIN), ("kassa", Role.ACCOUNTANT), ("head", Role.HEAD)):
        users[name] = actor_of(add_user(session, SYSTEM, name, name.title(), role, "secret12"))
    actor = users["admin2"]
    services = {
        "water": create_service(
            session,
            actor,
            code="water",
            name_ky="Ичүүчү суу",
            name_ru="Питьевая вода",
            billing_unit="person",
        ),
        "meter": create_service(
            session,
            actor,
            code="meter",
            name_ky="Суу (эсептегич)",
            name_ru="Вода (счётчик)",
            billing_unit="m3",
        ),
        "waste": create_service(
            session,
            actor,
            code="waste",
            name_ky="Таштанды",
            name_ru="Мусор",
            billing_unit="household",
        ),
        "irrigation": create_service(
            session,
            actor,
            code="irrigation",
            name_ky="Сугат",
            name_ru="Полив",
            billing_unit="household",
            period="yearly",
        ),
        "hall": create_service(
            session,
            actor,
            code="hall",
            name_ky="Зал",
            name_ru="Зал",
            billing_unit="fixed",
            period="once",
        ),
    }
    for code, som in (
        ("water", 20),
        ("meter", 15),
        ("waste", 25),
        ("irrigation", 600),
        ("hall", 3000),
    ):
        new_tariff_version(session, actor, services[code], "all", som * 100, D(2020, 1, 1))
    create_village(session, actor, "Сары-Ой")
    hh = {
        name: create_household(
            session,
            actor,
            head_name=f"Асанов {name}",
            village="Сары-Ой",
            street="Манас",
            house=str(i + 1),
            residents=res,
        )
        for i, (name, res) in enumerate((("big", 5), ("meter", 3), ("late", 2), ("yearly", 4)))
    }
    subs = {
        "big_water": subscribe(session, actor, hh["big"].id, services["water"].id, D(2025, 1, 1)),
        "big_waste": subscribe(session, actor, hh["big"].id, services["waste"].id, D(2025, 1, 1)),
        "meter": subscribe(
            session, actor, hh["meter"].id, services["meter"].id, D(2025, 1, 1), meter_serial="M-1"
        ),
        "late": subscribe(session, actor, hh["late"].id, services["water"].id, D(2026, 3, 16)),
        "yearly": subscribe(
            session, actor, hh["yearly"].id, services["irrigation"].id, D(2025, 1, 1)
        ),
    }
    add_reading(session, actor, subs["meter"].id, D(2026, 2, 25), "100", today=D(2026, 6, 1))
    add_reading(session, actor, subs["meter"].id, D(2026, 3, 25), "112,5", today=D(2026, 6, 1))
    return Mini(session, actor, users["kassa"], users["head"], services, hh, subs)


def amounts(session: Any, period: str) -> dict[Any, int]:
    from sqlalchemy import func, select

    from aimak_desktop.models.billing import Charge

    return {
        sid: int(total)
        for sid, total in session.execute(
            select(Charge.subscription_id, func.sum(Charge.amount))
            .where(Charge.period == period)
            .group_by(Charge.subscription_id)
        )
    }
