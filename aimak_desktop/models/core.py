"""Office profile, devices, users, the audit log and the operation log."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aimak_desktop.i18n import N_
from aimak_desktop.models.base import Base, Synced, utcnow


class Role(enum.StrEnum):
    ADMIN = "admin"
    HEAD = "head"
    ACCOUNTANT = "accountant"
    CLERK = "clerk"
    MENTOR = "mentor"


ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.HEAD: N_("Head of office"),
    Role.ACCOUNTANT: N_("Accountant (cash)"),
    Role.CLERK: N_("Clerk"),
    Role.MENTOR: N_("Mentor (read-only)"),
}


class Office(Synced, Base):
    """The office profile: one row per office database."""

    __tablename__ = "office"

    name_ky: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    oblast: Mapped[str] = mapped_column(String(100))
    rayon: Mapped[str] = mapped_column(String(100))
    aimak: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    head_name: Mapped[str] = mapped_column(String(200), default="")
    accountant_name: Mapped[str] = mapped_column(String(200), default="")
    bank_name: Mapped[str] = mapped_column(String(200), default="")
    bank_account: Mapped[str] = mapped_column(String(50), default="")
    bank_bik: Mapped[str] = mapped_column(String(20), default="")
    tax_id: Mapped[str] = mapped_column(String(20), default="")
    is_demo: Mapped[bool] = mapped_column(default=False)


class Device(Synced, Base):
    """A PC of the office, known to every other PC through sync (id = its device id)."""

    __tablename__ = "devices"

    code: Mapped[str] = mapped_column(String(8))
    label: Mapped[str] = mapped_column(String(100), default="")


class LocalDevice(Base):
    """This PC's identity and counters. Never synced: each PC has its own row.

    `series` is the human code of this PC's number series (receipts, accounts). A PC restored from a
    backup gets a new device id and a new series, so numbers issued after the backup never repeat.
    """

    __tablename__ = "local_device"
    __synced__ = False

    slot: Mapped[int] = mapped_column(primary_key=True, default=1)
    device_id: Mapped[uuid.UUID]
    code: Mapped[str] = mapped_column(String(8))
    generation: Mapped[int] = mapped_column(default=1)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hlc: Mapped[int] = mapped_column(default=0)
    office_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    @property
    def series(self) -> str:
        return self.code if self.generation == 1 else f"{self.code}{self.generation}"


class User(Synced, Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(50), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2), default="ky")
    active: Mapped[bool] = mapped_column(default=True)


class AuditEntry(Synced, Base):
    """Who did what, when, on which PC. Append-only."""

    __tablename__ = "audit_log"
    __append_only__ = True
    __table_args__ = (Index("ix_audit_log_at", "created_at"),)

    actor_id: Mapped[uuid.UUID | None]
    actor_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text, default="")
    target_table: Mapped[str | None] = mapped_column(String(60))
    target_id: Mapped[uuid.UUID | None]


class OplogEntry(Base):
    """One transaction's row changes, numbered per device without gaps (ARCHITECTURE.md "Sync")."""

    __tablename__ = "oplog"
    __synced__ = False  # it is the sync medium itself, not a business table

    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    hlc: Mapped[int]
    kind: Mapped[str] = mapped_column(String(60))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
