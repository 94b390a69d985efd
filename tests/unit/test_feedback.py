"""Feedback register, overdue rule, monthly report data, report PDF and CLI."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from pypdf import PdfReader

from aimak_desktop import settings
from aimak_desktop.cli.main import main
from aimak_desktop.errors import PermissionDenied, ValidationError
from aimak_desktop.reports.feedback_report import render_feedback_report
from aimak_desktop.services import feedback
from aimak_desktop.services.feedback import FeedbackInput
from tests.conftest import actor_for

MAY = dt.date(2023, 5, 1)


def _entry(session, actor, day: dt.date, kind: str = "complaint", **kw):
    data = FeedbackInput(kind=kind, channel="visit", received_on=day, text="Суу жок", **kw)
    return feedback.record_feedback(session, actor, data, today=dt.date(2023, 6, 30))


def test_due_date_defaults_to_14_days_and_is_configurable(office, admin):
    assert _entry(office, admin, MAY).entry.due_on == dt.date(2023, 5, 15)
    settings.update(feedback_due_days=5)
    assert _entry(office, admin, MAY).entry.due_on == dt.date(2023, 5, 6)


def test_bad_feedback_input(office, admin):
    with pytest.raises(ValidationError, match="Choose the kind"):
        _entry(office, admin, MAY, kind="rumour")
    with pytest.raises(ValidationError, match="received date cannot be in the future"):
        _entry(office, admin, dt.date(2023, 7, 2))
    v = _entry(office, admin, MAY)
    with pytest.raises(ValidationError, match="Write the response"):
        feedback.set_feedback_status(office, admin, v.id, "resolved", today=MAY)
    with pytest.raises(PermissionDenied):
        _entry(office, actor_for(office, "mentor"), MAY)


def test_status_history_and_overdue(office, admin):
    v = _entry(office, admin, MAY, citizen_name="Асанова Айгүл", gender="f")
    assert v.is_overdue(dt.date(2023, 5, 16)) and not v.is_overdue(dt.date(2023, 5, 15))
    v = feedback.set_feedback_status(office, admin, v.id, "in_progress", today=MAY)
    assert v.is_overdue(dt.date(2023, 5, 20))
    v = feedback.set_feedback_status(
        office,
        admin,
        v.id,
        "resolved",
        "Түтүк оңдолду",
        dt.date(2023, 5, 9),
        today=MAY.replace(day=10),
    )
    assert (v.status, v.days_to_close, v.on_time, v.is_overdue(dt.date(2024, 1, 1))) == (
        "resolved",
        8,
        True,
        False,
    )
    overdue = feedback.list_feedback(office, overdue_only=True, today=dt.date(2023, 6, 1))
    assert v.id not in {o.id for o in overdue}


def test_monthly_report_counts_median_and_on_time(office, admin):
    closes = {3: "resolved", 9: "resolved", 20: "resolved", 6: "rejected"}
    for days, status in closes.items():
        v = _entry(office, admin, MAY)
        feedback.set_feedback_status(
            office,
            admin,
            v.id,
            status,
            "Жооп",
            MAY + dt.timedelta(days=days),
            today=dt.date(2023, 6, 30),
        )
    _entry(office, admin, dt.date(2023, 5, 2), kind="question")  # open, due 16 May: overdue
    _entry(office, admin, dt.date(2023, 5, 31), kind="gratitude")  # open, not yet due
    _entry(office, admin, dt.date(2023, 6, 1))  # another month
    report = feedback.monthly_report(office, 2023, 5, as_of=dt.date(2023, 6, 5))
    assert report.total == 6
    assert report.by_kind == {"complaint": 4, "suggestion": 0, "gratitude": 1, "question": 1}
    assert report.median_days == Decimal("9.0")  # resolved only: 3, 9, 20
    # judged: 4 closed + 1 overdue open; on time: closed within 14 days (3, 9, 6)
    assert (report.on_time, report.judged, report.pct_on_time) == (3, 5, Decimal("60.0"))
    assert len(report.overdue) == 1


def test_report_pdf_and_cli(office, admin, db, data_dir, capsys, tmp_path):
    for day in (3, 4):
        _entry(office, admin, MAY.replace(day=day), citizen_name="Өмүрзакова Күмүш")
    text = " ".join(
        p.extract_text()
        for p in PdfReader(render_feedback_report(office, 2023, 5, tmp_path / "f.pdf")).pages
    )
    assert "Өмүрзакова Күмүш" in text and "100.0%" in text
    office.close()
    db.close()
    out = tmp_path / "cli.pdf"
    args = ["--lang", "en", "--data-dir", str(data_dir), "feedback", "report"]
    assert main([*args, "--month", "2023-05", "--out", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["total"], data["file"]) == (2, str(out)) and out.exists()
    assert main([*args, "--month", "May", "--out", str(out), "--json"]) == 1
    assert "YYYY-MM" in json.loads(capsys.readouterr().out)["error"]
