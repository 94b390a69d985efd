"""SQLAlchemy models, one module per area. Importing this package registers every table."""

from aimak_desktop.models.base import Base, Synced, utcnow
from aimak_desktop.models.core import (
    AuditEntry,
    Device,
    LocalDevice,
    Office,
    OplogEntry,
    Role,
    User,
)
from aimak_desktop.models.ids import new_id
from aimak_desktop.models.register import Category, Gender, Household, Street, Village

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
    import importlib

    for name in AREA_MODULES:
        importlib.import_module(f"aimak_desktop.models.{name}")
