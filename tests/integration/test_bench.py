"""The benchmark harness runs and prints well-formed rows (no timing assertions)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_json_row_for_the_floor_figure():
    proc = _bench("--json", "--runs", "1", "startup_floor")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["runs"] == 1
    [row] = report["figures"]
    assert row["id"] == "startup_floor"
    assert row["error"] is None
    assert row["unit"] == "ms"
    assert isinstance(row["value"], float) and row["value"] > 0
    # an absolute target: no floor, no ratio, the target applies to the value
    assert row["floor"] is None and row["ratio"] is None
    assert isinstance(row["met"], bool)
    assert row["runs"] == 1


def test_table_lists_every_column():
    proc = _bench("--runs", "1", "startup_floor")
    assert proc.returncode == 0, proc.stderr
    header, row = proc.stdout.splitlines()
    assert header.split() == ["id", "value", "unit", "floor", "ratio", "target", "result"]
    assert row.startswith("startup_floor ")
    assert "<= 1500" in row


def test_unknown_figure_is_refused_with_the_known_ones():
    proc = _bench("--runs", "1", "no_such_figure")
    assert proc.returncode == 2
    assert "unknown figure no_such_figure" in proc.stderr
    assert "startup" in proc.stderr


def test_list_names_the_startup_figures():
    proc = _bench("--list")
    assert proc.returncode == 0
    ids = [line.split()[0] for line in proc.stdout.splitlines()]
    assert {"startup", "startup_floor"} <= set(ids)
