"""Sync bookkeeping of this PC: progress per device, targets, versions, conflicts, quarantine.

None of these tables travel in bundles (`__synced__ = False`): each PC keeps its own view of what
it has received and applied. See ARCHITECTURE.md "Sync" and `aimak_desktop.sync`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aimak_desktop.models.base import Base, utcnow


class SyncProgress(Base):
    """How far the operations of one other device are applied here (gap-free prefix)."""

    __tablename__ = "sync_progress"
    __synced__ = False

    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    applied_seq: Mapped[int] = mapped_column(default=0)
    #: Why the next operation is held back ("" when nothing is): gap, missing row, schema.
    held_reason: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SyncTarget(Base):
    """A folder or server this PC synced with, and how the last attempt ended."""

    __tablename__ = "sync_targets"
    __synced__ = False

    url: Mapped[str] = mapped_column(String(500), primary_key=True)
    last_attempt_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")


class SyncExport(Base):
    """The highest own operation a target holds, per device identity of this PC."""

    __tablename__ = "sync_exports"
    __synced__ = False

    target: Mapped[str] = mapped_column(String(500), primary_key=True)
    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    exported_seq: Mapped[int] = mapped_column(default=0)


class SyncSeenBundle(Base):
    """A bundle file already verified and stored here (by its relative path), from any target."""

    __tablename__ = "sync_seen_bundles"
    __synced__ = False

    path: Mapped[str] = mapped_column(String(300), primary_key=True)
    size: Mapped[int]
    seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SyncRejection(Base):
    """A bundle file that failed verification (truncated, edited, wrong key)."""

    __tablename__ = "sync_rejections"
    __synced__ = False

    # Integer (not BIGINT) so SQLite numbers rows itself (rowid alias).
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(500))
    path: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SchemaHold(Base):
    """Operations received from a newer program version: stored, applied after the upgrade."""

    __tablename__ = "sync_schema_holds"
    __synced__ = False

    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    first_seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seq: Mapped[int]
    revisions: Mapped[str] = mapped_column(String(300))  # comma-separated


class FieldVersion(Base):
    """The (hlc, device) stamp of a field's current value, for last-writer-wins per field.

    Only fields changed by an update (local or remote) have a row; field "*" keeps the stamp of
    the insert that created the row. A field without a row still holds its inserted value.
    """

    __tablename__ = "sync_field_versions"
    __synced__ = False

    table_name: Mapped[str] = mapped_column(String(60), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    field: Mapped[str] = mapped_column(String(60), primary_key=True)
    hlc: Mapped[int]
    device_id: Mapped[uuid.UUID]


class SyncConflict(Base):
    """A register field edited on two PCs at once: the value that lost, for a clerk to review.

    `mine` is this PC's value, `theirs` the other PC's (JSON); `winner` says which one the merge
    kept ("mine" or "theirs"). A clerk resolves it with keep mine / take theirs.
    """

    __tablename__ = "sync_conflicts"
    __synced__ = False
    __table_args__ = (Index("ix_sync_conflicts_open", "resolved", "table_name"),)

    # Integer (not BIGINT) so SQLite numbers rows itself (rowid alias).
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[uuid.UUID]
    field: Mapped[str] = mapped_column(String(60))
    mine: Mapped[str] = mapped_column(Text)
    theirs: Mapped[str] = mapped_column(Text)
    mine_hlc: Mapped[int]
    theirs_hlc: Mapped[int]
    mine_device: Mapped[uuid.UUID]
    theirs_device: Mapped[uuid.UUID]
    winner: Mapped[str] = mapped_column(String(6))
    resolved: Mapped[bool] = mapped_column(default=False)
    resolution: Mapped[str] = mapped_column(String(20), default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class QuarantineEntry(Base):
    """A received row change that could not be applied safely, with the reason."""

    __tablename__ = "sync_quarantine"
    __synced__ = False

    # Integer (not BIGINT) so SQLite numbers rows itself (rowid alias).
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str] = mapped_column(String(40))
    device_id: Mapped[uuid.UUID]
    seq: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    change: Mapped[str] = mapped_column(Text)  # the change as JSON
    resolved: Mapped[bool] = mapped_column(default=False)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ClockWarning(Base):
    """A device whose clock differs from this PC's by more than the tolerance (flag only)."""

    __tablename__ = "sync_clock_warnings"
    __synced__ = False

    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    offset_ms: Mapped[int]  # positive: that device's stamps are ahead of this PC's clock
    seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
