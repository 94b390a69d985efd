"""Reading the audit log and table counts for the status command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aimak_desktop.models.core import AuditEntry, OplogEntry, User
from aimak_desktop.models.register import Household, Street, Village


def audit_entries(
    session: Session,
    *,
    actor_name: str | None = None,
    kind: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 500,
) -> Sequence[AuditEntry]:
    """Newest first. `kind` matches a prefix ("user." finds every user operation)."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc()).limit(limit)
    if actor_name:
        query = query.where(AuditEntry.actor_name == actor_name)
    if kind:
        query = query.where(AuditEntry.kind.startswith(kind))
    if since:
        query = query.where(AuditEntry.created_at >= dt.datetime.combine(since, dt.time()))
    if until:
        query = query.where(
            AuditEntry.created_at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time())
        )
    return session.scalars(query).all()


def audit_kinds(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.kind).distinct().order_by(AuditEntry.kind)))


#: Tables counted by `aimak status`; later areas add theirs.
STATUS_TABLES: dict[str, type] = {
    "villages": Village,
    "streets": Street,
    "households": Household,
    "users": User,
    "audit_log": AuditEntry,
    "oplog": OplogEntry,
}


def table_counts(session: Session) -> dict[str, int]:
    return {
        name: int(session.scalar(select(func.count()).select_from(model)) or 0)
        for name, model in STATUS_TABLES.items()
    }
