"""The services and tariffs page: tariff versions through the dialog, roles, villages."""

from __future__ import annotations

import pytest

from tests.conftest import actor_for

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def settle(qtbot, tasks) -> None:
    """Wait until background work is done and its results reached the widgets."""
    tasks.wait_idle()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10000)


def type_text(widget, text: str) -> None:
    """Type `text` key by key (QTest's keyClicks knows only ASCII; clerks type Kyrgyz)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def make_page(qtbot, office, db, username: str):
    from aimak_desktop.ui.catalog.services_page import ServicesPage
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.tasks import TaskRunner

    ctx = AppContext(db=db, actor=actor_for(office, username), tasks=TaskRunner(db.session))
    page = ServicesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1040, 760)
    page.show()
    ctx.tasks.changed.connect(page.on_changed)  # as the main window does
    page.on_shown()
    settle(qtbot, ctx.tasks)
    return page


@pytest.fixture
def page(qtbot, office, db):
    widget = make_page(qtbot, office, db, "clerk")
    yield widget
    widget.ctx.tasks.wait_idle()
    widget.ctx.tasks.shutdown()


@pytest.fixture
def mentor_page(qtbot, office, db):
    widget = make_page(qtbot, office, db, "mentor")
    yield widget
    widget.ctx.tasks.wait_idle()
    widget.ctx.tasks.shutdown()


def history(page) -> list[list[str]]:
    model = page.tariffs
    return [[model.text(row, column) for column in range(len(model.HEADERS))] for row in model.rows]


def select_open_tariff(page, category: str) -> None:
    for index, row in enumerate(page.tariffs.rows):
        if row.category == category and row.valid_to is None:
            page.tariff_view.selectRow(index)
            return
    raise LookupError(category)


def test_catalogue_and_tariff_history_are_shown(qtbot, page) -> None:
    codes = [row.code for row in page.services.rows]
    assert {"water", "waste", "irrigation"} <= set(codes)
    page.select_service("waste")
    settle(qtbot, page.ctx.tasks)
    settle_rows = history(page)
    assert page.tariff_title.text() == "Tariff history: Таштанды чыгаруу"
    # The open version of the waste tariff for everybody, and the one it replaced in 2023.
    assert ["All categories", "", "25,00\xa0сом", "01.03.2023", "", "23/4", "14.02.2023"] in (
        settle_rows
    )
    assert [
        "All categories",
        "",
        "20,00\xa0сом",
        "01.01.2019",
        "28.02.2023",
        "12/3",
        "21.12.2018",
    ] in (settle_rows)


def test_new_tariff_version_closes_the_previous_one(qtbot, page) -> None:
    from PySide6.QtCore import QDate

    page.select_service("waste")
    settle(qtbot, page.ctx.tasks)
    select_open_tariff(page, "all")
    dialog = page.new_tariff_version()
    assert dialog.category.currentData() == "all"  # taken from the selected version
    type_text(dialog.amount, "1 234,50")
    dialog.valid_from.setDate(QDate(2025, 1, 1))
    type_text(dialog.toktom_no, "31/2")
    dialog.toktom_date.setDate(QDate(2024, 12, 20))
    dialog.save()
    settle(qtbot, page.ctx.tasks)
    settle(qtbot, page.ctx.tasks)  # the page reloads after the write

    assert not dialog.isVisible()
    rows = history(page)
    assert ["All categories", "", "1\xa0234,50\xa0сом", "01.01.2025", "", "31/2", "20.12.2024"] in (
        rows
    )
    assert [
        "All categories",
        "",
        "25,00\xa0сом",
        "01.03.2023",
        "31.12.2024",
        "23/4",
        "14.02.2023",
    ] in (rows)


def test_overlapping_version_shows_the_rule(qtbot, page) -> None:
    from PySide6.QtCore import QDate

    page.select_service("waste")
    settle(qtbot, page.ctx.tasks)
    select_open_tariff(page, "all")
    before = history(page)
    dialog = page.new_tariff_version()
    type_text(dialog.amount, "30")
    dialog.valid_from.setDate(QDate(2022, 6, 1))  # inside the 2019-2023 version
    dialog.save()
    settle(qtbot, page.ctx.tasks)

    assert dialog.isVisible()
    assert dialog.message.text() == (
        "The new tariff overlaps the version valid until 28.02.2023. Start it after that date."
    )
    assert history(page) == before


def test_amount_that_is_not_money_is_explained(page) -> None:
    page.select_service("water")
    dialog = page.new_tariff_version()
    type_text(dialog.amount, "отуз")
    dialog.save()
    assert dialog.message.text() == "отуз is not an amount of money. Write it like 1 234,50."


def test_mentor_sees_read_only_controls(mentor_page) -> None:
    page = mentor_page
    assert page.services.rows, "a mentor still reads the catalogue"
    hidden = [
        page.new_button,
        page.edit_button,
        page.archive_button,
        page.tariff_button,
        *page.places.buttons,
    ]
    assert not any(button.isVisible() for button in hidden)
    assert page.read_only_note.isVisible()
    assert page.read_only_note.text() == "Read only: your role cannot change the catalogue."


def test_new_service_appears_in_the_catalogue(qtbot, page) -> None:
    dialog = page.new_service()
    type_text(dialog.code, "parks")
    type_text(dialog.name_ky, "Сейил бактары")
    type_text(dialog.name_ru, "Парки")
    dialog.save()
    settle(qtbot, page.ctx.tasks)
    settle(qtbot, page.ctx.tasks)
    names = {row.code: row.name_ky for row in page.services.rows}
    assert names["parks"] == "Сейил бактары"

    again = page.new_service()
    type_text(again.code, "parks")
    type_text(again.name_ky, "Паркы")
    type_text(again.name_ru, "Парк")
    again.save()
    settle(qtbot, page.ctx.tasks)
    assert again.message.text() == "A service with the code parks already exists."


def test_village_added_and_refused_archive(qtbot, page) -> None:
    from aimak_desktop.ui.catalog.places import NAME_ROLE

    places = page.places
    answers = iter(["Көк-Жар"])
    places.ask_text = lambda *_args: next(answers)
    places.ask_yes = lambda *_args: True
    places.add_village()
    settle(qtbot, page.ctx.tasks)
    settle(qtbot, page.ctx.tasks)
    names = [places.villages.item(i).data(NAME_ROLE) for i in range(places.villages.count())]
    assert "Көк-Жар" in names
    assert places.message.text() == "Village Көк-Жар added."

    # A village with households cannot be archived: the service says what to do.
    populated = next(
        i
        for i in range(places.villages.count())
        if places.villages.item(i).data(NAME_ROLE) != "Көк-Жар"
    )
    places.villages.setCurrentRow(populated)
    places.archive_village()
    settle(qtbot, page.ctx.tasks)
    assert "active households. Move or archive them first." in places.message.text()
