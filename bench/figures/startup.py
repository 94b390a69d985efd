"""Start-up: from launching the program to its first painted window, against an empty Qt window.

`startup` opens a 10,000-household demo office (made once per benchmark run). `startup_floor` is
the floor alone with an absolute target: cheap, and a check that the harness itself works.
"""

from __future__ import annotations

from bench.core import PYTHON, REPO, Figure, demo_office, time_to_marker

FLOOR_SCRIPT = REPO / "bench" / "floor_startup.py"
HOUSEHOLDS = 10_000


def floor_ms() -> float:
    return time_to_marker([PYTHON, str(FLOOR_SCRIPT)], label="floor_startup.py")


def app_ms() -> float:
    office = demo_office(HOUSEHOLDS)
    return time_to_marker(
        [PYTHON, "-m", "aimak_desktop", "--data-dir", str(office)],
        label="python -m aimak_desktop (needs the AIMAK_EXIT_AFTER_PAINT hook)",
    )


def run_startup() -> tuple[float, float | None]:
    office_ms = app_ms()  # first, so a missing hook fails before the floor is timed
    return office_ms, floor_ms()


def run_floor() -> tuple[float, float | None]:
    return floor_ms(), None


FIGURES = [
    Figure(
        id="startup",
        unit="ms",
        target="<= 1.3",
        run=run_startup,
        description="launch to first paint, 10,000-household office, vs an empty Qt window",
    ),
    Figure(
        id="startup_floor",
        unit="ms",
        target="<= 1500",
        run=run_floor,
        description="launch to first paint of an empty Qt window (PySide6 + SQLAlchemy imports)",
    ),
]
