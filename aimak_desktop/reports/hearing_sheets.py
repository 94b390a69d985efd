"""Attendance sheet (numbered rows to sign) and the report of proposals with the responses."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.models.hearings import PROPOSAL_STATUS_LABELS, ProposalStatus
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
    styles,
    translate,
)
from aimak_desktop.reports.hearing_minutes import hearing_facts, kind_title, proposals_table
from aimak_desktop.services.hearing_proposals import proposals
from aimak_desktop.services.hearings import get_hearing

#: Blank rows printed when no number is given: about three A4 pages.
DEFAULT_ROWS = 75


def render_attendance_sheet(
    session: Session,
    hearing_id: uuid.UUID,
    out: Path,
    lang: str = "ky",
    rows: int = DEFAULT_ROWS,
) -> Path:
    """Numbered blank rows for name, village, gender, age group and signature.

    Raises:
        ValidationError: unknown language, or fewer than 1 / more than 2000 rows.
    """
    check_lang(lang)
    if not 1 <= rows <= 2000:
        from aimak_desktop.errors import ValidationError
        from aimak_desktop.i18n import _

        raise ValidationError(_("Choose between 1 and 2000 rows."), field="rows")
    hearing = get_hearing(session, hearing_id)
    st = styles()
    t = lambda text: translate(lang, text)  # noqa: E731 - local shorthand keeps rows readable
    office = office_header(session, lang)
    width = frame_width()
    table_rows: list[list[object]] = [
        ["№", t("Full name"), t("Village"), t("F / M"), t("Age"), t("Signature")]
    ]
    table_rows += [[n, "", "", "", "", ""] for n in range(1, rows + 1)]
    story: list[Any] = [
        para(office, st.subtitle),
        para(t("ATTENDANCE SHEET"), st.title),
        para(kind_title(hearing, lang), st.subtitle),
        key_values(hearing_facts(session, hearing, lang)[:3]),
        para(t("Age: write Y for 18-35, A for 36-59, S for 60 and over."), st.small),
        data_table(
            table_rows,
            [width * w for w in (0.06, 0.34, 0.18, 0.08, 0.08, 0.26)],
            min_row_height=20,
        ),
    ]
    return build_pdf(
        out,
        story,
        title=t("Attendance sheet"),
        header=f"{office} · {format_short_date(hearing.held_on)}",
    )


def render_proposals_report(
    session: Session, hearing_id: uuid.UUID, out: Path, lang: str = "ky"
) -> Path:
    """Every proposal with its votes, status, progress and the council's response."""
    check_lang(lang)
    hearing = get_hearing(session, hearing_id)
    st = styles()
    t = lambda text: translate(lang, text)  # noqa: E731
    office = office_header(session, lang)
    items = proposals(session, hearing.id)
    counts = {s: 0 for s in ProposalStatus}
    for p in items:
        counts[ProposalStatus(p.status)] += 1
    answered = sum(1 for p in items if p.response)
    story: list[Any] = [
        para(office, st.subtitle),
        para(t("PROPOSALS OF CITIZENS AND RESPONSES"), st.title),
        para(f"{kind_title(hearing, lang)} · {doc_date(lang, hearing.held_on)}", st.subtitle),
        key_values(
            [(t("Proposals received"), len(items)), (t("Answered"), answered)]
            + [
                (translate(lang, PROPOSAL_STATUS_LABELS[s]), n)
                for s, n in counts.items()
                if s != ProposalStatus.RECEIVED or n
            ]
        ),
        heading(t("Proposals")),
    ]
    story.append(
        proposals_table(items, lang, with_response=True)
        if items
        else para(t("No proposals were received."))
    )
    return build_pdf(
        out,
        story,
        title=t("Proposals of citizens and responses"),
        header=f"{office} · {format_short_date(hearing.held_on)}",
    )
