"""The demo office: a realistic aimak, deterministic for a seed.

Each area adds a step to `STEPS`, so the demo grows as the program does (services, charges,
hearings...). Bulk rows go through `WriteUnit.insert_rows` so 100,000 households take seconds.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from aimak_desktop.models.core import Role
from aimak_desktop.models.register import Category, Gender, Household, Street, Village
from aimak_desktop.services import demo_names as names
from aimak_desktop.services.auth import SYSTEM
from aimak_desktop.services.office import OfficeProfile, create_office
from aimak_desktop.services.search import fill_derived
from aimak_desktop.services.users import add_user
from aimak_desktop.services.write_path import write

DEMO_PASSWORD = "demo123"
DEMO_USERS = (
    ("admin", "Администратор", Role.ADMIN),
    ("head", "Осмонов Бакыт", Role.HEAD),
    ("kassa", "Жумабаева Айгүл", Role.ACCOUNTANT),
    ("clerk", "Сыдыкова Нургүл", Role.CLERK),
    ("mentor", "Mentor", Role.MENTOR),
)
_RESIDENTS = ((1, 5), (2, 8), (3, 12), (4, 18), (5, 20), (6, 15), (7, 10), (8, 7), (9, 3), (10, 2))
_CATEGORIES = (
    (Category.REGULAR, 80),
    (Category.PENSIONER, 10),
    (Category.LOW_INCOME, 4),
    (Category.DISABLED, 2),
    (Category.LARGE_FAMILY, 4),
)


@dataclass
class DemoContext:
    session: Session
    rng: random.Random
    households: int
    villages: list[dict[str, Any]] = field(default_factory=list)
    household_rows: list[dict[str, Any]] = field(default_factory=list)


def _pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def person_name(rng: random.Random, gender: Gender) -> str:
    """A plausible Kyrgyz full name: "Токтосунова Айгүл" or "Бакыт Асан уулу"."""
    given = rng.choice(names.FEMALE if gender is Gender.FEMALE else names.MALE)
    if rng.random() < 0.15:
        father = rng.choice(names.MALE)
        return f"{given} {father} {'кызы' if gender is Gender.FEMALE else 'уулу'}"
    surname = rng.choice(names.SURNAME_ROOTS)
    return f"{surname}{'а' if gender is Gender.FEMALE else ''} {given}"


def phone(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return ""
    digits = f"{rng.randrange(1000000):06d}"
    return f"+996 {rng.choice(names.PHONE_PREFIXES)} {digits[:3]} {digits[3:]}"


def _register_step(ctx: DemoContext) -> None:
    rng = ctx.rng
    village_names = [ctx.villages[0]["name"]] if ctx.villages else []
    extra = rng.sample(names.VILLAGES, k=max(2, min(6, ctx.households // 400 + 2)))
    village_names += [v for v in extra if v not in village_names]
    weights = [rng.uniform(0.6, 1.4) for _ in village_names]
    weights[0] *= 1.6  # the aimak's centre is the largest village
    shares = [w / sum(weights) for w in weights]
    with write(ctx.session, SYSTEM, "demo.register", f"{ctx.households} households") as unit:
        villages = [{"name": n} for n in village_names]
        unit.insert_rows(Village, villages)
        streets: list[dict[str, Any]] = []
        households: list[dict[str, Any]] = []
        number = 0
        for village, share in zip(villages, shares, strict=True):
            count = (
                max(1, round(ctx.households * share))
                if village is not villages[-1]
                else max(1, ctx.households - number)
            )
            n_streets = max(3, min(len(names.STREETS), count // 25))
            village_streets = [
                {"village_id": village["id"], "name": s}
                for s in rng.sample(names.STREETS, k=n_streets)
            ]
            unit.insert_rows(Street, village_streets)
            streets += village_streets
            next_house = [1] * n_streets
            for _ in range(count):
                number += 1
                si = rng.randrange(n_streets)
                gender: Gender | None = Gender.FEMALE if rng.random() < 0.3 else Gender.MALE
                category = _pick(rng, _CATEGORIES)
                head = person_name(rng, gender or Gender.MALE)
                if rng.random() < 0.01:
                    category, head, gender = (
                        (Category.BUDGET_ORG, rng.choice(names.BUDGET_ORGS), None)
                        if rng.random() < 0.5
                        else (Category.BUSINESS, rng.choice(names.BUSINESSES), None)
                    )
                households.append(
                    {
                        "account_no": f"A{number:06d}",
                        "head_name": head,
                        "gender": gender.value if gender else None,
                        "phone": phone(rng),
                        "village_id": village["id"],
                        "street_id": village_streets[si]["id"],
                        "house": str(next_house[si]),
                        "residents": _pick(rng, _RESIDENTS),
                        "category": category.value,
                        "notes": "",
                        "archived_at": None,
                        "archive_reason": "",
                    }
                )
                next_house[si] += rng.choice((1, 1, 1, 2))
        # Insert in slices so memory stays flat for 100,000 households.
        for start in range(0, len(households), 5000):
            unit.insert_rows(Household, [fill_derived(r) for r in households[start : start + 5000]])
    ctx.villages = villages
    ctx.household_rows = households


#: Modules whose `demo_step(ctx)` runs after the register, in order (services, hearings ...).
STEP_MODULES = (
    "aimak_desktop.services.demo_catalog",
    "aimak_desktop.services.demo_hearings",
    "aimak_desktop.services.demo_tariffs",
    "aimak_desktop.services.demo_billing",
)


def steps() -> list[Callable[[DemoContext], None]]:
    import importlib

    return [_register_step] + [importlib.import_module(m).demo_step for m in STEP_MODULES]


def create_demo_office(session: Session, households: int = 600, seed: int = 1) -> dict[str, Any]:
    """Fill an empty database with a demo office. Returns a summary for the CLI."""
    rng = random.Random(seed)
    aimak = rng.choice(names.AIMAKS)
    oblast_ky, _oblast_ru, rayon, aimak_ky, aimak_ru, first_village = aimak
    create_office(
        session,
        OfficeProfile(
            name_ky=f"{aimak_ky} айыл өкмөтү",
            name_ru=f"Айыл окмоту «{aimak_ru}»",
            oblast=oblast_ky,
            rayon=rayon,
            aimak=aimak_ky,
            extra={
                "address": f"{first_village} айылы, Манас көчөсү, 1",
                "phone": "+996 3922 5 12 34",
                "head_name": "Осмонов Бакыт Асанович",
                "accountant_name": "Жумабаева Айгүл Төлөнбековна",
                "bank_name": "ОАО «РСК Банк»",
                "bank_account": "1290003330000000",
                "bank_bik": "129001",
                "tax_id": "01234567890123",
            },
        ),
        device_code="A",
        is_demo=True,
    )
    for username, full_name, role in DEMO_USERS:
        add_user(session, SYSTEM, username, full_name, role, DEMO_PASSWORD)
    ctx = DemoContext(session, rng, households, villages=[{"name": first_village}])
    ctx.villages = [{"name": first_village}]
    for step in steps():
        step(ctx)
    return {
        "office": f"{aimak_ky} айыл өкмөтү",
        "oblast": oblast_ky,
        "households": households,
        "villages": len(ctx.villages),
        "seed": seed,
    }
