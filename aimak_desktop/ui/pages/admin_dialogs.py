"""The "Add user" dialog: saved through the write worker; mistakes show inline."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import LANGUAGE_NAMES, LANGUAGES, _, get_language
from aimak_desktop.models.core import ROLE_LABELS, Role
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.login import ERROR_STYLE

USER_KINDS = frozenset({"users"})


class AddUserDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Add user"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(_(ROLE_LABELS[role]), role.value)
        self.role.setCurrentIndex(self.role.findData(Role.CLERK.value))
        self.language = QComboBox()
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(self.language.findData(get_language()))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("User name"), self.username)
        form.addRow(_("Full name"), self.full_name)
        form.addRow(_("Role"), self.role)
        form.addRow(_("Language"), self.language)
        form.addRow(_("Password"), self.password)
        form.addRow(_("Password again"), self.password2)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def save(self) -> None:
        from aimak_desktop.services.users import add_user

        if self.password.text() != self.password2.text():
            self.show_message(_("The two passwords differ. Type them again."))
            return
        values = (
            self.username.text(),
            self.full_name.text(),
            self.role.currentData(),
            self.password.text(),
            self.language.currentData(),
        )
        actor = self.ctx.actor
        self.buttons.setEnabled(False)
        self.ctx.tasks.run_write(
            lambda session: add_user(session, actor, *values).username,
            on_done=self._saved,
            on_error=self._failed,
            kinds=USER_KINDS,
        )

    def _saved(self, _username: Any) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, AimakError):
            self.show_message(exc.message)
        else:
            self.ctx.show_error(exc)
