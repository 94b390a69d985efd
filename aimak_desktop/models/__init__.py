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
    "new_id",
    "utcnow",
]

# Area modules: importing them registers their tables on Base.metadata.
from aimak_desktop.models import catalog, feedback, hearings, tariff_study  # noqa: F401
from aimak_desktop.models import sync_state  # noqa: F401,E402
