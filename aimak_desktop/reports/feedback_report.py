"""Monthly feedback report: counts by kind, service and village, speed and overdue entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.models.feedback import (
    FEEDBACK_KIND_LABELS,
    FEEDBACK_STATUS_LABELS,
    FeedbackKind,
    FeedbackStatus,
)
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
from aimak_desktop.services.feedback import FeedbackView, monthly_report, service_names
from aimak_desktop.services.hearing_stats import percent


def _count_table(rows: list[tuple[str, int]], total: int, label: str, lang: str) -> Any:
    width = frame_width()
    body: list[list[object]] = [[label, translate(lang, "Entries"), "%"]]
    body += [[name, n, f"{percent(n, total)}%"] for name, n in rows]
    return data_table(body, [width * 0.6, width * 0.2, width * 0.2], right=(1, 2))


def render_feedback_report(
    session: Session,
    year: int,
    month: int,
    out: Path,
    lang: str = "ky",
    as_of: dt.date | None = None,
) -> Path:
    """Write the monthly report of entries received in `year`-`month`.

    Raises:
        ValidationError: unknown language.
    """
    check_lang(lang)
    data = monthly_report(session, year, month, as_of)
    st = styles()
    t = lambda text: translate(lang, text)  # noqa: E731 - local shorthand keeps rows readable
    office = office_header(session, lang)
    period = f"{month:02d}.{year}"
    services = service_names(session, list(data.by_service), "ru" if lang == "ru" else "ky")
    median = "-" if data.median_days is None else str(data.median_days)
    story: list[Any] = [
        para(office, st.subtitle),
        para(t("CITIZEN FEEDBACK: MONTHLY REPORT"), st.title),
        para(f"{period} · {t('as of')} {format_short_date(data.as_of)}", st.subtitle),
        key_values(
            [
                (t("Entries received"), data.total),
                (t("Median days to resolve"), median),
                (
                    t("Resolved on time"),
                    f"{data.pct_on_time}% ({data.on_time} / {data.judged})",
                ),
                (t("Overdue now"), len(data.overdue)),
            ],
            label_width=190,
        ),
        heading(t("By kind")),
        _count_table(
            [(t(FEEDBACK_KIND_LABELS[FeedbackKind(k)]), n) for k, n in data.by_kind.items()],
            data.total,
            t("Kind"),
            lang,
        ),
        heading(t("By status")),
        _count_table(
            [(t(FEEDBACK_STATUS_LABELS[FeedbackStatus(k)]), n) for k, n in data.by_status.items()],
            data.total,
            t("Status"),
            lang,
        ),
        heading(t("By service")),
        _count_table(
            [
                (services.get(k, "") if k else t("No service"), n) if k else (t("No service"), n)
                for k, n in data.by_service.items()
            ],
            data.total,
            t("Service"),
            lang,
        ),
        heading(t("By village")),
        _count_table(
            [(name or t("Village not recorded"), n) for name, n in data.by_village],
            data.total,
            t("Village"),
            lang,
        ),
    ]
    if data.overdue:
        story += [heading(t("Overdue entries")), _entries_table(data.overdue, lang, services)]
    if data.entries:
        story += [
            heading(t("All entries of the month")),
            _entries_table(data.entries, lang, services),
        ]
    return build_pdf(
        out, story, title=t("Citizen feedback: monthly report"), header=f"{office} · {period}"
    )


def _entries_table(views: list[FeedbackView], lang: str, services: dict[Any, str]) -> Any:
    t = lambda text: translate(lang, text)  # noqa: E731
    width = frame_width()
    rows: list[list[object]] = [
        [t("Received"), t("Kind"), t("Citizen"), t("Text"), t("Due"), t("Status")]
    ]
    for v in views:
        e = v.entry
        status = t(FEEDBACK_STATUS_LABELS[FeedbackStatus(v.status)])
        if v.response_date:
            status += f" {format_short_date(v.response_date)}"
        text = e.text
        if e.service_id and e.service_id in services:
            text = f"{services[e.service_id]}: {text}"
        rows.append(
            [
                format_short_date(e.received_on),
                t(FEEDBACK_KIND_LABELS[FeedbackKind(e.kind)]),
                e.citizen_name or t("Anonymous"),
                text,
                format_short_date(e.due_on),
                status,
            ]
        )
    return data_table(rows, [width * w for w in (0.12, 0.12, 0.2, 0.32, 0.11, 0.13)])
