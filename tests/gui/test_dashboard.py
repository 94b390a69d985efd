"""The dashboard (home page) on the demo office: tiles, no-data months, clicks, council report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from aimak_desktop.i18n.formatting import format_money
from aimak_desktop.services.indicators import indicators_for_office, parse_period
from tests.conftest import actor_for

# Offscreen Qt cannot resize window frames and says so; it is not a problem of the program.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

LAST_MONTH = parse_period(None).previous()


@pytest.fixture
def ctx(office, db):
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.tasks import TaskRunner

    context = AppContext(db=db, actor=actor_for(office, "head"), tasks=TaskRunner(db.session))
    yield context
    context.tasks.wait_idle()
    context.tasks.shutdown()


@pytest.fixture
def dashboard(qtbot, ctx, tmp_path):
    """The dashboard shown and loaded; documents go to tmp_path, opened files are recorded."""
    from aimak_desktop.ui.dashboard.page import DashboardPage

    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.opened = []
    page.opener = page.opened.append
    page.out_dir = tmp_path / "documents"
    page.resize(1040, 900)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=20000):
        page.on_shown()
    yield page
    ctx.tasks.wait_idle()
    qtbot.waitUntil(lambda: ctx.tasks.pending() == 0, timeout=10000)


def choose_month(qtbot, page, period) -> None:
    index = page.period_combo.findData(period.label)
    assert index >= 0, period.label
    with qtbot.waitSignal(page.loaded, timeout=20000):
        page.period_combo.setCurrentIndex(index)


def text(page, key: str) -> str:
    return page.tiles[key].value_label.text().replace("\xa0", " ")


def test_tiles_show_the_same_figures_as_the_indicators(qtbot, dashboard, office):
    choose_month(qtbot, dashboard, LAST_MONTH)
    expected = indicators_for_office(office, LAST_MONTH.label)

    rate = expected["collection_rate"]["value"]
    assert rate is not None
    assert text(dashboard, "collection_rate") == f"{rate} %"
    assert text(dashboard, "arrears") == format_money(
        int(expected["arrears"]["value"]), "en"
    ).replace("\xa0", " ")
    assert text(dashboard, "collected") == format_money(
        int(expected["collected"]["value"]), "en"
    ).replace("\xa0", " ")
    assert text(dashboard, "overdue") == str(expected["feedback"]["overdue"]["value"])
    assert text(dashboard, "last_hearing") == str(expected["last_hearing"]["value"])
    assert dashboard.tiles["collection_rate"].value == Decimal(rate)
    # The change since the month before is there, and the definition is on hover.
    assert "vs" in dashboard.tiles["collection_rate"].change_label.text()
    assert "billed" in dashboard.tiles["collection_rate"].toolTip()
    # Charts are drawn from the same figures.
    arrears = expected["arrears"]["parts"]
    assert [v for _label, v in dashboard.arrears_chart.points] == [
        arrears[b] // 100 for b in ("0-30", "31-90", "91-180", "180+")
    ]
    assert len(dashboard.trend_chart.points) == 12
    assert dashboard.trend_chart.points[-1][1] == Decimal(rate)


def test_bar_labels_show_millions_in_full(qtbot):
    from PySide6.QtCharts import QBarSeries

    from aimak_desktop.ui.dashboard.charts import ChartCard

    card = ChartCard("Arrears by days since due, som")
    qtbot.addWidget(card)
    card.show_bars(["0-30", "31-90"], [2_131_950, 878_751])
    (series,) = [s for s in card.chart.series() if isinstance(s, QBarSeries)]
    # Qt formats "@value" with printf's %g at this precision: Python's %g is the same.
    bars = series.barSets()[0]
    shown = [f"{bars.at(i):.{series.labelsPrecision()}g}" for i in range(bars.count())]
    assert shown == ["2131950", "878751"]


@pytest.mark.parametrize("width", [1040, 860])
def test_tile_values_and_lines_are_never_cut_off(qtbot, dashboard, width):
    from PySide6.QtGui import QFontMetrics

    dashboard.tiles["arrears"].value_label.setText("3 742 382,93 сом")  # a big office's debt
    dashboard.tiles["arrears"]._fit_value()
    dashboard.resize(width, 900)
    qtbot.wait(50)
    for key, tile in dashboard.tiles.items():
        label = tile.value_label
        shown = QFontMetrics(label.font()).horizontalAdvance(label.text())
        assert shown <= label.contentsRect().width(), key
        assert tile.height() >= tile.layout().heightForWidth(tile.width()), key


def test_a_month_without_data_says_no_data_never_zero(qtbot, dashboard):
    before_history = parse_period(None)
    for _step in range(23):
        before_history = before_history.previous()
    choose_month(qtbot, dashboard, before_history)

    for key in ("collection_rate", "collected", "arrears"):
        assert text(dashboard, key) == "No data"
    for tile in dashboard.tiles.values():
        if tile.value is None:
            assert tile.value_label.text() == "No data"
        assert tile.value_label.text() not in ("0 %", "0.0 %")
    assert dashboard.arrears_chart.stack.currentWidget() is dashboard.arrears_chart.empty
    assert dashboard.arrears_chart.empty.text() == "No data"


def test_clicking_tiles_opens_the_list_behind_them(qtbot, dashboard, ctx):
    opened = []
    ctx.open_page = lambda key, **kwargs: opened.append((key, kwargs))

    qtbot.mouseClick(dashboard.tiles["arrears"], Qt.MouseButton.LeftButton)
    dashboard.tiles["tariff_coverage"].setFocus()
    qtbot.keyClick(dashboard.tiles["tariff_coverage"], Qt.Key.Key_Return)
    qtbot.mouseClick(dashboard.tiles["overdue"], Qt.MouseButton.LeftButton)

    assert opened == [
        ("billing", {"view": "debtors"}),
        ("tariffs_calc", {}),
        ("feedback", {"view": "overdue"}),
    ]


def test_in_the_window_arrears_open_the_debtors_tab_and_overdue_the_filter(qtbot, ctx):
    from aimak_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    home = window.page("home")
    qtbot.waitUntil(lambda: not home.is_loading(), timeout=20000)

    qtbot.mouseClick(home.tiles["arrears"], Qt.MouseButton.LeftButton)
    billing = window.page("billing")
    assert window.current_key() == "billing"
    assert billing.tabs.currentWidget() is billing.debtors_tab

    window.open_page("home")
    qtbot.mouseClick(home.tiles["overdue"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "feedback"
    assert window.page("feedback").overdue_only.isChecked()
    ctx.tasks.wait_idle()
    qtbot.waitUntil(lambda: ctx.tasks.pending() == 0, timeout=10000)


def test_council_report_button_writes_and_opens_the_pdf(qtbot, dashboard, office):
    from aimak_desktop.services.office import get_office

    qtbot.mouseClick(dashboard.report_button, Qt.MouseButton.LeftButton)
    dialog = dashboard.council_dialog
    assert dialog.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findData("quarter"))
    quarter = parse_period(dialog.period.currentData())
    assert quarter.kind == "quarter"
    dialog.lang.setCurrentIndex(dialog.lang.findData("both"))
    dialog.accept()

    qtbot.waitUntil(lambda: bool(dashboard.opened), timeout=30000)
    path = dashboard.opened[0]
    assert path.exists() and path.parent == dashboard.out_dir
    assert "saved" in dashboard.status.text()
    pdf = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert quarter.label in pdf
    assert get_office(office).name_ky in pdf  # Kyrgyz letters (ө, ү) came through


def test_a_write_elsewhere_reloads_the_figures(qtbot, dashboard):
    with qtbot.assertNotEmitted(dashboard.loaded, wait=50):
        dashboard.on_changed({"register"})
    with qtbot.waitSignal(dashboard.loaded, timeout=20000):
        dashboard.on_changed({"payments"})
    assert not dashboard.is_loading()
    assert dashboard.tiles["arrears"].value_label.text() != "…"


def test_home_stays_a_light_registration_module():
    import subprocess
    import sys

    code = (
        "import sys; import aimak_desktop.ui.pages.home; "
        "print('aimak_desktop.ui.dashboard.page' in sys.modules, 'PySide6.QtCharts' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_the_period_picker_starts_at_this_month(dashboard):
    assert dashboard.period == parse_period(dt.date.today().strftime("%Y-%m"))
