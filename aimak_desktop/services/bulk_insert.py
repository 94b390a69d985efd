"""Bulk inserts of the write path: rows to the database and their oplog JSON, column by column.

`WriteUnit.insert_rows` hands its stamped rows here. When every row has the same keys (the usual
case: rows built by one loop), each column is encoded once for the database and once for the
oplog with an encoder chosen from the column's type, and the oplog objects are formatted
straight to JSON text. On SQLite the rows go to the driver's executemany in the exact form
SQLAlchemy would have stored them (its own bind processors decide anything unusual), which skips
SQLAlchemy's per-row parameter processing; other databases get the portable Core executemany.
Rows whose keys differ return None: the caller then takes the plain path.
"""

from __future__ import annotations

import datetime as dt
import gc
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Date, DateTime, Table, Uuid, insert
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from aimak_desktop.sync.changes import (
    ENVELOPE_COLUMNS,
    EncodedChanges,
    encode_inserts,
    json_column,
    json_value,
)

_UUID = uuid.UUID
_DATETIME = dt.datetime
_DATE = dt.date
_MISSING = object()

Column = list[Any]
Encoder = Callable[[Column, Callable[[Any], Any]], tuple[Column, list[str]]]


def insert_uniform(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    defaults: dict[str, Any],
    fast: bool = True,
) -> EncodedChanges | None:
    """Insert `rows` (completed by the scalar column `defaults`) and return their oplog changes.

    Args:
        session: the session of the write transaction.
        table: the table to insert into.
        rows: stamped row dicts (id, created_at, hlc, origin_device filled); not changed here.
        defaults: scalar column defaults, applied where a row has no value, as Core would.
        fast: False forces the portable Core executemany even on SQLite (tests compare both).

    Returns:
        The insert changes in JSON form, or None (nothing written) when the rows do not all have
        the same keys.
    """
    first = rows[0]
    row_keys = tuple(first)
    n = len(rows)
    if len(row_keys) < 2 or set(map(len, rows)) != {len(row_keys)}:
        return None
    try:
        by_row = list(map(itemgetter(*row_keys), rows))
    except KeyError:
        return None
    columns: dict[str, Column] = dict(
        zip(row_keys, map(list, zip(*by_row, strict=True)), strict=True)
    )
    # The payload's field order is that of {**defaults, **row}, as RowChanges were built before.
    keys = [*defaults, *(k for k in row_keys if k not in defaults)]
    for key, value in defaults.items():
        columns.setdefault(key, [value] * n)

    connection = session.connection()
    plan = _plan(table, tuple(keys), connection.dialect) if fast else None
    return _insert(session, connection, plan, table, keys, columns)


def insert_columns(
    session: Session,
    table: Table,
    columns: dict[str, Column],
    defaults: dict[str, Any],
    fast: bool = True,
) -> EncodedChanges:
    """`insert_uniform` for rows given column by column: no dict or tuple per row is built.

    Args:
        columns: column key -> values, every list as long as the others, the synced columns
            (id, created_at, hlc, origin_device) included; not changed here.
        defaults: scalar column defaults for the columns not given.
    """
    n = len(columns["id"])
    if any(len(values) != n for values in columns.values()):
        raise ValueError("every column must hold a value for each row")
    keys = [*defaults, *(k for k in columns if k not in defaults)]
    full = {key: [value] * n for key, value in defaults.items() if key not in columns}
    full.update(columns)
    connection = session.connection()
    plan = _plan(table, tuple(keys), connection.dialect) if fast else None
    return _insert(session, connection, plan, table, keys, full)


def _insert(
    session: Session,
    connection: Connection,
    plan: _Plan | None,
    table: Table,
    keys: list[str],
    columns: dict[str, Column],
) -> EncodedChanges:
    json_columns: dict[str, list[str]] = {}
    params: list[tuple[Any, ...]] = []
    if plan is not None:
        try:
            stored: dict[str, Column] = {}
            for key in plan.order:
                if key in plan.encoders:
                    encoder, process = plan.encoders[key]
                    stored[key], json_columns[key] = encoder(columns[key], process)
                else:
                    stored[key] = columns[key]
            params = list(zip(*(stored[k] for k in plan.order), strict=True))
        except Exception:  # a value the encoders did not expect: Core decides (and words errors)
            plan, json_columns = None, {}
    if plan is not None:
        if session.autoflush:  # as session.execute does: objects added earlier go in first
            session.flush()
        connection.exec_driver_sql(plan.sql, params)  # type: ignore[arg-type]
    else:  # the columns hold the defaults already
        by_row = zip(*(columns[k] for k in keys), strict=True)
        session.execute(insert(table), [dict(zip(keys, values, strict=True)) for values in by_row])
    fields = [k for k in keys if k not in ENVELOPE_COLUMNS]
    for key in fields:
        if key not in json_columns:
            json_columns[key] = json_column(columns[key])
    ids = columns["id"]
    if "id" in json_columns and set(map(type, ids)) <= {_UUID, str}:
        id_json = json_columns["id"]  # the JSON of str(id) is that of the id field itself
    else:
        id_json = [json_value(str(v)) for v in ids]
    return encode_inserts(table.name, fields, id_json, json_columns)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: for a bulk insert, its passes over the many new
    (acyclic) ids, strings and tuples cost a sixth of the time; it runs again right after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class _Plan:
    """How to insert rows with given keys into one table on SQLite."""

    sql: str
    #: Parameter order of `sql` (column keys).
    order: tuple[str, ...]
    #: Column key -> (encoder, SQLAlchemy's bind processor) for columns that need converting.
    encoders: dict[str, tuple[Encoder, Callable[[Any], Any]]]


_plans: dict[tuple[Table, tuple[str, ...], str], _Plan | None] = {}


