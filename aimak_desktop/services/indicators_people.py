"""Indicators about people: feedback, satisfaction, hearing participation, proposals, tariffs.

Feedback and proposal states are the latest snapshot by (hlc, id), as in their own services.
Feedback is judged "as of" the end of the period: only status changes saved by then count.
"""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from aimak_desktop.errors import AimakError
from aimak_desktop.models.feedback import (
    OPEN_STATUSES,
    FeedbackEntry,
    FeedbackStatus,
    FeedbackUpdate,
    QuestionKind,
    Questionnaire,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from aimak_desktop.models.hearings import (
    Hearing,
    HearingStatus,
    Proposal,
    ProposalStatus,
    ProposalUpdate,
)
from aimak_desktop.models.tariff_study import ScenarioKind, TariffScenario, TariffStudy
from aimak_desktop.services.indicators import ONE_PLACE, TWO_PLACES, Figure, Period, pct
from aimak_desktop.services.indicators_billing import services

#: Hearings shown in the participation trend.
TREND_HEARINGS = 6
ACCEPTED = frozenset({ProposalStatus.ACCEPTED, ProposalStatus.INCLUDED, ProposalStatus.IMPLEMENTED})


def feedback_figures(session: Session, period: Period) -> dict[str, Figure]:
    """Feedback received in the period and its handling, judged at the end of the period.

    - received: entries received in the period (count);
    - open: entries received by the period end still new / in progress at its end (count);
    - overdue: of those, the ones past their due date at the period end (count);
    - resolved_on_time: entries received in the period and closed (resolved or rejected) by
      their due date / those closed or already past due at the period end (%, one place);
    - median_days: median days from receipt to the response date of the entries received in
      the period and resolved by its end (one place).
    All are no data when the office never recorded feedback; the % and the median are no data
    when nothing could be judged.
    """
    end = dt.datetime.combine(period.last + dt.timedelta(days=1), dt.time())
    entries = session.execute(
        select(FeedbackEntry.id, FeedbackEntry.received_on, FeedbackEntry.due_on).where(
            FeedbackEntry.received_on <= period.last
        )
    ).all()
    keys = ("received", "open", "overdue", "resolved_on_time", "median_days")
    units = ("count", "count", "count", "pct", "days")
    if not entries:
        return {k: Figure(k, None, u) for k, u in zip(keys, units, strict=True)}
    state: dict[uuid.UUID, tuple[str, dt.date | None]] = {}
    for entry_id, status, response_date in session.execute(
        select(FeedbackUpdate.entry_id, FeedbackUpdate.status, FeedbackUpdate.response_date)
        .where(FeedbackUpdate.created_at < end)
        .order_by(FeedbackUpdate.hlc, FeedbackUpdate.id)
    ):
        state[entry_id] = (status, response_date)
    received = open_ = overdue = on_time = judged = 0
    days: list[int] = []
    for entry_id, received_on, due_on in entries:
        status, answered = state.get(entry_id, (FeedbackStatus.NEW.value, None))
        is_open = status in OPEN_STATUSES
        if is_open:
            open_ += 1
            overdue += int(period.last > due_on)
        if received_on < period.first:
            continue
        received += 1
        if not is_open or period.last > due_on:
            judged += 1
            on_time += int(not is_open and answered is not None and answered <= due_on)
        if status == FeedbackStatus.RESOLVED and answered is not None:
            days.append((answered - received_on).days)
    median = (
        Decimal(str(statistics.median(days))).quantize(ONE_PLACE, ROUND_HALF_UP) if days else None
    )
    return {
        "received": Figure("received", received, "count"),
        "open": Figure("open", open_, "count"),
        "overdue": Figure("overdue", overdue, "count"),
        "resolved_on_time": Figure(
            "resolved_on_time", pct(on_time, judged), "pct", {"on_time": on_time, "judged": judged}
        ),
        "median_days": Figure("median_days", median, "days", {"resolved": len(days)}),
    }


def satisfaction(session: Session, period: Period) -> dict[str, Figure]:
    """Satisfaction score per service (by code): the mean of the 1-5 score answers given in
    the period to that service's questionnaires (two places, half up). Yes/no questions and
    archived questions are left out. No data for a service without answers.
    """
    rows = dict(
        (sid, (int(n), int(total or 0)))
        for sid, n, total in session.execute(
            select(
                type_coerce(Questionnaire.service_id, String),
                func.count(),
                func.sum(SurveyAnswer.value),
            )
            .join(SurveyResponse, SurveyAnswer.response_id == SurveyResponse.id)
            .join(SurveyQuestion, SurveyAnswer.question_id == SurveyQuestion.id)
            .join(Questionnaire, SurveyResponse.questionnaire_id == Questionnaire.id)
            .where(
                SurveyResponse.answered_on >= period.first,
                SurveyResponse.answered_on <= period.last,
                SurveyQuestion.kind == QuestionKind.SCORE.value,
                SurveyQuestion.archived_at.is_(None),
                Questionnaire.service_id.is_not(None),
            )
            .group_by(Questionnaire.service_id)
        ).all()
    )
    out: dict[str, Figure] = {}
    for sid, (code, name_ky, name_ru) in services(session).items():
        answers, total = rows.get(sid, (0, 0))
        value = (Decimal(total) / answers).quantize(TWO_PLACES, ROUND_HALF_UP) if answers else None
        out[code] = Figure(
            "satisfaction", value, "score", {"answers": answers, "ky": name_ky, "ru": name_ru}
        )
    return out


def _held_hearings(session: Session, on_date: dt.date) -> list[Any]:
    return list(
        session.execute(
            select(Hearing.id, Hearing.held_on, Hearing.kind)
            .where(
                Hearing.held_on <= on_date,
                Hearing.archived_at.is_(None),
                Hearing.status != HearingStatus.PLANNED.value,
            )
            .order_by(Hearing.held_on.desc(), Hearing.id.desc())
            .limit(TREND_HEARINGS)
        ).all()
    )


def last_hearing(session: Session, on_date: dt.date) -> Figure:
    """Participants of the last hearing held by `on_date` (named + tallied, voids left out),
    with % women and % youth (one place), and the same for up to six hearings as a trend
    (oldest first). No data when no hearing was held by then.
    """
    from aimak_desktop.services.hearing_stats import participation

    held = _held_hearings(session, on_date)
    if not held:
        return Figure("last_hearing", None, "count", {"trend": []})
    trend = []
    for hearing_id, held_on, kind in reversed(held):
        stats = participation(session, hearing_id)
        trend.append(
            {
                "date": held_on,
                "kind": kind,
                "total": stats.total,
                "women": stats.women,
                "youth": stats.youth,
                "pct_women": pct(stats.women, stats.total),
                "pct_youth": pct(stats.youth, stats.total),
            }
        )
    last = trend[-1]
    parts = {k: last[k] for k in ("date", "kind", "women", "youth", "pct_women", "pct_youth")}
    parts["trend"] = trend
    return Figure("last_hearing", last["total"], "count", parts)


def proposals(session: Session, period: Period) -> Figure:
    """Citizens' proposals of the hearings held from 1 January of the period's year to its end.

    Value: proposals accepted (accepted, included in the budget or implemented, by their current
    status); parts: received, accepted, implemented and their shares of received (%). No data
    when no proposal was received at those hearings.
    """
    since = dt.date(period.last.year, 1, 1)
    hearing_ids = select(Hearing.id).where(
        Hearing.held_on >= since, Hearing.held_on <= period.last, Hearing.archived_at.is_(None)
    )
    ids = list(session.scalars(select(Proposal.id).where(Proposal.hearing_id.in_(hearing_ids))))
    if not ids:
        return Figure("proposals", None, "count", {"received": 0})
    status: dict[uuid.UUID, str] = {}
    for start in range(0, len(ids), 500):
        for proposal_id, value in session.execute(
            select(ProposalUpdate.proposal_id, ProposalUpdate.status)
            .where(ProposalUpdate.proposal_id.in_(ids[start : start + 500]))
            .order_by(ProposalUpdate.hlc, ProposalUpdate.id)
        ):
            status[proposal_id] = value
    accepted = sum(1 for i in ids if status.get(i) in ACCEPTED)
    implemented = sum(1 for i in ids if status.get(i) == ProposalStatus.IMPLEMENTED)
    return Figure(
        "proposals",
        accepted,
        "count",
        {
            "received": len(ids),
            "accepted": accepted,
            "implemented": implemented,
            "pct_accepted": pct(accepted, len(ids)),
            "pct_implemented": pct(implemented, len(ids)),
        },
    )


def tariff_coverage(session: Session) -> dict[str, Figure]:
    """Coverage of full cost by the current tariff, per service (by code), from the service's
    latest tariff study: expected revenue at the current tariff / required revenue (%, one
    place; the "current" scenario of services.tariff_studies). No data without a study.
    """
    from aimak_desktop.services.tariff_studies import loads, scenario_results

    latest: dict[str, TariffStudy] = {}
    for found in session.scalars(
        select(TariffStudy)
        .where(TariffStudy.archived_at.is_(None))
        .order_by(TariffStudy.created_at, TariffStudy.id)
    ):
        latest[str(found.service_id)] = found
    names = {str(uuid.UUID(str(sid))): v for sid, v in services(session).items()}
    out: dict[str, Figure] = {}
    for sid, (code, name_ky, name_ru) in names.items():
        study = latest.get(sid)
        value: Decimal | None = None
        parts: dict[str, Any] = {"ky": name_ky, "ru": name_ru}
        if study is not None:
            stored = session.scalar(
                select(TariffScenario.results).where(
                    TariffScenario.study_id == study.id,
                    TariffScenario.kind == ScenarioKind.CURRENT.value,
                    TariffScenario.archived_at.is_(None),
                )
            )
            try:
                results = loads(stored) if stored else {}
                if "coverage_pct" not in results:
                    results = scenario_results(loads(study.inputs), ScenarioKind.CURRENT.value)
                value = Decimal(str(results["coverage_pct"]))
            except (AimakError, KeyError, ValueError, ArithmeticError):
                value = None  # an unreadable study shows as no data, never a crash
            parts["study"] = study.name
        out[code] = Figure("tariff_coverage", value, "pct", parts)
    return out
