"""Citizen's budget tab: revenue and expense lines, import from .xlsx, and a bar chart."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_money
from aimak_desktop.models.hearings import BUDGET_DIRECTION_LABELS, BudgetDirection
from aimak_desktop.ui.common import (
    HEARING_KINDS,
    RowsModel,
    failure_handler,
    make_table,
    message_label,
    say,
    selected_row,
    set_writable,
)
from aimak_desktop.ui.context import AppContext

_COLOURS = {BudgetDirection.REVENUE: QColor("#2E6DA4"), BudgetDirection.EXPENSE: QColor("#C0504D")}


@dataclass(frozen=True)
class LineRow:
    id: uuid.UUID
    direction: str
    name: str
    planned: int  # tyiyn


def load_lines(session: Any, hearing_id: uuid.UUID) -> list[LineRow]:
    from aimak_desktop.services.hearing_budget import budget_lines

    return [
        LineRow(b.id, b.direction, b.name, b.planned) for b in budget_lines(session, hearing_id)
    ]


class LinesModel(RowsModel):
    DIRECTION, NAME, PLANNED = range(3)
    HEADERS = (N_("Type"), N_("Budget line"), N_("Planned"))
    NUMERIC = frozenset({PLANNED})

    def text(self, row: LineRow, column: int) -> str:
        if column == self.DIRECTION:
            return _(BUDGET_DIRECTION_LABELS[BudgetDirection(row.direction)])
        if column == self.NAME:
            return row.name
        return format_money(row.planned)


class BudgetTab(QWidget):
    def __init__(self, ctx: AppContext, writable: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.hearing_id: uuid.UUID | None = None
        layout = QVBoxLayout(self)
        entry = QHBoxLayout()
        self.direction = QComboBox()
        for direction in BudgetDirection:
            self.direction.addItem(_(BUDGET_DIRECTION_LABELS[direction]), direction.value)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Budget line, e.g. Equalisation grant"))
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(_("Amount, som"))
        self.amount.setMaximumWidth(160)
        self.add_button = QPushButton(_("Add line"))
        self.add_button.clicked.connect(self.add_line)
        self.amount.returnPressed.connect(self.add_line)
        self.name.returnPressed.connect(self.add_line)
        self.remove_button = QPushButton(_("Remove line"))
        self.remove_button.clicked.connect(self.remove_line)
        self.import_button = QPushButton(_("Import .xlsx..."))
        self.import_button.setToolTip(_("First sheet: columns type, name, amount (som)."))
        self.import_button.clicked.connect(self.choose_xlsx)
        for widget in (self.direction, self.name, self.amount, self.add_button):
            entry.addWidget(widget)
        entry.addWidget(self.remove_button)
        entry.addWidget(self.import_button)
        entry.setStretchFactor(self.name, 1)
        entry_box = QWidget()
        entry_box.setLayout(entry)
        layout.addWidget(entry_box)
        set_writable([entry_box], writable)
        self.message = message_label()
        layout.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = LinesModel()
        self.view = make_table(self.model, stretch=LinesModel.NAME)
        split.addWidget(self.view)
        self.chart = QChart()
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(360)
        split.addWidget(self.chart_view)
        split.setSizes([500, 500])
        layout.addWidget(split, 1)

    def load(self, hearing_id: uuid.UUID) -> None:
        self.hearing_id = hearing_id
        self.ctx.tasks.run_read(lambda s: load_lines(s, hearing_id), self.show_lines)

    def reload(self) -> None:
        if self.hearing_id is not None:
            self.load(self.hearing_id)

    def show_lines(self, rows: list[LineRow]) -> None:
        self.model.set_rows(rows)
        self._draw(rows)

    def _draw(self, rows: list[LineRow]) -> None:
        """One bar per line, blue for revenue and red for expense, in whole som."""
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        if not rows:
            self.chart.setTitle(_("No budget lines yet."))
            return
        self.chart.setTitle(_("Citizen's budget, som"))
        # Bars are drawn bottom-up: reverse so the chart reads in table order.
        ordered = list(reversed(rows))
        series = QHorizontalStackedBarSeries()
        for direction in BudgetDirection:
            bar = QBarSet(_(BUDGET_DIRECTION_LABELS[direction]))
            bar.setColor(_COLOURS[direction])
            for row in ordered:
                bar.append(row.planned // 100 if row.direction == direction else 0)
            series.append(bar)
        self.chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([r.name[:28] for r in ordered])
        values = QValueAxis()
        values.setLabelFormat("%.0f")
        values.setMin(0)
        self.chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(values)

    def bar_values(self) -> dict[str, list[float]]:
        """What the chart shows, by set label (for tests and screen readers)."""
        result: dict[str, list[float]] = {}
        for series in self.chart.series():
            for bar in series.barSets():  # type: ignore[attr-defined]
                result[bar.label()] = [bar.at(i) for i in range(bar.count())]
        return result

    # -- writing --------------------------------------------------------------------------

    def add_line(self) -> None:
        from aimak_desktop.services.hearing_budget import add_budget_line

        if self.hearing_id is None:
            return
        actor, hearing_id = self.ctx.actor, self.hearing_id
        direction, name, amount = self.direction.currentData(), self.name.text(), self.amount.text()
        say(self.message, "")
        self.ctx.tasks.run_write(
            lambda s: add_budget_line(s, actor, hearing_id, direction, name, amount.strip() or "0"),
            self._added,
            failure_handler(self.ctx, self.message),
            kinds=HEARING_KINDS,
        )

    def _added(self, _line: Any) -> None:
        self.name.clear()
        self.amount.clear()
        self.name.setFocus()
        self.reload()

    def remove_line(self) -> None:
        from aimak_desktop.services.hearing_budget import archive_budget_line

        row = selected_row(self.view)
        if row is None:
            say(self.message, _("Select a line first."))
            return
        actor = self.ctx.actor
        self.ctx.tasks.run_write(
            lambda s: archive_budget_line(s, actor, row.id),
            lambda _r: self.reload(),
            failure_handler(self.ctx, self.message),
            kinds=HEARING_KINDS,
        )

    def choose_xlsx(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import budget lines"), "", _("Excel workbooks (*.xlsx)")
        )
        if name:
            self.import_xlsx(Path(name))

    def import_xlsx(self, path: Path) -> None:
        from aimak_desktop.services.hearing_budget import import_budget_xlsx

        if self.hearing_id is None:
            return
        actor, hearing_id = self.ctx.actor, self.hearing_id
        say(self.message, "")

        def done(count: int) -> None:
            say(self.message, _("{n} lines imported.").format(n=count), ok=True)
            self.reload()

        self.ctx.tasks.run_write(
            lambda s: import_budget_xlsx(s, actor, hearing_id, path),
            done,
            failure_handler(self.ctx, self.message),
            kinds=HEARING_KINDS,
        )
