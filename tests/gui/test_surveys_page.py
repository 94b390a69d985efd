"""The surveys page: keyboard entry of paper forms, results, questions, scorecard."""

# ruff: noqa: F811 - the shared fixtures are imported by name and requested as arguments
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from tests.gui.test_hearings_page import clerk_ctx, settle  # noqa: F401 - fixtures

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def page(qtbot, clerk_ctx):
    from aimak_desktop.ui.hearings.surveys_page import SurveysPage

    widget = SurveysPage(clerk_ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    clerk_ctx.tasks.changed.connect(widget.on_changed)  # as the main window does
    widget.on_shown()
    settle(qtbot, clerk_ctx.tasks)
    return widget


def _responses(session, form_id) -> int:
    from aimak_desktop.models.feedback import SurveyResponse

    session.rollback()  # end the read snapshot: the page wrote through its own connection
    return session.scalar(
        select(func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.questionnaire_id == form_id)
    )


def _keys_for(questions) -> str:
    return "".join("y" if q.kind == "yes_no" else "4" for q in questions)


def test_keyboard_entry_of_three_forms_saves_three_responses(qtbot, page, office):
    form_id = page.questionnaire_id
    assert form_id is not None
    before = _responses(office, form_id)
    grid = page.grid
    assert grid.questions
    grid.setFocus()
    for village, gender in (("1", "f"), ("2", "m"), ("1", "f")):
        qtbot.keyClicks(grid, village + gender + _keys_for(grid.questions))
        qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert grid.currentRow() == 3
    assert page.typed.text() == "3 forms typed"
    forms = grid.forms()
    assert [f.gender for f in forms] == ["f", "m", "f"]
    assert forms[1].village_id == page.lookups.villages[1][0]

    page.save_button.click()
    settle(qtbot, page.ctx.tasks)
    assert page.entry_message.text() == "3 forms saved."
    assert _responses(office, form_id) == before + 3
    assert grid.forms() == []  # ready for the next pile
    assert page.results.summary.text().startswith(f"{before + 3} forms")


def test_a_wrong_key_says_what_fits_and_fills_nothing(qtbot, page):
    grid = page.grid
    grid.setFocus()
    score = next(i for i, q in enumerate(grid.questions) if q.kind == "score")
    grid.setCurrentCell(0, 2 + score)
    qtbot.keyClicks(grid, "7")
    assert page.entry_message.text() == (
        f"Question {grid.questions[score].position}: type a score from 1 to 5."
    )
    assert grid.forms() == []
    qtbot.keyClick(grid, Qt.Key.Key_Space)  # skips the question
    assert grid.currentColumn() == 3 + score or score == len(grid.questions) - 1


def test_add_a_question_then_scorecard_pdf(qtbot, page):
    from pypdf import PdfReader

    count = len(page.questions_model.rows)
    dialog = page.add_question()
    dialog.buttons.accepted.emit()
    settle(qtbot, page.ctx.tasks)
    assert dialog.message.text() == "Write the question's text."
    dialog.text.setText("Суу күнүгө келеби?")
    dialog.kind.setCurrentIndex(dialog.kind.findData("yes_no"))
    dialog.buttons.accepted.emit()
    settle(qtbot, page.ctx.tasks)
    assert len(page.questions_model.rows) == count + 1
    assert page.grid.columnCount() == 2 + count + 1

    opened = []
    page.opener = opened.append
    page.scorecard_button.click()
    settle(qtbot, page.ctx.tasks)
    assert opened == [page.last_scorecard]
    text = " ".join(p.extract_text() for p in PdfReader(page.last_scorecard).pages)
    assert "Суу күнүгө келеби?" in text