def _plan(table: Table, keys: tuple[str, ...], dialect: Dialect) -> _Plan | None:
    """The SQLite statement and column encoders for rows with `keys`, or None: go portable."""
    if dialect.name != "sqlite":
        return None
    cache_key = (table, keys, dialect.name)
    if cache_key not in _plans:
        _plans[cache_key] = _make_plan(table, keys, dialect)
    return _plans[cache_key]


def _make_plan(table: Table, keys: tuple[str, ...], dialect: Dialect) -> _Plan | None:
    compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
    order = tuple(compiled.positiontup or ())
    if not compiled.positional or not set(order) <= set(keys):
        # A column with a Python-side default the rows do not give (e.g. a callable default):
        # Core computes it per row; leave that to Core.
        return None
    encoders: dict[str, tuple[Encoder, Callable[[Any], Any]]] = {}
    for key in order:
        column_type = table.c[key].type
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        if process is None:
            continue  # stored as given (text, integers, bytes)
        encoders[key] = (_processed_column, process)  # Boolean (0/1 or an error), the rest
        for kind, encoder in _FAST_ENCODERS:
            if isinstance(column_type, kind) and _agrees(encoder, process):
                encoders[key] = (encoder, process)
                break
    return _Plan(str(compiled), order, encoders)


def _agrees(encoder: Encoder, process: Callable[[Any], Any]) -> bool:
    """Whether `encoder` stores its probe values as SQLAlchemy's processor does (a Uuid column
    of strings, a custom storage format or another SQLAlchemy version would not)."""
    probes = _PROBES[encoder]
    try:
        return encoder(probes, process)[0] == [process(v) for v in probes]
    except Exception:  # the processor refuses what the encoder takes: not the same thing
        return False


# Column encoders: (values, SQLAlchemy's bind processor) -> (stored values, JSON texts). Each
# handles the exact Python type the column is meant to hold itself, hands anything else to
# SQLAlchemy's processor (same result, same errors), and reuses the last result when a value
# repeats (a run id, a due date, the batch's created_at).


def _uuid_column(values: Column, process: Callable[[Any], Any]) -> tuple[Column, list[str]]:
    if len(set(map(id, values[:256]))) < 64:
        return _repeating_uuid_column(values, process)
    stored: Column = []
    texts: list[str] = []
    put, say = stored.append, texts.append
    last: Any = _MISSING
    db: Any = None
    text = ""
    for v in values:
        if v is not last:
            if type(v) is _UUID:  # inline _uuid_texts: this loop runs for every id
                db = "%032x" % v.int  # noqa: UP031 - UUID.hex, which SQLAlchemy stores
                text = f'"{db[:8]}-{db[8:12]}-{db[12:16]}-{db[16:20]}-{db[20:]}"'
            else:
                db, text = _uuid_texts(v, process)
            last = v
        put(db)
        say(text)
    return stored, texts


def _repeating_uuid_column(
    values: Column, process: Callable[[Any], Any]
) -> tuple[Column, list[str]]:
    # A few values again and again (service, tariff, household): remember each by identity,
    # which is cheap to hash and stable while `values` holds the objects.
    stored: Column = []
    texts: list[str] = []
    put, say = stored.append, texts.append
    seen: dict[int, tuple[Any, str]] = {}
    for v in values:
        pair = seen.get(id(v))
        if pair is None:
            pair = seen[id(v)] = _uuid_texts(v, process)
        put(pair[0])
        say(pair[1])
    return stored, texts


def _uuid_texts(value: Any, process: Callable[[Any], Any]) -> tuple[Any, str]:
    if type(value) is _UUID:
        db = "%032x" % value.int  # noqa: UP031 - UUID.hex, which SQLAlchemy stores
        return db, f'"{db[:8]}-{db[8:12]}-{db[12:16]}-{db[16:20]}-{db[20:]}"'
    return process(value), json_value(value)


def _datetime_column(values: Column, process: Callable[[Any], Any]) -> tuple[Column, list[str]]:
    stored: Column = []
    texts: list[str] = []
    put, say = stored.append, texts.append
    last: Any = _MISSING
    db: Any = None
    text = ""
    for v in values:
        if v is not last:
            if type(v) is _DATETIME and v.tzinfo is None:
                # SQLAlchemy's SQLite format: always six digits of microseconds.
                db = v.isoformat(" ", "microseconds")
                text = f'"{v.isoformat()}"'
            else:
                db, text = process(v), json_value(v)
            last = v
        put(db)
        say(text)
    return stored, texts


def _date_column(values: Column, process: Callable[[Any], Any]) -> tuple[Column, list[str]]:
    stored: Column = []
    texts: list[str] = []
    put, say = stored.append, texts.append
    last: Any = _MISSING
    db: Any = None
    text = ""
    for v in values:
        if v is not last:
            if type(v) is _DATE:
                db = v.isoformat()
                text = f'"{db}"'
            else:
                db, text = process(v), json_value(v)
            last = v
        put(db)
        say(text)
    return stored, texts


def _processed_column(values: Column, process: Callable[[Any], Any]) -> tuple[Column, list[str]]:
    return list(map(process, values)), json_column(values)


_FAST_ENCODERS: list[tuple[type, Encoder]] = [
    (Uuid, _uuid_column),
    (DateTime, _datetime_column),
    (Date, _date_column),
]
_PROBES: dict[Encoder, Column] = {
    _uuid_column: [uuid.UUID("01a21ab6-58c7-7000-a5bc-f72db09dec26"), None],
    _datetime_column: [dt.datetime(987, 6, 5, 4, 3, 2, 1), dt.datetime(2026, 1, 2), None],
    _date_column: [dt.date(987, 6, 5), None],
}
