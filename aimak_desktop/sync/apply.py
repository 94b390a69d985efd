"""Applying received operations: per device in seq order, with the merge rules.

Rules (ARCHITECTURE.md "Sync"):
- each device's operations apply in `seq` order; the first one that cannot apply yet holds back
  the rest of that device (a gap, a row it needs from another device, a newer schema);
- append-only tables merge as a union by id; the same id with other content is quarantined;
- other tables merge last-writer-wins per field, ordered by (hlc, device id); a concurrent value
  that loses is kept in `sync_conflicts` when it was this PC's;
- a change that would break a unique rule, or needs a quarantined row, is quarantined with the
  reason instead of failing the import.

Foreign keys: an operation is applied only when every row it references exists (here, or earlier
in the same batch), so constraints hold row by row; inserts are written parent tables first.
Progress (`sync_progress.applied_seq`) is written in the same transaction as the rows.

Brand-new rows skip the per-row SQLAlchemy work (`sync.fast_apply`: executemany on SQLite,
COPY on PostgreSQL); everything else goes through `_Merger` below. Both give the same result.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from aimak_desktop.models.base import utcnow
from aimak_desktop.models.core import LocalDevice, OplogEntry
from aimak_desktop.models.sync_state import (
    QuarantineEntry,
    SchemaHold,
    SyncConflict,
    SyncProgress,
)
from aimak_desktop.sync import schema, versions
from aimak_desktop.sync.changes import INSERT, UPDATE, RowChange, decode_payload, encode_value

BATCH_OPS = 2000
_IN_CHUNK = 500


class _Hold(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class ApplyReport:
    applied: int = 0
    quarantined: int = 0
    conflicts: int = 0
    held: dict[str, str] = field(default_factory=dict)  # device id -> reason


def known_revisions() -> frozenset[str]:
    from aimak_desktop.db import KNOWN_REVISIONS

    return KNOWN_REVISIONS


def local_identities(session: Session) -> set[uuid.UUID]:
    """Device ids whose operations were written on this PC (current and earlier identities)."""
    current = session.scalar(select(LocalDevice.device_id))
    received = set(session.scalars(select(SyncProgress.device_id)))
    in_log = set(session.scalars(select(OplogEntry.device_id).distinct()))
    return ({current} if current else set()) | (in_log - received)


def apply_pending(
    session: Session, batch_ops: int | None = None, *, fast: bool | None = None
) -> ApplyReport:
    """Apply every received operation that can be applied now. Idempotent.

    Each batch of up to `batch_ops` operations of one device is one transaction with its
    progress row, so an import killed at any moment resumes exactly where it stopped.

    Args:
        fast: use the fast path (`sync.fast_apply`); None: whenever the database has one
            (SQLite, PostgreSQL through psycopg2). False gives the portable path, which the
            fast one must match exactly.
    """
    batch_ops = batch_ops or BATCH_OPS
    report = ApplyReport()
    mine = local_identities(session)
    while True:
        progressed = False
        session.commit()
        devices = session.execute(select(SyncProgress.device_id, SyncProgress.applied_seq)).all()
        for device_id, applied in devices:
            while True:
                done, reason = _apply_batch(
                    session, device_id, applied, batch_ops, mine, report, fast
                )
                if done:
                    progressed = True
                    applied += done
                if reason is not None or not done:
                    if reason:
                        report.held[str(device_id)] = reason
                    else:
                        report.held.pop(str(device_id), None)
                    break
        if not progressed:
            return report


def _apply_batch(
    session: Session,
    device_id: uuid.UUID,
    applied: int,
    batch_ops: int,
    mine: set[uuid.UUID],
    report: ApplyReport,
    fast: bool | None = None,
) -> tuple[int, str | None]:
    """Apply up to `batch_ops` operations after `applied` in one transaction.

    Returns (number applied, reason the next one is held or None).
    """
    with versions.begin(session):
        conn = session.connection()
        # The fast path imports this module, hence the import here.
        from aimak_desktop.sync import fast_apply

        fast = fast_apply.is_fast(conn) if fast is None else fast and fast_apply.is_fast(conn)
        rows: Sequence[Any]
        if fast and conn.dialect.name == "sqlite":
            rows = fast_apply.read_operations(conn, device_id, applied, batch_ops)
        else:
            rows = conn.execute(
                select(OplogEntry.seq, OplogEntry.hlc, OplogEntry.payload)
                .where(OplogEntry.device_id == device_id, OplogEntry.seq > applied)
                .order_by(OplogEntry.seq)
                .limit(batch_ops)
            ).all()
        reason: str | None = None
        ops = []
        for expected, row in enumerate(rows, start=applied + 1):
            if row.seq != expected:
                reason = f"gap: waiting for operation {expected}"
                break
            ops.append(row)
        held_schema = _schema_hold(conn, device_id, applied + 1, len(ops))
        if held_schema is not None:
            ops, reason = ops[: held_schema[0]], held_schema[1]
        if not ops:
            _set_progress(conn, device_id, applied, reason or "")
            return 0, reason
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        merger_class = fast_apply.FastMerger if fast else _Merger
        merger = merger_class(conn, device_id, mine, report)
        done = merger.run(ops)
        if merger.hold_reason:
            reason = merger.hold_reason
        _set_progress(conn, device_id, applied + done, reason or "")
        report.applied += done
        return done, reason


def _schema_hold(
    conn: Connection, device_id: uuid.UUID, first: int, count: int
) -> tuple[int, str] | None:
    """(ops before the first held one, reason) when a newer-schema range starts in this window."""
    holds = conn.execute(
        select(SchemaHold.first_seq, SchemaHold.last_seq, SchemaHold.revisions).where(
            SchemaHold.device_id == device_id, SchemaHold.last_seq >= first
        )
    ).all()
    known = known_revisions()
    starts = [
        max(h.first_seq, first)
        for h in holds
        if not set(filter(None, h.revisions.split(","))) <= known
    ]
    if not starts or min(starts) >= first + count:
        return None
    return min(starts) - first, "newer schema: update the program to apply"


def _set_progress(conn: Connection, device_id: uuid.UUID, applied: int, reason: str) -> None:
    conn.execute(
        update(SyncProgress)
        .where(SyncProgress.device_id == device_id)
        .values(applied_seq=applied, held_reason=reason[:200], updated_at=utcnow())
    )


def _stamp_key(hlc: int, device: uuid.UUID | str | None) -> tuple[int, str]:
    return hlc, str(device or "")


class _Merger:
    """Merges a batch of one device's operations in memory, then writes it in bulk."""

    def __init__(
        self, conn: Connection, device_id: uuid.UUID, mine: set[uuid.UUID], report: ApplyReport
    ) -> None:
        self.conn = conn
        self.device_id = device_id
        self.mine = mine
        self.report = report
        self.tables = schema.synced_tables()
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}  # current state of touched rows
        self.new: set[tuple[str, str]] = set()
        self.dirty: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.versions: dict[tuple[str, str], dict[str, tuple[int, str]]] = {}
        self.version_rows: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.uniques: dict[tuple[str, tuple[str, ...]], dict[tuple[Any, ...], str]] = {}
        self.conflicts: list[dict[str, Any]] = []
        self.quarantine: list[dict[str, Any]] = []
        self.hold_reason: str | None = None

    # -- loading -----------------------------------------------------------------------------

    def _prefetch(self, decoded: list[tuple[Any, list[RowChange]]]) -> None:
        ids: dict[str, set[str]] = defaultdict(set)
        for _op, changes in decoded:
            for c in changes:
                info = self.tables.get(c.table)
                if info is None:
                    continue
                ids[c.table].add(c.row_id)
                for column, target in info.references.items():
                    value = c.fields.get(column)
                    if value is not None and target in self.tables:
                        ids[target].add(str(value))
        for table, wanted in ids.items():
            self._load(table, wanted)
        for table in {t for t, _i in self.rows}:
            if not self.tables[table].append_only:
                self._load_versions(table, [i for t, i in self.rows if t == table])
        for (table, cols), _m in list(self.uniques.items()):
            del self.uniques[(table, cols)]
        for table in ids:
            for cols in self.tables[table].uniques:
                self._load_unique(table, cols, decoded)

    def _load(self, table: str, wanted: set[str]) -> None:
        t = self.tables[table].table
        keys = [uuid.UUID(i) for i in wanted if (table, i) not in self.rows]
        for start in range(0, len(keys), _IN_CHUNK):
            chunk = keys[start : start + _IN_CHUNK]
            for found in self.conn.execute(select(t).where(t.c.id.in_(chunk))).mappings():
                self.rows[(table, str(found["id"]))] = dict(found)

    def _load_versions(self, table: str, row_ids: list[str]) -> None:
        from aimak_desktop.models.sync_state import FieldVersion as FV

        keys = [uuid.UUID(i) for i in row_ids]
        for start in range(0, len(keys), _IN_CHUNK):
            chunk = keys[start : start + _IN_CHUNK]
            for v in self.conn.execute(
                select(FV.row_id, FV.field, FV.hlc, FV.device_id).where(
                    FV.table_name == table, FV.row_id.in_(chunk)
                )
            ):
                key = (table, str(v.row_id))
                self.versions.setdefault(key, {})[v.field] = _stamp_key(v.hlc, v.device_id)

    def _load_unique(
        self, table: str, cols: tuple[str, ...], decoded: list[tuple[Any, list[RowChange]]]
    ) -> None:
        info = self.tables[table]
        t = info.table
        index: dict[tuple[Any, ...], str] = {}
        values = [
            tuple(info.decoders[col](c.fields[col]) for col in cols)
            for _op, changes in decoded
            for c in changes
            if c.table == table and all(col in c.fields for col in cols)
        ]
        for start in range(0, len(values), _IN_CHUNK):
            chunk = values[start : start + _IN_CHUNK]
            if len(cols) == 1:
                cond = t.c[cols[0]].in_([v[0] for v in chunk])
            else:
                from sqlalchemy import tuple_

                cond = tuple_(*(t.c[c] for c in cols)).in_(chunk)
            for row in self.conn.execute(select(t.c.id, *(t.c[c] for c in cols)).where(cond)):
                index[tuple(row[1:])] = str(row[0])
        for (tname, rid), state in self.rows.items():
            if tname == table:
                index[tuple(state.get(c) for c in cols)] = rid
        self.uniques[(table, cols)] = index

    # -- merging -----------------------------------------------------------------------------

    def run(self, ops: Sequence[Any]) -> int:
        decoded = [(op, decode_payload(op.payload)) for op in ops]
        self._prefetch(decoded)
        done = 0
        for op, changes in decoded:
            try:
                plan = self._check(op, changes)
            except _Hold as hold:
                self.hold_reason = hold.reason
                break
            for change, problem in plan:
                if problem:
                    self._quarantine(op, change, problem)
                else:
                    self._apply(op, change)
            done += 1
        self._flush()
        return done

    def _exists(self, table: str, row_id: str) -> bool:
        return (table, row_id) in self.rows

    def _check(self, op: Any, changes: list[RowChange]) -> list[tuple[RowChange, str]]:
        """Which changes of the op apply ("" ) or go to quarantine (reason); raises _Hold."""
        inserted = {(c.table, c.row_id) for c in changes if c.op == INSERT}
        plan: list[tuple[RowChange, str]] = []
        for c in changes:
            info = self.tables.get(c.table)
            if (
                info is None
                or not set(c.fields) <= set(info.decoders)
                or c.op
                not in (
                    INSERT,
                    UPDATE,
                )
            ):
                raise _Hold(f"newer schema: unknown table or column in {c.table}")
            problem = ""
            if (
                c.op == UPDATE
                and not self._exists(c.table, c.row_id)
                and (
                    c.table,
                    c.row_id,
                )
                not in inserted
            ):
                if self._quarantined(c.row_id):
                    problem = "the row this change edits is in quarantine"
                else:
                    raise _Hold(f"waiting for row {c.row_id} of {c.table}")
            for column, target in info.references.items():
                value = c.fields.get(column)
                if problem or value is None or target not in self.tables:
                    continue
                ref = str(value)
                if not self._exists(target, ref) and (target, ref) not in inserted:
                    if self._quarantined(ref):
                        problem = f"it refers to row {ref} of {target}, which is in quarantine"
                    else:
                        raise _Hold(f"waiting for row {ref} of {target}")
            plan.append((c, problem))
        return plan

    def _quarantined(self, row_id: str) -> bool:
        if any(q["row_id"] == row_id for q in self.quarantine):
            return True
        found = self.conn.execute(
            select(QuarantineEntry.id).where(QuarantineEntry.row_id == row_id).limit(1)
        ).first()
        return found is not None

    def _quarantine(self, op: Any, change: RowChange, reason: str) -> None:
        self.report.quarantined += 1
        self.quarantine.append(
            {
                "table_name": change.table,
                "row_id": change.row_id,
                "device_id": self.device_id,
                "seq": op.seq,
                "reason": reason,
                "change": json.dumps(change.as_json(), ensure_ascii=False),
                "resolved": False,
                "at": utcnow(),
            }
        )

    def _unique_clash(self, table: str, row_id: str, values: dict[str, Any]) -> str:
        for cols in self.tables[table].uniques:
            if not all(c in values for c in cols):
                continue
            key = tuple(values[c] for c in cols)
            owner = self.uniques.get((table, cols), {}).get(key)
            if owner is not None and owner != row_id:
                shown = ", ".join(f"{c}={v}" for c, v in zip(cols, key, strict=True))
                return f"{shown} is already used by another row of {table} ({owner})"
        return ""

    def _claim_uniques(self, table: str, row_id: str, row: dict[str, Any]) -> None:
        for cols in self.tables[table].uniques:
            self.uniques.setdefault((table, cols), {})[tuple(row.get(c) for c in cols)] = row_id

    def _apply(self, op: Any, change: RowChange) -> None:
        info = self.tables[change.table]
        key = (change.table, change.row_id)
        values = info.decode(change.fields)
        current = self.rows.get(key)
        if current is None:  # a new row (an update of a row inserted earlier in this op waits)
            clash = self._unique_clash(change.table, change.row_id, values)
            if clash:
                self._quarantine(op, change, clash)
                return
            row = {**values, "id": uuid.UUID(change.row_id), "hlc": op.hlc}
            row.setdefault("origin_device", self.device_id)
            self.rows[key] = row
            self.new.add(key)
            self._claim_uniques(change.table, change.row_id, row)
            return
        if info.append_only:
            if change.op == UPDATE:
                self._quarantine(op, change, "an append-only row was changed")
                return
            differs = [f for f, v in values.items() if f != "hlc" and current.get(f) != v]
            if differs:
                self._quarantine(
                    op,
                    change,
                    "same id, different content (" + ", ".join(sorted(differs)) + ")",
                )
            return
        clash = self._unique_clash(change.table, change.row_id, values)
        if clash:
            self._quarantine(op, change, clash)
            return
        self._merge_fields(op, change, key, current, values)

    def _merge_fields(
        self,
        op: Any,
        change: RowChange,
        key: tuple[str, str],
        current: dict[str, Any],
        values: dict[str, Any],
    ) -> None:
        stamps = self.versions.setdefault(key, {})
        insert_stamp = stamps.get(versions.INSERT_FIELD) or _stamp_key(
            current["hlc"], current.get("origin_device")
        )
        if versions.INSERT_FIELD not in stamps:
            stamps[versions.INSERT_FIELD] = insert_stamp
            self._version_row(key, versions.INSERT_FIELD, insert_stamp)
        theirs = _stamp_key(op.hlc, self.device_id)
        old = change.old or {}
        for column, value in values.items():
            if column in ("id", "hlc"):
                continue
            local = stamps.get(column, insert_stamp)
            have = current.get(column)
            local_is_mine = uuid.UUID(local[1]) in self.mine if local[1] else False
            if theirs > local:
                if have != value:
                    saw_mine = column in old and old[column] == encode_value(have)
                    if local_is_mine and not saw_mine:
                        self._conflict(key, column, have, value, local, theirs, "theirs")
                    current[column] = value
                    self.dirty[key].add(column)
                stamps[column] = theirs
                self._version_row(key, column, theirs)
            elif have != value and local_is_mine and theirs != local:
                self._conflict(key, column, have, value, local, theirs, "mine")
        if op.hlc > current["hlc"]:
            current["hlc"] = op.hlc
            self.dirty[key].add("hlc")
        self._claim_uniques(change.table, change.row_id, current)

    def _version_row(self, key: tuple[str, str], column: str, stamp: tuple[int, str]) -> None:
        self.version_rows[(key[0], key[1], column)] = {
            "table_name": key[0],
            "row_id": uuid.UUID(key[1]),
            "field": column,
            "hlc": stamp[0],
            "device_id": uuid.UUID(stamp[1]) if stamp[1] else self.device_id,
        }

    def _conflict(
        self,
        key: tuple[str, str],
        column: str,
        mine: Any,
        theirs: Any,
        mine_stamp: tuple[int, str],
        theirs_stamp: tuple[int, str],
        winner: str,
    ) -> None:
        self.report.conflicts += 1
        self.conflicts.append(
            {
                "table_name": key[0],
                "row_id": uuid.UUID(key[1]),
                "field": column,
                "mine": json.dumps(encode_value(mine), ensure_ascii=False),
                "theirs": json.dumps(encode_value(theirs), ensure_ascii=False),
                "mine_hlc": mine_stamp[0],
                "theirs_hlc": theirs_stamp[0],
                "mine_device": uuid.UUID(mine_stamp[1]),
                "theirs_device": uuid.UUID(theirs_stamp[1]),
                "winner": winner,
                "resolved": False,
                "resolution": "",
                "at": utcnow(),
            }
        )

    # -- writing -----------------------------------------------------------------------------

    def _flush(self) -> None:
        self._insert_new()
        groups: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
        for key, columns in self.dirty.items():
            if key in self.new or not columns:
                continue
            cols = tuple(sorted(columns))
            row = self.rows[key]
            groups[(key[0], cols)].append({"_id": row["id"], **{c: row[c] for c in cols}})
        for (name, cols), params in groups.items():
            t = self.tables[name].table
            stmt = (
                update(t).where(t.c.id == bindparam("_id")).values({c: bindparam(c) for c in cols})
            )
            self.conn.execute(stmt, params)
        versions.upsert_versions(self.conn, list(self.version_rows.values()))
        if self.conflicts:
            self.conn.execute(insert(SyncConflict), self.conflicts)
        if self.quarantine:
            self.conn.execute(insert(QuarantineEntry), self.quarantine)

    def _insert_new(self) -> None:
        by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for key in self.new:
            by_table[key[0]].append(self.rows[key])
        for name, info in self.tables.items():  # parents first (sorted_tables order)
            rows = by_table.get(name)
            if rows:
                self.conn.execute(info.table.insert(), _complete(info, parents_first(info, rows)))


