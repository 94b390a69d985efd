"""The household card: details with validation, services, meter readings, history."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.conftest import actor_for

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def settle(qtbot, tasks) -> None:
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
def metered(office):
    """(household id, subscription) of a demo household whose meter has readings."""
    from sqlalchemy import select

    from aimak_desktop.models.catalog import MeterReading, Subscription
    from aimak_desktop.models.register import Household

    sub = office.scalars(
        select(Subscription)
        .join(MeterReading, MeterReading.subscription_id == Subscription.id)
        .join(Household, Household.id == Subscription.household_id)
        .where(Subscription.end_date.is_(None), Household.archived_at.is_(None))
        .limit(1)
    ).first()
    assert sub is not None, "the demo office has meter readings"
    return sub.household_id, sub


def open_card(qtbot, ctx, household_id):
    from aimak_desktop.ui.register.card import HouseholdCard

    card = HouseholdCard(ctx, household_id)
    qtbot.addWidget(card)
    card.show()
    settle(qtbot, ctx.tasks)
    return card


def history_lines(card) -> list[tuple[str, ...]]:
    model = card.history_model
    return [
        tuple(model.data(model.index(r, c)) for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def test_card_shows_the_household(qtbot, ctx, office, metered):
    from aimak_desktop.services.registers import get_household

    household = get_household(office, metered[0])
    card = open_card(qtbot, ctx, household.id)
    form = card.details.form
    assert card.title.text().startswith(household.account_no)
    assert form.head_name.text() == household.head_name
    assert form.phone.text() == household.phone
    assert form.residents.text() == str(household.residents)
    assert [card.tabs.tabText(i) for i in range(4)] == [
        "Details",
        "Services",
        "Readings",
        "History",
    ]
    assert card.services.model.rowCount() >= 1
    assert card.readings.model.rowCount() >= 1


def test_phone_edit_is_saved_and_shown_in_history(qtbot, ctx, office, metered):
    card = open_card(qtbot, ctx, metered[0])
    form = card.details.form
    old = form.phone.text()
    form.phone.setText("0772 000 111")
    QTest.keyClick(form.phone, Qt.Key.Key_Return)  # Enter saves
    settle(qtbot, ctx.tasks)
    assert card.details.message.text() == "Saved."
    assert form.phone.text() == "+996 772 000 111", "the card shows the stored form"
    card.tabs.setCurrentIndex(3)
    newest = history_lines(card)[0]
    assert newest[1:] == (ctx.actor.name, "Phone", old, "+996 772 000 111")


def test_bad_input_shows_the_service_message(qtbot, ctx, metered):
    card = open_card(qtbot, ctx, metered[0])
    form = card.details.form
    form.phone.setText("12345")
    card.details.save()
    settle(qtbot, ctx.tasks)
    assert card.details.message.text().startswith("The phone number 12345 is not valid.")
    assert form.phone.hasFocus()
    form.phone.setText("+996 555 000 000")
    form.head_name.setText("   ")
    card.details.save()
    settle(qtbot, ctx.tasks)
    assert card.details.message.text() == "Please enter the name of the head of household."
    assert form.head_name.hasFocus()
    assert not any(line[2] == "Phone" for line in history_lines(card))


def test_reading_below_the_previous_is_refused(qtbot, ctx, office, metered):
    from aimak_desktop.services.subscriptions import format_m3, last_reading

    _household_id, sub = metered
    previous = last_reading(office, sub.id)
    card = open_card(qtbot, ctx, metered[0])
    card.tabs.setCurrentIndex(2)
    tab = card.readings
    assert tab.subscription.currentData() == sub.id
    before = tab.model.rowCount()
    tab.value.setText("1")
    QTest.keyClick(tab.value, Qt.Key.Key_Return)  # Enter adds the reading
    settle(qtbot, ctx.tasks)
    assert tab.message.text() == (
        f"The reading 1,000 m³ is below the previous one ({format_m3(previous.value_l)} m³). "
        "If the meter was replaced, mark it as replaced."
    )
    assert tab.model.rowCount() == before
    tab.replaced.setChecked(True)
    tab.new_serial.setText("NEW-777")
    tab.add()
    settle(qtbot, ctx.tasks)
    assert tab.message.text() == "The reading is saved."
    assert tab.model.rowCount() == before + 1
    last = tab.model.rows[-1]
    assert last.value_l == 1000 and last.meter_replaced
    assert "NEW-777" in tab.subscription.currentText()


def test_add_and_end_a_service(qtbot, ctx, office, metered):
    from aimak_desktop.services.catalog import find_service

    irrigation = find_service(office, "irrigation")
    card = open_card(qtbot, ctx, metered[0])
    card.tabs.setCurrentIndex(1)
    tab = card.services
    names = {row.service for row in tab.model.rows if row.end is None}
    if irrigation.name_ky in names:
        pytest.skip("this household already takes irrigation")
    before = tab.model.rowCount()
    dialog = tab.add()
    combo = dialog.service
    combo.setCurrentIndex(
        next(i for i in range(combo.count()) if combo.itemData(i) == irrigation.id)
    )
    dialog.tap.setCurrentIndex(dialog.tap.findData("yard"))
    QTest.keyClick(dialog.meter, Qt.Key.Key_Return)
    settle(qtbot, ctx.tasks)
    assert not dialog.isVisible()
    assert tab.model.rowCount() == before + 1
    added = next(r for r in tab.model.rows if r.service == irrigation.name_ky and r.end is None)
    assert added.tap_type == "yard"
    # The same service twice is refused with the service's message.
    again = tab.add()
    combo = again.service
    combo.setCurrentIndex(
        next(i for i in range(combo.count()) if combo.itemData(i) == irrigation.id)
    )
    again.save()
    settle(qtbot, ctx.tasks)
    assert again.isVisible()
    assert again.message.text() == f"This household already takes {irrigation.name_ky}."
    again.reject()
    tab.view.selectRow(tab.model.rows.index(added))
    ending = tab.end()
    ending.save()
    settle(qtbot, ctx.tasks)
    ended = next(r for r in tab.model.rows if r.id == added.id)
    assert ended.end == dt.date.today()


def test_archive_and_restore_from_the_card(qtbot, ctx, metered):
    card = open_card(qtbot, ctx, metered[0])
    dialog = card.details.archive()
    dialog.reason.setText("Moved to Bishkek")
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    settle(qtbot, ctx.tasks)
    assert "archived" in card.title.text()
    assert card.details.archived_label.text() == "Archived: Moved to Bishkek"
    assert not card.details.form.phone.isEnabled(), "an archived household is read-only"
    assert card.details.restore_button.isVisible()
    card.details.restore()
    settle(qtbot, ctx.tasks)
    assert "archived" not in card.title.text()
    assert card.details.form.phone.isEnabled()
    fields = [line[2] for line in history_lines(card)]
    assert fields[:2] == ["Archived", "Archived"]


def test_escape_closes_the_card(qtbot, ctx, metered):
    card = open_card(qtbot, ctx, metered[0])
    QTest.keyClick(card.details.form.house, Qt.Key.Key_Escape)
    assert not card.isVisible()


def test_a_reader_sees_the_card_without_edit_buttons(qtbot, office, db, metered):
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.tasks import TaskRunner

    reader = AppContext(db=db, actor=actor_for(office, "kassa"), tasks=TaskRunner(db.session))
    try:
        card = open_card(qtbot, reader, metered[0])
        assert not card.details.save_button.isVisible()
        assert not card.details.form.phone.isEnabled()
        assert not card.services.add_button.isVisible()
        assert card.details.form.head_name.text()
    finally:
        reader.tasks.wait_idle()
        reader.tasks.shutdown()
