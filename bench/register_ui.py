"""Register page figures with a real QApplication (offscreen), 100,000-household demo office.

- `register_open_100k_ui`: from creating the register page to its first rows painted (the table
  model has rows and the visible part of the table is drawn). Target <= 150 ms.
- `register_filter_100k_ui`: one search keystroke -> updated rows painted, median over prefixes
  typed letter by letter (bench.register.TYPED). The search box waits ~120 ms after a keystroke
  before it searches (so a fast typist does not start a query per letter); that deliberate pause
  is left out: the clock starts at the key press and the search is started at once. Target
  median <= 30 ms.

The data-only figures of the same work (no Qt) live in bench/register.py.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.core import BenchError, Figure
from bench.register import TYPED, office_100k

OPEN_ID = "register_open_100k"
FILTER_ID = "register_filter_100k"
TIMEOUT_MS = 30_000


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from aimak_desktop.ui.qt_setup import ensure_app

    return ensure_app()


class _Office:
    """An open office with a clerk's context (opened before any timing)."""

    def __init__(self, folder: Path) -> None:
        from aimak_desktop.db import open_database
        from aimak_desktop.services.users import actor_of, find_user
        from aimak_desktop.ui.context import AppContext
        from aimak_desktop.ui.pages import register as _page_module  # noqa: F401 - import cost
        from aimak_desktop.ui.tasks import TaskRunner

        self.app = _app()
        self.db = open_database(folder, lock=False)
        with self.db.session() as session:
            actor = actor_of(find_user(session, "clerk"))
        self.ctx = AppContext(db=self.db, actor=actor, tasks=TaskRunner(self.db.session))
        self.page: Any = None
        self.painted_at = 0.0

    def close(self) -> None:
        if self.page is not None:
            self.page.close()
            self.page.deleteLater()
        self.ctx.tasks.wait_idle()
        self.app.processEvents()
        self.ctx.tasks.shutdown()
        self.db.close()


def _wait_rows(page: Any, generation: Callable[[], int]) -> float:
    """Run the event loop until the page's model shows `generation()`; paint the table at once.

    Returns the `perf_counter()` moment the rows were painted. The paint is forced inside the
    `loaded` signal, as the window's own repaint would come before the follow-up reads.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    model = page.model
    painted: list[float] = []

    def paint() -> None:
        page.view.viewport().repaint()  # the rows are drawn, not just held by the model
        painted.append(time.perf_counter())

    if model.shown_generation == generation():
        paint()
        return painted[0]
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)

    def arrived(shown: int) -> None:
        if shown == generation():
            paint()
            loop.quit()

    model.loaded.connect(arrived)
    timer.start(TIMEOUT_MS)
    loop.exec()
    model.loaded.disconnect(arrived)
    if not painted:
        raise BenchError("the register page did not show its rows within 30 s")
    return painted[0]


def _idle(office: _Office) -> None:
    """Let background reads finish and their results arrive (not timed)."""
    tasks = office.ctx.tasks
    for _ in range(100):
        tasks.wait_idle()
        office.app.processEvents()
        if tasks.pending() == 0:
            return
        time.sleep(0.001)


def _type(widget: Any, char: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
        QApplication.sendEvent(
            widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
        )


def _open_page(office: _Office) -> Any:
    from aimak_desktop.ui.register.page import RegisterPage

    page = RegisterPage(office.ctx)
    office.page = page
    page.resize(1040, 760)
    page.show()
    page.on_shown()
    office.painted_at = _wait_rows(page, lambda: page.model.generation)
    return page


def measure_open(folder: Path) -> float:
    """Milliseconds from creating the register page to its first rows painted."""
    office = _Office(folder)
    try:
        start = time.perf_counter()
        page = _open_page(office)
        elapsed = (office.painted_at - start) * 1000.0
        if page.model.rowCount() == 0:
            raise BenchError("the register page opened empty")
        return elapsed
    finally:
        office.close()


def measure_filter(folder: Path, typed: tuple[str, ...] = TYPED) -> float:
    """Median milliseconds from one search keystroke to the updated rows painted."""
    office = _Office(folder)
    try:
        page = _open_page(office)
        times = []
        for word in typed:
            page.search.clear()
            page.filters.apply()
            _wait_rows(page, lambda: page.model.generation)
            for char in word:
                _idle(office)  # a clerk types slower than the count and debts are read
                start = time.perf_counter()
                _type(page.search, char)
                page.filters.apply()  # start now instead of after the typing pause
                painted = _wait_rows(page, lambda: page.model.generation)
                times.append((painted - start) * 1000.0)
        return statistics.median(times)
    finally:
        office.close()


def _open() -> tuple[float, float | None]:
    return measure_open(office_100k()), None


def _filter() -> tuple[float, float | None]:
    return measure_filter(office_100k()), None


FIGURES = [
    Figure(
        id=OPEN_ID,
        unit="ms",
        target="<= 150",
        run=_open,
        description="register page created -> first rows painted, 100,000 households (Qt)",
    ),
    Figure(
        id=FILTER_ID,
        unit="ms",
        target="<= 30",
        run=_filter,
        description="search keystroke -> rows painted, 100,000 households (Qt, median)",
    ),
]


if __name__ == "__main__":  # quick look without the harness: python -m bench.register_ui
    folder = office_100k()
    print(f"{OPEN_ID}   {measure_open(folder):.1f} ms")
    print(f"{FILTER_ID} {measure_filter(folder):.1f} ms")
