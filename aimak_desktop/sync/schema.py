"""What sync knows about tables: which travel, which are append-only, how to read values back.

Everything is derived from `Base.metadata` and the mapped classes, so a table another area adds
syncs without sync code of its own.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from sqlalchemy import Column, Table, UniqueConstraint
from sqlalchemy import types as sa_types

from aimak_desktop.models import Base, load_all

Decoder = Callable[[Any], Any]

# Sync works on every table: make sure every area's models are registered.
load_all()


def _uuid(v: Any) -> Any:
    return v if v is None or isinstance(v, uuid.UUID) else uuid.UUID(str(v))


def _datetime(v: Any) -> Any:
    return v if v is None or isinstance(v, dt.datetime) else dt.datetime.fromisoformat(v)


def _date(v: Any) -> Any:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(v[:10])


def _time(v: Any) -> Any:
    return v if v is None or isinstance(v, dt.time) else dt.time.fromisoformat(v)


def _bytes(v: Any) -> Any:
    return v if v is None or isinstance(v, bytes) else base64.b64decode(v)


def _bool(v: Any) -> Any:
    return v if v is None else bool(v)


def _plain(v: Any) -> Any:
    return v


def decoder_for(column: Column[Any]) -> Decoder:
    """How to turn a JSON value from the oplog back into the column's Python value."""
    col_type = column.type
    if isinstance(col_type, sa_types.Uuid):
        return _uuid
    if isinstance(col_type, sa_types.DateTime):
        return _datetime
    if isinstance(col_type, sa_types.Date):
        return _date
    if isinstance(col_type, sa_types.Time):
        return _time
    if isinstance(col_type, sa_types.LargeBinary):
        return _bytes
    if isinstance(col_type, sa_types.Boolean):
        return _bool
    return _plain


@dataclass
class TableInfo:
    """Sync facts of one synced table."""

    table: Table
    append_only: bool
    decoders: dict[str, Decoder]
    #: column -> table it references (foreign keys): the referenced row must exist first.
    references: dict[str, str] = field(default_factory=dict)
    #: unique column sets other than the primary key.
    uniques: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.table.name

    def decode(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Decoded values of the known columns; raises KeyError for an unknown column."""
        return {k: self.decoders[k](v) for k, v in fields.items()}


@cache
def synced_tables() -> dict[str, TableInfo]:
    """Every table that travels in bundles, by name (in dependency order)."""
    classes = {cast(Table, m.local_table).name: m.class_ for m in Base.registry.mappers}
    result: dict[str, TableInfo] = {}
    for table in Base.metadata.sorted_tables:
        cls = classes.get(table.name)
        if cls is None or not getattr(cls, "__synced__", True) or "id" not in table.c:
            continue
        info = TableInfo(
            table=table,
            append_only=bool(getattr(cls, "__append_only__", False)),
            decoders={c.name: decoder_for(c) for c in table.columns},
        )
        for fk in table.foreign_keys:
            info.references[fk.parent.name] = fk.column.table.name
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                info.uniques.append(tuple(c.name for c in constraint.columns))
        for index in table.indexes:
            if index.unique:
                info.uniques.append(tuple(c.name for c in index.columns))
        result[table.name] = info
    return result


#: Columns that are bookkeeping, not content: left out of the fingerprint and of content checks.
BOOKKEEPING_COLUMNS = frozenset({"hlc"})
