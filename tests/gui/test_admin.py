"""The admin page: adding and disabling users, and the filtered audit log."""

# ruff: noqa: F811 - the shared fixtures are imported by name and requested as arguments
from __future__ import annotations

import pytest

from tests.gui.test_shell_support import gui_ctx, settle, window  # noqa: F401 - fixtures

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def page(qtbot, window):
    admin = window.open_page("admin")
    settle(qtbot, window.ctx.tasks)
    return admin


def _usernames(page):
    return [row.username for row in page.users.rows]


def _add(qtbot, page, username, password2="secret1"):
    dialog = page.add_user()
    dialog.username.setText(username)
    dialog.full_name.setText("Токтогулова Гүлзат")
    dialog.password.setText("secret1")
    dialog.password2.setText(password2)
    dialog.buttons.accepted.emit()
    settle(qtbot, page.ctx.tasks)
    return dialog


def test_users_table_lists_the_office_users_with_translated_roles(page):
    from aimak_desktop.ui.pages.admin_models import UsersModel

    assert _usernames(page) == ["admin", "clerk", "head", "kassa", "mentor"]
    row = _usernames(page).index("kassa")
    assert page.users.index(row, UsersModel.ROLE).data() == "Accountant (cash)"


def test_add_user_shows_in_the_table_and_the_audit_log(qtbot, page):
    dialog = _add(qtbot, page, "gulzat")
    assert not dialog.isVisible()
    assert "gulzat" in _usernames(page)
    kinds = [(row.kind, row.summary) for row in page.audit.rows]
    assert ("user.add", "gulzat (clerk)") in kinds
    assert page.audit.rows[0].actor_name == "Администратор"  # newest first


def test_add_user_mistakes_stay_in_the_dialog(qtbot, page):
    dialog = _add(qtbot, page, "admin")
    assert dialog.isVisible()
    assert dialog.message.text() == "The user name admin is already taken."
    dialog.password2.setText("other")
    dialog.buttons.accepted.emit()
    assert dialog.message.text() == "The two passwords differ. Type them again."
    dialog.reject()


def test_disable_and_enable_a_user(qtbot, page):
    row = _usernames(page).index("clerk")
    page.users_view.selectRow(row)
    assert page.toggle_button.text() == "Disable"
    page.toggle_button.click()
    settle(qtbot, page.ctx.tasks)
    clerk = next(r for r in page.users.rows if r.username == "clerk")
    assert not clerk.active
    page.users_view.selectRow(_usernames(page).index("clerk"))
    assert page.toggle_button.text() == "Enable"
    assert any(r.kind == "user.disable" for r in page.audit.rows)


def test_audit_filter_by_kind_and_user_narrows_rows(qtbot, page):
    _add(qtbot, page, "gulzat")
    everything = len(page.audit.rows)
    kinds = {r.kind for r in page.audit.rows}
    assert {"user.add", "office.create"} <= kinds
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("user.add"))
    settle(qtbot, page.ctx.tasks)
    assert 0 < len(page.audit.rows) < everything
    assert {r.kind for r in page.audit.rows} == {"user.add"}
    page.kind_filter.setCurrentIndex(0)
    page.user_filter.setCurrentIndex(page.user_filter.findData("Администратор"))
    settle(qtbot, page.ctx.tasks)
    assert [r.summary for r in page.audit.rows] == ["gulzat (clerk)"]


def test_audit_filter_by_date(qtbot, page):
    page.date_to.setDate(page.date_to.date().addDays(-2))
    page.date_from.setDate(page.date_to.date().addDays(-5))
    settle(qtbot, page.ctx.tasks)
    assert page.audit.rows == []
    assert page.audit_count.text() == "0 entries shown (newest first)."


def test_admin_page_is_hidden_from_a_clerk(office):
    from aimak_desktop.ui.pages import all_pages
    from tests.conftest import actor_for

    keys = [p.key for p in all_pages(actor_for(office, "clerk"))]
    assert "admin" not in keys and "home" in keys
    assert "admin" in [p.key for p in all_pages(actor_for(office, "head"))]
