"""The register page: search as you type, filters, lazy fetching, keyboard operation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.conftest import actor_for

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def settle(qtbot, page) -> None:
    """Wait for the search debounce, background reads and their results on the widgets."""
    tasks = page.ctx.tasks

    def quiet() -> bool:
        tasks.wait_idle()
        return not page.filters.timer.isActive() and not tasks.pending() and page.model.settled()

    qtbot.waitUntil(quiet, timeout=10000)


def type_text(widget, text: str) -> None:
    """Type `text` key by key (QTest's keyClicks knows only ASCII; clerks type Kyrgyz)."""
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


@pytest.fixture
def clerk(office):
    return actor_for(office, "clerk")


@pytest.fixture
def ctx(office, db, clerk):
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.tasks import TaskRunner

    context = AppContext(db=db, actor=clerk, tasks=TaskRunner(db.session))
    yield context
    context.tasks.wait_idle()
    context.tasks.shutdown()


@pytest.fixture
def aijangyl(office, clerk):
    """A household whose name has ң (typed with the old letter ӊ in the tests)."""
    from aimak_desktop.services.registers import create_household, list_villages

    village = list_villages(office)[0]
    return create_household(
        office,
        clerk,
        head_name="Төлөгөнова Айжаңыл",
        village=village.id,
        street="Жаңы көчө",
        house="7",
        residents=4,
        phone="0555 123 456",
    )


def make_page(qtbot, ctx, page_size: int | None = None):
    from aimak_desktop.ui.register.page import RegisterPage

    page = RegisterPage(ctx)
    qtbot.addWidget(page)
    if page_size is not None:
        page.model.page_size = page_size
    page.resize(1040, 760)
    page.show()
    ctx.tasks.changed.connect(page.on_changed)  # as the main window does
    page.on_shown()
    settle(qtbot, page)
    return page


@pytest.fixture
def page(qtbot, ctx):
    return make_page(qtbot, ctx)


def names(page) -> list[str]:
    return [row.head_name for row in page.model.rows]


def test_page_is_registered_and_shows_every_active_household(page, office):
    from aimak_desktop.services.search import count_households
    from aimak_desktop.ui.pages import all_pages

    assert "register" in [spec.key for spec in all_pages()]
    total = count_households(office)
    assert page.model.rowCount() == total == 60
    assert page.count.text() == "60 households"
    first = page.model.index(0, page.model.HEAD)
    assert page.model.data(first) == page.model.rows[0].head_name


def test_typing_old_letter_finds_kyrgyz_name(qtbot, page, aijangyl):
    page.on_changed({"households"})
    settle(qtbot, page)
    page.focus_search()
    type_text(page.search, "айжаӊ")  # ӊ (old keyboards) must find ң
    settle(qtbot, page)
    assert names(page) == ["Төлөгөнова Айжаңыл"]
    assert page.count.text() == "1 households"
    page.search.clear()
    type_text(page.search, "ЖАҢЫ КӨЧӨ")  # upper case, a street name
    settle(qtbot, page)
    assert names(page) == ["Төлөгөнова Айжаңыл"]
    QTest.keyClick(page.search, Qt.Key.Key_Escape)  # Esc clears the search
    settle(qtbot, page)
    assert page.search.text() == ""
    assert page.model.rowCount() == 61


def test_filters_narrow_the_rows(qtbot, page, office, clerk):
    from aimak_desktop.services.registers import archive_household, list_villages
    from aimak_desktop.ui.register.model import category_label

    village = list_villages(office)[1]
    index = page.filters.village.findText(village.name)
    assert index > 0, "the village filter lists the villages"
    page.filters.village.setCurrentIndex(index)
    settle(qtbot, page)
    assert 0 < page.model.rowCount() < 60
    assert {row.village for row in page.model.rows} == {village.name}

    page.filters.village.setCurrentIndex(0)
    pensioner = page.filters.category.findData("pensioner")
    page.filters.category.setCurrentIndex(pensioner)
    settle(qtbot, page)
    assert 0 < page.model.rowCount() < 60
    column = page.model.CATEGORY
    shown = {page.model.data(page.model.index(r, column)) for r in range(page.model.rowCount())}
    assert shown == {category_label("pensioner")} == {"Pensioner"}
    page.filters.category.setCurrentIndex(0)

    gone = page.model.rows[0]
    archive_household(office, clerk, gone.id, "Moved to Bishkek")
    page.filters.archived.setCurrentIndex(page.filters.archived.findText("Archived"))
    settle(qtbot, page)
    assert names(page) == [gone.head_name]
    assert page.model.data(page.model.index(0, page.model.ARCHIVED)) == "archived"
    page.filters.archived.setCurrentIndex(page.filters.archived.findText("Active"))
    settle(qtbot, page)
    assert gone.head_name not in names(page) and page.model.rowCount() == 59


def test_service_filter_keeps_subscribers_only(qtbot, page, office):
    from sqlalchemy import select

    from aimak_desktop.models.catalog import Subscription
    from aimak_desktop.services.catalog import find_service

    waste = find_service(office, "waste")
    takers = set(
        office.scalars(
            select(Subscription.household_id).where(
                Subscription.service_id == waste.id, Subscription.end_date.is_(None)
            )
        )
    )
    combo = page.filters.service
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) == waste.id))
    settle(qtbot, page)
    assert 0 < page.model.rowCount() < 60
    assert {row.id for row in page.model.rows} <= takers


