"""The dashboard (home page): the office, indicator tiles for a month, charts, council report.

The page paints empty ("…") and reads everything in the background once shown (the window calls
`on_shown()` after its first paint). The figures of the month, of the month before and the chart
series are separate reads, so the pool's two workers fetch them side by side; `loaded` fires when
all of them arrived. After a write the page reloads at once if it is on screen, otherwise the
next time it is shown (a busy cash desk must not keep the dashboard recounting).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import N_, _, get_language
from aimak_desktop.i18n.formatting import format_datetime, format_number
from aimak_desktop.models.feedback import FEEDBACK_STATUS_LABELS, FeedbackStatus
from aimak_desktop.services.debts import BUCKET_LABELS
from aimak_desktop.services.indicators import Period, parse_period
from aimak_desktop.ui.common import documents_dir, open_file
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.dashboard import data
from aimak_desktop.ui.dashboard.charts import ChartCard
from aimak_desktop.ui.dashboard.common import month_label
from aimak_desktop.ui.dashboard.tiles import TILES, Tile, TileSpec

#: Kinds of change that move a figure on this page ("*" = anything, e.g. after a sync).
WATCHED = frozenset({"billing", "payments", "feedback", "hearings", "tariffs", "*"})
COUNT_LABELS = {
    "villages": N_("Villages"),
    "streets": N_("Streets"),
    "households": N_("Households"),
}
COLUMNS = 4


class DashboardPage(QWidget):
    #: All background reads of the current request arrived (tiles and charts filled).
    loaded = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        #: Hands the written council report to the system viewer; tests put a recorder here.
        self.opener: Callable[[Path], None] = open_file
        self.out_dir: Path = documents_dir()
        self.today = dt.date.today()
        self.now: dict[str, Any] | None = None
        self.before: dict[str, Any] | None = None
        self.charts_data: data.ChartData | None = None
        self.header: data.Header | None = None
        self.last_report: Path | None = None
        self._generation = 0
        self._pending: set[str] = set()
        self._started = False
        self._stale = False
        self._build()

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(10)
        top = QHBoxLayout()
        names = QVBoxLayout()
        self.title = QLabel(_("Loading..."))
        self.title.setObjectName("officeTitle")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setStyleSheet("color: #44505c;")
        self.subtitle.setWordWrap(True)
        names.addWidget(self.title)
        names.addWidget(self.subtitle)
        top.addLayout(names, 1)
        self.period_combo = QComboBox()
        for period in data.recent_months(self.today):
            self.period_combo.addItem(month_label(period), period.label)
        self.period_combo.setToolTip(_("The month the tiles and charts show"))
        self.report_button = QPushButton(_("Council report PDF..."))
        self.report_button.clicked.connect(self.ask_council_report)
        top.addWidget(QLabel(_("Month:")))
        top.addWidget(self.period_combo)
        top.addWidget(self.report_button)
        layout.addLayout(top)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        grid = QGridLayout()
        grid.setSpacing(10)
        self.tiles: dict[str, Tile] = {}
        for i, spec in enumerate(TILES):
            tile = Tile(spec)
            tile.clicked.connect(self.open_list)
            grid.addWidget(tile, i // COLUMNS, i % COLUMNS)
            self.tiles[spec.key] = tile
        layout.addLayout(grid)

        charts = QGridLayout()
        charts.setSpacing(10)
        self.trend_chart = ChartCard(_("Collection rate over 12 months, %"))
        self.arrears_chart = ChartCard(_("Arrears by days since due, som"))
        self.feedback_chart = ChartCard(_("Feedback of the month by status"))
        self.women_chart = ChartCard(_("Women among hearing participants, %"))
        for i, card in enumerate(
            (self.trend_chart, self.arrears_chart, self.feedback_chart, self.women_chart)
        ):
            charts.addWidget(card, i // 2, i % 2)
        layout.addLayout(charts)

        footer = QHBoxLayout()
        self.count_labels: dict[str, QLabel] = {}
        for key, label in COUNT_LABELS.items():
            footer.addWidget(QLabel(_(label) + ":"))
            value = QLabel("…")
            value.setStyleSheet("font-weight: bold;")
            self.count_labels[key] = value
            footer.addWidget(value)
            footer.addSpacing(14)
        footer.addStretch(1)
        self.backup_label = QLabel()
        self.backup_label.setStyleSheet("color: #5c6670;")
        footer.addWidget(self.backup_label)
        layout.addLayout(footer)
        layout.addStretch(1)
        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload_figures())

    # -- loading ----------------------------------------------------------------------------

    @property
    def period(self) -> Period:
        return parse_period(self.period_combo.currentData())

    def is_loading(self) -> bool:
        return bool(self._pending)

    def on_shown(self) -> None:
        if not self._started:
            self._started = True
            self.refresh()

    def on_changed(self, kinds: Any) -> None:
        if not self._started or not (WATCHED & set(kinds)):
            return
        if self.isVisible():
            self.reload_figures()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale and self._started:
            self._stale = False
            self.reload_figures()

    def refresh(self) -> None:
        """Read the header and the figures again."""
        self.ctx.tasks.run_read(data.load_header, self._show_header, self._problem)
        self.reload_figures()

    def reload_figures(self) -> None:
        """Read the chosen month's figures, the month before and the charts (in the background)."""
        self._generation += 1
        generation = self._generation
        period, today = self.period, self.today
        self._pending = {"now", "before", "charts"}
        self.now = self.before = self.charts_data = None
        self.status.setStyleSheet("color: #5c6670;")
        self.status.setText(
            _("Loading the figures of {month}...").format(month=month_label(period))
        )
        self.status.show()
        for tile in self.tiles.values():
            tile.set_loading()
        for card in (self.trend_chart, self.arrears_chart, self.feedback_chart, self.women_chart):
            card.set_loading()
        tasks = self.ctx.tasks

        def arrived(part: str) -> Callable[[Any], None]:
            def done(result: Any) -> None:
                if generation == self._generation:  # else a newer request replaced it
                    self._arrived(part, result)

            return done

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._failed(exc)

        tasks.run_read(lambda s: data.load_figures(s, period, today), arrived("now"), failed)
        tasks.run_read(
            lambda s: data.load_figures(s, period.previous(), today), arrived("before"), failed
        )
        tasks.run_read(lambda s: data.load_charts(s, period), arrived("charts"), failed)

    def _arrived(self, part: str, result: Any) -> None:
        self._pending.discard(part)
        if part == "now":
            self.now = result
        elif part == "before":
            self.before = result
        else:
            self.charts_data = result
        if self.now is not None and part in ("now", "before"):
            previous = month_label(self.period.previous())
            for tile in self.tiles.values():
                tile.set_figures(self.now, self.before, previous)
            self._show_figure_charts()
        if self.charts_data is not None and part == "charts":
            self._show_series_charts()
        if not self._pending:
            self.status.hide()
            self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        """A read failed: say so; the page counts as loaded (nothing more will arrive)."""
        was_loading = bool(self._pending)
        self._pending.clear()
        self._problem(exc)
        if was_loading:
            self.loaded.emit()

    def _problem(self, exc: BaseException) -> None:
        if isinstance(exc, AimakError):
            self.status.setStyleSheet("color: #b00020;")
            self.status.setText(exc.message)
            self.status.show()
        elif self.ctx.show_error is not None:
            self.ctx.show_error(exc)
        else:
            self.ctx.tasks.default_error(exc)

    # -- showing ----------------------------------------------------------------------------

    def _show_header(self, header: data.Header) -> None:
        self.header = header
        office = header.office
        self.title.setText(office.get("name_ky", ""))
        self.subtitle.setText(
            _("{oblast} oblast, {rayon} rayon, aiyl aimak {aimak}. PC code: {code}").format(
                oblast=office.get("oblast", ""),
                rayon=office.get("rayon", ""),
                aimak=office.get("aimak", ""),
                code=header.series,
            )
        )
        for key, value in header.counts.items():
            if key in self.count_labels:
                self.count_labels[key].setText(format_number(value, get_language()))
        if header.last_backup is None:
            self.backup_label.setText(_("No backup has been made yet."))
        else:
            self.backup_label.setText(
                _("Last backup: {when}").format(when=format_datetime(header.last_backup.taken_at))
            )

    def _show_figure_charts(self) -> None:
        assert self.now is not None
        arrears = self.now["arrears"]
        if arrears.value is None:
            self.arrears_chart.show_bars([], [])
        else:
            self.arrears_chart.show_bars(
                list(BUCKET_LABELS), [arrears.parts[b] // 100 for b in BUCKET_LABELS]
            )
        hearings = self.now["last_hearing"].parts.get("trend") or []
        self.women_chart.show_bars(
            [h["date"].strftime("%d.%m.%y") for h in hearings],
            [h["pct_women"] for h in hearings],
        )

    def _show_series_charts(self) -> None:
        assert self.charts_data is not None
        trend = self.charts_data.trend
        months = [parse_period(f.parts["month"]) for f in trend]
        # Month numbers fit under twelve points; the axis title says which year they are in.
        self.trend_chart.show_line(
            [m.first.strftime("%m") for m in months],
            [f.value for f in trend],
            axis_title=f"{month_label(months[0])} – {month_label(months[-1])}" if months else "",
        )
        counts = self.charts_data.feedback_status
        self.feedback_chart.show_pie(
            [(_(FEEDBACK_STATUS_LABELS[s]), counts.get(s.value, 0)) for s in FeedbackStatus]
        )

    # -- actions ----------------------------------------------------------------------------

    def open_list(self, spec: TileSpec) -> None:
        """Open the page behind a tile (the debtors tab, the overdue feedback...)."""
        if self.ctx.open_page is None:
            return
        page = (
            self.ctx.open_page(spec.page, view=spec.view)
            if spec.view
            else self.ctx.open_page(spec.page)
        )
        if page is None:
            return
        # Pages without an open_with(view=...) are steered through what they expose.
        if spec.view == "debtors":
            tabs, tab = getattr(page, "tabs", None), getattr(page, "debtors_tab", None)
            if tabs is not None and tab is not None:
                tabs.setCurrentWidget(tab)
        elif spec.view == "overdue":
            box = getattr(page, "overdue_only", None)
            if box is not None:
                box.setChecked(True)

    def ask_council_report(self) -> QWidget:
        from aimak_desktop.ui.dashboard.council import CouncilDialog

        dialog = CouncilDialog(self.period, self)
        dialog.accepted.connect(lambda: self.write_council_report(*dialog.choice()))
        self.council_dialog = dialog
        dialog.open()
        return dialog

    def write_council_report(self, period: Period, lang: str) -> None:
        """Write the council report PDF in the background and open it."""
        from aimak_desktop.reports.council_report import write_council_report

        out = self.out_dir / f"council-report-{period.label}-{lang}.pdf"
        self.report_button.setEnabled(False)
        self.status.setStyleSheet("color: #5c6670;")
        self.status.setText(_("Writing the council report..."))
        self.status.show()

        def written(path: Path) -> None:
            self.report_button.setEnabled(True)
            self.last_report = path
            self.status.setStyleSheet("color: #2f7d32;")
            self.status.setText(_("Council report saved: {path}").format(path=path))
            self.opener(path)

        def failed(exc: BaseException) -> None:
            self.report_button.setEnabled(True)
            self._problem(exc)

        self.ctx.tasks.run_read(
            lambda s: write_council_report(s, period, out, lang), written, failed
        )
