"""The mentor comparison view: every office of a consolidated database side by side.

The database (a .sqlite file made by `aimak consolidate`, or a PostgreSQL address) is remembered
in the settings. Offices are read in the background; the table sorts by any column and filters by
oblast and rayon; a bar chart shows the chosen indicator across the offices shown; exports are
.xlsx and PDF. Only office-level figures appear (services.comparison reads no personal data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import AimakError, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.services.comparison import COLUMNS, OfficeRow
from aimak_desktop.services.indicators import Period, parse_period
from aimak_desktop.ui.common import documents_dir, lang_combo, open_file
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.dashboard.charts import ChartCard
from aimak_desktop.ui.dashboard.common import month_label
from aimak_desktop.ui.dashboard.comparison_model import (
    ComparisonModel,
    ComparisonProxy,
    office_name,
)
from aimak_desktop.ui.dashboard.data import recent_months

SETTING = "comparison_db"
CHART_UNITS = {"money": "som"}


def database_url(text: str) -> str:
    """A typed database: a PostgreSQL/SQLite address as is, or a file path as sqlite:///PATH.

    Raises:
        ValidationError: nothing typed, or a file that does not exist.
    """
    text = text.strip()
    if not text:
        raise ValidationError(
            _("Choose the consolidated database: a .sqlite file or a postgresql:// address."),
            field="database",
        )
    if "://" in text:
        return text
    path = Path(text).expanduser()
    if not path.is_file():
        raise ValidationError(
            _("There is no file {path}. Make it with: aimak consolidate").format(path=path),
            field="database",
        )
    return f"sqlite:///{path.resolve()}"


def remembered_text(url: str) -> str:
    """What the settings keep: the address without a password (the file stays readable)."""
    if "://" not in url:
        return url
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).set(password=None).render_as_string(hide_password=False)
    except ArgumentError:
        return url


def load_offices(url: str, period: Period) -> list[OfficeRow]:
    """Every office of the consolidated database at `url` with its figures for `period`."""
    from aimak_desktop.services.comparison import compare_offices
    from aimak_desktop.sync.consolidate import open_consolidated

    session = open_consolidated(url)
    engine = session.get_bind()
    try:
        return compare_offices(session, period)
    finally:
        session.close()
        engine.dispose()  # type: ignore[union-attr]


def _ask_save(parent: QWidget, title: str, suggested: Path, pattern: str) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), pattern)
    return Path(name) if name else None


def _ask_open(parent: QWidget) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(
        parent, _("Consolidated database"), "", _("SQLite database (*.sqlite *.db);;All files (*)")
    )
    return Path(name) if name else None


class ComparisonPage(QWidget):
    #: The offices of a load arrived (or the load failed).
    loaded = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        #: Replaceable in tests: the save / open file dialogs and the system viewer.
        self.ask_save: Callable[[QWidget, str, Path, str], Path | None] = _ask_save
        self.ask_open: Callable[[QWidget], Path | None] = _ask_open
        self.opener: Callable[[Path], None] = open_file
        self.rows: list[OfficeRow] = []
        self.loaded_period: Period | None = None
        self._generation = 0
        self._started = False
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        title = QLabel(_("Compare offices"))
        font = title.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        hint = QLabel(
            _(
                "Figures of every office in a consolidated database (made with aimak "
                "consolidate). Only office-level figures: no names or phones of people."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #44505c;")
        layout.addWidget(hint)

        source = QHBoxLayout()
        source.addWidget(QLabel(_("Database:")))
        self.database = QLineEdit(str(self.ctx.settings.get(SETTING) or ""))
        self.database.setPlaceholderText(_("mentor.sqlite or postgresql://user@host/database"))
        self.database.returnPressed.connect(self.load)
        source.addWidget(self.database, 1)
        self.choose_button = QPushButton(_("Choose file..."))
        self.choose_button.clicked.connect(self.choose_file)
        source.addWidget(self.choose_button)
        self.open_button = QPushButton(_("Show offices"))
        self.open_button.clicked.connect(self.load)
        source.addWidget(self.open_button)
        layout.addLayout(source)

        filters = QHBoxLayout()
        self.period_combo = QComboBox()
        months = recent_months(dt.date.today())
        for period in months:
            self.period_combo.addItem(month_label(period), period.label)
        self.period_combo.setCurrentIndex(1)  # the last full month: every office has billed it
        self.oblast_combo = QComboBox()
        self.rayon_combo = QComboBox()
        for combo in (self.oblast_combo, self.rayon_combo):
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        for text, widget in (
            (_("Month:"), self.period_combo),
            (_("Oblast:"), self.oblast_combo),
            (_("Rayon:"), self.rayon_combo),
        ):
            filters.addWidget(QLabel(text))
            filters.addWidget(widget)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.model = ComparisonModel()
        self.proxy = ComparisonProxy()
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(96)
        header.setMinimumSectionSize(60)
        header.setMaximumSectionSize(220)
        self.view.setMinimumHeight(220)
        layout.addWidget(self.view, 1)

        chart_row = QHBoxLayout()
        self.indicator_combo = QComboBox()
        for key, label, _unit, _get in COLUMNS:
            self.indicator_combo.addItem(_(label), key)
        chart_row.addWidget(QLabel(_("Chart:")))
        chart_row.addWidget(self.indicator_combo)
        chart_row.addStretch(1)
        self.lang = lang_combo()
        self.lang.setToolTip(_("Language of the exported files"))
        self.xlsx_button = QPushButton(_("Export .xlsx..."))
        self.pdf_button = QPushButton(_("Export PDF..."))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        chart_row.addWidget(self.lang)
        chart_row.addWidget(self.xlsx_button)
        chart_row.addWidget(self.pdf_button)
        layout.addLayout(chart_row)
        self.chart = ChartCard(_("Offices by the chosen indicator"))
        self.chart.show_empty()
        layout.addWidget(self.chart)

        self.period_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.oblast_combo.currentIndexChanged.connect(self._oblast_changed)
        self.rayon_combo.currentIndexChanged.connect(lambda _i: self._filter())
        self.indicator_combo.currentIndexChanged.connect(lambda _i: self.update_chart())
        self.proxy.layoutChanged.connect(self.update_chart)
        self._set_actions()
        if not self.database.text():
            self._say(_("Choose the consolidated database to compare its offices."), "#44505c")

    # -- loading ----------------------------------------------------------------------------

    def on_shown(self) -> None:
        if not self._started:
            self._started = True
            if self.database.text().strip():
                self.load()

    def on_changed(self, kinds: Any) -> None:
        """Writes to this office do not change a consolidated database: nothing to do."""

    @property
    def period(self) -> Period:
        return parse_period(self.period_combo.currentData())

    def choose_file(self) -> None:
        path = self.ask_open(self)
        if path is not None:
            self.database.setText(str(path))
            self.load()

    def load(self) -> None:
        """Read the offices of the chosen database for the chosen month (in the background)."""
        try:
            url = database_url(self.database.text())
        except ValidationError as exc:
            self._say(exc.message, "#b00020")
            self.loaded.emit()
            return
        self._remember(self.database.text().strip())
        self._generation += 1
        generation, period = self._generation, self.period
        self._say(_("Reading the offices..."), "#5c6670")

        def done(rows: list[OfficeRow]) -> None:
            if generation == self._generation:
                self._show_rows(rows, period)

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            if isinstance(exc, AimakError):
                self._say(exc.message, "#b00020")
            elif self.ctx.show_error is not None:
                self.ctx.show_error(exc)
            else:
                self.ctx.tasks.default_error(exc)
            self.loaded.emit()

        self.ctx.tasks.run_plain(lambda: load_offices(url, period), done, failed)

    def _remember(self, text: str) -> None:
        kept = remembered_text(text)
        if self.ctx.settings.get(SETTING) == kept:
            return
        from aimak_desktop import settings

        self.ctx.settings[SETTING] = kept
        settings.update(**{SETTING: kept})

    def _show_rows(self, rows: list[OfficeRow], period: Period) -> None:
        self.rows, self.loaded_period = rows, period
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self._fill_places()
        self._set_actions()
        if rows:
            self._say(
                _("{n} offices, {month}.").format(n=len(rows), month=month_label(period)),
                "#2f7d32",
            )
        else:
            self._say(_("The database holds no office yet."), "#44505c")
        self.update_chart()
        self.loaded.emit()

    # -- filters and chart ------------------------------------------------------------------

    def _fill_places(self) -> None:
        chosen = self.oblast_combo.currentData()
        self.oblast_combo.blockSignals(True)
        self.oblast_combo.clear()
        self.oblast_combo.addItem(_("All oblasts"), "")
        for oblast in sorted({r.oblast for r in self.rows if r.oblast}):
            self.oblast_combo.addItem(oblast, oblast)
        found = self.oblast_combo.findData(chosen)
        self.oblast_combo.setCurrentIndex(max(found, 0))
        self.oblast_combo.blockSignals(False)
        self._oblast_changed()

    def _oblast_changed(self, *_args: Any) -> None:
        oblast = self.oblast_combo.currentData() or ""
        chosen = self.rayon_combo.currentData()
        self.rayon_combo.blockSignals(True)
        self.rayon_combo.clear()
        self.rayon_combo.addItem(_("All rayons"), "")
        rayons = {r.rayon for r in self.rows if r.rayon and (not oblast or r.oblast == oblast)}
        for rayon in sorted(rayons):
            self.rayon_combo.addItem(rayon, rayon)
        found = self.rayon_combo.findData(chosen)
        self.rayon_combo.setCurrentIndex(max(found, 0))
        self.rayon_combo.blockSignals(False)
        self._filter()

    def _filter(self) -> None:
        self.proxy.set_place(
            self.oblast_combo.currentData() or "", self.rayon_combo.currentData() or ""
        )
        self.update_chart()

    def update_chart(self, *_args: Any) -> None:
        key = self.indicator_combo.currentData()
        label, unit = next((_(lb), u) for k, lb, u, _g in COLUMNS if k == key)
        shown = self.proxy.visible_rows()
        known = [r for r in shown if r.values.get(key) is not None]
        missing = len(shown) - len(known)
        title = (
            label
            if not missing
            else _("{label} (no data: {n} offices)").format(label=label, n=missing)
        )
        self.chart.title.setText(title)
        values: list[Decimal | int | None] = [r.values[key] for r in known]
        if unit == "money":
            values = [int(v or 0) // 100 for v in values]  # whole som on the axis
        self.chart.show_bars(_unique([_short(office_name(r)) for r in known]), values)

    # -- exports ----------------------------------------------------------------------------

    def export(self, kind: str) -> None:
        """Ask where, then write the shown offices (in the shown order) as .xlsx or PDF."""
        rows, period = self.proxy.visible_rows(), self.loaded_period
        if not rows or period is None:
            self._say(_("There is nothing to export: show the offices first."), "#b00020")
            return
        lang = self.lang.currentData()
        suggested = documents_dir() / f"office-comparison-{period.label}.{kind}"
        pattern = _("Excel workbook (*.xlsx)") if kind == "xlsx" else _("PDF document (*.pdf)")
        path = self.ask_save(self, _("Export the comparison"), suggested, pattern)
        if path is None:
            return
        label = period.label  # "2026-10" reads the same in any document language

        def write() -> Path:
            if kind == "xlsx":
                from aimak_desktop.services.comparison import export_comparison_xlsx

                return export_comparison_xlsx(rows, path, label, lang)
            from aimak_desktop.reports.comparison_pdf import write_comparison_pdf

            return write_comparison_pdf(rows, path, label, lang)

        def written(out: Path) -> None:
            self._say(_("Saved: {path}").format(path=out), "#2f7d32")
            self.last_export = out
            self.opener(out)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, AimakError):
                self._say(exc.message, "#b00020")
            elif self.ctx.show_error is not None:
                self.ctx.show_error(exc)
            else:
                self.ctx.tasks.default_error(exc)

        self._say(_("Writing {path}...").format(path=path), "#5c6670")
        self.ctx.tasks.run_plain(write, written, failed)

    # -- helpers ----------------------------------------------------------------------------

    def _set_actions(self) -> None:
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(bool(self.rows))

    def _say(self, text: str, colour: str) -> None:
        self.status.setStyleSheet(f"color: {colour};")
        self.status.setText(text)


def _short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unique(names: list[str]) -> list[str]:
    """Chart categories must differ (equal ones merge into one bar): number the repeats."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out
