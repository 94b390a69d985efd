"""Demo services, tariffs, subscriptions and meter readings (figures from DOMAIN.md).

Water per person per month: 20 som at a street tap, 35 som at a yard tap (Sary-Oi, 2017); metered
water 15 som/m³; waste 20 then 25 som per household per month (Osh); irrigation per year; hall
rental one-off. Everything is bulk-inserted, so 100,000 households stay fast.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from aimak_desktop.models.catalog import (
    ALL_CATEGORIES,
    ANY_TAP,
    BillingUnit,
    MeterReading,
    Period,
    ProviderKind,
    Service,
    Subscription,
    TapType,
    Tariff,
)
from aimak_desktop.models.register import Category
from aimak_desktop.services.auth import SYSTEM
from aimak_desktop.services.demo import DemoContext
from aimak_desktop.services.write_path import write

_CHUNK = 5000

SERVICES: tuple[dict[str, Any], ...] = (
    {
        "code": "water",
        "name_ky": "Ичүүчү суу",
        "name_ru": "Питьевая вода",
        "provider_kind": ProviderKind.ASSOCIATION.value,
        "provider_name": "«Таза суу» СООППВ",
        "billing_unit": BillingUnit.PERSON.value,
        "period": Period.MONTHLY.value,
    },
    {
        "code": "water_meter",
        "name_ky": "Ичүүчү суу (эсептегич)",
        "name_ru": "Питьевая вода (по счётчику)",
        "provider_kind": ProviderKind.ASSOCIATION.value,
        "provider_name": "«Таза суу» СООППВ",
        "billing_unit": BillingUnit.M3.value,
        "period": Period.MONTHLY.value,
    },
    {
        "code": "waste",
        "name_ky": "Таштанды чыгаруу",
        "name_ru": "Вывоз мусора",
        "provider_kind": ProviderKind.MUNICIPAL.value,
        "provider_name": "МП «Тазалык»",
        "billing_unit": BillingUnit.HOUSEHOLD.value,
        "period": Period.MONTHLY.value,
        "penalty_enabled": True,
        "penalty_bp_per_month": 10,  # 0.1 % a month after 30 days: a real bill's пеня
        "penalty_grace_days": 30,
    },
    {
        "code": "irrigation",
        "name_ky": "Сугат суу",
        "name_ru": "Поливная вода",
        "provider_kind": ProviderKind.ASSOCIATION.value,
        "provider_name": "Суу пайдалануучулар ассоциациясы",
        "billing_unit": BillingUnit.HOUSEHOLD.value,
        "period": Period.YEARLY.value,
    },
    {
        "code": "hall",
        "name_ky": "Маданият үйүнүн залын ижарага алуу",
        "name_ru": "Аренда зала Дома культуры",
        "provider_kind": ProviderKind.AO.value,
        "provider_name": "",
        "billing_unit": BillingUnit.FIXED.value,
        "period": Period.ONCE.value,
    },
)

_D = dt.date
#: (service code, category, tap, som, valid from, valid to, toktom no, toktom date)
TARIFFS: tuple[tuple[str, str, str, int, dt.date, dt.date | None, str, dt.date], ...] = (
    ("water", ALL_CATEGORIES, TapType.STREET, 20, _D(2017, 1, 1), None, "7/2", _D(2016, 12, 20)),
    ("water", ALL_CATEGORIES, TapType.YARD, 35, _D(2017, 1, 1), None, "7/2", _D(2016, 12, 20)),
    ("water", ALL_CATEGORIES, TapType.HOUSE, 35, _D(2017, 1, 1), None, "7/2", _D(2016, 12, 20)),
    ("water_meter", ALL_CATEGORIES, ANY_TAP, 15, _D(2021, 1, 1), None, "15/3", _D(2020, 12, 18)),
    (
        "waste",
        ALL_CATEGORIES,
        ANY_TAP,
        20,
        _D(2019, 1, 1),
        _D(2023, 2, 28),
        "12/3",
        _D(2018, 12, 21),
    ),
    ("waste", ALL_CATEGORIES, ANY_TAP, 25, _D(2023, 3, 1), None, "23/4", _D(2023, 2, 14)),
    ("waste", Category.PENSIONER, ANY_TAP, 15, _D(2023, 3, 1), None, "23/4", _D(2023, 2, 14)),
    ("waste", Category.BUDGET_ORG, ANY_TAP, 150, _D(2023, 3, 1), None, "23/4", _D(2023, 2, 14)),
    ("waste", Category.BUSINESS, ANY_TAP, 200, _D(2023, 3, 1), None, "23/4", _D(2023, 2, 14)),
    ("irrigation", ALL_CATEGORIES, ANY_TAP, 600, _D(2023, 3, 1), None, "23/4", _D(2023, 2, 14)),
    ("hall", ALL_CATEGORIES, ANY_TAP, 3000, _D(2023, 3, 1), None, "23/4", _D(2023, 2, 14)),
)

WATER_SHARE = 0.85
METER_SHARE = 0.20
WASTE_SHARE = 0.70
IRRIGATION_SHARE = 0.10


def _month_start(day: dt.date, back: int) -> dt.date:
    months = day.year * 12 + day.month - 1 - back
    return dt.date(months // 12, months % 12 + 1, 1)


def _readings(
    rng: random.Random, sub_id: Any, residents: int, last_month: dt.date
) -> list[dict[str, Any]]:
    """6-12 monthly readings on the 25th, ending in `last_month`; about 3 m³ a person a month."""
    count = rng.randint(6, 12)
    value = rng.randrange(50_000, 2_000_000)  # litres on the meter before the first reading
    rows = []
    for back in range(count - 1, -1, -1):
        value += max(1, residents) * rng.randrange(1_500, 4_500)
        rows.append(
            {
                "subscription_id": sub_id,
                "reading_date": _month_start(last_month, back).replace(day=25),
                "value_l": value,
                "read_by": "Контролёр",
                "meter_replaced": False,
                "voided_at": None,
                "void_reason": "",
            }
        )
    return rows


def demo_step(ctx: DemoContext) -> None:
    """Add the catalogue, tariffs, subscriptions (water ~85 %, waste ~70 %) and readings."""
    rng = ctx.rng
    today = dt.date.today()
    last_month = _month_start(today, 1)
    with write(ctx.session, SYSTEM, "demo.catalog", "services and tariffs") as unit:
        services = [dict(s) for s in SERVICES]
        unit.insert_rows(Service, services)
        by_code = {s["code"]: s["id"] for s in services}
        unit.insert_rows(
            Tariff,
            [
                {
                    "service_id": by_code[code],
                    "category": str(category),
                    "tap_type": str(tap),
                    "amount": som * 100,
                    "valid_from": start,
                    "valid_to": end,
                    "toktom_no": no,
                    "toktom_date": decided,
                }
                for code, category, tap, som, start, end, no, decided in TARIFFS
            ],
        )
    subs: list[dict[str, Any]] = []
    metered: list[tuple[Any, int]] = []
    for hh in ctx.household_rows:
        start = dt.date(rng.choice((2017, 2018, 2019, 2021, 2023)), rng.randint(1, 12), 1)
        if rng.random() < WATER_SHARE:
            row = {"household_id": hh["id"], "start_date": start, "end_date": None}
            if rng.random() < METER_SHARE:
                row |= {
                    "start_date": dt.date(2021, rng.randint(1, 12), 1),  # the metered tariff
                    "service_id": by_code["water_meter"],
                    "tap_type": TapType.YARD.value,
                    "meter_serial": f"СВК-{rng.randrange(10**7):07d}",
                }
                metered.append((row, hh["residents"]))
            else:
                row |= {
                    "service_id": by_code["water"],
                    "tap_type": rng.choice(
                        (TapType.STREET.value,) * 6 + (TapType.YARD.value,) * 3 + ("house",)
                    ),
                    "meter_serial": "",
                }
            subs.append(row)
        for code, share in (("waste", WASTE_SHARE), ("irrigation", IRRIGATION_SHARE)):
            if rng.random() < share:
                subs.append(
                    {
                        "household_id": hh["id"],
                        "service_id": by_code[code],
                        "start_date": start,
                        "end_date": None,
                        "tap_type": TapType.NONE.value,
                        "meter_serial": "",
                    }
                )
    # One write per table keeps each operation-log row a reasonable size.
    with write(ctx.session, SYSTEM, "demo.subscriptions", f"{len(subs)} subscriptions") as unit:
        for first in range(0, len(subs), _CHUNK):
            unit.insert_rows(Subscription, subs[first : first + _CHUNK])
    readings: list[dict[str, Any]] = []
    for row, residents in metered:
        readings += _readings(rng, row["id"], residents, last_month)
    with write(ctx.session, SYSTEM, "demo.readings", f"{len(readings)} readings") as unit:
        for first in range(0, len(readings), _CHUNK):
            unit.insert_rows(MeterReading, readings[first : first + _CHUNK])
