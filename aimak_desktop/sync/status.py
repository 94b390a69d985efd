"""Sync status for the status bar and the sync page, and the content fingerprint.

The fingerprint is a SHA-256 over the content of every synced table: rows sorted by id, columns
sorted by name, values in their JSON form. It leaves out `hlc` only (the merge's bookkeeping,
not something a user sees); everything else, including who created a row and when
(`origin_device`, `created_at`), is content. Local-only tables (this PC's identity, the operation
log, sync bookkeeping) are not content. Two PCs have the same fingerprint exactly when every
synced row they show agrees.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aimak_desktop.models.core import OplogEntry
from aimak_desktop.models.sync_state import (
    ClockWarning,
    QuarantineEntry,
    SyncConflict,
    SyncExport,
    SyncProgress,
    SyncRejection,
    SyncTarget,
)
from aimak_desktop.sync import schema
from aimak_desktop.sync.apply import local_identities
from aimak_desktop.sync.changes import encode_value


def fingerprint(session: Session) -> str:
    """Hex SHA-256 of the synced tables' content (see the module docstring)."""
    digest = hashlib.sha256()
    for name in sorted(schema.synced_tables()):
        info = schema.synced_tables()[name]
        columns = sorted(
            c.name for c in info.table.columns if c.name not in schema.BOOKKEEPING_COLUMNS
        )
        digest.update(f"\x1e{name}\x1f{','.join(columns)}\n".encode())
        query = select(*(info.table.c[c] for c in columns)).order_by(info.table.c.id)
        for row in session.execute(query.execution_options(yield_per=2000)):
            line = json.dumps([encode_value(v) for v in row], ensure_ascii=False, default=str)
            digest.update(line.encode("utf-8") + b"\n")
    session.commit()
    return digest.hexdigest()


def table_counts(session: Session) -> dict[str, int]:
    """Rows per synced table (for reports and tests)."""
    return {
        name: int(session.scalar(select(func.count()).select_from(info.table)) or 0)
        for name, info in schema.synced_tables().items()
    }


def sync_status(session: Session) -> dict[str, Any]:
    """Everything the sync page and the status bar show, as plain data."""
    mine = local_identities(session)
    own_last = {
        d: int(s or 0)
        for d, s in session.execute(
            select(OplogEntry.device_id, func.max(OplogEntry.seq))
            .where(OplogEntry.device_id.in_(mine))
            .group_by(OplogEntry.device_id)
        )
    }
    targets = []
    for t in session.scalars(select(SyncTarget).order_by(SyncTarget.url)):
        exported = {
            e.device_id: e.exported_seq
            for e in session.scalars(select(SyncExport).where(SyncExport.target == t.url))
        }
        pending = sum(max(0, last - exported.get(d, 0)) for d, last in own_last.items())
        targets.append(
            {
                "url": t.url,
                "pending": pending,
                "last_success_at": t.last_success_at.isoformat() if t.last_success_at else None,
                "last_attempt_at": t.last_attempt_at.isoformat() if t.last_attempt_at else None,
                "last_error": t.last_error,
            }
        )
    devices = []
    for p in session.scalars(select(SyncProgress).order_by(SyncProgress.device_id)):
        received = session.scalar(
            select(func.count())
            .select_from(OplogEntry)
            .where(OplogEntry.device_id == p.device_id, OplogEntry.seq > p.applied_seq)
        )
        devices.append(
            {
                "device_id": str(p.device_id),
                "applied_seq": p.applied_seq,
                "held_back": int(received or 0),
                "held_reason": p.held_reason,
            }
        )
    status = {
        "own_ops": sum(own_last.values()),
        "targets": targets,
        "devices": devices,
        "conflicts_open": _count(session, SyncConflict, SyncConflict.resolved.is_(False)),
        "quarantine_open": _count(session, QuarantineEntry, QuarantineEntry.resolved.is_(False)),
        "rejected_files": _count(session, SyncRejection, None),
        "clock_warnings": [
            {
                "device_id": str(w.device_id),
                "offset_ms": w.offset_ms,
                "seen_at": w.seen_at.isoformat(),
            }
            for w in session.scalars(select(ClockWarning))
        ],
    }
    session.commit()
    return status


def _count(session: Session, model: Any, where: Any) -> int:
    query = select(func.count()).select_from(model)
    if where is not None:
        query = query.where(where)
    return int(session.scalar(query) or 0)
