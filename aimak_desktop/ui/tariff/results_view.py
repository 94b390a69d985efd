"""Live results of the method: headline figures, each step with its formula, phasing, categories.

Also the side-by-side comparison of saved scenarios (one row per scenario).
"""

from __future__ import annotations

import textwrap
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _, get_language
from aimak_desktop.services.tariff_format import fill_expression, format_figure
from aimak_desktop.services.tariff_method import (
    CATEGORY_LABELS,
    TARIFF_UNIT_LABELS,
    Figure,
    TariffResult,
    percent,
)
from aimak_desktop.services.tariff_studies import Comparison

RED = "#b00020"
GREEN = "#1b6e20"
ALERT_STYLE = f"color: {RED}; font-weight: bold;"
OK_STYLE = f"color: {GREEN}; font-weight: bold;"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


LABEL_CHARS = 20
FORMULA_CHARS = 34


def _wrap(text: str, width: int) -> str:
    """Break at ordinary spaces only: figures keep their non-breaking spaces ("1 234,00 сом")."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def lang() -> str:
    return get_language()


def money(value: Decimal) -> str:
    return format_figure(Figure(value, "money"), lang())


def pct(value: Decimal) -> str:
    return format_figure(Figure(value, "pct"), lang())


def read_only_table(columns: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    return table


def cell(text: str, *, right: bool = False, alert: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(RIGHT)
    if alert:
        item.setForeground(QBrush(QColor(RED)))
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


class Headline(QFrame):
    """One big figure with its caption."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.value = QLabel("—")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.value.font()
        font.setPointSize(font.pointSize() + 2)
        font.setBold(True)
        self.value.setFont(font)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.note)

    def show_figure(self, value: str, note: str = "", alert: bool | None = None) -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.value.setStyleSheet("" if alert is None else ALERT_STYLE if alert else OK_STYLE)
        self.alert = bool(alert)


