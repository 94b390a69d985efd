"""Rows in the form SQLAlchemy stores them on SQLite, for the importer's fast path.

`stored_converter` turns a value as the oplog carries it (JSON) into exactly what SQLAlchemy
would bind for the column (a Uuid as 32 hex digits, a DateTime as "YYYY-MM-DD HH:MM:SS.ffffff"),
checked against SQLAlchemy's own processors at start-up; `table_writer` builds the INSERT of a
table and its conversions; `store_operations` / `read_operations` store and read the oplog with
the DBAPI cursor (`executemany`), which skips SQLAlchemy's per-row parameter handling.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
import re
import uuid
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, cast

from sqlalchemy import Column, Table
from sqlalchemy import types as sa_types
from sqlalchemy.engine import Connection, Dialect

from aimak_desktop.models.core import OplogEntry
from aimak_desktop.sync import schema
from aimak_desktop.sync.versions import insert_ignore

MISSING: Any = object()
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SAMPLE_UUID = "0190f0c2-7a3b-7c4d-8e5f-0123456789ab"
_SAMPLE_DATETIMES = ("2024-02-29T23:59:58.000001", "2024-02-29T23:59:58", "0999-01-02T03:04:05")

Converter = Callable[[Any], Any]
_OPLOG = cast(Table, OplogEntry.__table__)


def is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


# -- stored forms ------------------------------------------------------------------------------


def _uuid_stored(bind: Converter) -> Converter:
    match = _CANONICAL_UUID.fullmatch

    def convert(value: Any) -> Any:
        if type(value) is str and len(value) == 36 and match(value):
            return value.replace("-", "")
        return bind(schema._uuid(value))  # anything unusual: exactly as the portable path

    return convert


def _datetime_stored(bind: Converter) -> Converter:
    parse = dt.datetime.fromisoformat

    def convert(value: Any) -> Any:
        if type(value) is str:
            parsed = parse(value)  # validates like the portable path does
            if parsed.tzinfo is None:
                return parsed.isoformat(" ", "microseconds")
            return bind(parsed)
        return bind(schema._datetime(value))

    return convert


def stored_converter(column: Column[Any], dialect: Dialect) -> Converter | None:
    """JSON value of the oplog -> the value SQLAlchemy would bind for `column`; None: as is.

    Uuid and DateTime get string shortcuts, each checked against SQLAlchemy's own processor on
    sample values so a different storage format falls back to the exact, slower conversion.
    """
    decode = schema.decoder_for(column)
    bind = column.type._cached_bind_processor(dialect)
    if bind is None:
        return None if decode is schema._plain else decode

    def exact(value: Any) -> Any:
        return bind(decode(value))

    fast: Converter | None = None
    samples: tuple[str, ...] = ()
    if isinstance(column.type, sa_types.Uuid):
        fast, samples = _uuid_stored(bind), (_SAMPLE_UUID,)
    elif isinstance(column.type, sa_types.DateTime):
        fast, samples = _datetime_stored(bind), _SAMPLE_DATETIMES
    if fast is not None and all(fast(s) == exact(s) for s in samples):
        return fast
    return exact


class TableWriter(NamedTuple):
    """How to turn new rows of one table (JSON fields) into DBAPI parameter tuples."""

    sql: str
    columns: tuple[str, ...]
    #: (position, converter) of the columns whose stored form differs from the JSON value.
    converters: tuple[tuple[int, Converter], ...]
    #: stored default of each column, used only when a row of the batch lacks some columns.
    defaults: tuple[Any, ...]
    id_at: int
    hlc_at: int
    origin_at: int
    created_at: int  # -1 when the table has no created_at
    id_stored: Converter
    #: the columns a row's JSON fields give (all but id and hlc), and a getter of them
    data_columns: tuple[str, ...]
    get_data: Callable[[dict[str, Any]], tuple[Any, ...]]
    #: (position among data_columns, converter)
    data_converters: tuple[tuple[int, Converter], ...]


@functools.cache
def table_writer(table: Table, dialect: Dialect) -> TableWriter:
    columns = tuple(c.name for c in table.columns)
    converters = []
    defaults = []
    for i, column in enumerate(table.columns):
        convert = stored_converter(column, dialect)
        if convert is not None:
            converters.append((i, convert))
        # The same defaults as `apply._complete`: scalar ones, else None.
        default = column.default
        value = getattr(default, "arg", None) if default is not None and default.is_scalar else None
        bind = column.type._cached_bind_processor(dialect)
        defaults.append(bind(value) if bind is not None and value is not None else value)
    quote = dialect.identifier_preparer.quote
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(table.name), ", ".join(quote(c) for c in columns), ", ".join("?" * len(columns))
    )
    id_stored = stored_converter(table.c.id, dialect)
    assert id_stored is not None
    return make_writer(table, sql, converters, defaults, id_stored)


def make_writer(
    table: Table,
    sql: str,
    converters: list[tuple[int, Converter]],
    defaults: list[Any],
    id_stored: Converter,
) -> TableWriter:
    """A `TableWriter` of `table` from its statement and its per-column conversions."""
    columns = tuple(c.name for c in table.columns)
    data_columns = tuple(c for c in columns if c not in ("id", "hlc"))
    by_name = {columns[i]: convert for i, convert in converters}
    return TableWriter(
        sql=sql,
        columns=columns,
        converters=tuple(converters),
        defaults=tuple(defaults),
        id_at=columns.index("id"),
        hlc_at=columns.index("hlc"),
        origin_at=columns.index("origin_device"),
        created_at=columns.index("created_at") if "created_at" in columns else -1,
        id_stored=id_stored,
        data_columns=data_columns,
        get_data=operator.itemgetter(*data_columns)
        if len(data_columns) > 1
        else lambda f: (f[data_columns[0]],),
        data_converters=tuple((i, by_name[c]) for i, c in enumerate(data_columns) if c in by_name),
    )


# -- operations --------------------------------------------------------------------------------


def _bound(column: Column[Any], dialect: Dialect, value: Any) -> Any:
    """`value` as SQLAlchemy binds it for `column`."""
    bind = column.type._cached_bind_processor(dialect)
    return bind(value) if bind is not None else value


def store_operations(conn: Connection, device_id: uuid.UUID, ops: list[dict[str, Any]]) -> None:
    """Store received operations (bundle lines), skipping (device, seq) pairs already here."""
    if not is_sqlite(conn):
        insert_ignore(
            conn,
            OplogEntry.__table__,
            [
                {
                    "device_id": device_id,
                    "seq": o["s"],
                    "hlc": o["h"],
                    "kind": o["k"],
                    "payload": o["p"],
                    "created_at": dt.datetime.fromisoformat(o["c"]),
                }
                for o in ops
            ],
        )
        return
    table = _OPLOG
    device = _bound(table.c.device_id, conn.dialect, device_id)
    created = stored_converter(table.c.created_at, conn.dialect) or schema._plain
    conn.exec_driver_sql(
        "INSERT INTO oplog (device_id, seq, hlc, kind, payload, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [(device, o["s"], o["h"], o["k"], o["p"], created(o["c"])) for o in ops],
    )


def read_operations(
    conn: Connection, device_id: uuid.UUID, applied: int, limit: int
) -> Sequence[Any]:
    """The next `limit` stored operations of a device after `applied`, in seq order."""
    device = _bound(_OPLOG.c.device_id, conn.dialect, device_id)
    result = conn.exec_driver_sql(
        "SELECT seq, hlc, payload FROM oplog WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        (device, applied, limit),
    )
    return result.fetchall()


def decode_payloads(payloads: Sequence[str]) -> list[list[dict[str, Any]]]:
    """The changes of each payload, as JSON dicts (one parse: keys are shared across rows)."""
    if not payloads:
        return []
    data = json.loads("[" + ",".join(payloads) + "]")
    return [p["changes"] for p in data]


def convert_column(values: Sequence[Any], convert: Converter) -> list[Any]:
    """Stored forms of one column's values; a value seen before is converted once."""
    seen: dict[Any, Any] = {None: None, MISSING: MISSING}
    try:
        return [seen[v] if v in seen else seen.setdefault(v, convert(v)) for v in values]
    except TypeError:  # an unhashable value (a list): the converter decides about it
        return [v if v is None or v is MISSING else convert(v) for v in values]
