"""Reading the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from aimak_desktop.models.core import AuditEntry


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