def parents_first(info: schema.TableInfo, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """New rows of a table that refers to itself (a reversal and its charge), referenced first.

    PostgreSQL checks a reference at the end of each statement, and a long executemany goes out
    as several multi-row statements, so a reversal may not come before its charge.
    """
    own = [column for column, target in info.references.items() if target == info.name]
    if not own:
        return rows
    new_ids = {row["id"] for row in rows}
    placed: set[Any] = set()
    ordered: list[dict[str, Any]] = []
    pending = rows
    while pending:
        ready = [
            row
            for row in pending
            if all(row.get(c) not in new_ids or row.get(c) in placed for c in own)
        ]
        if not ready:  # a cycle: cannot be written in any order; the database says so
            ready = pending
        ordered += ready
        placed.update(row["id"] for row in ready)
        pending = [row for row in pending if row["id"] not in placed]
    return ordered


def _complete(info: schema.TableInfo, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every row every column (executemany needs one shape); defaults for absent ones."""
    columns = list(info.table.columns)
    if all(len(r) == len(columns) for r in rows):
        return rows
    defaults: dict[str, Any] = {}
    for c in columns:
        default = c.default
        if default is not None and default.is_scalar:
            defaults[c.name] = getattr(default, "arg", None)
        elif default is not None and default.is_callable:
            defaults[c.name] = None  # filled per row below
        else:
            defaults[c.name] = None
    result = []
    for r in rows:
        full = {**defaults, **r}
        if full.get("created_at") is None and "created_at" in full:
            full["created_at"] = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        result.append(full)
    return result
