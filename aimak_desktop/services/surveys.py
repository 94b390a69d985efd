"""Satisfaction surveys: a questionnaire per service, fast entry of paper forms, results.

Scores run 1 (very bad) to 5 (very good); yes/no answers are stored as 1/0. An unanswered question
is simply not stored. Averages are Decimals with two places and shares one place, half up.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import NotFound, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.base import utcnow
from aimak_desktop.models.feedback import (
    QuestionKind,
    Questionnaire,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from aimak_desktop.models.register import Gender, Village
from aimak_desktop.services.auth import Actor, require_role
from aimak_desktop.services.hearing_stats import percent
from aimak_desktop.services.hearings import HEARING_ROLES
from aimak_desktop.services.write_path import write

SURVEY_ROLES = HEARING_ROLES
_TWO_PLACES = Decimal("0.01")


def _check_question(text: str, kind: str) -> tuple[str, str]:
    if not text.strip():
        raise ValidationError(_("Write the question's text."), field="text")
    if kind not in set(QuestionKind):
        raise ValidationError(_("Choose score 1-5 or yes/no."), field="kind")
    return text.strip()[:300], str(kind)


def create_questionnaire(
    session: Session,
    actor: Actor,
    title: str,
    questions: Sequence[tuple[str, str]],
    service_id: uuid.UUID | None = None,
) -> Questionnaire:
    """A questionnaire with its questions, each (text, kind).

    Raises:
        ValidationError: empty title, no questions, an empty question or unknown kind.
    """
    require_role(actor, SURVEY_ROLES)
    if not title.strip():
        raise ValidationError(_("Write the questionnaire's title."), field="title")
    if not questions:
        raise ValidationError(_("Add at least one question."), field="questions")
    checked = [_check_question(t, k) for t, k in questions]
    form = Questionnaire(service_id=service_id, title=title.strip()[:200])
    with write(session, actor, "survey.create", form.title) as unit:
        session.add(form)
        session.flush()
        for position, (text, kind) in enumerate(checked, start=1):
            session.add(
                SurveyQuestion(questionnaire_id=form.id, position=position, text=text, kind=kind)
            )
        unit.target = form
    return form


def questionnaires(
    session: Session, service_id: uuid.UUID | None = None
) -> Sequence[Questionnaire]:
    query = select(Questionnaire).where(Questionnaire.archived_at.is_(None))
    if service_id is not None:
        query = query.where(Questionnaire.service_id == service_id)
    return session.scalars(query.order_by(Questionnaire.title)).all()


def get_questionnaire(session: Session, questionnaire_id: uuid.UUID) -> Questionnaire:
    form = session.get(Questionnaire, questionnaire_id)
    if form is None:
        raise NotFound(_("This questionnaire does not exist."))
    return form


def questions(session: Session, questionnaire_id: uuid.UUID) -> Sequence[SurveyQuestion]:
    """Active questions in order: the order answers are entered in."""
    return session.scalars(
        select(SurveyQuestion)
        .where(
            SurveyQuestion.questionnaire_id == questionnaire_id,
            SurveyQuestion.archived_at.is_(None),
        )
        .order_by(SurveyQuestion.position, SurveyQuestion.id)
    ).all()


def add_question(
    session: Session, actor: Actor, questionnaire_id: uuid.UUID, text: str, kind: str
) -> SurveyQuestion:
    require_role(actor, SURVEY_ROLES)
    form = get_questionnaire(session, questionnaire_id)
    text, kind = _check_question(text, kind)
    top = session.scalar(
        select(func.max(SurveyQuestion.position)).where(SurveyQuestion.questionnaire_id == form.id)
    )
    question = SurveyQuestion(
        questionnaire_id=form.id, position=int(top or 0) + 1, text=text, kind=kind
    )
    with write(session, actor, "survey.question_add", text[:80]) as unit:
        session.add(question)
        unit.target = question
    return question


def edit_question(
    session: Session, actor: Actor, question_id: uuid.UUID, text: str, kind: str
) -> SurveyQuestion:
    """Reword a question; its kind can change only while it has no answers.

    Raises:
        ValidationError: empty text, or a kind change on a question already answered.
    """
    require_role(actor, SURVEY_ROLES)
    question = session.get(SurveyQuestion, question_id)
    if question is None:
        raise NotFound(_("This question does not exist."))
    text, kind = _check_question(text, kind)
    if kind != question.kind:
        answered = session.scalar(
            select(func.count())
            .select_from(SurveyAnswer)
            .where(SurveyAnswer.question_id == question.id)
        )
        if answered:
            raise ValidationError(
                _(
                    "This question already has answers, so its kind cannot change. "
                    "Add a new question instead."
                ),
                field="kind",
            )
    with write(session, actor, "survey.question_edit", text[:80], question):
        question.text, question.kind = text, kind
    return question


def archive_question(session: Session, actor: Actor, question_id: uuid.UUID) -> None:
    require_role(actor, SURVEY_ROLES)
    question = session.get(SurveyQuestion, question_id)
    if question is None:
        raise NotFound(_("This question does not exist."))
    with write(session, actor, "survey.question_archive", question.text[:80], question):
        question.archived_at = utcnow()


@dataclass
class ResponseInput:
    """One paper form: answers in question order (None = not answered; yes/no as 1/0 or bool)."""

    answers: Sequence[int | bool | None]
    village_id: uuid.UUID | None = None
    gender: str | None = None
    answered_on: dt.date | None = None


def record_responses(
    session: Session,
    actor: Actor,
    questionnaire_id: uuid.UUID,
    forms: Sequence[ResponseInput],
    today: dt.date | None = None,
) -> int:
    """Save many filled-in forms at once (bulk insert). Returns the number saved.

    Raises:
        ValidationError: a form with the wrong number of answers, a score outside 1-5, a yes/no
            other than 1/0, or an unknown gender; the form's number is given and nothing is saved.
    """
    require_role(actor, SURVEY_ROLES)
    form = get_questionnaire(session, questionnaire_id)
    items = questions(session, form.id)
    today = today or dt.date.today()
    responses: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    for number, entry in enumerate(forms, start=1):
        if len(entry.answers) != len(items):
            raise ValidationError(
                _("Form {n}: {got} answers for {want} questions.").format(
                    n=number, got=len(entry.answers), want=len(items)
                ),
                field="answers",
            )
        if entry.gender is not None and entry.gender not in set(Gender):
            raise ValidationError(
                _("Form {n}: choose female or male, or leave it empty.").format(n=number),
                field="gender",
            )
        response: dict[str, Any] = {
            "questionnaire_id": form.id,
            "village_id": entry.village_id,
            "gender": entry.gender,
            "answered_on": entry.answered_on or today,
        }
        responses.append(response)
        for position, (question, value) in enumerate(
            zip(items, entry.answers, strict=True), start=1
        ):
            if value is None:
                continue
            checked = _check_answer(question, value, number, position)
            answers.append({"response": response, "question_id": question.id, "value": checked})
    if not responses:
        return 0
    with write(session, actor, "survey.responses", f"{len(responses)} forms") as unit:
        unit.insert_rows(SurveyResponse, responses)
        rows = [
            {
                "response_id": a["response"]["id"],
                "question_id": a["question_id"],
                "value": a["value"],
            }
            for a in answers
        ]
        for start in range(0, len(rows), 5000):
            unit.insert_rows(SurveyAnswer, rows[start : start + 5000])
    return len(responses)


def _check_answer(question: SurveyQuestion, value: int | bool, form: int, position: int) -> int:
    if question.kind == QuestionKind.YES_NO:
        if value in (0, 1):  # True/False compare equal to 1/0
            return int(value)
        raise ValidationError(
            _("Form {n}, question {q}: answer yes (1) or no (0).").format(n=form, q=position),
            field="answers",
        )
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError(
            _("Form {n}, question {q}: a score is a whole number from 1 to 5.").format(
                n=form, q=position
            ),
            field="answers",
        )
    return value


@dataclass
class QuestionResult:
    question_id: uuid.UUID
    position: int
    text: str
    kind: str
    answers: int = 0
    total: int = 0  # sum of scores, or number of "yes"

    @property
    def value(self) -> Decimal:
        """Average score (two places) or % yes (one place)."""
        if self.kind == QuestionKind.YES_NO:
            return percent(self.total, self.answers)
        if not self.answers:
            return Decimal("0.00")
        return (Decimal(self.total) / self.answers).quantize(_TWO_PLACES, ROUND_HALF_UP)


@dataclass
class GroupResult:
    """Results for one village or gender: forms counted, mean score, share of "yes"."""

    label: str
    forms: int = 0
    score_sum: int = 0
    score_answers: int = 0
    yes: int = 0
    yes_no_answers: int = 0

    @property
    def mean_score(self) -> Decimal:
        if not self.score_answers:
            return Decimal("0.00")
        return (Decimal(self.score_sum) / self.score_answers).quantize(_TWO_PLACES, ROUND_HALF_UP)

    @property
    def pct_yes(self) -> Decimal:
        return percent(self.yes, self.yes_no_answers)


@dataclass
class SurveyResults:
    questionnaire: Questionnaire
    forms: int = 0
    questions: list[QuestionResult] = field(default_factory=list)
    overall: GroupResult = field(default_factory=lambda: GroupResult(""))
    by_village: list[GroupResult] = field(default_factory=list)
    by_gender: list[GroupResult] = field(default_factory=list)


def survey_results(
    session: Session,
    questionnaire_id: uuid.UUID,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> SurveyResults:
    """Per-question results and the mean score / % yes by village and by gender."""
    form = get_questionnaire(session, questionnaire_id)
    items = {
        q.id: QuestionResult(q.id, q.position, q.text, q.kind) for q in questions(session, form.id)
    }
    result = SurveyResults(form, questions=list(items.values()))
    response_filter = [SurveyResponse.questionnaire_id == form.id]
    if since:
        response_filter.append(SurveyResponse.answered_on >= since)
    if until:
        response_filter.append(SurveyResponse.answered_on <= until)
    forms = session.execute(
        select(SurveyResponse.village_id, SurveyResponse.gender, func.count())
        .where(*response_filter)
        .group_by(SurveyResponse.village_id, SurveyResponse.gender)
    ).all()
    rows = session.execute(
        select(
            SurveyResponse.village_id,
            SurveyResponse.gender,
            SurveyAnswer.question_id,
            func.count(),
            func.sum(SurveyAnswer.value),
        )
        .join(SurveyResponse, SurveyAnswer.response_id == SurveyResponse.id)
        .where(*response_filter)
        .group_by(SurveyResponse.village_id, SurveyResponse.gender, SurveyAnswer.question_id)
    ).all()
    village_ids = {v for v, _g, _n in forms if v is not None}
    names = (
        dict(
            session.execute(
                select(Village.id, Village.name).where(Village.id.in_(village_ids))
            ).all()
        )
        if village_ids
        else {}
    )
    villages: dict[uuid.UUID | None, GroupResult] = {}
    genders: dict[str | None, GroupResult] = {}
    for village_id, gender, count in forms:
        result.forms += count
        result.overall.forms += count
        _group(villages, village_id, names.get(village_id, "") if village_id else "").forms += count
        _group(genders, gender, gender or "").forms += count
    for village_id, gender, question_id, count, total in rows:
        item = items.get(question_id)
        if item is None:
            continue  # archived question: its answers stay stored but leave the results
        item.answers += count
        item.total += int(total or 0)
        for group in (
            result.overall,
            villages[village_id],
            genders[gender],
        ):
            if item.kind == QuestionKind.YES_NO:
                group.yes += int(total or 0)
                group.yes_no_answers += count
            else:
                group.score_sum += int(total or 0)
                group.score_answers += count
    result.by_village = sorted(villages.values(), key=lambda g: (g.label == "", g.label))
    result.by_gender = sorted(genders.values(), key=lambda g: (g.label == "", g.label))
    return result


def _group(groups: dict[Any, GroupResult], key: Any, label: str) -> GroupResult:
    if key not in groups:
        groups[key] = GroupResult(label)
    return groups[key]
