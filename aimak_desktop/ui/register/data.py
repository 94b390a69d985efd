"""What the register page reads, as plain values: pages of households, counts, look-ups.

These functions run in the task pool with the session it gives (`ctx.tasks.run_read`); widgets
never open a session. Debts come from `services.debts` (billing) when that module is installed;
without it the debt column stays empty and the "has debt" filter is hidden.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from aimak_desktop.i18n import get_language
from aimak_desktop.services.search import HouseholdRow, count_households, search_households

#: Rows fetched at a time as the table scrolls.
PAGE_SIZE = 200


def debts_module() -> ModuleType | None:
    """`services.debts` when billing is installed (it is imported lazily: optional area)."""
    try:
        from aimak_desktop.services import debts
    except ImportError:
        return None
    return debts if hasattr(debts, "debts_by_household") else None


@dataclass(frozen=True)
class RegisterQuery:
    """The search text and filters of the register page."""

    text: str = ""
    village_id: uuid.UUID | None = None
    service_id: uuid.UUID | None = None
    category: str | None = None
    #: False: active households, True: archived ones, None: both.
    archived: bool | None = False
    has_debt: bool = False

    def arguments(self) -> dict[str, Any]:
        return {
            "village_id": self.village_id,
            "service_id": self.service_id,
            "category": self.category,
            "archived": self.archived,
            "has_debt": True if self.has_debt else None,
        }


def load_page(
    session: Any, query: RegisterQuery, offset: int, limit: int = PAGE_SIZE
) -> list[HouseholdRow]:
    return search_households(session, query.text, offset=offset, limit=limit, **query.arguments())


def load_debts(session: Any, household_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The balance of each household (> 0 debt, < 0 paid ahead); empty without billing.

    Read after the rows are shown, so the table never waits for the ledger sums.
    """
    debts = debts_module()
    if debts is None or not household_ids:
        return {}
    return dict(debts.debts_by_household(session, household_ids))


def load_count(session: Any, query: RegisterQuery) -> int:
    return count_households(session, query.text, **query.arguments())


@dataclass(frozen=True)
class RegisterLookups:
    """Villages and services for the filter combos, as (id, name)."""

    villages: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    services: list[tuple[uuid.UUID, str]] = field(default_factory=list)


def service_name(name_ky: str, name_ru: str) -> str:
    """A service's name in the UI language (Kyrgyz unless Russian is chosen)."""
    return name_ru if get_language() == "ru" and name_ru else name_ky


def load_lookups(session: Any) -> RegisterLookups:
    from aimak_desktop.services.catalog import list_services
    from aimak_desktop.services.registers import list_villages

    return RegisterLookups(
        villages=[(v.id, v.name) for v in list_villages(session)],
        services=[(s.id, service_name(s.name_ky, s.name_ru)) for s in list_services(session)],
    )
