"""The mentor comparison view over a consolidated SQLite database of two demo offices."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from aimak_desktop.services.indicators import parse_period
from tests.conftest import actor_for

# Offscreen Qt cannot resize window frames and says so; it is not a problem of the program.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

LAST_MONTH = parse_period(None).previous()


@dataclass
class Mentor:
    database: Path  # the consolidated SQLite file
    folders: list[Path]  # the offices' own data folders


@pytest.fixture(scope="module")
def mentor(tmp_path_factory) -> Mentor:
    """Two demo offices exported as bundles and consolidated into one SQLite file."""
    from aimak_desktop.db import open_database
    from aimak_desktop.services.demo import create_demo_office
    from aimak_desktop.sync.consolidate import consolidate
    from aimak_desktop.sync.exchange import export_bundles
    from aimak_desktop.sync.join import export_office_key

    os.environ.setdefault("AIMAK_NO_KEYRING", "1")
    base = tmp_path_factory.mktemp("mentor")
    folders, keys = [], []
    for i, seed in enumerate((21, 22)):
        folder = base / f"office-{i}"
        database = open_database(folder, lock=False)
        with database.session() as s:
            create_demo_office(s, households=15, seed=seed)
            export_office_key(s, base / f"office-{i}.key")
            export_bundles(s, str(base / "usb"), data_dir=folder)
        database.close()
        folders.append(folder)
        keys.append(base / f"office-{i}.key")
    target = base / "mentor.sqlite"
    report = consolidate([str(base / "usb")], f"sqlite:///{target}", keys)
    assert len(report.offices) == 2 and not report.skipped
    return Mentor(target, folders)


@pytest.fixture
def ctx(office, db):
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.tasks import TaskRunner

    context = AppContext(db=db, actor=actor_for(office, "mentor"), tasks=TaskRunner(db.session))
    yield context
    context.tasks.wait_idle()
    context.tasks.shutdown()


@pytest.fixture
def make_page(qtbot, ctx):
    from aimak_desktop.ui.dashboard.comparison import ComparisonPage

    def make(database: str = ""):
        ctx.settings["comparison_db"] = database
        page = ComparisonPage(ctx)
        qtbot.addWidget(page)
        page.opened = []
        page.opener = page.opened.append
        page.resize(1040, 800)
        page.show()
        return page

    yield make
    ctx.tasks.wait_idle()
    qtbot.waitUntil(lambda: ctx.tasks.pending() == 0, timeout=10000)


def loaded_page(qtbot, make_page, mentor):
    """The mentor types the database file and presses "Show offices"."""
    page = make_page()
    page.on_shown()
    page.database.setText(str(mentor.database))
    with qtbot.waitSignal(page.loaded, timeout=30000):
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    return page


def column(page, title: str) -> int:
    titles = [page.proxy.headerData(i, Qt.Orientation.Horizontal) for i in range(12)]
    return titles.index(title)


def shown(page, col: int) -> list:
    return [
        page.proxy.index(r, col).data(Qt.ItemDataRole.UserRole + 1)
        for r in range(page.proxy.rowCount())
    ]


def test_lists_both_offices_and_sorts_by_a_column(qtbot, make_page, mentor):
    from aimak_desktop import settings
    from aimak_desktop.sync.consolidate import list_offices, open_consolidated

    page = loaded_page(qtbot, make_page, mentor)
    session = open_consolidated(f"sqlite:///{mentor.database}")
    names = sorted(o.name_ky for o in list_offices(session))
    session.get_bind().dispose()
    session.close()

    assert page.proxy.rowCount() == 2
    assert sorted(shown(page, 0)) == names
    assert page.period == LAST_MONTH
    assert settings.load()["comparison_db"] == str(mentor.database)  # remembered

    arrears = column(page, "Arrears")
    page.view.sortByColumn(arrears, Qt.SortOrder.DescendingOrder)
    values = shown(page, arrears)
    assert None not in values and values == sorted(values, reverse=True)
    page.view.sortByColumn(arrears, Qt.SortOrder.AscendingOrder)
    assert shown(page, arrears) == sorted(values)
    # The chart follows the table: one bar per office, in the order shown.
    page.indicator_combo.setCurrentIndex(page.indicator_combo.findData("arrears"))
    assert [v for _n, v in page.chart.points] == [int(v) // 100 for v in sorted(values)]


def test_filter_by_oblast_and_rayon(qtbot, make_page, mentor):
    page = loaded_page(qtbot, make_page, mentor)
    first = page.proxy.visible_rows()[0]

    page.oblast_combo.setCurrentIndex(page.oblast_combo.findData(first.oblast))
    assert all(r.oblast == first.oblast for r in page.proxy.visible_rows())
    assert first in page.proxy.visible_rows()
    page.rayon_combo.setCurrentIndex(page.rayon_combo.findData(first.rayon))
    assert all(r.rayon == first.rayon for r in page.proxy.visible_rows())
    page.oblast_combo.setCurrentIndex(0)
    assert page.proxy.rowCount() == 2


def test_exported_workbook_has_the_offices_and_no_household_names(
    qtbot, make_page, mentor, tmp_path
):
    from openpyxl import load_workbook

    from aimak_desktop.db import open_database
    from aimak_desktop.models.register import Household

    page = loaded_page(qtbot, make_page, mentor)
    page.ask_save = lambda _parent, _title, _suggested, _pattern: tmp_path / "cmp.xlsx"
    qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.opened), timeout=20000)

    assert page.opened == [tmp_path / "cmp.xlsx"]
    cells = " ".join(
        str(c)
        for row in load_workbook(tmp_path / "cmp.xlsx").active.iter_rows(values_only=True)
        for c in row
        if c is not None
    )
    for row in page.rows:
        assert row.name_ky in cells
    secrets = []
    for folder in mentor.folders:
        database = open_database(folder, lock=False)
        with database.session() as s:
            for household in s.query(Household):
                secrets.append(household.head_name)
                if household.phone:
                    secrets.append(household.phone)
        database.close()
    assert secrets
    assert not [s for s in secrets if s in cells]


def test_pdf_export_writes_a_file(qtbot, make_page, mentor, tmp_path):
    from pypdf import PdfReader

    page = loaded_page(qtbot, make_page, mentor)
    page.ask_save = lambda _parent, _title, _suggested, _pattern: tmp_path / "cmp.pdf"
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.opened), timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "cmp.pdf").pages)
    flat = "".join(text.split())  # narrow table cells wrap the names
    for row in page.rows:
        assert "".join(row.name_ky.split()) in flat


def test_a_missing_file_or_no_database_says_what_to_do(qtbot, make_page, tmp_path):
    page = make_page("")
    page.on_shown()
    assert "Choose the consolidated database" in page.status.text()
    assert not page.xlsx_button.isEnabled()

    page.database.setText(str(tmp_path / "nowhere.sqlite"))
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert "There is no file" in page.status.text()
    assert not (tmp_path / "nowhere.sqlite").exists()  # nothing created by looking


def test_an_office_database_is_not_a_consolidated_one(qtbot, make_page, data_dir):
    page = make_page(str(data_dir / "aimak.sqlite"))
    with qtbot.waitSignal(page.loaded, timeout=20000):
        page.on_shown()
    assert "holds no consolidated offices" in page.status.text()
    assert page.proxy.rowCount() == 0


def test_only_mentors_heads_and_admins_see_the_view(office):
    from aimak_desktop.ui.pages import all_pages

    for username, sees in (("mentor", True), ("head", True), ("admin", True), ("clerk", False)):
        keys = [p.key for p in all_pages(actor_for(office, username))]
        assert ("comparison" in keys) is sees, username
