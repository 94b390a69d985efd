"""Charts of the tariff page (QtCharts): cost structure, scenarios, affordability by household.

Each view keeps one QChart and replaces its series on `update_*`, which is cheap enough to follow
the live results as the user types. Figures are Decimals; Qt charts need floats only for drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from aimak_desktop.i18n import _
from aimak_desktop.services.tariff_inputs import COST_ITEMS, FIELD_LABELS
from aimak_desktop.services.tariff_method import TariffResult

#: The PDF's palette (reports.tariff_charts), so screen and paper look alike.
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
THRESHOLD_COLOUR = "#b00020"


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _ChartView(QChartView):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        self.chart_ = QChart()
        self.chart_.setTitle(title)
        self.chart_.setMargins(QMargins(4, 4, 4, 4))
        self.chart_.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        super().__init__(self.chart_, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # pictures, not inputs: Tab skips them

    def _reset(self) -> None:
        self.chart_.removeAllSeries()
        for axis in self.chart_.axes():
            self.chart_.removeAxis(axis)


class CostPie(_ChartView):
    """The parts of the required revenue."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Cost structure of the required revenue"), parent)
        self.slices: list[tuple[str, float]] = []

    def update_result(self, result: TariffResult) -> None:
        self._reset()
        items = [(_(FIELD_LABELS[f"costs.{k}"]), result.inputs.costs[k]) for k in COST_ITEMS]
        items += [
            (_("Renewal reserve"), result.renewal_reserve),
            (_("Depreciation"), result.depreciation),
            (_("Loan repayment"), result.loan_repayment),
        ]
        total = sum((v for _label, v in items), Decimal(0))
        series = QPieSeries()
        self.slices = []
        for i, (label, value) in enumerate(p for p in items if p[1] > 0):
            share = int((value * 100 / total).quantize(Decimal(1))) if total else 0
            piece = series.append(f"{_short(label)} {share}%", float(value))
            piece.setBrush(QColor(PALETTE[i % len(PALETTE)]))
            self.slices.append((label, float(value)))
        series.setPieSize(0.85)
        self.chart_.addSeries(series)


class BarsView(_ChartView):
    """Vertical bars over named categories, with an optional horizontal threshold line."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.values: list[list[float]] = []

    def update_bars(
        self,
        categories: Sequence[str],
        sets: Sequence[tuple[str, Sequence[Decimal]]],
        value_title: str,
        threshold: Decimal | None = None,
        threshold_label: str = "",
    ) -> None:
        self._reset()
        self.values = [[float(v) for v in values] for _name, values in sets]
        if not categories:
            return
        series = QBarSeries()
        for i, (name, values) in enumerate(sets):
            bar = QBarSet(name)
            bar.append([float(v) for v in values])
            bar.setColor(QColor(PALETTE[i % len(PALETTE)]))
            bar.setLabelColor(QColor("#202020"))
            series.append(bar)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        self.chart_.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append([_short(c, 40) for c in categories])
        top = max([float(v) for _n, values in sets for v in values] + [0.0])
        if threshold is not None:
            top = max(top, float(threshold))
        y_axis = QValueAxis()
        y_axis.setRange(0, top * 1.2 or 1)
        y_axis.setTitleText(value_title)
        y_axis.setLabelFormat("%.0f" if top >= 10 else "%.1f")
        self.chart_.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        if threshold is not None:
            # The bar axis has one slot per category from -0.5 to n-0.5; a hidden value axis
            # over the same span lets a line cross the whole plot.
            line = QLineSeries()
            line.setName(threshold_label)
            line.append(-0.5, float(threshold))
            line.append(len(categories) - 0.5, float(threshold))
            pen = QPen(QColor(THRESHOLD_COLOUR))
            pen.setWidth(2)
            pen.setStyle(Qt.PenStyle.DashLine)
            line.setPen(pen)
            self.chart_.addSeries(line)
            span = QValueAxis()
            span.setRange(-0.5, len(categories) - 0.5)
            span.setVisible(False)
            self.chart_.addAxis(span, Qt.AlignmentFlag.AlignTop)
            line.attachAxis(span)
            line.attachAxis(y_axis)


class ScenarioBars(BarsView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Tariff of each scenario"), parent)

    def update_scenarios(self, names: Sequence[str], tariffs: Sequence[Decimal]) -> None:
        self.update_bars(names, [(_("Tariff"), tariffs)], _("som"))


class AffordabilityBars(BarsView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Affordability by household"), parent)

    def update_result(self, result: TariffResult) -> None:
        groups: list[str] = []
        by_tariff: dict[str, list[Decimal]] = {}
        for a in result.affordability:
            if _(a.group) not in groups:
                groups.append(_(a.group))
            by_tariff.setdefault(_(a.tariff_label), []).append(a.share_pct)
        threshold = result.inputs.affordability_threshold_pct
        self.update_bars(
            groups,
            list(by_tariff.items()),
            _("% of income"),
            threshold=threshold,
            threshold_label=_("Threshold {pct}%").format(pct=threshold.normalize()),
        )
