"""Charts of the tariff justification, drawn with reportlab.graphics (vector, prints sharply).

Each function returns a `Drawing` that fits the A4 frame; labels use the bundled font so Kyrgyz
letters render. ReportLab is imported inside the functions to keep start-up light.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from aimak_desktop.reports.fonts import register_fonts

#: Calm colours that stay distinct when printed in grey.
PALETTE = (
    "#2E6F9E",
    "#E08E2B",
    "#5A9E4B",
    "#B5483E",
    "#7D62A8",
    "#8C6D4F",
    "#3FA4A0",
    "#C9B037",
    "#6B7B8C",
    "#D07AA8",
)


def _colour(i: int) -> Any:
    from reportlab.lib import colors

    return colors.HexColor(PALETTE[i % len(PALETTE)])


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _share(value: Decimal, total: Decimal) -> Decimal:
    return (value * 100 / total).quantize(Decimal(1))


def cost_structure(
    items: Sequence[tuple[str, Decimal]], title: str, width: float, amount_text: Any
) -> Any:
    """A pie of the required revenue's parts with a legend "label: amount (share)".

    Args:
        items: (label, amount) pairs; zero amounts are left out.
        amount_text: formats an amount for the legend.
    """
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing, String

    regular, bold = register_fonts()
    parts = [(label, value) for label, value in items if value > 0]
    total = sum((v for _l, v in parts), Decimal(0))
    height = max(170.0, 40.0 + 16 * len(parts))
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=bold, fontSize=9.5))
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 10, 10, 130, 130
    pie.data = [float(v) for _l, v in parts]  # drawing coordinates only; figures stay Decimal
    pie.labels = None
    pie.slices.strokeWidth = 0.5
    for i in range(len(parts)):
        pie.slices[i].fillColor = _colour(i)
    drawing.add(pie)
    legend = Legend()
    legend.x, legend.y = 165, height - 30
    legend.fontName, legend.fontSize = regular, 8
    legend.alignment = "right"
    legend.columnMaximum = 20
    legend.dx = legend.dy = 8
    legend.deltay = 14
    legend.colorNamePairs = [
        (_colour(i), f"{_short(label)}: {amount_text(value)} ({_share(value, total)} %)")
        for i, (label, value) in enumerate(parts)
    ]
    drawing.add(legend)
    return drawing


def horizontal_bars(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal]]],
    title: str,
    width: float,
    *,
    value_text: Any,
    reference: tuple[str, Decimal] | None = None,
) -> Any:
    """Horizontal bars, one group per category, one colour per series, values written at the ends.

    Args:
        reference: (label, value) of a dashed vertical line (full-cost tariff, threshold).
    """
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, Line, String
    from reportlab.lib import colors

    regular, bold = register_fonts()
    n = len(categories)
    bar_h = 12 * len(series) + 8
    plot_h = max(60.0, n * bar_h)
    legend_h = 16 if len(series) > 1 else 0
    height = plot_h + 40 + legend_h
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=bold, fontSize=9.5))
    chart = HorizontalBarChart()
    label_w = 150
    chart.x, chart.y = label_w, 18 + legend_h
    chart.width, chart.height = width - label_w - 70, plot_h
    # Drawing coordinates are floats by nature; the printed figures come from value_text(Decimal).
    chart.data = [[float(v) for v in values] for _name, values in series]
    top = max(
        [float(v) for _n, vs in series for v in vs] + [float(reference[1]) if reference else 0]
    )
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top * 1.15 if top > 0 else 1
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = [_short(c, 30) for c in categories]
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.reverseDirection = True  # first category on top, as in the table
    chart.barSpacing = 1
    chart.groupSpacing = 6
    chart.barLabelFormat = lambda v: ""  # replaced by exact labels below
    for i in range(len(series)):
        chart.bars[i].fillColor = _colour(i)
        chart.bars[i].strokeWidth = 0
    chart.barLabels.fontName = regular
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabelArray = [[value_text(v) for v in values] for _name, values in series]
    chart.barLabelFormat = "values"
    drawing.add(chart)
    if reference is not None and top > 0:
        scale = chart.width / chart.valueAxis.valueMax
        x = chart.x + float(reference[1]) * scale
        drawing.add(
            Line(
                x,
                chart.y - 2,
                x,
                chart.y + chart.height + 2,
                strokeColor=colors.HexColor("#B5483E"),
                strokeDashArray=[3, 2],
                strokeWidth=1,
            )
        )
        drawing.add(
            String(
                x + 2,
                chart.y + chart.height + 4,
                reference[0],
                fontName=regular,
                fontSize=7,
                fillColor=colors.HexColor("#B5483E"),
            )
        )
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = label_w, 8
        legend.fontName, legend.fontSize = regular, 8
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.dx = legend.dy = 8
        legend.deltax = 150
        legend.colorNamePairs = [(_colour(i), name) for i, (name, _v) in enumerate(series)]
        drawing.add(legend)
    return drawing
