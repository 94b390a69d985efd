"""Minutes of a budget hearing (DOMAIN.md "Budget hearings": what the minutes hold).

Draft discussed and the act that called the hearing, date/time/place, attendance counts and
participation statistics, speakers and their points, proposals and votes, recommendations and
decisions, and signature lines for the chair and the secretary.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.models.hearings import (
    HEARING_KIND_LABELS,
    PROPOSAL_STATUS_LABELS,
    Hearing,
    HearingKind,
    ProposalStatus,
)
from aimak_desktop.models.register import Village
from aimak_desktop.reports.doc_common import (
    build_pdf,
    check_lang,
    data_table,
    doc_date,
    frame_width,
    heading,
    key_values,
    office_header,
    para,
    signature_lines,
    styles,
    translate,
)
from aimak_desktop.services.hearing_proposals import ProposalView, proposals
from aimak_desktop.services.hearing_stats import (
    ParticipationStats,
    compare_with_earlier,
    participation,
)
from aimak_desktop.services.hearings import get_hearing, speakers


def village_names(session: Session, ids: list[uuid.UUID]) -> str:
    if not ids:
        return ""
    names = dict(session.execute(select(Village.id, Village.name).where(Village.id.in_(ids))).all())
    return ", ".join(names[i] for i in ids if i in names)


def hearing_facts(session: Session, hearing: Hearing, lang: str) -> list[tuple[str, object]]:
    """The hearing's "label: value" lines shared by the minutes, the sheets and the poster."""
    facts: list[tuple[str, object]] = [
        (translate(lang, "Date"), doc_date(lang, hearing.held_on)),
        (translate(lang, "Time"), hearing.start_time or "-"),
        (translate(lang, "Place"), hearing.place),
    ]
    villages = village_names(session, hearing.village_id_list)
    if villages:
        facts.append((translate(lang, "Villages covered"), villages))
    if hearing.organiser:
        facts.append((translate(lang, "Organiser"), hearing.organiser))
    if hearing.draft_title:
        facts.append((translate(lang, "Draft discussed"), hearing.draft_title))
    if hearing.calling_act:
        facts.append((translate(lang, "Called by"), hearing.calling_act))
    return facts


def kind_title(hearing: Hearing, lang: str) -> str:
    kind = HearingKind(hearing.kind)
    return f"{translate(lang, HEARING_KIND_LABELS[kind])}: {hearing.year}"


def attendance_block(stats: ParticipationStats, lang: str) -> list[Any]:
    """Counts and shares: total, named/tallied, women, youth, seniors, vulnerable; by village."""
    t = lambda text: translate(lang, text)  # noqa: E731 - local shorthand keeps rows readable
    story: list[Any] = [
        key_values(
            [
                (t("Attended in total"), stats.total),
                (t("Signed the list / counted"), f"{stats.named} / {stats.tallied}"),
                (t("Women"), f"{stats.women} ({stats.pct_women}%)"),
                (t("Men"), stats.men),
                (t("Youth (18-35)"), f"{stats.youth} ({stats.pct_youth}%)"),
                (t("Adults (36-59)"), stats.adults),
                (t("Seniors (60+)"), f"{stats.seniors} ({stats.pct_seniors}%)"),
                (t("Vulnerable groups (named list)"), stats.vulnerable),
                (
                    t("Deputies / staff / activists"),
                    f"{stats.by_role.get('deputy', 0)} / {stats.by_role.get('staff', 0)} / "
                    f"{stats.by_role.get('activist', 0)}",
                ),
            ],
            label_width=190,
        )
    ]
    if stats.by_village:
        width = frame_width()
        rows: list[list[object]] = [[t("Village"), t("People"), "%"]]
        rows += [
            [v.name or t("Village not recorded"), v.count, f"{v.share}%"] for v in stats.by_village
        ]
        story += [para(""), data_table(rows, [width * 0.6, width * 0.2, width * 0.2], right=(1, 2))]
    return story


