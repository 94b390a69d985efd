"""Dashboard charts (QtCharts): collection rate over 12 months, arrears by age, feedback by
status, women's share at hearings. A chart without data says so instead of drawing zeros.

Figures are Decimals; Qt charts take floats for drawing only.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

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
from PySide6.QtWidgets import QFrame, QLabel, QStackedLayout, QVBoxLayout, QWidget

from aimak_desktop.i18n import _
from aimak_desktop.ui.dashboard.common import NO_DATA

PALETTE = ("#2E6F9E", "#E08E2B", "#5A9E4B", "#B5483E", "#7D62A8", "#3FA4A0")
CARD_STYLE = (
    "QFrame#chartCard { background: #ffffff; border: 1px solid #d6dbe1; border-radius: 6px; }"
)


class ChartCard(QFrame):
    """A titled card holding one chart, or a "No data" line instead of it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartCard")
        self.setStyleSheet(CARD_STYLE)
        self.chart = QChart()
        self.chart.setMargins(QMargins(2, 2, 2, 2))
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().hide()
        self.chart.setBackgroundRoundness(0)
        self.chart.setBackgroundVisible(False)  # the card is the background
        self.view = QChartView(self.chart)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setStyleSheet("background: transparent;")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a picture, not an input
        self.view.setMinimumHeight(220)
        self.title = QLabel(title)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.empty = QLabel(_(NO_DATA))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #7a838b;")
        self.empty.setMinimumHeight(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.addWidget(self.title)
        holder = QWidget()
        self.stack = QStackedLayout(holder)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        layout.addWidget(holder)
        #: What is drawn: (category, value or None); tests and the look check read it.
        self.points: list[tuple[str, Any]] = []
        self.set_loading()

    def set_loading(self) -> None:
        self._reset()
        self.empty.setText("…")
        self.stack.setCurrentWidget(self.empty)

    def show_empty(self) -> None:
        self.empty.setText(_(NO_DATA))
        self.stack.setCurrentWidget(self.empty)

    def _reset(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.points = []

    def _axes(self, categories: Sequence[str], top: float, title: str = "") -> tuple[Any, Any]:
        x_axis = QBarCategoryAxis()
        x_axis.append(list(categories))
        y_axis = QValueAxis()
        y_axis.setRange(0, top * 1.15 or 1)
        y_axis.applyNiceNumbers()
        y_axis.setLabelFormat("%.0f")
        if title:
            y_axis.setTitleText(title)
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        return x_axis, y_axis

    def show_bars(
        self, categories: Sequence[str], values: Sequence[Decimal | int | None], unit: str = ""
    ) -> None:
        """Bars over categories; no data at all shows the "No data" line."""
        self._reset()
        self.points = list(zip(categories, values, strict=True))
        if not categories or all(v is None for v in values):
            self.show_empty()
            return
        series = QBarSeries()
        bar = QBarSet("")
        bar.append([float(v) if v is not None else 0.0 for v in values])
        bar.setColor(QColor(PALETTE[0]))
        bar.setLabelColor(QColor("#202020"))
        series.append(bar)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        # Qt writes labels with printf's %g: at the default 6 digits 2,131,950 som became
        # "2.13195e+06". Whole numbers of up to 15 digits print in full.
        series.setLabelsPrecision(15)
        self.chart.addSeries(series)
        top = max(float(v) for v in values if v is not None)
        x_axis, y_axis = self._axes(categories, top, unit)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        self.stack.setCurrentWidget(self.view)

    def show_line(
        self,
        categories: Sequence[str],
        values: Sequence[Decimal | int | None],
        unit: str = "",
        axis_title: str = "",
    ) -> None:
        """A line over categories; a month without data leaves a gap, never a zero."""
        self._reset()
        self.points = list(zip(categories, values, strict=True))
        known = [float(v) for v in values if v is not None]
        if not known:
            self.show_empty()
            return
        x_axis, y_axis = self._axes(categories, max(max(known), 100.0), unit)
        if axis_title:
            x_axis.setTitleText(axis_title)
        # The category axis spans -0.5..n-0.5; a hidden value axis over it places the points.
        span = QValueAxis()
        span.setRange(-0.5, len(categories) - 0.5)
        span.setVisible(False)
        self.chart.addAxis(span, Qt.AlignmentFlag.AlignTop)
        pen = QPen(QColor(PALETTE[0]))
        pen.setWidth(2)
        segment: QLineSeries | None = None
        for i, value in enumerate(values):
            if value is None:
                segment = None
                continue
            if segment is None:
                segment = QLineSeries()
                segment.setPen(pen)
                segment.setPointsVisible(True)
                segment.setPointLabelsVisible(True)
                segment.setPointLabelsFormat("@yPoint")
                segment.setPointLabelsClipping(False)
                self.chart.addSeries(segment)
                segment.attachAxis(span)
                segment.attachAxis(y_axis)
            segment.append(float(i), float(value))
        self.stack.setCurrentWidget(self.view)

    def show_pie(self, slices: Sequence[tuple[str, int]]) -> None:
        """Slices with their counts in the labels; empty slices are left out."""
        self._reset()
        self.points = [(label, count) for label, count in slices]
        shown = [(label, count) for label, count in slices if count]
        if not shown:
            self.show_empty()
            return
        series = QPieSeries()
        for i, (label, count) in enumerate(shown):
            piece = series.append(f"{label}: {count}", count)
            piece.setBrush(QColor(PALETTE[i % len(PALETTE)]))
            piece.setLabelVisible(True)
        series.setPieSize(0.62)
        self.chart.addSeries(series)
        self.stack.setCurrentWidget(self.view)