def test_rows_are_fetched_lazily_as_the_table_scrolls(qtbot, ctx):
    page = make_page(qtbot, ctx, page_size=10)
    # Only the pages that fill the visible table are read (about 30 rows at this height).
    first = page.model.rowCount()
    assert 10 <= first < 60 and first % 10 == 0
    assert page.model.total == 60
    assert page.count.text() == "60 households"
    assert page.model.canFetchMore()
    page.view.scrollToBottom()  # the view asks for the next page
    qtbot.waitUntil(lambda: page.model.rowCount() > first, timeout=5000)
    while page.model.canFetchMore() or page.ctx.tasks.pending():
        page.model.fetchMore()
        settle(qtbot, page)
    assert page.model.rowCount() == 60
    assert len({row.id for row in page.model.rows}) == 60, "no page is fetched twice"


def test_stale_results_are_dropped(qtbot, page, aijangyl):
    """Two queries in flight: only the last one's rows are shown."""
    from aimak_desktop.ui.register.data import RegisterQuery

    page.model.set_query(RegisterQuery(text="айжаң"))
    page.model.set_query(RegisterQuery(text=""))
    settle(qtbot, page)
    assert page.model.rowCount() == 61


def test_enter_in_the_table_opens_the_card(qtbot, page):
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(2, 0))
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    card = page.card
    assert card is not None and card.isVisible()
    settle(qtbot, page)
    assert card.details.form.head_name.text() == page.model.rows[2].head_name
    assert page.model.rows[2].account_no in card.title.text()
    card.details.form.house.setText("99б")
    card.details.save()
    settle(qtbot, page)
    assert page.selected().house == "99б"
    assert page.selected().id == card.household_id, "the table stays on the edited household"


def test_keyboard_only_search_open_edit_save(qtbot, page, aijangyl, office):
    from aimak_desktop.services.registers import get_household

    page.on_changed({"households"})
    settle(qtbot, page)
    page.view.setFocus()
    QTest.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    type_text(page.search, "Айжаӊыл")
    settle(qtbot, page)
    QTest.keyClick(page.search, Qt.Key.Key_Down)
    assert page.view.hasFocus()
    assert page.view.currentIndex().row() == 0
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    card = page.card
    settle(qtbot, page)
    form = card.details.form
    qtbot.waitUntil(form.head_name.hasFocus, timeout=3000)
    QTest.keyClick(form.head_name, Qt.Key.Key_Tab)  # -> gender
    QTest.keyClick(card.focusWidget(), Qt.Key.Key_Tab)  # -> phone
    assert form.phone.hasFocus()
    form.phone.selectAll()
    QTest.keyClicks(form.phone, "0700 111 222")
    QTest.keyClick(form.phone, Qt.Key.Key_Return)  # Enter saves
    settle(qtbot, page)
    assert card.details.message.text() == "Saved."
    office.rollback()  # end the read snapshot: see the page's write
    office.expire_all()
    assert get_household(office, aijangyl.id).phone == "+996 700 111 222"
    assert page.model.rows[0].phone == "+996 700 111 222", "the table was refreshed"
    QTest.keyClick(card, Qt.Key.Key_Escape)  # Esc closes
    assert not card.isVisible()


def test_delete_archives_with_a_reason(qtbot, page, office):
    from aimak_desktop.services.registers import get_household

    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, 0))
    row = page.model.rows[0]
    QTest.keyClick(page.view, Qt.Key.Key_Delete)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)  # no reason: refused with a message
    assert dialog.isVisible()
    assert dialog.message.text() == "Please give the reason for archiving."
    QTest.keyClicks(dialog.reason, "Moved to Osh")
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    settle(qtbot, page)
    assert not dialog.isVisible()
    office.rollback()  # end the read snapshot: see the page's write
    office.expire_all()
    archived = get_household(office, row.id)
    assert archived.archived_at is not None and archived.archive_reason == "Moved to Osh"
    assert row.id not in {r.id for r in page.model.rows}


def test_ctrl_n_adds_a_household_and_opens_its_card(qtbot, page):
    page.view.setFocus()
    QTest.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    settle(qtbot, page)
    form = dialog.form
    assert form.head_name.hasFocus(), "the clerk types the name straight away"
    type_text(form.head_name, "Осмонов Бакыт")
    form.residents.setText("x")
    QTest.keyClick(form.head_name, Qt.Key.Key_Return)
    settle(qtbot, page)
    assert dialog.isVisible()
    assert dialog.message.text() == "The number of residents must be a whole number from 0 to 50."
    assert form.residents.hasFocus()
    form.residents.setText("3")
    QTest.keyClick(form.residents, Qt.Key.Key_Return)
    settle(qtbot, page)
    assert not dialog.isVisible()
    assert page.card is not None and page.card.isVisible()
    settle(qtbot, page)
    assert page.card.details.form.head_name.text() == "Осмонов Бакыт"
    assert "Осмонов Бакыт" in names(page)


def _owing(page, office) -> set:
    debts = pytest.importorskip("aimak_desktop.services.debts")
    balances = debts.debts_by_household(office, [row.id for row in page.model.rows])
    owing = {hid for hid, amount in balances.items() if amount > 0}
    if not owing:
        pytest.skip("the demo office has no debts")
    return owing


def test_debt_column_shows_what_a_household_owes(page, office):
    owing = _owing(page, office)
    assert not page.view.isColumnHidden(page.model.DEBT)
    for number, row in enumerate(page.model.rows):
        cell = page.model.data(page.model.index(number, page.model.DEBT))
        if row.id in owing:
            assert cell and cell[0].isdigit(), "a debt is shown as an amount"
        else:
            assert not cell or cell.startswith("-"), "no debt: empty, or an advance with a minus"


def test_with_debt_filter_keeps_debtors_only(qtbot, page, office):
    owing = _owing(page, office)
    page.filters.has_debt.setChecked(True)
    settle(qtbot, page)
    assert {row.id for row in page.model.rows} == owing
    assert page.count.text() == f"{len(owing)} households"
