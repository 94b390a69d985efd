"""Satisfaction surveys: questionnaires, fast entry, results by village and gender, scorecard."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from aimak_desktop.errors import ValidationError
from aimak_desktop.models.register import Village
from aimak_desktop.reports.survey_scorecard import render_scorecard
from aimak_desktop.services import surveys
from aimak_desktop.services.surveys import ResponseInput

DAY = dt.date(2024, 3, 1)


@pytest.fixture
def form(office, admin):
    return surveys.create_questionnaire(
        office,
        admin,
        "Суу кызматы",
        [("Суунун сапаты кандай?", "score"), ("Суу күн сайын келеби?", "yes_no")],
    )


def test_responses_give_exact_results_by_village_and_gender(office, admin, form):
    a, b = office.scalars(select(Village).order_by(Village.name).limit(2)).all()
    forms = [
        ResponseInput([5, True], a.id, "f", DAY),
        ResponseInput([4, 0], a.id, "m", DAY),
        ResponseInput([2, 1], b.id, "f", DAY),
        ResponseInput([None, 0], b.id, None, DAY),
    ]
    assert surveys.record_responses(office, admin, form.id, forms) == 4
    r = surveys.survey_results(office, form.id)
    assert r.forms == 4
    assert [(q.answers, q.value) for q in r.questions] == [
        (3, Decimal("3.67")),  # (5+4+2)/3
        (4, Decimal("50.0")),  # 2 yes of 4
    ]
    villages = {g.label: (g.forms, g.mean_score, g.pct_yes) for g in r.by_village}
    assert villages == {
        a.name: (2, Decimal("4.50"), Decimal("50.0")),
        b.name: (2, Decimal("2.00"), Decimal("50.0")),
    }
    genders = {g.label: (g.forms, g.mean_score) for g in r.by_gender}
    assert genders == {
        "f": (2, Decimal("3.50")),
        "m": (1, Decimal("4.00")),
        "": (1, Decimal("0.00")),
    }


def test_bad_answers_are_refused_with_the_form_number(office, admin, form):
    with pytest.raises(ValidationError, match="Form 2, question 1: a score is a whole number"):
        surveys.record_responses(
            office, admin, form.id, [ResponseInput([3, 1]), ResponseInput([6, 1])]
        )
    with pytest.raises(ValidationError, match="Form 1: 1 answers for 2 questions"):
        surveys.record_responses(office, admin, form.id, [ResponseInput([3])])
    with pytest.raises(ValidationError, match="yes \\(1\\) or no \\(0\\)"):
        surveys.record_responses(office, admin, form.id, [ResponseInput([3, 2])])
    assert surveys.survey_results(office, form.id).forms == 0


def test_questions_are_editable_until_answered(office, admin, form):
    q1, q2 = surveys.questions(office, form.id)
    surveys.edit_question(office, admin, q2.id, "Суу графиги боюнча келеби?", "score")
    surveys.record_responses(office, admin, form.id, [ResponseInput([4, 3])])
    with pytest.raises(ValidationError, match="already has answers"):
        surveys.edit_question(office, admin, q1.id, "Сапат?", "yes_no")
    surveys.add_question(office, admin, form.id, "Тариф адилетпи?", "score")
    surveys.archive_question(office, admin, q2.id)
    assert [q.text for q in surveys.questions(office, form.id)] == [
        "Суунун сапаты кандай?",
        "Тариф адилетпи?",
    ]


def test_scorecard_pdf(office, admin, form, tmp_path):
    surveys.record_responses(office, admin, form.id, [ResponseInput([4, 1], gender="f")] * 3)
    out = render_scorecard(office, form.id, tmp_path / "s.pdf", "ky")
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Суунун сапаты кандай?" in text and "4.00 / 5" in text and "100.0%" in text


def test_demo_has_water_and_waste_surveys(office):
    titles = [f.title for f in surveys.questionnaires(office)]
    assert len(titles) == 2
    for f in surveys.questionnaires(office):
        assert surveys.survey_results(office, f.id).forms >= 70
