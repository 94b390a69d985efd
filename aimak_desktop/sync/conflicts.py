"""Conflicts (a register field edited on two PCs at once) and the quarantine, for review.

Resolving a conflict is a normal write through the write path, so the chosen value gets a new
stamp, wins everywhere and travels to the other PCs like any edit.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aimak_desktop.errors import NotFound, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models import Base, load_all
from aimak_desktop.models.sync_state import QuarantineEntry, SyncConflict
from aimak_desktop.services.auth import REGISTER_ROLES, Actor, require_role
from aimak_desktop.services.write_path import write
from aimak_desktop.sync import schema

KEEP_MINE = "keep_mine"
TAKE_THEIRS = "take_theirs"


def list_conflicts(session: Session, include_resolved: bool = False) -> list[dict[str, Any]]:
    query = select(SyncConflict).order_by(SyncConflict.id)
    if not include_resolved:
        query = query.where(SyncConflict.resolved.is_(False))
    rows = [
        {
            "kind": "conflict",
            "id": c.id,
            "table": c.table_name,
            "row_id": str(c.row_id),
            "field": c.field,
            "mine": json.loads(c.mine),
            "theirs": json.loads(c.theirs),
            "winner": c.winner,
            "mine_device": str(c.mine_device),
            "theirs_device": str(c.theirs_device),
            "resolved": c.resolved,
            "resolution": c.resolution,
            "at": c.at.isoformat(),
        }
        for c in session.scalars(query)
    ]
    session.commit()
    return rows


def list_quarantine(session: Session, include_resolved: bool = False) -> list[dict[str, Any]]:
    query = select(QuarantineEntry).order_by(QuarantineEntry.id)
    if not include_resolved:
        query = query.where(QuarantineEntry.resolved.is_(False))
    rows = [
        {
            "kind": "quarantine",
            "id": q.id,
            "table": q.table_name,
            "row_id": q.row_id,
            "device_id": str(q.device_id),
            "seq": q.seq,
            "reason": q.reason,
            "change": json.loads(q.change),
            "at": q.at.isoformat(),
        }
        for q in session.scalars(query)
    ]
    session.commit()
    return rows


def _model_for(table: str) -> type[Any]:
    load_all()
    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            return mapper.class_
    raise NotFound(_("Unknown table {table}.").format(table=table))


def resolve_conflict(session: Session, actor: Actor, conflict_id: int, choice: str) -> None:
    """Keep this PC's value or take the other PC's; either way the choice is written and synced.

    Raises:
        NotFound: no such open conflict, or its row is gone.
        ValidationError: `choice` is neither keep_mine nor take_theirs.
        PermissionDenied: the user may not edit the register.
    """
    require_role(actor, REGISTER_ROLES)
    if choice not in (KEEP_MINE, TAKE_THEIRS):
        raise ValidationError(_("Choose keep mine or take theirs."), field="choice")
    session.commit()
    conflict = session.get(SyncConflict, conflict_id)
    if conflict is None or conflict.resolved:
        raise NotFound(_("There is no open conflict {id}.").format(id=conflict_id))
    info = schema.synced_tables()[conflict.table_name]
    model = _model_for(conflict.table_name)
    raw = json.loads(conflict.mine if choice == KEEP_MINE else conflict.theirs)
    value = info.decoders[conflict.field](raw)
    attr = next(p.key for p in model.__mapper__.column_attrs if p.columns[0].name == conflict.field)
    with write(session, actor, "sync.conflict_resolve", f"{conflict.table_name}.{attr}") as unit:
        row = session.get(model, conflict.row_id)
        if row is None:
            raise NotFound(_("The row of this conflict no longer exists."))
        # Written even when the value is already current: the new stamp makes it win on every PC.
        setattr(row, attr, value)
        if getattr(row, attr) == value:
            from sqlalchemy.orm.attributes import flag_modified

            flag_modified(row, attr)
        unit.target = row
        conflict = session.get(SyncConflict, conflict_id)
        assert conflict is not None
        conflict.resolved, conflict.resolution = True, choice
