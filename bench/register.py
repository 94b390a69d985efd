"""Register figures on a 100,000-household demo office (data part, no Qt).

- `register_open_100k`: the first page of the register (200 rows in address order) and the total
  count, as the register page asks for them when it opens. Target <= 150 ms (whole page).
- `register_filter_100k`: one search keystroke -> the updated first page and count: the clerk
  types a name prefix letter by letter (1..4 letters); one run is the median of those keystrokes.
  Target: median <= 30 ms.

Each measurement opens its own session on the office (read-only work, the office is shared).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.core import Figure, demo_office

HOUSEHOLDS = 100_000
PAGE = 200
#: Prefixes typed letter by letter: common Kyrgyz names, an account, a phone fragment, ӊ.
TYPED = ("Асан", "Нург", "Жума", "A012", "0555", "Чыӊг")


def office_100k() -> Path:
    """The shared 100,000-household demo office (built once per benchmark run)."""
    return demo_office(HOUSEHOLDS)


def _session(folder: Path):  # type: ignore[no-untyped-def]
    from aimak_desktop.db import open_database

    db = open_database(folder, lock=False)
    return db, db.session()


def _ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000.0


def measure_open(folder: Path) -> float:
    """Milliseconds for the register's first page and total count (no search text)."""
    from aimak_desktop.services.search import count_households, search_households

    db, session = _session(folder)
    try:
        return _ms(
            lambda: (search_households(session, "", limit=PAGE), count_households(session, ""))
        )
    finally:
        session.close()
        db.close()


def measure_filter(folder: Path, typed: tuple[str, ...] = TYPED) -> float:
    """Median milliseconds of one keystroke (1..4 letters typed) -> first page + count."""
    from aimak_desktop.services.search import count_households, search_households

    db, session = _session(folder)
    try:
        search_households(session, "", limit=PAGE)  # the page is open before the clerk types
        times = []
        for word in typed:
            for n in range(1, len(word) + 1):
                text = word[:n]
                times.append(
                    _ms(
                        lambda text=text: (
                            search_households(session, text, limit=PAGE),
                            count_households(session, text),
                        )
                    )
                )
        return statistics.median(times)
    finally:
        session.close()
        db.close()


def _open() -> tuple[float, float | None]:
    return measure_open(office_100k()), None


def _filter() -> tuple[float, float | None]:
    return measure_filter(office_100k()), None


FIGURES = [
    Figure(
        id="register_open_100k_data",
        unit="ms",
        target="<= 150",
        run=_open,
        description="register first page + count, 100,000 households (data part, no Qt yet)",
    ),
    Figure(
        id="register_filter_100k_data",
        unit="ms",
        target="<= 30",
        run=_filter,
        description="search keystroke -> first page + count, 100,000 households (median)",
    ),
]


if __name__ == "__main__":  # quick look without the harness: python -m bench.register
    folder = office_100k()
    print(f"register_open_100k_data   {measure_open(folder):.1f} ms")
    print(f"register_filter_100k_data {measure_filter(folder):.1f} ms")
