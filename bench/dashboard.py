"""Dashboard figure with a real QApplication (offscreen).

- `dashboard_open_100k_ui`: from creating the dashboard page to every tile and chart filled and
  painted (the page's `loaded` signal: the month's figures, the month before's and the chart
  series all arrived), as the window does after its first paint (`on_shown()`). The month shown
  is last month, the latest fully billed one (the demo bills up to last month; the current
  month would skip most of the ledger work). Target <= 300 ms.

  The office is the 100,000-household demo office with its ledger extended to two years: the
  demo bills 7 months at that size, so the set-up copies those months of charges, payments and
  allocations back in time (plain SQL into a copy made once per work dir; the rows are only read
  by the figure, never synced). AIMAK_BENCH_QUICK=1 uses the 10,000-household demo office.

The data part alone (`indicators_for_office`, no Qt) is `dashboard_open_100k` in
bench/indicators.py.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

from bench.core import BenchError, Figure, demo_office, workdir

FIGURE_ID = "dashboard_open_100k_ui"
HISTORY_MONTHS = 24
TIMEOUT_MS = 120_000
CHARGE_COLUMNS = (
    "household_id, service_id, subscription_id, period, kind, amount, quantity, unit_amount, "
    "tariff_id, days, period_days, due_date, reason, run_id, reverses_id, dedupe_key, id, "
    "created_at, hlc, origin_device"
)
PAYMENT_COLUMNS = (
    "household_id, amount, method, service_id, note, cashier_id, cashier_name, paid_at, day, "
    "receipt_no, series, year, seq, id, created_at, hlc, origin_device"
)
ALLOCATION_COLUMNS = (
    "payment_id, void_id, household_id, service_id, amount, period_from, period_to, day, id, "
    "created_at, hlc, origin_device"
)


def _households() -> int:
    return 10_000 if os.environ.get("AIMAK_BENCH_QUICK") else 100_000


def _shift(column: str, months: int, kind: str = "month") -> str:
    """SQL moving a "YYYY-MM" / "YYYY" text, a date or a datetime `months` back."""
    if kind == "date":
        return f"date({column}, '-{months} months')"
    if kind == "datetime":
        return f"datetime({column}, '-{months} months')"
    return (
        f"CASE WHEN length({column}) = 7 "
        f"THEN strftime('%Y-%m', date({column} || '-01', '-{months} months')) "
        f"ELSE strftime('%Y', date({column} || '-01-01', '-{months} months')) END"
    )


def _new_id(column: str, copy: int) -> str:
    # Ids are 32 hex digits of a time-ordered UUID (the first ones are the timestamp, the last
    # ones a counter). Copy n replaces the first two with f0+n: no real id starts like that, the
    # copies stay unique and linked (an allocation's payment id maps like the payment's id).
    # Only the demo's own rows (id < 'f0') are copied.
    return f"printf('%02x', {0xF0 + copy}) || substr({column}, 3)"


def _extend(path: Path) -> None:
    """Copy the ledger's months back in time until it holds HISTORY_MONTHS months."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        first, last = con.execute(
            "SELECT min(period), max(period) FROM charges WHERE length(period) = 7"
        ).fetchone()
        if first is None:
            raise BenchError("the demo office has no charges")
        span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1
        oldest = con.execute(
            "SELECT strftime('%Y-%m', date(? || '-01', ?))",
            (last, f"-{HISTORY_MONTHS - 1} months"),
        ).fetchone()[0]
        con.execute("BEGIN")
        copy = 0
        while span * (copy + 1) < HISTORY_MONTHS:
            copy += 1
            back = span * copy
            kept = f"{_shift('period', back)} >= '{oldest}'"
            con.execute(
                f"""INSERT INTO charges ({CHARGE_COLUMNS})
                SELECT household_id, service_id, subscription_id, {_shift("period", back)},
                kind, amount, quantity, unit_amount, tariff_id, days, period_days,
                {_shift("due_date", back, "date")}, reason, NULL, NULL, NULL,
                {_new_id("id", copy)}, created_at, hlc, origin_device
                FROM charges WHERE reverses_id IS NULL AND id < 'f0' AND {kept}"""
            )
            kept_day = f"{_shift('day', back, 'date')} >= '{oldest}-01'"
            con.execute(
                f"""INSERT INTO payments ({PAYMENT_COLUMNS})
                SELECT household_id, amount, method, service_id, note, cashier_id, cashier_name,
                {_shift("paid_at", back, "datetime")}, {_shift("day", back, "date")},
                receipt_no || '-h{copy}', series || 'h{copy}', year, seq,
                {_new_id("id", copy)}, created_at, hlc, origin_device
                FROM payments WHERE id < 'f0' AND {kept_day}"""
            )
            con.execute(
                f"""INSERT INTO allocations ({ALLOCATION_COLUMNS})
                SELECT {_new_id("payment_id", copy)}, NULL, household_id, service_id, amount,
                {_shift("period_from", back)}, {_shift("period_to", back)},
                {_shift("day", back, "date")}, {_new_id("id", copy)}, created_at, hlc,
                origin_device
                FROM allocations WHERE void_id IS NULL AND id < 'f0' AND {kept_day}"""
            )
        con.execute("COMMIT")
        con.execute("ANALYZE")
    finally:
        con.close()


