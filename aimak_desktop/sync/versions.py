"""Per-field version stamps for last-writer-wins merge, and portable upserts.

The write path calls `record_local_update` for every row it updates, so a field edited here
carries the stamp of that edit; the merge (`sync.apply`) does the same for remote updates.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction

from aimak_desktop.models.sync_state import FieldVersion

#: Pseudo-field holding the stamp of the insert that created a row.
INSERT_FIELD = "*"


def dialect_insert(conn: Connection, table: Table | Any) -> Any:
    """An INSERT that knows ON CONFLICT, for SQLite and PostgreSQL alike."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def insert_ignore(conn: Connection, table: Table | Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows, skipping those whose primary key exists ("on conflict do nothing")."""
    if rows:
        conn.execute(dialect_insert(conn, table).on_conflict_do_nothing(), rows)


def upsert_versions(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Set the stamps of (table_name, row_id, field) rows, replacing older ones."""
    if not rows:
        return
    stmt = dialect_insert(conn, FieldVersion.__table__)
    stmt = stmt.on_conflict_do_update(
        index_elements=["table_name", "row_id", "field"],
        set_={"hlc": stmt.excluded.hlc, "device_id": stmt.excluded.device_id},
    )
    conn.execute(stmt, rows)


def record_local_update(
    conn: Connection,
    table: str,
    row_id: uuid.UUID,
    fields: Iterable[str],
    hlc: int,
    device_id: uuid.UUID,
    prior: tuple[int, uuid.UUID | None] | None,
) -> None:
    """Stamp fields changed by a local write; keep the row's insert stamp on its first update.

    Args:
        prior: (hlc, origin_device) the row had before this write, i.e. its insert stamp if this
            is its first update; None when unknown.
    """
    if prior is not None and prior[1] is not None:
        insert_ignore(
            conn,
            FieldVersion.__table__,
            [
                {
                    "table_name": table,
                    "row_id": row_id,
                    "field": INSERT_FIELD,
                    "hlc": prior[0],
                    "device_id": prior[1],
                }
            ],
        )
    upsert_versions(
        conn,
        [
            {"table_name": table, "row_id": row_id, "field": f, "hlc": hlc, "device_id": device_id}
            for f in fields
        ],
    )


def begin(session: Session) -> SessionTransaction:
    """A new transaction: ends the read transaction the session auto-began, if any."""
    if session.in_transaction():
        session.commit()
    return session.begin()
