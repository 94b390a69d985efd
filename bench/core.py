"""The benchmark registry's building blocks: a Figure, running it, and shared helpers.

A figure is one number with a target. `run()` makes one measurement and returns
`(value, floor)`: the floor is the same work done by the smallest program that could possibly do
it (for start-up: an empty Qt window), measured the same way in the same run, or None for figures
with an absolute target. The harness calls `run()` several times and reports medians, so a figure
never loops itself.
"""

from __future__ import annotations

import atexit
import functools
import operator
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAINTED_MARKER = "AIMAK_PAINTED"

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
}


class BenchError(Exception):
    """A measurement could not be made; the message is shown in the figure's row."""


@dataclass(frozen=True)
class Figure:
    """One benchmark figure.

    Attributes:
        id: short name used on the command line (`python -m bench startup`).
        unit: unit of the value and the floor, e.g. "ms".
        target: a comparison such as "<= 1.3". It applies to value/floor when `run()` returns a
            floor, else to the value itself (in `unit`).
        run: makes one measurement and returns (value, floor or None).
        description: one line for `--list`.
    """

    id: str
    unit: str
    target: str
    run: Callable[[], tuple[float, float | None]]
    description: str = ""


@dataclass
class Row:
    """What the table shows for one figure (medians over the runs)."""

    id: str
    unit: str
    target: str
    value: float | None = None
    floor: float | None = None
    ratio: float | None = None
    met: bool | None = None
    runs: int = 0
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def target_met(target: str, measured: float) -> bool:
    """Whether `measured` satisfies a target such as "<= 1.3".

    Raises:
        ValueError: the target is not "<op> <number>".
    """
    op, _, number = target.strip().partition(" ")
    if op not in _COMPARE:
        raise ValueError(f"bad target {target!r}: expected e.g. '<= 1.3'")
    return _COMPARE[op](measured, float(number))


def measure(figure: Figure, runs: int) -> Row:
    """Run a figure `runs` times and return the medians; the first failure ends it."""
    row = Row(id=figure.id, unit=figure.unit, target=figure.target)
    values: list[float] = []
    floors: list[float] = []
    for _ in range(runs):
        try:
            value, floor = figure.run()
        except BenchError as exc:
            row.error = str(exc)
            break
        except Exception as exc:  # a broken figure must not hide the others
            row.error = f"{type(exc).__name__}: {exc}"
            break
        values.append(value)
        if floor is not None:
            floors.append(floor)
    row.runs = len(values)
    if row.error is not None:
        return row
    row.value = statistics.median(values)
    if floors:
        row.floor = statistics.median(floors)
        row.ratio = row.value / row.floor if row.floor > 0 else None
    measured = row.ratio if floors else row.value
    if measured is not None:
        row.met = target_met(figure.target, measured)
    return row


# -- helpers for figures ---------------------------------------------------------------------

_workdir: Path | None = None
_keep_workdir = False


def set_workdir(path: Path | None) -> None:
    """Use `path` for offices and temporary files and keep it (reused by the next run)."""
    global _workdir, _keep_workdir
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
        _workdir, _keep_workdir = path.resolve(), True


def workdir() -> Path:
    """A folder for this benchmark run; removed at exit unless given with --work-dir."""
    global _workdir
    if _workdir is None:
        _workdir = Path(tempfile.mkdtemp(prefix="aimak-bench-"))
        atexit.register(_cleanup)
    return _workdir


def _cleanup() -> None:
    if _workdir is not None and not _keep_workdir:
        shutil.rmtree(_workdir, ignore_errors=True)


def aimak(args: Sequence[str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run `python -m aimak_desktop ARGS` (English messages) and fail with its message."""
    cmd = [PYTHON, "-m", "aimak_desktop", "--lang", "en", *args]
    proc = subprocess.run(
        cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=child_env()
    )
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(cmd[2:])} failed: {(proc.stderr or proc.stdout).strip()}")
    return proc


@functools.cache
def demo_office(households: int, seed: int = 1) -> Path:
    """A demo office's data folder, made once per benchmark run (or reused from --work-dir).

    Figures must not change it: copy it with `fresh_copy` first if the measured work writes.
    """
    folder = workdir() / f"demo-{households}-s{seed}"
    if not (folder / "aimak.sqlite").exists():
        shutil.rmtree(folder, ignore_errors=True)
        size = ["--households", str(households), "--seed", str(seed)]
        aimak(["--data-dir", str(folder), "demo", *size])
    return folder


def fresh_copy(office: Path) -> Path:
    """A throwaway copy of an office folder for a figure that writes."""
    target = Path(tempfile.mkdtemp(prefix=f"{office.name}-", dir=workdir()))
    shutil.copytree(office, target, dirs_exist_ok=True)
    return target


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a measured child: offscreen Qt, unbuffered output, no user data folder."""
    env = dict(os.environ)
    env.pop("AIMAK_DATA_DIR", None)
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def time_to_marker(
    cmd: Sequence[str],
    marker: str = PAINTED_MARKER,
    timeout: float = 30.0,
    env: dict[str, str] | None = None,
    label: str = "",
) -> float:
    """Milliseconds from starting `cmd` to the child printing the line `marker`.

    The child is expected to exit by itself after the marker (it is killed if it does not).

    Raises:
        BenchError: the child exited or the timeout passed without the marker.
    """
    env = env if env is not None else child_env(AIMAK_EXIT_AFTER_PAINT="1")
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        # A reader thread works the same on Windows, where select() does not take pipes.
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_pump, args=(proc, lines), daemon=True).start()
        elapsed: float | None = None
        reason = "timed out"
        deadline = start + timeout
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                break
            if line is None:  # the child closed stdout (exited)
                reason = "exited"
                break
            if line.strip() == marker:
                elapsed = (time.perf_counter() - start) * 1000.0
                break
        try:
            proc.wait(timeout=10 if elapsed is not None else 0.5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if elapsed is None:
            err.seek(0)
            tail = " | ".join(err.read().strip().splitlines()[-3:])
            if reason == "exited":
                reason = f"exited with code {proc.returncode}"
            raise BenchError(
                f"{label or ' '.join(cmd)}: no {marker} line within {timeout:.0f} s ({reason})"
                + (f": {tail}" if tail else "")
            )
        return elapsed


def _pump(proc: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.put(line)
    lines.put(None)
