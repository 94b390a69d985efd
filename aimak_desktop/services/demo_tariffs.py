"""Demo data of the tariff calculator: a saved study for the demo office's water service."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from aimak_desktop.services.auth import SYSTEM
from aimak_desktop.services.demo import DemoContext

#: A village water system: two operators, pumps on electricity, chlorine, repairs; pipes, a pump and
#: a reservoir; 40 % losses and 75 % collection, as DOMAIN.md describes for village systems.
WATER_STUDY: dict[str, Any] = {
    "unit": "m3",
    "costs": {
        "salaries": 288000,  # 2 operators × 12,000 som × 12 months
        "social_fund": 49680,  # 17.25 % of salaries
        "electricity": 180000,  # pumps
        "chemicals": 24000,  # chlorine
        "repairs": 60000,
        "admin": 30000,
        "other": 10000,
    },
    "renewal_reserve_pct": 10,
    "assets": [
        {"name": "Түтүктөр / Трубы", "value": 3000000, "life_years": 30},
        {"name": "Насос", "value": 400000, "life_years": 10},
        {"name": "Резервуар", "value": 1200000, "life_years": 40},
    ],
    "loan_repayment": 0,
    "volume_produced_m3": 60000,
    "losses_pct": 40,
    "collection_rate_pct": 75,
    "litres_per_person_day": 50,
    "persons_per_household": 5,
    "household_income_month": 18000,
    "current_tariff": 15,
    "affordability_threshold_pct": 3,
    "phase_years": 3,
}


def demo_step(ctx: DemoContext) -> None:
    """Save a tariff study for the service with code "water"; skip quietly if there is none."""
    try:
        from aimak_desktop.models.catalog import Service
    except ImportError:
        return
    session = ctx.session
    service = session.scalar(select(Service).where(Service.code == "water"))
    if service is None:
        return
    from aimak_desktop.services.tariff_studies import (
        add_scenario,
        create_study,
        defaults_from_office,
    )

    counts = defaults_from_office(session, service.id)
    inputs = {
        **WATER_STUDY,
        "service": service.name_ky,
        "persons": max(1, counts.persons),
        "households": max(1, counts.households),
    }
    study = create_study(
        session, SYSTEM, service.id, "Суу тарифи 2025 / Тариф на воду 2025", inputs
    )
    add_scenario(
        session,
        SYSTEM,
        study.id,
        "custom",
        "Жыйноо 90 % / Сбор 90 %",
        {"collection_rate_pct": 90},
    )
