"""The one write path: business rows + one oplog row + one audit row in one transaction.

Usage inside a service::

    with write(session, actor, "household.create", summary) as unit:
        session.add(household)
    # committed: the household, its audit entry and the oplog row that carries both

Row changes are captured from the session's flush events, so services write ordinary ORM objects
(or `unit.insert_rows` for bulk) and never build oplog payloads themselves. Writing a synced table
outside `write()` is refused, which keeps the rule honest.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, event, insert, inspect, select, update
from sqlalchemy.orm import Session

from aimak_desktop.models.base import Base, Synced, utcnow
from aimak_desktop.models.core import AuditEntry, LocalDevice, OplogEntry
from aimak_desktop.models.ids import new_id, new_ids
from aimak_desktop.services.auth import Actor
from aimak_desktop.services.bulk_insert import gc_paused, insert_columns, insert_uniform
from aimak_desktop.sync import clock, versions
from aimak_desktop.sync.changes import (
    ENVELOPE_COLUMNS,
    INSERT,
    UPDATE,
    EncodedChanges,
    RowChange,
    encode_payload,
    encode_value,
)

_UNIT_KEY = "aimak_write_unit"
_RAW_KEY = "aimak_raw_writes"


class WritePathError(RuntimeError):
    """A programming error: a synced table changed outside the write path or against its rules."""


class WriteUnit:
    """The state of one write transaction: device stamp, captured changes, actor."""

    def __init__(self, session: Session, actor: Actor, kind: str) -> None:
        self.session = session
        self.actor = actor
        self.kind = kind
        self.changes: list[RowChange | EncodedChanges] = []
        self.device_id: uuid.UUID
        self.seq: int
        self.hlc: int
        self.summary = ""
        self.target: Synced | None = None
        #: (hlc, origin_device) of rows before their update here: the merge's insert stamps.
        self.prior: dict[int, tuple[int, uuid.UUID | None]] = {}
        #: False: bulk inserts take SQLAlchemy Core's executemany on SQLite too (tests compare).
        self.fast_inserts = True

    def start(self) -> None:
        # Writing first takes SQLite's write lock at once, so the sequence number read next can
        # never be taken by another process: no gaps, no duplicates.
        self.session.execute(
            update(LocalDevice)
            .where(LocalDevice.slot == 1)
            .values(last_seq=LocalDevice.last_seq + 1)
        )
        device = self.session.execute(
            select(LocalDevice.device_id, LocalDevice.last_seq, LocalDevice.last_hlc)
        ).one()
        self.device_id, self.seq = device.device_id, device.last_seq
        self.hlc = clock.tick(device.last_hlc)
        self.session.execute(update(LocalDevice).values(last_hlc=self.hlc))

    def stamp(self, row: dict[str, Any]) -> dict[str, Any]:
        """Fill the synced columns of a row dict for a bulk insert."""
        row.setdefault("id", new_id())
        row.setdefault("created_at", utcnow())
        row["hlc"] = self.hlc
        row.setdefault("origin_device", self.device_id)
        return row

    def stamp_all(self, rows: Sequence[dict[str, Any]]) -> None:
        """`stamp` for many rows: ids made in one batch, one created_at for the batch."""
        ids = iter(new_ids(sum(1 for row in rows if "id" not in row)))
        now, hlc, device = utcnow(), self.hlc, self.device_id
        for row in rows:
            if "id" not in row:
                row["id"] = next(ids)
            if "created_at" not in row:
                row["created_at"] = now
            row["hlc"] = hlc
            if "origin_device" not in row:
                row["origin_device"] = device

    def insert_rows(self, model: type[Synced], rows: Sequence[dict[str, Any]]) -> int:
        """Bulk insert (executemany, ~40x faster than ORM add_all) with change capture.

        Each dict must give every column the model has no default for; its `id` (and the other
        synced columns) are filled in place.
        """
        if not rows:
            return 0
        table = model.__table__  # type: ignore[attr-defined]
        defaults = _scalar_defaults(table)
        slot = len(self.changes)  # objects the insert flushes first are logged after the rows
        with gc_paused():
            self.stamp_all(rows)  # callers read the new ids back from their dicts
            encoded = insert_uniform(self.session, table, rows, defaults, fast=self.fast_inserts)
        if encoded is not None:
            self.changes.insert(slot, encoded)
            return len(rows)
        # Rows with differing keys: one RowChange each and Core's executemany.
        full_rows = [{**defaults, **row} for row in rows]
        for full in full_rows:
            self.changes.append(
                RowChange(
                    table.name,
                    str(full["id"]),
                    INSERT,
                    {k: encode_value(v) for k, v in full.items() if k not in ENVELOPE_COLUMNS},
                )
            )
        self.session.execute(insert(table), full_rows)
        return len(full_rows)

    def insert_columns(self, model: type[Synced], columns: dict[str, list[Any]]) -> list[uuid.UUID]:
        """`insert_rows` for rows given column by column (every list the same length).

        An accrual run writes 160,000 charges: building a dict for each only to take it apart
        again costs more than the insert's own Python work. Returns the new rows' ids.
        """
        n = len(next(iter(columns.values()), []))
        if not n:
            return []
        table = model.__table__  # type: ignore[attr-defined]
        slot = len(self.changes)  # objects the insert flushes first are logged after the rows
        with gc_paused():
            ids = new_ids(n)
            full = {
                **columns,
                "id": ids,
                "created_at": [utcnow()] * n,
                "hlc": [self.hlc] * n,
                "origin_device": [self.device_id] * n,
            }
            encoded = insert_columns(
                self.session, table, full, _scalar_defaults(table), fast=self.fast_inserts
            )
        self.changes.insert(slot, encoded)
        return ids

    def finish(self) -> None:
        self.session.add(
            AuditEntry(
                actor_id=self.actor.user_id,
                actor_name=self.actor.name,
                kind=self.kind,
                summary=self.summary,
                target_table=self.target.__tablename__ if self.target is not None else None,  # type: ignore[attr-defined]
                target_id=self.target.id if self.target is not None else None,
            )
        )
        self.session.flush()
        self.session.add(
            OplogEntry(
                device_id=self.device_id,
                seq=self.seq,
                hlc=self.hlc,
                kind=self.kind,
                payload=encode_payload(self.changes),
            )
        )
        self.session.flush()


@contextmanager
def write(
    session: Session,
    actor: Actor,
    kind: str,
    summary: str = "",
    target: Synced | None = None,
) -> Iterator[WriteUnit]:
    """Run one business operation as a single transaction with its oplog and audit rows.

    Args:
        session: a session from `Database.session()`; a read transaction still open on it is
            ended first (reads that matter must happen inside the block).
        actor: who does it; services check the role before calling.
        kind: a stable operation name such as "household.create" (shown in the audit log).
        summary: a short human description for the audit log; may be set later on the unit.
        target: the main row concerned, for the audit log; may be set later on the unit.

    Raises:
        Whatever the block raises; the transaction is then rolled back entirely.
    """
    if _UNIT_KEY in session.info:
        raise WritePathError("write() blocks cannot be nested")
    end_read(session)
    unit = WriteUnit(session, actor, kind)
    unit.summary, unit.target = summary, target
    with session.begin():
        session.info[_UNIT_KEY] = unit
        try:
            unit.start()
            yield unit
            session.flush()
            unit.finish()
        finally:
            del session.info[_UNIT_KEY]


def in_write(session: Session) -> bool:
    """True inside a `write()` block: what the session reads may not be committed yet."""
    return _UNIT_KEY in session.info


def end_read(session: Session) -> None:
    """End a read transaction the session auto-began, so the next block starts a fresh one."""
    if session.in_transaction():
        session.commit()


@contextmanager
def raw_writes(session: Session) -> Iterator[None]:
    """Allow writes without capture: only for applying changes that came from another PC."""
    session.info[_RAW_KEY] = True
    try:
        yield
    finally:
        session.info.pop(_RAW_KEY, None)


def _scalar_defaults(table: Table) -> dict[str, Any]:
    """Scalar column defaults, which Core would fill in and the oplog must carry."""
    defaults = _defaults_cache.get(table)
    if defaults is None:
        defaults = {
            c.key: c.default.arg  # type: ignore[attr-defined]
            for c in table.columns
            if c.default is not None and c.default.is_scalar
        }
        _defaults_cache[table] = defaults
    return defaults


_defaults_cache: dict[Table, dict[str, Any]] = {}


def _synced_class(obj: object) -> type[Base] | None:
    if isinstance(obj, Base) and type(obj).__synced__:
        return type(obj)
    return None


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: object, _instances: object) -> None:
    if session.info.get(_RAW_KEY):
        return
    unit: WriteUnit | None = session.info.get(_UNIT_KEY)
    for obj in session.deleted:
        if _synced_class(obj):
            raise WritePathError(f"{type(obj).__name__} rows are archived, never deleted")
    touched = [o for o in list(session.new) + list(session.dirty) if _synced_class(o)]
    if touched and unit is None:
        raise WritePathError("synced rows must be written inside services.write_path.write()")
    for obj in touched:
        assert unit is not None
        if obj in session.new:
            obj.hlc = unit.hlc  # type: ignore[attr-defined]
            if obj.origin_device is None:  # type: ignore[attr-defined]
                obj.origin_device = unit.device_id  # type: ignore[attr-defined]
        elif session.is_modified(obj, include_collections=False):
            if type(obj).__append_only__:
                raise WritePathError(f"{type(obj).__name__} is append-only: add a new row instead")
            unit.prior.setdefault(id(obj), (obj.hlc, obj.origin_device))  # type: ignore[attr-defined]
            obj.hlc = unit.hlc  # type: ignore[attr-defined]


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: object) -> None:
    unit: WriteUnit | None = session.info.get(_UNIT_KEY)
    if unit is None or session.info.get(_RAW_KEY):
        return
    for obj in session.new:
        if _synced_class(obj):
            unit.changes.append(_row_change(obj, INSERT))
    for obj in session.dirty:
        if _synced_class(obj) and session.is_modified(obj, include_collections=False):
            change = _row_change(obj, UPDATE)
            if change.fields:
                unit.changes.append(change)
                # Per-field stamps for last-writer-wins merge with other PCs (sync.versions).
                versions.record_local_update(
                    session.connection(),
                    change.table,
                    obj.id,  # type: ignore[attr-defined]
                    change.fields,
                    unit.hlc,
                    unit.device_id,
                    unit.prior.get(id(obj)),
                )


def _row_change(obj: Any, op: str) -> RowChange:
    state = inspect(obj)
    mapper = state.mapper
    fields: dict[str, Any] = {}
    old: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        key = attr.key
        if key in ENVELOPE_COLUMNS:
            continue
        column = mapper.get_property(key).columns[0].name
        if op == UPDATE:
            history = state.attrs[key].history
            if not history.added:
                continue
            if history.deleted:  # the value the writer saw: tells an overwrite from a conflict
                old[column] = encode_value(history.deleted[0])
        fields[column] = encode_value(getattr(obj, key))
    return RowChange(mapper.local_table.name, str(obj.id), op, fields, old or None)
