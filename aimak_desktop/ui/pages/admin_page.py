"""The admin page: users (add, disable, enable) and the audit log with filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import to_local
from aimak_desktop.models.core import Role
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.pages.admin_dialogs import USER_KINDS, AddUserDialog
from aimak_desktop.ui.pages.admin_models import AuditModel, AuditRow, UserRow, UsersModel

AUDIT_DAYS = 30  # the log opens on the last month; the date fields widen it


def load_users(session: Any) -> list[UserRow]:
    from aimak_desktop.services.users import list_users

    return [UserRow(u.username, u.full_name, u.role, u.active) for u in list_users(session)]


def load_kinds(session: Any) -> list[str]:
    from aimak_desktop.services.audit import audit_kinds

    return audit_kinds(session)


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


class AdminPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_users(), _("Users"))
        self.tabs.addTab(self._build_audit(), _("Audit log"))
        layout.addWidget(self.tabs)
        self.dialog: AddUserDialog | None = None

    def _build_users(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add user..."))
        self.add_button.clicked.connect(self.add_user)
        self.toggle_button = QPushButton(_("Disable"))
        self.toggle_button.setEnabled(False)
        self.toggle_button.clicked.connect(self.toggle_active)
        is_admin = self.ctx.actor.role is Role.ADMIN
        self.add_button.setVisible(is_admin)
        self.toggle_button.setVisible(is_admin)
        row.addWidget(self.add_button)
        row.addWidget(self.toggle_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.users = UsersModel()
        self.users_view = _table(self.users)
        self.users_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.users_view.horizontalHeader().setStretchLastSection(False)
        self.users_view.horizontalHeader().setSectionResizeMode(
            UsersModel.FULL_NAME, QHeaderView.ResizeMode.Stretch
        )
        self.users_view.selectionModel().selectionChanged.connect(self._update_toggle)
        layout.addWidget(self.users_view)
        return box

    def _build_audit(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.user_filter = QComboBox()
        self.user_filter.addItem(_("All users"), None)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(_("All kinds"), None)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-AUDIT_DAYS))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
        for label, widget in (
            (_("User"), self.user_filter),
            (_("From"), self.date_from),
            (_("To"), self.date_to),
            (_("Kind"), self.kind_filter),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.audit = AuditModel()
        self.audit_view = _table(self.audit)
        header = self.audit_view.horizontalHeader()
        for column in (AuditModel.TIME, AuditModel.USER, AuditModel.KIND):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.audit_view)
        self.audit_count = QLabel()
        layout.addWidget(self.audit_count)
        self.user_filter.currentIndexChanged.connect(self.refresh_audit)
        self.kind_filter.currentIndexChanged.connect(self.refresh_audit)
        self.date_from.dateChanged.connect(self.refresh_audit)
        self.date_to.dateChanged.connect(self.refresh_audit)
        return box

    # -- loading --------------------------------------------------------------------------

    def on_shown(self) -> None:
        self.refresh_users()
        self.refresh_kinds()
        self.refresh_audit()

    def on_changed(self, kinds: Any) -> None:
        # Every write adds an audit entry, so the log always refreshes.
        if "users" in kinds:
            self.refresh_users()
        self.refresh_kinds()
        self.refresh_audit()

    def refresh_users(self) -> None:
        self.ctx.tasks.run_read(load_users, self._show_users)

    def _show_users(self, rows: list[UserRow]) -> None:
        self.users.set_rows(rows)
        self._update_toggle()
        current = self.user_filter.currentData()
        self.user_filter.blockSignals(True)
        while self.user_filter.count() > 1:
            self.user_filter.removeItem(1)
        for user in rows:
            # The audit log names the actor by full name (the program itself is "system").
            self.user_filter.addItem(f"{user.full_name} ({user.username})", user.full_name)
        self.user_filter.addItem(_("The program itself"), "system")
        index = self.user_filter.findData(current)
        self.user_filter.setCurrentIndex(max(index, 0))
        self.user_filter.blockSignals(False)

    def refresh_kinds(self) -> None:
        self.ctx.tasks.run_read(load_kinds, self._show_kinds)

    def _show_kinds(self, kinds: list[str]) -> None:
        current = self.kind_filter.currentData()
        self.kind_filter.blockSignals(True)
        while self.kind_filter.count() > 1:
            self.kind_filter.removeItem(1)
        for kind in kinds:
            self.kind_filter.addItem(kind, kind)
        index = self.kind_filter.findData(current)
        self.kind_filter.setCurrentIndex(max(index, 0))
        self.kind_filter.blockSignals(False)

    def audit_filter(self) -> dict[str, Any]:
        return {
            "actor_name": self.user_filter.currentData(),
            "kind": self.kind_filter.currentData(),
            "since": self.date_from.date().toPython(),
            "until": self.date_to.date().toPython(),
        }

    def refresh_audit(self) -> None:
        query = self.audit_filter()
        # Loads run in a pool and may finish out of order: only the newest request is shown.
        self._audit_request = getattr(self, "_audit_request", 0) + 1
        request = self._audit_request

        def load(session: Any) -> list[AuditRow]:
            from aimak_desktop.services.audit import audit_entries

            since: dt.date = query.pop("since")
            until: dt.date = query.pop("until")
            # The date fields are local days; stored times are UTC: widen by a day each side
            # and cut exactly on local time below.
            entries = audit_entries(
                session,
                since=since - dt.timedelta(days=1),
                until=until + dt.timedelta(days=1),
                **query,
            )
            rows = []
            for e in entries:
                local_day = to_local(e.created_at).date()
                if since <= local_day <= until:
                    rows.append(AuditRow(e.created_at, e.actor_name, e.kind, e.summary))
            return rows

        self.ctx.tasks.run_read(load, lambda rows: self._show_audit(request, rows))

    def _show_audit(self, request: int, rows: list[AuditRow]) -> None:
        if request != self._audit_request:
            return
        self.audit.set_rows(rows)
        self.audit_count.setText(_("{n} entries shown (newest first).").format(n=len(rows)))

    # -- actions --------------------------------------------------------------------------

    def add_user(self) -> AddUserDialog:
        self.dialog = AddUserDialog(self.ctx, self)
        self.dialog.open()
        return self.dialog

    def selected_user(self) -> UserRow | None:
        rows = self.users_view.selectionModel().selectedRows()
        return self.users.rows[rows[0].row()] if rows else None

    def _update_toggle(self, *_args: Any) -> None:
        user = self.selected_user()
        self.toggle_button.setEnabled(user is not None)
        self.toggle_button.setText(_("Enable") if user and not user.active else _("Disable"))

    def toggle_active(self) -> None:
        from aimak_desktop.services.users import set_active

        user = self.selected_user()
        if user is None:
            return
        actor, name, active = self.ctx.actor, user.username, not user.active
        self.ctx.tasks.run_write(
            lambda session: set_active(session, actor, name, active), kinds=USER_KINDS
        )
