"""Fast path of the importer: brand-new rows in bulk (SQLite, and PostgreSQL through psycopg2).

Importing a big bundle is mostly "insert 100,000 new rows". Done through the portable merge
that is a dict per row, UUID and date parsing, and SQLAlchemy's parameter processing per row and
column; here new rows stay as the JSON fields of their operation until they are written in one go
per table, values already in their stored form: one `executemany` on SQLite (`sync.sqlite_rows`),
one COPY on PostgreSQL (`sync.pg_rows`, what consolidation into PostgreSQL spends its time on).

Only what cannot differ takes the fast path: an operation whose changes all insert rows with
brand-new ids (not in the database, not yet in the batch), whose referenced rows exist and
whose unique values are free. Anything else (an update, a row that already exists, a missing
parent, a clash) goes through the portable merge of `sync.apply`, unchanged; a new row a later
operation of the same batch touches is handed over to it first, and so is every new row of a
table whose values have no COPY text that surely stores the same (`pg_rows.NotCopyable`).
`tests/sync/test_apply_fast.py` and `tests/integration/test_apply_fast_pg.py` check that both
paths give the same result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from sqlalchemy import String
from sqlalchemy.engine import Connection

from aimak_desktop.sync import pg_rows, schema
from aimak_desktop.sync.apply import _complete, _Hold, _Merger, parents_first
from aimak_desktop.sync.changes import INSERT, RowChange
from aimak_desktop.sync.sqlite_rows import (
    MISSING,
    TableWriter,
    convert_column,
    decode_payloads,
    is_sqlite,
    read_operations,
    stored_converter,
    table_writer,
)

__all__ = ["FastMerger", "is_fast", "read_operations"]

#: Bound parameters per IN (...) query: below SQLite's old limit of 999.
_IN_CHUNK = 900


def is_fast(conn: Connection) -> bool:
    """Whether this connection takes the fast path (SQLite, PostgreSQL through psycopg2)."""
    return is_sqlite(conn) or pg_rows.is_copy_dialect(conn)


# -- the merge ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a batch is merged.

    A batch holds hundreds of thousands of small dicts and lists (the decoded payloads), none
    of them in a reference cycle; left on, the collector walks them over and over (and every
    other live object of the process with them), which took as long as the merge itself.
    Refcounting still frees everything; the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class FastMerger(_Merger):
    """`_Merger` whose brand-new rows skip the per-row ORM-level work (see the module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dialect = self.conn.dialect
        #: PostgreSQL: COPY texts instead of SQLite's stored forms (see `sync.pg_rows`)
        self.copy = not is_sqlite(self.conn)
        #: brand-new rows not touched again: key -> (op hlc, JSON fields), in seq order.
        self.fresh: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
        self.plans = _plans(self.tables)
        #: stored form of the ids seen in payloads, per table
        self.stored_ids: dict[str, dict[str, str]] = {}
        self.unique_slots: dict[str, list[tuple[tuple[str, ...], str | None, dict[Any, str]]]] = {}

    # -- loading -------------------------------------------------------------------------------

    def _writer(self, table: str) -> TableWriter | None:
        """How new rows of `table` are written; None: the portable way (no COPY form)."""
        if self.copy:
            return pg_rows.copy_writer(self.tables[table].table)
        return table_writer(self.tables[table].table, self.dialect)

    def _existing(self, table: str, ids: set[str]) -> set[str]:
        """Those of `ids` (as in the payloads) whose row is in the database."""
        writer = self._writer(table)
        if writer is None:  # the portable loader decides, as `_load` would
            self._load(table, ids)
            return {i for i in ids if (table, i) in self.rows}
        stored = self.stored_ids.setdefault(table, {})
        id_stored = writer.id_stored
        stored.update({i: id_stored(i) for i in ids if i not in stored})
        keys = list({stored[i] for i in ids})
        if self.copy:
            found_stored = pg_rows.existing_ids(self.conn, table, keys)
        else:
            found_stored = set()
            sql = "SELECT id FROM {} WHERE id IN ({})"
            quoted = self.dialect.identifier_preparer.quote(table)
            for start in range(0, len(keys), _IN_CHUNK):
                chunk = keys[start : start + _IN_CHUNK]
                result = self.conn.exec_driver_sql(
                    sql.format(quoted, ", ".join("?" * len(chunk))), tuple(chunk)
                )
                found_stored.update(r[0] for r in result)
        return {i for i in ids if stored[i] in found_stored} if found_stored else set()

    def _prefetch_fast(self, decoded: list[tuple[Any, list[dict[str, Any]]]]) -> None:
        ids: dict[str, set[str]] = defaultdict(set)
        plans = self.plans
        for _op, changes in decoded:
            for c in changes:
                table = c["t"]
                plan = plans.get(table)
                if plan is None:
                    continue
                ids[table].add(c["id"])
                fields = c["f"]
                for column, target in plan.references:
                    value = fields.get(column)
                    if value is not None:
                        ids[target].add(str(value))
        # Nothing to look up in an empty table (a first import: all of them).
        empty = self._empty_tables(ids)
        for table, wanted in ids.items():
            existing = set() if table in empty else self._existing(table, wanted)
            if existing:  # full rows, typed, for the merge: the portable loader
                self._load(table, existing)
        for table in {t for t, _i in self.rows}:
            if not self.tables[table].append_only:
                self._load_versions(table, [i for t, i in self.rows if t == table])
        for table in ids:
            for cols in self.tables[table].uniques:
                if table in empty:
                    self.uniques[(table, cols)] = {}
                else:
                    self._load_unique_fast(table, cols, decoded)

    def _empty_tables(self, tables: Iterable[str]) -> set[str]:
        """Those of `tables` that hold no row, in one query."""
        names = sorted(tables)
        if not names:
            return set()
        if self.copy:
            quoted = [pg_rows.qualified(self.conn, name) for name in names]
        else:
            quoted = [self.dialect.identifier_preparer.quote(name) for name in names]
        sql = " UNION ALL ".join(
            f"SELECT {i} WHERE NOT EXISTS (SELECT 1 FROM {name})" for i, name in enumerate(quoted)
        )
        return {names[row[0]] for row in self.conn.exec_driver_sql(sql)}

    def _load_unique_fast(
        self, table: str, cols: tuple[str, ...], decoded: list[tuple[Any, list[dict[str, Any]]]]
    ) -> None:
        """`_load_unique` with a raw query when the column is stored as its JSON value."""
        info = self.tables[table]
        column = info.table.c[cols[0]]
        name = cols[0]
        raw = (
            len(cols) == 1
            and stored_converter(column, self.dialect) is None
            and column.type._cached_result_processor(self.dialect, None) is None
        )
        wanted: list[Any] = []
        if raw:
            wanted = list(
                {
                    c["f"][name]
                    for _op, changes in decoded
                    for c in changes
                    if c["t"] == table and name in c["f"]
                }
            )
        if raw and self.copy:  # compared as text: a text column, text values
            raw = isinstance(column.type, String) and all(type(v) is str for v in wanted)
        if not raw:
            as_changes = [  # only the table's changes: what `_load_unique` looks at
                (
                    op,
                    [
                        RowChange(c["t"], c["id"], c["op"], c["f"])
                        for c in changes
                        if c["t"] == table
                    ],
                )
                for op, changes in decoded
            ]
            self._load_unique(table, cols, as_changes)
            return
        index: dict[tuple[Any, ...], str] = {}
        for found_id, value in self._unique_owners(table, name, wanted):
            index[(value,)] = found_id
        for (tname, rid), state in self.rows.items():
            if tname == table:
                index[(state.get(name),)] = rid
        self.uniques[(table, cols)] = index

    def _unique_owners(self, table: str, column: str, wanted: list[Any]) -> list[tuple[str, Any]]:
        """(row id, value) of the stored rows whose `column` holds one of `wanted`."""
        if self.copy:
            return list(pg_rows.unique_owners(self.conn, table, column, wanted))
        found = []
        quote = self.dialect.identifier_preparer.quote
        sql = "SELECT id, {col} FROM {table} WHERE {col} IN ({marks})"
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            query = sql.format(
                col=quote(column), table=quote(table), marks=", ".join("?" * len(chunk))
            )
            for found_id, value in self.conn.exec_driver_sql(query, tuple(chunk)):
                found.append((str(uuid.UUID(found_id)), value))
        return found

    # -- merging -------------------------------------------------------------------------------

    def run(self, ops: Sequence[Any]) -> int:
        with _gc_paused():
            return self._run(ops)

    def _run(self, ops: Sequence[Any]) -> int:
        decoded = list(zip(ops, decode_payloads([op.payload for op in ops]), strict=True))
        self._prefetch_fast(decoded)
        done = 0
        for op, changes in decoded:
            if not self._take_fresh(op, changes):
                row_changes = [
                    RowChange(c["t"], c["id"], c["op"], c["f"], c.get("o")) for c in changes
                ]
                for c in row_changes:
                    self._promote((c.table, c.row_id))
                try:
                    plan = self._check(op, row_changes)
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
        return (table, row_id) in self.rows or (table, row_id) in self.fresh

    def _take_fresh(self, op: Any, changes: list[dict[str, Any]]) -> bool:
        """Record the op's rows as fresh when every change is a clean brand-new insert."""
        rows, fresh, plans = self.rows, self.fresh, self.plans
        taken: list[tuple[tuple[str, str], dict[str, Any], _TablePlan]] = []
        for c in changes:
            table = c["t"]
            plan = plans.get(table)
            if plan is None or c["op"] != INSERT:
                return False
            fields = c["f"]
            key = (table, c["id"])
            if not fields.keys() <= plan.columns or key in rows or key in fresh:
                return False
            taken.append((key, fields, plan))
        # A set: a bulk insert's operation holds tens of thousands of rows, each looked up here.
        keys = {t[0] for t in taken}
        if len(keys) != len(taken):
            return False  # one row inserted twice by this op
        claims: list[tuple[dict[tuple[Any, ...], str], tuple[Any, ...], str]] = []
        for key, fields, plan in taken:
            for column, target in plan.references:
                value = fields.get(column)
                if value is not None:
                    ref = (target, value if type(value) is str else str(value))
                    if ref not in rows and ref not in fresh and ref not in keys:
                        return False  # waits or is quarantined: the portable checks say which
            if plan.uniques:
                found = self._claims(op, key, fields, plan)
                if found is None:
                    return False
                for index, claim in found:
                    claims.append((index, claim, key[1]))
        if len(claims) > 1 and len({(id(i), claim) for i, claim, _r in claims}) != len(claims):
            return False  # two rows of this op claim one unique value
        for index, claim, row_id in claims:
            index[claim] = row_id
        hlc = op.hlc
        for key, fields, _plan in taken:
            fresh[key] = (hlc, fields)
        return True

    def _claims(
        self, op: Any, key: tuple[str, str], fields: dict[str, Any], plan: _TablePlan
    ) -> list[tuple[dict[tuple[Any, ...], str], tuple[Any, ...]]] | None:
        """The unique values a new row claims (as the portable path would), None on a clash."""
        slots = self.unique_slots.get(key[0])
        if slots is None:  # the indexes `_prefetch_fast` loaded (or new empty ones)
            slots = [
                (cols, simple, self.uniques.setdefault((key[0], cols), {}))
                for cols, simple in plan.uniques
            ]
            self.unique_slots[key[0]] = slots
        claims = []
        for cols, simple, index in slots:
            if simple is not None:
                present = simple in fields
                claim: tuple[Any, ...] = (fields[simple] if present else None,)
            else:
                claim = tuple(self._unique_value(op, key, fields, col) for col in cols)
                present = all(col in fields for col in cols)
            if present:
                owner = index.get(claim)
                if owner is not None and owner != key[1]:
                    return None  # a clash: quarantined by the portable path
            claims.append((index, claim))
        return claims

    def _unique_value(
        self, op: Any, key: tuple[str, str], fields: dict[str, Any], column: str
    ) -> Any:
        """The value the portable path's row dict would hold in `column` (for unique keys)."""
        if column == "id":
            return uuid.UUID(key[1])
        if column == "hlc":
            return op.hlc
        if column in fields:
            return self.tables[key[0]].decoders[column](fields[column])
        return self.device_id if column == "origin_device" else None

    def _promote(self, key: tuple[str, str]) -> None:
        """Hand a fresh row to the portable merge: the same row dict it would have built."""
        taken = self.fresh.pop(key, None)
        if taken is None:
            return
        hlc, fields = taken
        row = {**self.tables[key[0]].decode(fields), "id": uuid.UUID(key[1]), "hlc": hlc}
        row.setdefault("origin_device", self.device_id)
        self.rows[key] = row
        self.new.add(key)

    # -- writing -------------------------------------------------------------------------------

    def _insert_new(self) -> None:
        fresh_by_table: dict[str, list[tuple[tuple[str, str], tuple[int, dict[str, Any]]]]] = (
            defaultdict(list)
        )
        for key, value in self.fresh.items():
            fresh_by_table[key[0]].append((key, value))
        promoted = {key[0] for key in self.new}
        for name in promoted & fresh_by_table.keys():
            # Rows of one table are completed together (`_complete`): written apart only when
            # no row of either kind lacks a column, else all the portable way (rare).
            # PostgreSQL checks references at the end of each statement: a table that refers to
            # itself (a reversal and its charge) is written all the portable way there, in the
            # order `parents_first` gives.
            info = self.tables[name]
            width = len(info.table.columns)
            needed = set(info.decoders) - {"id", "hlc", "origin_device"}
            if (
                not all(len(self.rows[key]) == width for key in self.new if key[0] == name)
                or not all(needed <= f.keys() for _key, (_h, f) in fresh_by_table[name])
                or (self.copy and name in info.references.values())
            ):
                for key, _value in fresh_by_table[name]:
                    self._promote(key)
        ready: dict[str, tuple[TableWriter, list[Any]]] = {}
        for name, items in fresh_by_table.items():
            items = [i for i in items if i[0] in self.fresh]
            if not items:
                continue
            try:
                ready[name] = self._fresh_columns(self.tables[name], items)
            except pg_rows.NotCopyable:
                for key, _value in items:
                    self._promote(key)
        portable: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for key in self.new:
            portable[key[0]].append(self.rows[key])
        for name, info in self.tables.items():  # parents first (sorted_tables order)
            rows = portable.get(name)
            if rows:
                self.conn.execute(info.table.insert(), _complete(info, parents_first(info, rows)))
            if name in ready:
                writer, columns = ready[name]
                if self.copy:
                    pg_rows.copy_rows(self.conn, name, writer, columns)
                else:
                    self.conn.exec_driver_sql(writer.sql, list(zip(*columns, strict=True)))

    def _fresh_columns(
        self,
        info: schema.TableInfo,
        items: list[tuple[tuple[str, str], tuple[int, dict[str, Any]]]],
    ) -> tuple[TableWriter, list[Any]]:
        """The writer of fresh rows of a table, and their stored values column by column.

        Raises:
            NotCopyable: on PostgreSQL, a value without a COPY text that surely stores the same.
        """
        w = self._writer(info.name)
        if w is None:
            raise pg_rows.NotCopyable(f"no COPY form for a column of {info.name}")
        rows = [fields for _key, (_hlc, fields) in items]
        incomplete = False
        try:  # one C call per row when it gives every column (the usual case)
            given = [w.get_data(f) for f in rows]
        except KeyError:
            given = [tuple(f.get(c, MISSING) for c in w.data_columns) for f in rows]
            incomplete = True
        data: list[Any] = list(zip(*given, strict=True))
        convert_all = pg_rows.copy_column if self.copy else convert_column
        for i, convert in w.data_converters:
            data[i] = convert_all(data[i], convert)
        if incomplete:
            origin = w.data_columns.index("origin_device")
            if MISSING in data[origin]:  # as `setdefault("origin_device", device)`
                device = w.id_stored(str(self.device_id))
                data[origin] = [device if v is MISSING else v for v in data[origin]]
            incomplete = any(MISSING in values for values in data)
        stored = self.stored_ids.get(info.name, {})
        if self.copy:
            ids: Sequence[Any] = pg_rows.copy_column([key[1] for key, _v in items], w.id_stored)
        else:
            ids = [stored.get(key[1]) or w.id_stored(key[1]) for key, _value in items]
        hlcs: list[Any] = [hlc for _key, (hlc, _fields) in items]
        if self.copy:
            hlcs = list(map(int.__repr__, hlcs))
        for at, values in sorted(((w.id_at, ids), (w.hlc_at, hlcs)), key=lambda x: x[0]):
            data.insert(at, values)
        # `_complete`: when a row lacks columns, defaults, then a created_at for a None one.
        if incomplete:
            for i, values in enumerate(data):
                if MISSING in values:
                    default = w.defaults[i]
                    data[i] = [default if v is MISSING else v for v in values]
            if w.created_at >= 0 and None in data[w.created_at]:
                now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
                text = now.isoformat() if self.copy else now.isoformat(" ", "microseconds")
                data[w.created_at] = [text if v is None else v for v in data[w.created_at]]
        return w, data


class _TablePlan(NamedTuple):
    """What `_take_fresh` checks for a table, precomputed."""

    columns: frozenset[str]
    references: tuple[tuple[str, str], ...]  # (column, synced table it refers to)
    #: (unique column set, its column when the claim is just the JSON value, else None)
    uniques: tuple[tuple[tuple[str, ...], str | None], ...]


def _plans(tables: dict[str, schema.TableInfo]) -> dict[str, _TablePlan]:
    plans = {}
    for name, info in tables.items():
        uniques = []
        for cols in info.uniques:
            col = cols[0]
            simple = (
                len(cols) == 1
                and col not in ("id", "hlc", "origin_device")
                and info.decoders[col] is schema._plain
            )
            uniques.append((cols, col if simple else None))
        plans[name] = _TablePlan(
            columns=frozenset(info.decoders),
            references=tuple((c, t) for c, t in info.references.items() if t in tables),
            uniques=tuple(uniques),
        )
    return plans
