"""The citizen feedback page: overdue entries stand out, filters, new entry, status, report."""

# ruff: noqa: F811 - the shared fixtures are imported by name and requested as arguments
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_hearings_page import clerk_ctx, settle  # noqa: F401 - fixtures

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def page(qtbot, clerk_ctx):
    from aimak_desktop.ui.hearings.feedback_page import FeedbackPage

    widget = FeedbackPage(clerk_ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    clerk_ctx.tasks.changed.connect(widget.on_changed)  # as the main window does
    widget.on_shown()
    settle(qtbot, clerk_ctx.tasks)
    return widget


def _overdue_in_db(session) -> int:
    from aimak_desktop.services.feedback import list_feedback

    return len(list_feedback(session, overdue_only=True))


def test_overdue_rows_stand_out_and_the_filter_narrows(qtbot, page, office):
    from aimak_desktop.ui.common import OVERDUE_BG, OVERDUE_FG

    overdue = _overdue_in_db(office)
    assert overdue > 0, "the demo office has a few overdue entries"
    total = len(page.model.rows)
    assert page.overdue_label.text() == f"{overdue} overdue"
    model = page.model
    red = [i for i, r in enumerate(model.rows) if r.overdue]
    plain = next(i for i, r in enumerate(model.rows) if not r.overdue)
    background = Qt.ItemDataRole.BackgroundRole
    assert model.index(red[0], model.TEXT).data(background) == OVERDUE_BG
    assert model.index(red[0], model.TEXT).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_FG
    assert model.index(red[0], model.STATUS).data().endswith(", overdue")
    assert model.index(plain, model.TEXT).data(background) is None

    page.overdue_only.setChecked(True)
    assert len(model.rows) == overdue < total
    assert all(r.overdue for r in model.rows)
    assert page.count.text() == f"{overdue} of {total} entries"
    page.overdue_only.setChecked(False)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("gratitude"))
    assert 0 < len(model.rows) < total
    assert {r.kind for r in model.rows} == {"gratitude"}


def test_new_entry_defaults_the_due_date_from_the_setting(qtbot, page, clerk_ctx):
    clerk_ctx.settings["feedback_due_days"] = 10
    dialog = page.new_entry()
    today = dt.date.today()
    assert dialog.due_on.date().toPython() == today + dt.timedelta(days=10)
    dialog.received_on.setDate(dialog.received_on.date().addDays(-3))
    assert dialog.due_on.date().toPython() == today + dt.timedelta(days=7)
    dialog.kind.setCurrentIndex(dialog.kind.findData("complaint"))
    dialog.text.setPlainText("Көчөдө суу агып жатат")
    before = len(page.all_rows)
    dialog.buttons.accepted.emit()
    settle(qtbot, page.ctx.tasks)
    assert not dialog.isVisible()
    assert len(page.all_rows) == before + 1
    newest = next(r for r in page.all_rows if r.text == "Көчөдө суу агып жатат")
    assert (newest.status, newest.citizen, newest.overdue) == ("new", "", False)
    assert page.model.index(page.model.rows.index(newest), page.model.CITIZEN).data() == (
        "(anonymous)"
    )


def test_resolving_needs_a_response_then_closes_the_entry(qtbot, page):
    page.status_filter.setCurrentIndex(page.status_filter.findData("open"))
    row = page.model.rows[0]
    page.view.selectRow(0)
    dialog = page.change_status()
    dialog.status.setCurrentIndex(dialog.status.findData("resolved"))
    dialog.buttons.accepted.emit()
    settle(qtbot, page.ctx.tasks)
    assert dialog.message.text() == (
        "Write the response given to the citizen before closing the entry."
    )
    dialog.response.setPlainText("Түтүк оңдолду.")
    dialog.buttons.accepted.emit()
    settle(qtbot, page.ctx.tasks)
    assert not dialog.isVisible()
    closed = next(r for r in page.all_rows if r.id == row.id)
    assert (closed.status, closed.response, closed.overdue) == ("resolved", "Түтүк оңдолду.", False)
    assert row.id not in {r.id for r in page.model.rows}  # no longer open


def test_monthly_report_pdf(qtbot, page):
    from pypdf import PdfReader

    opened = []
    page.opener = opened.append
    page.report_lang.setCurrentIndex(page.report_lang.findData("ru"))
    page.report_button.click()
    settle(qtbot, page.ctx.tasks)
    assert opened == [page.last_report]
    text = " ".join(p.extract_text() for p in PdfReader(page.last_report).pages)
    assert dt.date.today().strftime("%Y") in text
