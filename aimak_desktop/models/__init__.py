"""SQLAlchemy models, one module per area.

Names are imported from their modules on first use (PEP 562), so opening the program loads only
the tables it needs before the first paint; `load_all()` registers every table at once.
"""

from __future__ import annotations

import importlib
from typing import Any

from aimak_desktop.models.base import Base, Synced, utcnow
from aimak_desktop.models.ids import new_id

_LAZY = {
    "AuditEntry": "core",
    "Device": "core",
    "LocalDevice": "core",
    "Office": "core",
    "OplogEntry": "core",
    "Role": "core",
    "User": "core",
    "Category": "register",
    "Gender": "register",
    "Household": "register",
    "Street": "register",
    "Village": "register",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AREA_MODULES",
    "AuditEntry",
    "Base",
    "Category",
    "Device",
    "Gender",
    "Household",
    "LocalDevice",
    "Office",
    "OplogEntry",
    "Role",
    "Street",
    "Synced",
    "User",
    "Village",
    "load_all",
    "new_id",
    "utcnow",
]

#: Area modules. They are imported on first use (start-up only needs the core tables); code that
#: works on every table (migrations, sync, fingerprints) calls `load_all()` first.
AREA_MODULES = ("catalog", "feedback", "hearings", "tariff_study", "sync_state", "billing")


def load_all() -> None:
    """Import every area's models so that Base.metadata holds every table."""
    for name in ("core", "register", *AREA_MODULES):
        importlib.import_module(f"aimak_desktop.models.{name}")
