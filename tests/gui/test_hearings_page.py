"""The budget hearings page: the editor, fast participant entry, tally, proposals, documents."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from tests.conftest import actor_for

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def settle(qtbot, tasks) -> None:
    """Wait until background work is done and its results reached the widgets."""
    tasks.wait_idle()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10000)


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
def clerk_ctx(office, db):
    """An AppContext on the small demo office (with hearings, feedback, surveys) as the clerk."""
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.tasks import TaskRunner

    ctx = AppContext(db=db, actor=actor_for(office, "clerk"), tasks=TaskRunner(db.session))
    yield ctx
    ctx.tasks.wait_idle()
    ctx.tasks.shutdown()


@pytest.fixture
def page(qtbot, clerk_ctx):
    from aimak_desktop.ui.hearings.hearings_page import HearingsPage

    widget = HearingsPage(clerk_ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    clerk_ctx.tasks.changed.connect(widget.on_changed)  # as the main window does
    widget.on_shown()
    settle(qtbot, clerk_ctx.tasks)
    return widget


@pytest.fixture
def hearing_id(office):
    """A fresh hearing (held last month) with nobody recorded yet."""
    from aimak_desktop.services.hearings import HearingInput, create_hearing

    held = dt.date.today() - dt.timedelta(days=30)
    data = HearingInput(kind="draft_budget", held_on=held, place="Мектеп, чоң зал")
    return create_hearing(office, actor_for(office, "clerk"), data).id


def _open(qtbot, page, hearing_id):
    editor = page.edit_hearing(hearing_id)
    settle(qtbot, page.ctx.tasks)
    return editor


def test_list_shows_the_demo_hearings_with_participation(page, office):
    from aimak_desktop.services.hearings import list_hearings

    assert len(page.model.rows) == len(list_hearings(office)) > 0
    held = [r for r in page.model.rows if r.total]
    assert held, "the demo office has hearings with participants"
    assert page.model.index(page.model.rows.index(held[0]), 6).data().endswith("%")


def test_create_a_hearing_through_the_editor(qtbot, page):
    editor = page.new_hearing()
    details = editor.details
    assert not editor.tabs.isTabEnabled(editor.tabs.indexOf(editor.participants))
    details.save_button.click()
    settle(qtbot, page.ctx.tasks)
    assert details.message.text() == "Please fill in the place of the hearing."
    assert editor.hearing_id is None

    details.kind.setCurrentIndex(details.kind.findData("draft_budget"))
    details.held_on.setDate(QDate(2024, 7, 1))
    type_text(details.place, "Маданият үйү")
    qtbot.keyClicks(details.start_time, "10.30")
    type_text(details.calling_act, "Башчынын №12 буйругу")
    details.villages.item(0).setCheckState(Qt.CheckState.Checked)
    details.save_button.click()
    settle(qtbot, page.ctx.tasks)

    assert details.message.text() == "Saved."
    assert editor.hearing_id is not None
    assert editor.tabs.isTabEnabled(editor.tabs.indexOf(editor.participants))
    assert details.year.value() == 2025  # a draft budget is about the next year
    assert details.start_time.text() == "10:30"
    page.show_list()
    settle(qtbot, page.ctx.tasks)
    row = next(r for r in page.model.rows if r.id == editor.hearing_id)
    assert (row.place, row.year, row.status) == ("Маданият үйү", 2025, "planned")


def test_a_future_hearing_cannot_be_marked_as_held(qtbot, page):
    editor = page.new_hearing()
    details = editor.details
    details.held_on.setDate(QDate.currentDate().addDays(10))
    details.place.setText("Айыл өкмөтү")
    details.save_button.click()
    settle(qtbot, page.ctx.tasks)
    held = details.step_buttons[next(iter(details.step_buttons))]
    assert held.isEnabled()
    held.click()
    settle(qtbot, page.ctx.tasks)
    assert "in the future" in details.message.text()
    assert details.status == "planned"


def test_typing_named_participants_updates_the_share_of_women(qtbot, page, hearing_id):
    tab = _open(qtbot, page, hearing_id).participants
    editor = page.editor
    editor.tabs.setCurrentWidget(tab)
    assert tab.stats.total.text() == "0"

    type_text(tab.name, "Айгүл Токтосунова")
    qtbot.keyClicks(tab.gender, "F")
    qtbot.keyClick(tab.gender, Qt.Key.Key_Return)  # Enter on any field adds the person
    assert tab.name.text() == ""
    assert tab.window().focusWidget() is tab.name  # ready for the next name
    settle(qtbot, page.ctx.tasks)
    assert tab.stats.women.text() == "100.0% (1 people)"

    type_text(tab.name, "Бакыт Асанов")
    qtbot.keyClicks(tab.gender, "M")
    qtbot.keyClick(tab.name, Qt.Key.Key_Return)
    type_text(tab.name, "Нургүл Сыдыкова")
    qtbot.keyClicks(tab.gender, "F")
    qtbot.keyClick(tab.name, Qt.Key.Key_Return)
    type_text(tab.name, "Эрлан Осмонов")
    qtbot.keyClicks(tab.gender, "M")
    qtbot.keyClick(tab.name, Qt.Key.Key_Return)
    settle(qtbot, page.ctx.tasks)

    assert [r.full_name for r in tab.model.rows] == [
        "Айгүл Токтосунова",
        "Бакыт Асанов",
        "Нургүл Сыдыкова",
        "Эрлан Осмонов",
    ]
    assert tab.stats.total.text() == "4"
    assert tab.stats.women.text() == "50.0% (2 people)"


def test_an_empty_name_is_refused_with_a_message(qtbot, page, hearing_id):
    tab = _open(qtbot, page, hearing_id).participants
    qtbot.keyClick(tab.name, Qt.Key.Key_Return)
    settle(qtbot, page.ctx.tasks)
    assert tab.message.text() == "please fill in the full name."
    assert tab.model.rows == []


def test_a_negative_tally_shows_the_message_and_saves_nothing(qtbot, page, hearing_id):
    tally = _open(qtbot, page, hearing_id).participants.tally
    tally.cells["women_youth"].setText("12")
    tally.cells["men_adult"].setText("-3")
    tally.add_button.click()
    settle(qtbot, page.ctx.tasks)
    assert tally.message.text() == (
        "A count cannot be negative (-3). Enter the number of people counted."
    )
    assert tally.model.rows == []

    tally.cells["men_adult"].setText("8")
    qtbot.keyClick(tally.cells["men_adult"], Qt.Key.Key_Return)
    settle(qtbot, page.ctx.tasks)
    assert [sum(r.counts) for r in tally.model.rows] == [20]
    assert page.editor.participants.stats.women.text() == "60.0% (12 people)"


def test_votes_above_the_attendance_show_the_message(qtbot, page, office, hearing_id):
    from aimak_desktop.services.hearings import add_tally

    add_tally(office, actor_for(office, "clerk"), hearing_id, {"women_adult": 3, "men_adult": 2})
    tab = _open(qtbot, page, hearing_id).proposals
    dialog = tab.new_proposal()
    dialog.text.setPlainText("Көчөлөргө жарык орнотуу")
    dialog.votes_for.setValue(4)
    dialog.votes_against.setValue(3)
    dialog.buttons.accepted.emit()
    settle(qtbot, page.ctx.tasks)
    assert dialog.isVisible()
    assert dialog.message.text() == (
        "The votes add up to 7, but only 5 people attended. "
        "Check the votes, or record the participants first."
    )
    assert tab.model.rows == []

    dialog.votes_against.setValue(1)
    dialog.buttons.accepted.emit()
    settle(qtbot, page.ctx.tasks)
    assert not dialog.isVisible()
    assert [(p.number, p.votes_for, p.votes_against) for p in tab.model.rows] == [(1, 4, 1)]


def test_minutes_button_writes_the_pdf_and_opens_it(qtbot, page):
    from pypdf import PdfReader

    held = next(r for r in page.model.rows if r.total)
    tab = _open(qtbot, page, held.id).documents
    opened = []
    tab.opener = opened.append
    tab.buttons["minutes"].click()
    settle(qtbot, page.ctx.tasks)

    assert opened == [tab.last_path]
    assert tab.last_path.is_file()
    text = " ".join(p.extract_text() for p in PdfReader(tab.last_path).pages)
    assert str(held.total) in text
    assert f"{held.pct_women}" in text.replace(",", ".")
    assert any(letter in text for letter in "ңөү")
    assert "Written to" in tab.message.text()


def test_other_roles_see_hearings_read_only(qtbot, office, db):
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.hearings.hearings_page import HearingsPage
    from aimak_desktop.ui.tasks import TaskRunner

    ctx = AppContext(db=db, actor=actor_for(office, "mentor"), tasks=TaskRunner(db.session))
    try:
        widget = HearingsPage(ctx)
        qtbot.addWidget(widget)
        widget.on_shown()
        settle(qtbot, ctx.tasks)
        assert not widget.new_button.isVisibleTo(widget)
        widget.view.selectRow(next(i for i, r in enumerate(widget.model.rows) if r.total))
        editor = widget.edit_selected()
        settle(qtbot, ctx.tasks)
        assert not editor.details.save_button.isVisibleTo(widget)
        assert not editor.details.place.isEnabled()
        assert not editor.participants.add_button.isVisibleTo(widget)
        assert editor.participants.model.rows  # but the list is there to read
    finally:
        ctx.tasks.wait_idle()
        ctx.tasks.shutdown()


def test_decision_dialog_shows_the_proposal_as_received(qtbot, page):
    held = next(r for r in page.model.rows if r.total)
    tab = _open(qtbot, page, held.id).proposals
    number = next(i for i, p in enumerate(tab.model.rows) if p.service_id or p.budget_line_id)
    proposal = tab.model.rows[number]
    tab.view.selectRow(number)
    dialog = tab.edit_proposal()
    assert dialog.text.toPlainText() == proposal.text
    assert not dialog.text.isEnabled()  # as received: only the decision changes
    chosen = (dialog.service.currentData(), dialog.line.currentData())
    assert chosen == (proposal.service_id, proposal.budget_line_id)
    assert dialog.votes_for.value() == proposal.votes_for
    dialog.reject()
