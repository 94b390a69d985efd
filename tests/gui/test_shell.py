"""The main window: navigation, shortcuts, status bar, demo banner, errors and the start-up hook."""

# ruff: noqa: F811 - the shared fixtures are imported by name and requested as arguments
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import _
from tests.conftest import REPO
from tests.gui.test_shell_support import gui_ctx, settle, window  # noqa: F401 - fixtures

# Offscreen Qt cannot resize window frames and says so; it is not a problem of the program.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_navigation_lists_the_registered_pages_and_ctrl_2_switches(qtbot, window):
    from aimak_desktop.ui.pages import all_pages

    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [_(p.title) for p in all_pages(window.ctx.actor)]
    assert "Dashboard" in titles and "Settings" in titles
    assert window.current_key() == "home"

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    second = all_pages(window.ctx.actor)[1].key
    assert window.current_key() == second
    assert window.stack.currentWidget().isAncestorOf(window.page(second))


def test_status_bar_shows_office_pc_code_and_user(window):
    assert window.office_label.text().endswith("айыл өкмөтү")
    assert "A" in window.device_label.text()
    assert "Administrator" in window.user_label.text()


def test_home_page_shows_the_office_and_its_counts(qtbot, window):
    home = window.page("home")
    assert home.title.text() == window.office_name
    assert home.count_labels["households"].text() == "60"


def test_demo_banner_offers_the_set_up_wizard(qtbot, window):
    assert window.banner is not None and window.banner.isVisible()
    assert window.banner_label.text() == "Demo office: the data is not real."
    wizard = window.setup_real_office()
    assert wizard.isVisible()
    wizard.reject()


def test_opening_a_page_by_key_and_unknown_keys(window):
    assert window.open_page("settings") is window.page("settings")
    assert window.current_key() == "settings"
    assert window.open_page("no-such-page") is None


def test_error_dialog_shows_the_message_and_help(qtbot, window):
    from aimak_desktop.ui.errors import show_error

    box = show_error(window, ValidationError("The amount is empty.", help="Type an amount."))
    assert isinstance(box, QMessageBox)
    assert box.isVisible()
    assert box.text() == "The amount is empty."
    assert box.informativeText() == "Type an amount."
    box.accept()


def test_crash_dialog_shows_the_traceback_and_copies_the_report(qtbot, window):
    from aimak_desktop.ui.errors import CrashDialog, show_error

    try:
        1 / 0  # noqa: B018 - a bug on purpose
    except ZeroDivisionError as exc:
        dialog = show_error(window, exc)
    assert isinstance(dialog, CrashDialog)
    assert dialog.isVisible()
    assert "ZeroDivisionError" in dialog.text.toPlainText()
    assert "aimak.log" in dialog.log_label.text()
    dialog.copy_button.click()
    assert "ZeroDivisionError" in QApplication.clipboard().text()
    dialog.reject()


def test_a_failed_background_task_opens_the_crash_dialog(qtbot, window):
    from aimak_desktop.ui.errors import CrashDialog, open_dialogs

    def broken(_session):
        raise RuntimeError("boom")

    window.ctx.tasks.run_read(broken)
    settle(qtbot, window.ctx.tasks)
    crashes = [d for d in open_dialogs() if isinstance(d, CrashDialog)]
    assert crashes and "boom" in crashes[0].report


def test_about_names_version_data_folder_and_font_licence(window):
    from aimak_desktop import __version__

    box = window.show_about()
    assert __version__ in box.text()
    assert "LICENSE-DejaVu.txt" in box.informativeText()
    assert str(window.ctx.db.path.parent) in box.informativeText()
    box.accept()


def test_program_paints_a_demo_office_on_the_very_first_start(tmp_path):
    """An empty data folder: the demo office is created and the window is painted."""
    env = dict(os.environ, AIMAK_EXIT_AFTER_PAINT="1", QT_QPA_PLATFORM="offscreen")
    data = tmp_path / "first"
    proc = subprocess.run(
        [sys.executable, "-m", "aimak_desktop", "--data-dir", str(data)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "AIMAK_PAINTED" in proc.stdout
    status = subprocess.run(
        [sys.executable, "-m", "aimak_desktop", "--data-dir", str(data), "status", "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert '"demo": true' in status.stdout
    assert '"households": 600' in status.stdout

    # The second start (the office exists) imports nothing heavy before the first paint.
    again = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "aimak_desktop", "--data-dir", str(data)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "AIMAK_PAINTED" in again.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in again.stderr.splitlines()}
    assert "aimak_desktop.ui.main_window" in imported
    heavy = {"reportlab", "alembic", "openpyxl", "argon2", "babel"}
    assert heavy.isdisjoint(imported), heavy & imported


def test_long_navigation_titles_take_two_lines_not_the_pages_width(qapp):
    """Kyrgyz titles are long: the navigation keeps its width and breaks them between words."""
    from PySide6.QtGui import QFont, QFontMetrics

    from aimak_desktop.ui.main_window import two_lines

    metrics = QFontMetrics(QFont("DejaVu Sans", 10))
    title = "Канааттануу боюнча сурамжылоолор"
    broken = two_lines(title, metrics, 160)
    first, second = broken.split("\n")
    assert f"{first} {second}" == title
    assert max(metrics.horizontalAdvance(first), metrics.horizontalAdvance(second)) <= 160
    assert two_lines("Касса", metrics, 160) == "Касса"
