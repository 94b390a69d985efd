"""Rows in PostgreSQL's COPY text form, for the importer's fast path on PostgreSQL (psycopg2).

Consolidating is mostly "insert 100,000 new rows per office". The portable merge sends them as
multi-row INSERT statements, which costs PostgreSQL several times what COPY of the same rows
does; here the fast path (`sync.fast_apply`) writes brand-new rows with one COPY per table.

Each value is written as the text psycopg2 would put into the portable path's INSERT for the
same decoded value (`str(uuid)`, `isoformat()`, the integer's digits), so PostgreSQL's own input
function turns both into the same stored value. A value with no such text here (a datetime with
a zone offset, a number in a text column, a column type this module does not know) raises
`NotCopyable`, and that table's new rows take the portable INSERT instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy import types as sa_types
from sqlalchemy.engine import Connection

from aimak_desktop.sync.sqlite_rows import Converter, TableWriter, convert_column, make_writer

#: COPY's NULL.
NULL = "\\N"
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: What COPY's text format needs escaped: the escape itself, the row and column delimiters.
_SPECIAL = re.compile(r"[\\\t\n\r]")
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
#: psycopg2 copies this much per read from the buffer (its default is 8 KiB).
_COPY_CHUNK = 1 << 20


class NotCopyable(Exception):
    """A value (or column) whose COPY text might not store what the portable path stores."""


def is_copy_dialect(conn: Connection) -> bool:
    """Whether this connection can take the COPY fast path (PostgreSQL through psycopg2)."""
    return conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg2"


# -- values ------------------------------------------------------------------------------------


def _escape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def text_value(value: Any) -> str:
    """A string column's value, escaped for COPY."""
    if type(value) is not str:
        raise NotCopyable(f"{type(value).__name__} in a text column")
    return _SPECIAL.sub(_escape, value) if _SPECIAL.search(value) else value


def uuid_value(value: Any) -> str:
    """A Uuid column's value as `str(uuid.UUID(...))`; invalid ones raise like the portable path."""
    if type(value) is not str:
        raise NotCopyable(f"{type(value).__name__} in a uuid column")
    return value if _CANONICAL_UUID.fullmatch(value) else str(uuid.UUID(value))


def _datetime_value(value: Any) -> str:
    if type(value) is not str:
        raise NotCopyable(f"{type(value).__name__} in a datetime column")
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is not None:  # the server's time zone would decide: the portable way
        raise NotCopyable("a datetime with a zone offset")
    return parsed.isoformat()


def _date_value(value: Any) -> str:
    if type(value) is not str:
        raise NotCopyable(f"{type(value).__name__} in a date column")
    return dt.date.fromisoformat(value[:10]).isoformat()


def _bool_value(value: Any) -> str:
    if type(value) is not bool:
        raise NotCopyable(f"{type(value).__name__} in a boolean column")
    return "t" if value else "f"


def _int_value(value: Any) -> str:
    if type(value) is not int:
        raise NotCopyable(f"{type(value).__name__} in an integer column")
    return int.__repr__(value)


def copy_column(values: Sequence[Any], convert: Converter) -> Sequence[Any]:
    """COPY texts of one column's values (None and a missing value stay as they are).

    The usual columns are checked whole, without a Python call per value, before any value is
    converted alone.
    """
    kinds = set(map(type, values))
    if kinds <= {str, type(None)} and convert in (text_value, uuid_value):
        given = values if kinds == {str} else [v for v in values if v is not None]
        if convert is text_value and not _SPECIAL.search("".join(given)):
            return values
        if convert is uuid_value and all(map(_CANONICAL_UUID.fullmatch, given)):
            return values
    elif convert is _int_value and kinds == {int}:
        return list(map(int.__repr__, values))
    return convert_column(values, convert)


#: Column types with a COPY text here, and the function that gives it.
_TEXTS: tuple[tuple[type[sa_types.TypeEngine[Any]], Converter], ...] = (
    (sa_types.Uuid, uuid_value),
    (sa_types.DateTime, _datetime_value),
    (sa_types.Date, _date_value),
    (sa_types.Boolean, _bool_value),
    (sa_types.Integer, _int_value),
    (sa_types.String, text_value),
)


def copy_converter(column: Column[Any]) -> Converter | None:
    """JSON value of the oplog -> its COPY text for `column`; None for a type not known here."""
    if isinstance(column.type, sa_types.Enum):  # a String that binds its own way
        return None
    return next((text for kind, text in _TEXTS if isinstance(column.type, kind)), None)


@functools.cache
def copy_writer(table: Table) -> TableWriter | None:
    """How to turn new rows of `table` into COPY text columns; None when a column has no form.

    `sql` holds `{table}` for the schema-qualified name, which depends on the connection.
    """
    columns = tuple(c.name for c in table.columns)
    converters: list[tuple[int, Converter]] = []
    defaults: list[Any] = []
    for i, column in enumerate(table.columns):
        convert = copy_converter(column)
        if convert is None:
            return None
        converters.append((i, convert))
        # The same defaults as `apply._complete`: scalar ones, else None.
        default = column.default
        value = getattr(default, "arg", None) if default is not None and default.is_scalar else None
        try:
            defaults.append(None if value is None else convert(value))
        except NotCopyable:
            return None
    sql = "COPY {{table}} ({}) FROM STDIN".format(", ".join(_quote(c) for c in columns))
    return make_writer(table, sql, converters, defaults, converters[columns.index("id")][1])


# -- statements --------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def qualified(conn: Connection, table: str) -> str:
    """The table's name with the schema the connection's `schema_translate_map` gives it."""
    schema = (conn.get_execution_options().get("schema_translate_map") or {}).get(None)
    return f"{_quote(schema)}.{_quote(table)}" if schema else _quote(table)


def existing_ids(conn: Connection, table: str, ids: Sequence[str]) -> set[str]:
    """Those of `ids` (canonical uuid text) that are rows of `table`: one query."""
    if not ids:
        return set()
    sql = f"SELECT id::text FROM {qualified(conn, table)} WHERE id = ANY(%s::uuid[])"
    return {row[0] for row in conn.exec_driver_sql(sql, (list(ids),))}


def unique_owners(
    conn: Connection, table: str, column: str, values: Sequence[str]
) -> Iterable[tuple[str, str]]:
    """(row id, value) of the rows of `table` whose text `column` holds one of `values`."""
    if not values:
        return []
    sql = "SELECT id::text, {col} FROM {table} WHERE {col} = ANY(%s::text[])".format(
        col=_quote(column), table=qualified(conn, table)
    )
    return [(row[0], row[1]) for row in conn.exec_driver_sql(sql, (list(values),))]


def copy_rows(conn: Connection, table: str, writer: TableWriter, columns: list[list[Any]]) -> None:
    """COPY rows given column by column (COPY texts or None) into `table`."""
    for i, values in enumerate(columns):
        if None in values:
            columns[i] = [NULL if v is None else v for v in values]
    text = "\n".join(map("\t".join, zip(*columns, strict=True))) + "\n"
    cursor = conn.connection.cursor()
    try:
        cursor.copy_expert(
            writer.sql.format(table=qualified(conn, table)), io.StringIO(text), size=_COPY_CHUNK
        )
    finally:
        cursor.close()
