"""The periodic report to the aiyl kenesh: indicators of a month, quarter or year beside the
previous period, with charts (collection rate over 12 months, arrears by age, women's share at
hearings). Kyrgyz, Russian or both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from aimak_desktop.i18n import N_
from aimak_desktop.reports.doc_common import (
    build_pdf,
    check_lang,
    data_table,
    doc_date,
    doc_money,
    frame_width,
    heading,
    name_in,
    office_header,
    para,
    styles,
    translate,
)
from aimak_desktop.reports.fonts import register_fonts
from aimak_desktop.services.debts import BUCKET_LABELS
from aimak_desktop.services.indicators import Figure, Period, collect_figures

NO_DATA = N_("no data")


def show(lang: str, figure: Figure | None, part: str | None = None) -> str:
    """A figure (or one of its parts) as text in the document language."""
    if figure is None:
        return translate(lang, NO_DATA)
    value = figure.value if part is None else figure.parts.get(part)
    if value is None or (part is not None and figure.value is None):
        return translate(lang, NO_DATA)
    unit = "money" if part in BUCKET_LABELS else figure.unit if part is None else "plain"
    if part and part.startswith("pct"):
        unit = "pct"
    if unit == "money":
        return doc_money(lang, int(value))
    if unit == "pct":
        return f"{value} %"
    return str(value)


def bar_chart(
    title: str, labels: Sequence[str], values: Sequence[Decimal | int | None], width: float
) -> Any:
    """Vertical bars; a missing value is an empty slot (no data is not zero)."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    regular, bold = register_fonts()
    drawing = Drawing(width, 150)
    drawing.add(String(0, 138, title, fontName=bold, fontSize=9.5))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 60, 95
    # Drawing coordinates are floats by nature; printed figures come from the Decimal values.
    chart.data = [[float(v) if v is not None else None for v in values]]
    top = max([float(v) for v in values if v is not None] + [1.0])
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top * 1.15
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#2E6F9E")
    chart.bars[0].strokeWidth = 0
    chart.barLabels.fontName = regular
    chart.barLabels.fontSize = 6.5
    chart.barLabelFormat = lambda v: "" if v is None else f"{v:.0f}"
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def _rows(lang: str, now: dict[str, Any], before: dict[str, Any]) -> list[list[str]]:
    t = lambda text: translate(lang, text)  # noqa: E731 - short local helper
    rows: list[list[str]] = []

    def add(label: str, key: str, part: str | None = None, sub: str | None = None) -> None:
        a, b = now[key], before[key]
        if sub is not None:
            a, b = a.get(sub), b.get(sub)
        rows.append([label, show(lang, a, part), show(lang, b, part)])

    add(t(N_("Collection rate")), "collection_rate")
    add(t(N_("Billed")), "billed")
    add(t(N_("Collected")), "collected")
    add(t(N_("Arrears at the end")), "arrears")
    for bucket in BUCKET_LABELS:
        add("– " + t(N_("of which {days} days")).format(days=bucket), "arrears", bucket)
    for code, figure in now["coverage"].items():
        name = name_in(lang, figure.parts["ky"], figure.parts["ru"])
        add(t(N_("Coverage: {service}")).format(service=name), "coverage", sub=code)
    labels = (
        ("received", N_("Feedback received")),
        ("open", N_("Feedback open at the end")),
        ("overdue", N_("Feedback overdue")),
        ("resolved_on_time", N_("Feedback resolved on time")),
        ("median_days", N_("Median days to resolve")),
    )
    for key, label in labels:
        add(t(label), "feedback", sub=key)
    for code, figure in now["satisfaction"].items():
        if figure.value is None and before["satisfaction"][code].value is None:
            continue
        name = name_in(lang, figure.parts["ky"], figure.parts["ru"])
        add(t(N_("Satisfaction (1-5): {service}")).format(service=name), "satisfaction", sub=code)
    add(t(N_("Participants of the last hearing")), "last_hearing")
    add("– " + t(N_("women, %")), "last_hearing", "pct_women")
    add("– " + t(N_("youth, %")), "last_hearing", "pct_youth")
    add(t(N_("Proposals received this year")), "proposals", "received")
    add("– " + t(N_("accepted")), "proposals", "accepted")
    add("– " + t(N_("implemented")), "proposals", "implemented")
    for code, figure in now["tariff_coverage"].items():
        if figure.value is None:
            continue
        name = name_in(lang, figure.parts["ky"], figure.parts["ru"])
        label = t(N_("Tariff covers full cost: {service}")).format(service=name)
        add(label, "tariff_coverage", sub=code)
    return rows


def write_council_report(
    session: Session,
    period: Period,
    out: Path,
    lang: str = "ky",
    *,
    today: dt.date | None = None,
) -> Path:
    """Write the council report PDF for `period` (month, quarter or year).

    Raises:
        ValidationError: a language other than ky, ru, both.
        AimakError: the file cannot be written.
    """
    from reportlab.platypus import KeepTogether, Spacer

    from aimak_desktop.services.indicators_billing import collection_trend

    check_lang(lang)
    today = today or dt.date.today()
    previous = period.previous()
    now = collect_figures(session, period, today)
    before = collect_figures(session, previous, today)
    trend = collection_trend(session, period)
    session.commit()
    t = lambda text: translate(lang, text)  # noqa: E731 - short local helper
    office = office_header(session, lang)
    width = frame_width()
    st = styles()
    story: list[Any] = [
        para(office, st.subtitle),
        para(t(N_("Report to the aiyl kenesh")), st.title),
        para(
            t(N_("Period: {period} (compared with {previous})")).format(
                period=period.label, previous=previous.label
            ),
            st.subtitle,
        ),
        heading(t(N_("Indicators"))),
        data_table(
            [[t(N_("Indicator")), period.label, previous.label], *_rows(lang, now, before)],
            [width * 0.56, width * 0.22, width * 0.22],
            right=(1, 2),
        ),
        Spacer(1, 8),
        KeepTogether(  # the heading never stays alone at the bottom of a page
            [
                heading(t(N_("Charts"))),
                bar_chart(
                    t(N_("Collection rate by month, %")),
                    [f.parts["month"][2:] for f in trend],
                    [f.value for f in trend],
                    width,
                ),
            ]
        ),
    ]
    arrears = now["arrears"]
    if arrears.value is not None:
        story.append(
            bar_chart(
                t(N_("Arrears by age (days), som")),
                list(BUCKET_LABELS),
                [Decimal(arrears.parts[b]) / 100 for b in BUCKET_LABELS],
                width,
            )
        )
    hearings = now["last_hearing"].parts.get("trend") or []
    if hearings:
        story.append(
            bar_chart(
                t(N_("Women at hearings, %")),
                [h["date"].strftime("%m.%Y") for h in hearings],
                [h["pct_women"] for h in hearings],
                width,
            )
        )
    story.append(para(t(N_("Prepared on {date}")).format(date=doc_date(lang, today)), st.small))
    title = t(N_("Report to the aiyl kenesh"))
    return build_pdf(out, story, title=title, header=f"{office} · {title} · {period.label}")
