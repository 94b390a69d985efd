"""Fixtures shared by the shell's GUI tests (imported by the test modules that need them)."""

from __future__ import annotations

import pytest

# Offscreen Qt cannot resize window frames and says so; it is not a problem of the program.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def gui_ctx(office, admin, db):
    """An AppContext on the small demo office, logged in as its administrator."""
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.tasks import TaskRunner

    ctx = AppContext(db=db, actor=admin, tasks=TaskRunner(db.session), settings={})
    yield ctx
    ctx.tasks.wait_idle()
    ctx.tasks.shutdown()
    if ctx.db is not db:  # the test reopened the office (restore, set-up)
        ctx.db.close()


@pytest.fixture
def window(qtbot, gui_ctx):
    """The main window, shown and painted once."""
    from aimak_desktop.ui.main_window import MainWindow

    win = MainWindow(gui_ctx)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.first_painted, timeout=5000):
        win.show()
    settle(qtbot, gui_ctx.tasks)
    yield win
    settle(qtbot, win.ctx.tasks)
    from aimak_desktop.ui.errors import open_dialogs

    for dialog in open_dialogs():
        dialog.close()


def settle(qtbot, tasks) -> None:
    """Wait until background work is done and its results reached the widgets."""
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10000)
