"""The log-in dialog: user name and password; a wrong password keeps the dialog open."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.db import Database
from aimak_desktop.errors import LoginFailed
from aimak_desktop.i18n import _
from aimak_desktop.services.auth import Actor

ERROR_STYLE = "color: #b00020;"


class LoginDialog(QDialog):
    """On success `actor` holds the logged-in user."""

    def __init__(self, db: Database, office_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.actor: Actor | None = None
        self.setWindowTitle(_("Log in: Aimak Desktop"))
        layout = QVBoxLayout(self)
        if office_name:
            title = QLabel(office_name)
            font = title.font()
            font.setPointSize(font.pointSize() + 3)
            font.setBold(True)
            title.setFont(font)
            layout.addWidget(title)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("User name"), self.username)
        form.addRow(_("Password"), self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.login_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.login_button.setText(_("Log in"))
        self.login_button.setDefault(True)  # Enter logs in
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    def try_login(self) -> None:
        from aimak_desktop.services.users import actor_of, authenticate

        try:
            with self._db.session() as session:
                self.actor = actor_of(
                    authenticate(session, self.username.text(), self.password.text())
                )
        except LoginFailed as exc:
            self.message.setText(exc.message)
            self.message.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
