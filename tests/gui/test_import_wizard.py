"""The register import wizard and the export dialog, on files the tests write."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from tests.conftest import actor_for

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def settle(qtbot, tasks) -> None:
    """Wait until background work is done and its results reached the widgets."""
    tasks.wait_idle()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10000)


@pytest.fixture
def ctx(office, db):
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.tasks import TaskRunner

    context = AppContext(db=db, actor=actor_for(office, "clerk"), tasks=TaskRunner(db.session))
    yield context
    context.tasks.wait_idle()
    context.tasks.shutdown()


@pytest.fixture
def wizard(qtbot, ctx):
    from aimak_desktop.ui.register_io import open_import_wizard

    widget = open_import_wizard(ctx, None)
    qtbot.addWidget(widget)
    return widget


def office_file(path: Path) -> Path:
    """A register as offices keep it: a title row, a header over two rows, one bad row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Реестр"
    sheet["A1"] = "Көк-Жар айылынын абоненттери"
    sheet.merge_cells("A1:G1")
    sheet.append([])
    sheet.append(["Эсеп", "Аты-жөнү", "Дареги", None, None, "Жашоочулар", "Телефон"])
    sheet.append([None, None, "Айыл", "Көчө", "Үй", None, None])
    sheet.merge_cells("C3:E3")
    for column in "ABFG":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.append(["KJ-001", "Асанов Бакыт ", "Көк-Жар", "Манас", 12, 5, "0555123456"])
    sheet.append(["KJ-002", "Өмүрбекова Гүлнара", "Көк-Жар", "Токтогул", "3а", "беш", ""])
    sheet.append(["KJ-003", "Сыдыков Нурлан", "Көк-Жар", "Манас", 14, 4, ""])
    workbook.save(path)
    return path


def read(qtbot, wizard, path: Path) -> None:
    wizard.file_page.load(str(path))
    settle(qtbot, wizard.ctx.tasks)


def test_import_shows_mapping_preview_rejected_row_and_imports_valid_rows(
    qtbot, wizard, office, tmp_path
) -> None:
    from sqlalchemy import func, select

    from aimak_desktop.models.register import Household

    before = office.scalar(select(func.count()).select_from(Household))
    read(qtbot, wizard, office_file(tmp_path / "kok-jar.xlsx"))
    page = wizard.file_page
    assert page.message.text() == "3 rows found; the header is on row 4."
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled()

    wizard.next()
    mapping = wizard.mapping_page
    chosen = {name: combo.currentText() for name, combo in mapping.combos.items()}
    assert chosen["account"] == "A: Эсеп"
    assert chosen["name"] == "B: Аты-жөнү"
    assert chosen["village"].startswith("C: ")
    assert chosen["street"].startswith("D: ")
    assert chosen["residents"] == "F: Жашоочулар"
    assert chosen["category"] == "(not in the file)"
    preview = mapping.preview
    assert len(preview.rows) == 3
    headings = [preview.headerData(c, Qt.Orientation.Horizontal, 0) for c in range(4)]
    assert headings == ["Row", "Account", "Head of household", "Village"]
    assert preview.data(preview.index(0, 2), 0) == "Асанов Бакыт"

    wizard.next()
    check = wizard.check_page
    settle(qtbot, wizard.ctx.tasks)
    assert check.summary.text() == "2 valid, 1 rejected."
    assert "New villages: Көк-Жар." in check.villages.text()
    issues = check.issues
    assert issues.rowCount() == 1
    assert [issues.data(issues.index(0, c), 0) for c in range(3)] == [
        "6",
        "Жашоочулар",
        "The number of residents must be a whole number from 0 to 50.",
    ]
    commit = wizard.button(wizard.WizardButton.CommitButton)
    assert commit.text() == "Import valid rows"
    assert commit.isEnabled()

    saved = tmp_path / "to-fix.xlsx"
    wizard.pick_save = lambda *_args: str(saved)
    check.save_rejected()
    settle(qtbot, wizard.ctx.tasks)
    assert check.message.text() == f"1 rejected row saved to {saved}"
    fix = openpyxl.load_workbook(saved).active
    assert [c.value for c in fix[2]][-2:] == [
        6,
        "Жашоочулар: The number of residents must be a whole number from 0 to 50.",
    ]

    changed = []
    wizard.ctx.tasks.changed.connect(changed.append)
    commit.click()
    settle(qtbot, wizard.ctx.tasks)
    assert wizard.currentId() == wizard.DONE
    assert wizard.done_page.text.text().startswith("2 households were added to the register.")
    assert changed == [frozenset({"households", "register"})]
    office.rollback()  # end the read transaction begun before the import
    after = office.scalar(select(func.count()).select_from(Household))
    assert after == before + 2
    names = set(
        office.scalars(select(Household.head_name).where(Household.account_no.like("KJ-%")))
    )
    assert names == {"Асанов Бакыт", "Сыдыков Нурлан"}


