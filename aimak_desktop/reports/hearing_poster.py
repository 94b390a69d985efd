"""Announcement poster: invitation, date/time/place, the citizen's budget table and a chart."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from aimak_desktop.i18n.formatting import format_number
from aimak_desktop.models.hearings import BudgetDirection, BudgetLine
from aimak_desktop.reports.doc_common import (
    build_pdf,
    check_lang,
    data_table,
    doc_money,
    frame_width,
    heading,
    key_values,
    office_header,
    para,
    styles,
    translate,
)
from aimak_desktop.reports.hearing_minutes import hearing_facts, kind_title
from aimak_desktop.services.hearing_budget import budget_lines
from aimak_desktop.services.hearings import get_hearing

_BAR_COLOURS = ("#2E6DA4", "#C0504D")


def budget_table(lines: list[BudgetLine], lang: str) -> Any:
    """Revenue lines, their total, expense lines, their total."""
    t = lambda text: translate(lang, text)  # noqa: E731 - local shorthand keeps rows readable
    width = frame_width()
    rows: list[list[object]] = [[t("Budget line"), t("Planned")]]
    bold: list[int] = []
    for direction, label, total_label in (
        (BudgetDirection.REVENUE, t("Revenue"), t("Total revenue")),
        (BudgetDirection.EXPENSE, t("Expenses"), t("Total expenses")),
    ):
        chosen = [line for line in lines if line.direction == direction]
        if not chosen:
            continue
        rows.append([label, ""])
        bold.append(len(rows) - 1)
        rows += [[f"   {line.name}", doc_money(lang, line.planned)] for line in chosen]
        rows.append([total_label, doc_money(lang, sum(line.planned for line in chosen))])
        bold.append(len(rows) - 1)
    return data_table(rows, [width * 0.7, width * 0.3], right=(1,), bold_rows=bold)


def budget_chart(lines: list[BudgetLine], lang: str, width: float, height: float = 190) -> Any:
    """Horizontal bars, one per line, in thousands of som (revenue blue, expense red)."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    from aimak_desktop.reports.fonts import register_fonts

    regular, _bold = register_fonts()
    chosen = [line for line in lines if line.planned > 0][:14]
    drawing = Drawing(width, height)
    if not chosen:
        return drawing
    label_width = min(220.0, width * 0.42)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 22
    chart.width, chart.height = width - label_width - 20, height - 40
    ordered = list(reversed(chosen))  # the chart draws bottom-up; the table reads top-down
    chart.data = [[line.planned / 100_000 for line in ordered]]
    chart.bars.strokeColor = None
    for i, line in enumerate(ordered):
        colour = _BAR_COLOURS[0 if line.direction == BudgetDirection.REVENUE else 1]
        chart.bars[(0, i)].fillColor = colors.HexColor(colour)
    chart.categoryAxis.categoryNames = [
        line.name if len(line.name) <= 38 else line.name[:36] + "…" for line in ordered
    ]
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: format_number(round(v))
    drawing.add(chart)
    drawing.add(
        String(
            width - 20,
            4,
            translate(lang, "thousand som"),
            fontName=regular,
            fontSize=7,
            textAnchor="end",
        )
    )
    return drawing


def render_poster(session: Session, hearing_id: uuid.UUID, out: Path, lang: str = "ky") -> Path:
    """Write the announcement poster PDF (one A4 page for a typical budget).

    Raises:
        ValidationError: unknown language.
        NotFound: no such hearing.
    """
    check_lang(lang)
    hearing = get_hearing(session, hearing_id)
    st = styles()
    t = lambda text: translate(lang, text)  # noqa: E731
    office = office_header(session, lang)
    lines = list(budget_lines(session, hearing.id))
    story: list[Any] = [
        para(office, st.subtitle),
        para(t("ANNOUNCEMENT"), st.title),
        para(t("Public budget hearing"), st.title),
        para(kind_title(hearing, lang), st.subtitle),
        para(
            t(
                "Residents are invited to take part, ask questions and give their proposals. "
                "Women and young people are especially welcome."
            ),
            st.body,
        ),
        key_values(hearing_facts(session, hearing, lang)),
    ]
    if lines:
        story += [
            heading(t("Citizen's budget")),
            budget_table(lines, lang),
            para(""),
            budget_chart(lines, lang, frame_width()),
        ]
    return build_pdf(out, story, title=t("Public budget hearing"), header=office)