def _trend_block(session: Session, hearing: Hearing, lang: str) -> list[Any]:
    rows_data = compare_with_earlier(session, hearing.id)
    if len(rows_data) < 2:
        return []
    t = lambda text: translate(lang, text)  # noqa: E731
    width = frame_width()
    rows: list[list[object]] = [
        [t("Date"), t("Hearing"), t("Attended"), t("% women"), t("% youth")]
    ]
    for r in rows_data:
        women = f"{r.pct_women}%"
        youth = f"{r.pct_youth}%"
        if r.change_women is not None:
            women += f" ({r.change_women:+})"
        if r.change_youth is not None:
            youth += f" ({r.change_youth:+})"
        rows.append(
            [
                format_short_date(r.held_on),  # type: ignore[arg-type]
                translate(lang, HEARING_KIND_LABELS[HearingKind(r.kind)]),
                r.total,
                women,
                youth,
            ]
        )
    return [
        heading(t("Compared with earlier hearings")),
        data_table(
            rows,
            [width * 0.14, width * 0.42, width * 0.12, width * 0.16, width * 0.16],
            right=(2, 3, 4),
        ),
    ]


def proposals_table(items: list[ProposalView], lang: str, with_response: bool = False) -> Any:
    t = lambda text: translate(lang, text)  # noqa: E731
    width = frame_width()
    header: list[object] = [
        "№",
        t("Proposal"),
        t("For"),
        t("Against"),
        t("Abstained"),
        t("Rank"),
        t("Status"),
    ]
    widths = [0.05, 0.44, 0.07, 0.09, 0.10, 0.06, 0.19]
    if with_response:
        header.append(t("Council's response"))
        widths = [0.04, 0.25, 0.06, 0.08, 0.10, 0.06, 0.15, 0.26]
    rows: list[list[object]] = [header]
    for p in items:
        text = p.text
        extra = [x for x in (p.author, p.budget_line) if x]
        if extra:
            text += f"\n({'; '.join(extra)})"
        status = translate(lang, PROPOSAL_STATUS_LABELS[ProposalStatus(p.status)])
        if p.status == ProposalStatus.IMPLEMENTED or (p.progress and p.progress < 100):
            status += f" {p.progress}%"
        row: list[object] = [
            p.number,
            text,
            p.votes_for,
            p.votes_against,
            p.votes_abstain,
            p.priority or "",
            status,
        ]
        if with_response:
            answer = p.response
            if p.response_date:
                answer = f"{format_short_date(p.response_date)}: {answer}"
            row.append(answer)
        rows.append(row)
    return data_table(rows, [width * w for w in widths], right=(2, 3, 4, 5))


def render_minutes(session: Session, hearing_id: uuid.UUID, out: Path, lang: str = "ky") -> Path:
    """Write the minutes PDF to `out` and return its path.

    Raises:
        ValidationError: unknown language.
        NotFound: no such hearing.
    """
    check_lang(lang)
    hearing = get_hearing(session, hearing_id)
    st = styles()
    t = lambda text: translate(lang, text)  # noqa: E731
    office = office_header(session, lang)
    story: list[Any] = [
        para(office, st.subtitle),
        para(t("MINUTES OF THE PUBLIC BUDGET HEARING"), st.title),
        para(kind_title(hearing, lang), st.subtitle),
        key_values(hearing_facts(session, hearing, lang)),
        heading(t("Attendance")),
        *attendance_block(participation(session, hearing.id), lang),
        *_trend_block(session, hearing, lang),
    ]
    talks = speakers(session, hearing.id)
    story.append(heading(t("Speakers")))
    if not talks:
        story.append(para(t("No speakers were recorded.")))
    for s in talks:
        who = s.full_name + (f" ({s.affiliation})" if s.affiliation else "")
        story.append(para(f"{s.position}. {who}: {s.summary}"))
    items = proposals(session, hearing.id)
    story.append(heading(t("Proposals and votes")))
    if items:
        story.append(proposals_table(items, lang))
    else:
        story.append(para(t("No proposals were received.")))
    story.append(heading(t("Recommendations")))
    story.append(para(hearing.recommendations or "-"))
    story.append(heading(t("Decisions")))
    story.append(para(hearing.decisions or "-"))
    story.append(para(""))
    story.append(
        signature_lines(
            [
                (t("Chair of the hearing"), hearing.chair_name),
                (t("Secretary"), hearing.secretary_name),
            ]
        )
    )
    return build_pdf(
        out,
        story,
        title=t("Minutes of the public budget hearing"),
        header=f"{office} · {format_short_date(hearing.held_on)}",
    )