def test_changing_a_column_moves_it_in_the_preview(qtbot, wizard, tmp_path) -> None:
    read(qtbot, wizard, office_file(tmp_path / "kok-jar.xlsx"))
    wizard.next()
    mapping = wizard.mapping_page
    combos = mapping.combos
    # Say column G holds the notes instead of the phone: the phone field lets go of it.
    combos["notes"].setCurrentIndex(combos["notes"].findText("G: Телефон"))
    assert combos["phone"].currentText() == "(not in the file)"
    assert "notes" in mapping.preview.fields and "phone" not in mapping.preview.fields
    # Without the name column there is nothing to import: the wizard says so and stops.
    combos["name"].setCurrentIndex(0)
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()
    assert mapping.message.text() == "Choose the column that holds the head of household's name."


def test_refusing_unknown_villages_rejects_their_rows(qtbot, wizard, tmp_path) -> None:
    read(qtbot, wizard, office_file(tmp_path / "kok-jar.xlsx"))
    wizard.next()
    wizard.mapping_page.refuse_option.setChecked(True)
    wizard.next()
    settle(qtbot, wizard.ctx.tasks)
    check = wizard.check_page
    assert check.summary.text() == "0 valid, 3 rejected."
    assert not wizard.button(wizard.WizardButton.CommitButton).isEnabled()
    reasons = {issue.reason for issue in check.issues.issues}
    assert "Unknown village: Көк-Жар. Add it first, or allow new villages." in reasons


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + b"junk" * 100,
            "The workbook is password-protected. Save it without a password and try again.",
        ),
        (b"", "The file secret.xlsx is empty."),
        (
            b"this is a letter, not a workbook",
            "secret.xlsx is not an Excel workbook (.xlsx), or it is damaged. Open it in Excel "
            "and save it again as .xlsx, or save it as CSV.",
        ),
    ],
    ids=["password", "empty", "not-excel"],
)
def test_bad_files_show_the_message(qtbot, wizard, tmp_path, content, message) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(content)
    read(qtbot, wizard, path)
    assert wizard.file_page.message.text() == message
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()


def test_header_only_file_is_explained(qtbot, wizard, tmp_path) -> None:
    path = tmp_path / "empty-register.csv"
    path.write_text("Лицевой счет;ФИО;Село\n", encoding="utf-8")
    read(qtbot, wizard, path)
    assert wizard.file_page.message.text() == (
        "empty-register.csv has a header row but no data rows below it."
    )


def test_export_to_xlsx_reads_back(qtbot, ctx, office, tmp_path) -> None:
    from sqlalchemy import func, select

    from aimak_desktop.models.register import Household
    from aimak_desktop.services.register_import import read_table, resolve_mapping
    from aimak_desktop.ui.register_io import open_export_dialog

    dialog = open_export_dialog(ctx, None)
    qtbot.addWidget(dialog)
    target = tmp_path / "out" / "register.xlsx"
    dialog.path.setText(str(target))
    dialog.lang.setCurrentIndex(dialog.lang.findData("ru"))
    dialog.export()
    settle(qtbot, ctx.tasks)

    active = office.scalar(
        select(func.count()).select_from(Household).where(Household.archived_at.is_(None))
    )
    assert dialog.message.text() == f"{active} households saved to {target}"
    table = read_table(target)
    assert len(table.rows) == active
    assert {"account", "name", "village", "residents"} <= set(resolve_mapping(table))


def test_export_format_follows_the_choice(qtbot, ctx, tmp_path) -> None:
    from aimak_desktop.ui.register_io import open_export_dialog

    dialog = open_export_dialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "register.xlsx"))
    dialog.format.setCurrentIndex(dialog.format.findData(".pdf"))
    assert dialog.path.text() == str(tmp_path / "register.pdf")
    dialog.export()
    settle(qtbot, ctx.tasks)
    assert (tmp_path / "register.pdf").read_bytes().startswith(b"%PDF")