def office_two_years() -> Path:
    """The demo office with two years of ledger, built once per work dir."""
    households = _households()
    folder = workdir() / f"dashboard-{households}-2y"
    done = folder / "extended.ok"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(demo_office(households), folder)
        (folder / ".lock").unlink(missing_ok=True)
        _extend(folder / "aimak.sqlite")
        done.write_text("ok\n")
    return folder


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from aimak_desktop.ui.qt_setup import ensure_app

    return ensure_app()


def measure_open(folder: Path) -> float:
    """Milliseconds from creating the dashboard to its tiles and charts filled and painted."""
    from PySide6.QtCore import QEventLoop, QTimer

    from aimak_desktop.db import open_database
    from aimak_desktop.services.users import actor_of, find_user
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.dashboard import page as _page_module  # noqa: F401 - import cost
    from aimak_desktop.ui.tasks import TaskRunner

    app = _app()
    db = open_database(folder, lock=False)
    with db.session() as session:
        actor = actor_of(find_user(session, "head"))
    ctx = AppContext(db=db, actor=actor, tasks=TaskRunner(db.session))
    page = None
    try:
        from aimak_desktop.ui.dashboard.page import DashboardPage

        start = time.perf_counter()
        page = DashboardPage(ctx)
        page.period_combo.blockSignals(True)
        page.period_combo.setCurrentIndex(1)  # last month
        page.period_combo.blockSignals(False)
        page.resize(1040, 900)
        page.show()
        loop = QEventLoop()
        page.loaded.connect(loop.quit)
        page.on_shown()
        if page.is_loading():
            QTimer.singleShot(TIMEOUT_MS, loop.quit)
            loop.exec()
        page.repaint()
        elapsed = (time.perf_counter() - start) * 1000.0
        if page.is_loading():
            raise BenchError(f"the dashboard did not fill within {TIMEOUT_MS // 1000} s")
        if page.tiles["arrears"].value is None:
            raise BenchError("the dashboard shows no arrears: the office is not as expected")
        return elapsed
    finally:
        if page is not None:
            page.close()
            page.deleteLater()
        ctx.tasks.wait_idle()
        app.processEvents()
        ctx.tasks.shutdown()
        db.close()


def _open() -> tuple[float, float | None]:
    return measure_open(office_two_years()), None


FIGURES = [
    Figure(
        id=FIGURE_ID,
        unit="ms",
        target="<= 300",
        run=_open,
        description="dashboard created -> tiles and charts filled, 100,000 households, 2 years",
    ),
]


if __name__ == "__main__":  # quick look without the harness: python -m bench.dashboard
    print(f"{FIGURE_ID} {measure_open(office_two_years()):.1f} ms")
