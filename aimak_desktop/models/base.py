"""Declarative base and the columns every synced row carries."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from sqlalchemy import BigInteger, DateTime, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from aimak_desktop.models.ids import new_id

# Stable constraint names: Alembic batch migrations on SQLite need them to alter tables.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Naive UTC time: SQLite keeps no zone, so every timestamp in the database is UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        uuid.UUID: Uuid(as_uuid=True),
        dt.datetime: DateTime(),
        int: BigInteger(),
    }

    #: True for tables whose rows are never updated or deleted (ledger, audit, participants...).
    __append_only__: ClassVar[bool] = False
    #: False for tables that stay on this PC and never travel in sync bundles.
    __synced__: ClassVar[bool] = True


class Synced:
    """Columns of every row that travels between PCs.

    `hlc` is the hybrid logical clock stamp of the row's last change and `origin_device` the PC that
    created it; the write path fills both.
    """

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    hlc: Mapped[int] = mapped_column(default=0)
    origin_device: Mapped[uuid.UUID | None] = mapped_column(default=None)
