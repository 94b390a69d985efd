"""Thin table models of the admin page: users and the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import to_local
from aimak_desktop.models.core import ROLE_LABELS, Role

_Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class UserRow:
    username: str
    full_name: str
    role: str
    active: bool


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime  # naive UTC, as stored
    actor_name: str
    kind: str
    summary: str


def local_time(utc: dt.datetime) -> str:
    """A stored (naive UTC) time shown in this PC's time zone."""
    return to_local(utc).strftime("%d.%m.%Y %H:%M:%S")


class _RowsModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == ROW_ROLE:
            return row
        return None

    def text(self, row: Any, column: int) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


class UsersModel(_RowsModel):
    USERNAME, FULL_NAME, ROLE, ACTIVE = range(4)
    HEADERS = (N_("User name"), N_("Full name"), N_("Role"), N_("Active"))

    def text(self, row: UserRow, column: int) -> str:
        if column == self.USERNAME:
            return row.username
        if column == self.FULL_NAME:
            return row.full_name
        if column == self.ROLE:
            try:
                return _(ROLE_LABELS[Role(row.role)])
            except ValueError:
                return row.role
        return _("yes") if row.active else _("no (disabled)")


class AuditModel(_RowsModel):
    TIME, USER, KIND, SUMMARY = range(4)
    HEADERS = (N_("Time"), N_("User"), N_("Kind"), N_("Summary"))

    def text(self, row: AuditRow, column: int) -> str:
        if column == self.TIME:
            return local_time(row.at)
        if column == self.USER:
            return row.actor_name
        if column == self.KIND:
            return row.kind
        return row.summary
