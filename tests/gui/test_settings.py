"""The settings page: language, office profile, backups and restore."""

# ruff: noqa: F811 - the shared fixtures are imported by name and requested as arguments
from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from aimak_desktop.i18n import translate
from tests.gui.test_shell_support import gui_ctx, settle, window  # noqa: F401 - fixtures

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def page(qtbot, window):
    settings = window.open_page("settings")
    settle(qtbot, window.ctx.tasks)
    return settings


def test_language_switch_persists_and_retranslates_the_window(qtbot, window, page, data_dir):
    from aimak_desktop.i18n import get_language

    page.language.setCurrentIndex(page.language.findData("ru"))
    assert get_language() == "ru"
    assert json.loads((data_dir / "settings.json").read_text())["language"] == "ru"
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert translate("ru", "Settings") in titles
    assert window.current_key() == "settings"  # the same page stays open
    assert window.page("settings") is not page  # rebuilt in the new language


def test_profile_edit_is_saved_and_shown_in_the_status_bar(qtbot, window, page):
    page.fields["phone"].setText("+996 555 12 34 56")
    page.fields["name_ky"].setText("Жаңы айыл өкмөтү")
    page.save_button.click()
    settle(qtbot, window.ctx.tasks)
    assert page.profile_message.text() == "The office profile was saved."
    assert window.office_label.text() == "Жаңы айыл өкмөтү"
    assert page.profile["phone"] == "+996 555 12 34 56"


def test_profile_refuses_an_empty_required_field(qtbot, window, page):
    page.fields["oblast"].setText("  ")
    page.save_button.click()
    settle(qtbot, window.ctx.tasks)
    assert page.profile_message.text() == "Please fill in: Oblast."


def test_back_up_now_lists_the_new_backup(qtbot, window, page):
    before = page.backups.count()
    page.backup_button.click()
    settle(qtbot, window.ctx.tasks)
    settle(qtbot, window.ctx.tasks)  # the list reloads after the copy is announced
    items = [page.backups.item(i).text() for i in range(page.backups.count())]
    assert any("by hand" in text for text in items)
    assert page.backups.count() >= 1 and page.backups.count() >= before


def test_restore_asks_then_reopens_with_a_new_number_series(qtbot, window, page, data_dir):
    page.backup_button.click()
    settle(qtbot, window.ctx.tasks)
    settle(qtbot, window.ctx.tasks)
    page.backups.setCurrentRow(0)
    box = page.restore_selected()
    assert "kept as a backup" in box.informativeText()
    assert "new number series" in box.informativeText()
    box.button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot, window.ctx.tasks)
    assert window.series == "A2"
    assert "A2" in window.device_label.text()
    assert any(p.name.endswith("before-restore.sqlite") for p in (data_dir / "backups").iterdir())


def test_data_folder_is_shown(page, data_dir):
    from PySide6.QtWidgets import QLabel

    texts = [label.text() for label in page.findChildren(QLabel)]
    assert str(data_dir) in texts
