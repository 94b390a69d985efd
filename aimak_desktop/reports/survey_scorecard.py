"""Survey scorecard of one service: per-question results, by village and by gender."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from aimak_desktop.models.feedback import QuestionKind
from aimak_desktop.models.register import GENDER_LABELS, Gender
from aimak_desktop.reports.doc_common import (
    build_pdf,
    check_lang,
    data_table,
    frame_width,
    heading,
    key_values,
    office_header,
    para,
    styles,
    translate,
)
from aimak_desktop.services.feedback import service_names
from aimak_desktop.services.surveys import GroupResult, survey_results


def _groups_table(groups: list[GroupResult], label: str, lang: str, blank: str) -> Any:
    t = lambda text: translate(lang, text)  # noqa: E731 - local shorthand keeps rows readable
    width = frame_width()
    rows: list[list[object]] = [[label, t("Forms"), t("Mean score (1-5)"), t("% yes")]]
    rows += [[g.label or blank, g.forms, g.mean_score, f"{g.pct_yes}%"] for g in groups]
    return data_table(rows, [width * w for w in (0.46, 0.14, 0.22, 0.18)], right=(1, 2, 3))


def render_scorecard(
    session: Session,
    questionnaire_id: uuid.UUID,
    out: Path,
    lang: str = "ky",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Path:
    """Write the scorecard PDF of a questionnaire.

    Raises:
        ValidationError: unknown language.
        NotFound: no such questionnaire.
    """
    check_lang(lang)
    results = survey_results(session, questionnaire_id, since, until)
    form = results.questionnaire
    st = styles()
    t = lambda text: translate(lang, text)  # noqa: E731
    office = office_header(session, lang)
    service = service_names(session, [form.service_id], "ru" if lang == "ru" else "ky").get(
        form.service_id  # type: ignore[arg-type]
    )
    width = frame_width()
    rows: list[list[object]] = [["№", t("Question"), t("Answers"), t("Result")]]
    for q in results.questions:
        value = f"{q.value}%" if q.kind == QuestionKind.YES_NO else f"{q.value} / 5"
        rows.append([q.position, q.text, q.answers, value])
    for group in results.by_gender:
        if group.label in set(Gender):
            group.label = t(GENDER_LABELS[Gender(group.label)])
    period = " - ".join(d.strftime("%d.%m.%Y") for d in (since, until) if d)
    story: list[Any] = [
        para(office, st.subtitle),
        para(t("SERVICE SATISFACTION SCORECARD"), st.title),
        para(form.title, st.subtitle),
        key_values(
            [
                (t("Service"), service or "-"),
                (t("Period"), period or t("All answers")),
                (t("Forms"), results.forms),
                (t("Mean score (1-5)"), results.overall.mean_score),
                (t("% yes"), f"{results.overall.pct_yes}%"),
            ]
        ),
        heading(t("Questions")),
        data_table(rows, [width * w for w in (0.06, 0.6, 0.14, 0.2)], right=(2, 3)),
        heading(t("By village")),
        _groups_table(results.by_village, t("Village"), lang, t("Village not recorded")),
        heading(t("By gender")),
        _groups_table(results.by_gender, t("Gender"), lang, t("Not given")),
    ]
    return build_pdf(out, story, title=t("Service satisfaction scorecard"), header=office)
