"""Thin table models of the admin page: users and the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import to_local
from aimak_desktop.models.core import ROLE_LABELS, Role
from aimak_desktop.ui.common import RowsModel

_Index = QModelIndex | QPersistentModelIndex


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


class UsersModel(RowsModel):
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


class AuditModel(RowsModel):
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
