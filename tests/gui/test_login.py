"""The log-in dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def dialog(qtbot, office, db):
    from aimak_desktop.ui.login import LoginDialog

    dlg = LoginDialog(db, "Test office")
    qtbot.addWidget(dlg)
    dlg.open()
    return dlg


def test_password_is_hidden(dialog):
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password


def test_wrong_password_keeps_the_dialog_open_with_a_message(qtbot, dialog):
    qtbot.keyClicks(dialog.username, "kassa")
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.message.isVisible()
    assert dialog.message.text() == "Wrong user name or password."
    assert dialog.username.text() == "kassa"
    assert dialog.password.text() == ""
    assert dialog.actor is None


def test_right_password_logs_in(qtbot, dialog):
    from aimak_desktop.models.core import Role
    from aimak_desktop.services.demo import DEMO_PASSWORD

    qtbot.keyClicks(dialog.username, "kassa")
    qtbot.keyClicks(dialog.password, DEMO_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None
    assert dialog.actor.role is Role.ACCOUNTANT
    assert not dialog.isVisible()