class ResultsView(QWidget):
    """Headline figures and the table of steps; `show_result` refreshes everything."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        cards = QGridLayout()
        self.required = Headline(_("Required revenue a year"))
        self.paid_units = Headline(_("Units paid for a year"))
        self.full_cost = Headline(_("Full-cost tariff"))
        self.coverage = Headline(_("Cost coverage of the current tariff"))
        self.bill = Headline(_("Monthly bill of a typical household"))
        self.affordability = Headline(_("Bill as a share of income"))
        # Two rows of three: wide figures stay whole when the window is narrow.
        for i, card in enumerate(
            (
                self.required,
                self.paid_units,
                self.full_cost,
                self.coverage,
                self.bill,
                self.affordability,
            )
        ):
            cards.addWidget(card, i // 3, i % 3)
        for column in range(3):
            cards.setColumnStretch(column, 1)
        layout.addLayout(cards)
        self.message = QLabel()
        self.message.setStyleSheet(f"color: {RED};")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.steps = read_only_table([_("Step"), _("Formula and figures"), _("Value")])
        header = self.steps.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.steps.setColumnWidth(0, 170)
        # Lines are broken here (see _wrap): Qt's own wrapping measures and paints long sums
        # differently and cut their last figures.
        self.steps.setWordWrap(False)
        layout.addWidget(self.steps, 1)
        lower = QGridLayout()
        phasing_title = QLabel(_("Phasing: reaching full cost step by step"))
        phasing_title.setWordWrap(True)
        lower.addWidget(phasing_title, 0, 0)
        self.phases = read_only_table(
            [_("Year"), _("Tariff"), _("Coverage"), _("Monthly bill"), _("Share of income")]
        )
        lower.addWidget(self.phases, 1, 0)
        self.categories_title = QLabel(_("Tariffs by category (cross-subsidy)"))
        self.categories_title.setWordWrap(True)
        lower.addWidget(self.categories_title, 0, 1)
        self.categories = read_only_table(
            [_("Category"), _("Share"), _("Multiplier"), _("Tariff"), _("Revenue a year")]
        )
        lower.addWidget(self.categories, 1, 1)
        for table in (self.phases, self.categories):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            table.horizontalHeader().setDefaultAlignment(
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            )
            table.horizontalHeader().setMinimumHeight(self.fontMetrics().height() * 2 + 8)
        layout.addLayout(lower)
        self.result: TariffResult | None = None

    def show_problem(self) -> None:
        """The inputs are invalid: say so; the figures shown stay those of the last valid inputs."""
        self.message.setText(
            _("Fix the marked input. The figures below are from the last valid inputs.")
            if self.result is not None
            else _("Fix the marked input to see the results.")
        )
        self.message.show()

    def show_result(self, result: TariffResult) -> None:
        self.result = result
        self.message.hide()
        inputs = result.inputs
        unit = _(TARIFF_UNIT_LABELS[inputs.unit])
        self.required.show_figure(money(result.required_revenue))
        self.paid_units.show_figure(
            format_figure(result.step("paid_units").result, lang()),
            _("collection rate {rate}").format(rate=pct(inputs.collection_rate_pct)),
        )
        self.full_cost.show_figure(money(result.full_cost_tariff), unit)
        low = result.coverage_pct < 100
        self.coverage.show_figure(
            pct(result.coverage_pct),
            _("current {tariff} {unit}").format(tariff=money(inputs.current_tariff), unit=unit),
            alert=low,
        )
        self.bill.show_figure(
            money(result.monthly_bill),
            _("today {bill}").format(bill=money(result.current_bill)),
        )
        self.affordability.show_figure(
            pct(result.affordability_pct),
            _("threshold {threshold}").format(threshold=pct(inputs.affordability_threshold_pct)),
            alert=not result.affordable,
        )
        self._show_steps(result)
        self._show_phases(result)
        self._show_categories(result)

    def _show_steps(self, result: TariffResult) -> None:
        nl = lang()
        self.steps.setRowCount(len(result.steps))
        for row, step in enumerate(result.steps):
            formula = _(step.formula)
            if "{threshold}" in formula:
                formula = formula.replace(
                    "{threshold}", format_figure(step.operands["threshold"], nl)
                )
            alert = step.key == "affordability" and not result.affordable
            self.steps.setItem(row, 0, cell(_wrap(_(step.label), LABEL_CHARS)))
            figures = f"= {fill_expression(step, nl)}"
            self.steps.setItem(
                row, 1, cell(_wrap(formula, FORMULA_CHARS) + "\n" + _wrap(figures, FORMULA_CHARS))
            )
            self.steps.setItem(
                row, 2, cell(format_figure(step.result, nl), right=True, alert=alert)
            )
        self._fit_rows()

    def _fit_rows(self, *_args: object) -> None:
        self.steps.resizeRowsToContents()

    def _show_phases(self, result: TariffResult) -> None:
        threshold = result.inputs.affordability_threshold_pct
        target = result.population_tariff
        rows = [
            (
                _("Now"),
                result.inputs.current_tariff,
                percent(result.inputs.current_tariff, target),
                result.current_bill,
                result.current_affordability_pct,
            )
        ] + [
            (str(p.year), p.tariff, p.coverage_pct, p.monthly_bill, p.affordability_pct)
            for p in result.phases
        ]
        self.phases.setRowCount(len(rows))
        for r, (year, tariff, coverage, bill, share) in enumerate(rows):
            self.phases.setItem(r, 0, cell(year))
            self.phases.setItem(r, 1, cell(money(tariff), right=True))
            self.phases.setItem(r, 2, cell(pct(coverage), right=True))
            self.phases.setItem(r, 3, cell(money(bill), right=True))
            self.phases.setItem(r, 4, cell(pct(share), right=True, alert=share > threshold))
        fit_height(self.phases)

    def _show_categories(self, result: TariffResult) -> None:
        shown = bool(result.categories)
        self.categories.setVisible(shown)
        self.categories_title.setVisible(shown)
        self.categories.setRowCount(len(result.categories))
        for r, c in enumerate(result.categories):
            self.categories.setItem(r, 0, cell(_(CATEGORY_LABELS[c.key])))
            self.categories.setItem(r, 1, cell(pct(c.share_pct), right=True))
            self.categories.setItem(
                r, 2, cell(format_figure(Figure(c.multiplier, "number"), lang()), right=True)
            )
            self.categories.setItem(r, 3, cell(money(c.tariff), right=True))
            self.categories.setItem(r, 4, cell(money(c.revenue), right=True))
        fit_height(self.categories)


class ComparisonTable(QTableWidget):
    """Saved scenarios side by side: one column per scenario, one row per figure (as in the PDF)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        # Long scenario names wrap instead of being cut off.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        self.comparison: Comparison | None = None

    def show_comparison(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.clear()
        self.setRowCount(len(comparison.rows))
        self.setColumnCount(1 + len(comparison.columns))
        self.setHorizontalHeaderLabels(["", *comparison.columns])
        header = self.horizontalHeader()
        header.setMinimumHeight(self.fontMetrics().height() * 2 + 10)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(0, 260)
        for r, row in enumerate(comparison.rows):
            self.setItem(r, 0, cell(_(row.label)))
            for c, value in enumerate(row.values, start=1):
                if value is None:
                    text = ""
                elif row.kind == "yesno":
                    text = _("yes") if value else _("no")
                else:
                    text = format_figure(Figure(value, row.kind), lang())
                red = (row.kind == "yesno" and not value) or (
                    row.kind == "money" and isinstance(value, Decimal) and value < 0
                )
                self.setItem(r, c, cell(text, right=True, alert=red))
        self.resizeRowsToContents()

    def scenario_names(self) -> list[str]:
        """The scenarios compared, in their columns' order."""
        return list(self.comparison.columns) if self.comparison else []


def fit_height(table: QTableWidget) -> None:
    """Make a short table exactly as tall as its rows so the space goes to the steps."""
    header = table.horizontalHeader()
    height = max(header.sizeHint().height(), header.minimumHeight()) + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height + 2)
