"""The first-run wizard: checks on each page, a real office whose admin can log in.

Cyrillic text is set with setText: QTest can only type ASCII keys.
"""

# ruff: noqa: F811 - the shared fixtures are imported by name and requested as arguments
from __future__ import annotations

import pytest

from tests.gui.test_shell_support import gui_ctx, settle, window  # noqa: F401 - fixtures

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def fill(qtbot, wizard, aimak="Сары-Ой"):
    """Drive the wizard to its last page like a clerk would."""
    wizard.language_page.buttons["en"].setChecked(True)
    wizard.next()
    page = wizard.office_page
    page.oblast.setCurrentText("Нарын")
    page.rayon.setCurrentText("Нарын")
    page.aimak.setText(aimak)
    page.extra["head_name"].setText("Асанов Бакыт")
    wizard.next()
    admin = wizard.admin_page
    admin.username.setText("bakyt")
    admin.full_name.setText("Асанов Бакыт")
    admin.password.setText("secret1")
    admin.password2.setText("secret1")


@pytest.fixture
def wizard(qtbot):
    from aimak_desktop.ui.wizard import OfficeWizard

    wiz = OfficeWizard()
    qtbot.addWidget(wiz)
    wiz.open()
    return wiz


def test_rayons_follow_the_oblast_and_names_follow_the_aimak(qtbot, wizard):
    wizard.next()
    page = wizard.office_page
    page.oblast.setCurrentText("Ысык-Көл")
    rayons = [page.rayon.itemText(i) for i in range(page.rayon.count())]
    assert "Тоң" in rayons and "Жети-Өгүз" in rayons
    page.aimak.setText("Огочор")
    assert page.name_ky.text() == "Огочор айыл өкмөтү"
    assert page.name_ru.text() == "Айыл окмоту «Огочор»"
    page.oblast.setCurrentText("Талас")  # not a programme oblast: free text
    assert page.rayon.count() == 0
    page.rayon.setCurrentText("Бакай-Ата")
    assert page.profile().rayon == "Бакай-Ата"


def test_missing_fields_and_bad_pc_code_are_said_on_the_page(qtbot, wizard):
    wizard.next()
    page = wizard.office_page
    wizard.next()
    assert wizard.currentPage() is page
    assert page.error.isVisible()
    assert page.error.text() == "Please fill in: Oblast."
    page.oblast.setCurrentText("Ош")
    page.rayon.setCurrentText("Ноокат")
    page.aimak.setText("Исанов")
    page.device_code.setText("ң1")
    wizard.next()
    assert wizard.currentPage() is page
    assert "PC code" in page.error.text()


def test_passwords_must_match(qtbot, wizard):
    fill(qtbot, wizard)
    wizard.admin_page.password2.setText("other12")
    assert not wizard.validateCurrentPage()
    assert wizard.admin_page.error.text() == "The two passwords differ. Type them again."


def test_finished_wizard_creates_an_office_whose_admin_can_log_in(qtbot, wizard, data_dir):
    from aimak_desktop.db import open_database
    from aimak_desktop.services.office import get_local_device, get_office
    from aimak_desktop.ui.login import LoginDialog
    from aimak_desktop.ui.office_switch import create_real_office

    fill(qtbot, wizard)
    assert wizard.validateCurrentPage()
    answers = wizard.answers()
    with open_database(data_dir) as db:
        create_real_office(db, answers)
        with db.session() as session:
            office = get_office(session)
            assert office.name_ky == "Сары-Ой айыл өкмөтү"
            assert office.rayon == "Нарын" and not office.is_demo
            assert office.head_name == "Асанов Бакыт"
            assert get_local_device(session).series == "A"
        login = LoginDialog(db)
        qtbot.addWidget(login)
        login.username.setText("bakyt")
        login.password.setText("secret1")
        login.login_button.click()
        assert login.actor is not None and login.actor.name == "Асанов Бакыт"


def test_set_up_from_the_demo_moves_the_demo_aside_and_logs_in(qtbot, window, data_dir):
    import json

    wizard = window.setup_real_office()
    fill(qtbot, wizard, aimak="Миң-Булак")
    wizard.button(wizard.WizardButton.FinishButton).click()
    settle(qtbot, window.ctx.tasks)
    kept = data_dir / "demo-office"
    assert (kept / "aimak.sqlite").is_file()
    assert (data_dir / "aimak.sqlite").is_file()
    assert window.ctx.actor.name == "Асанов Бакыт"
    assert window.office_name == "Миң-Булак айыл өкмөтү"
    assert window.banner is None
    assert json.loads((data_dir / "settings.json").read_text())["language"] == "en"
    # The demo's own data is intact in its new folder.
    from aimak_desktop.db import open_database
    from aimak_desktop.services.office import get_office

    with open_database(kept) as demo, demo.session() as session:
        assert get_office(session).is_demo


def test_cancel_restores_the_language(qtbot, wizard):
    from aimak_desktop.i18n import get_language

    wizard.language_page.buttons["ru"].setChecked(True)
    wizard.next()
    assert get_language() == "ru"
    wizard.reject()
    assert get_language() == "en"
