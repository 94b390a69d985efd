"""The PyInstaller bundle builds and runs: version, a demo office, status and the first window.

A demo office proves the migrations (read by Alembic from disk) and the data files are inside
the bundle; the window proves Qt's plugins and our fonts are. Takes about a minute.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None,
        reason="PyInstaller is not installed (pip install -e '.[build]')",
    ),
]


def _build(dist: Path, work: Path) -> Path:
    if sys.platform == "linux":
        # the same script a release build uses
        cmd = ["bash", str(REPO / "installer" / "build_linux.sh")]
    else:
        cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean"]
        cmd.append(str(REPO / "installer" / "aimak.spec"))
    env = {**os.environ, "PYTHON": sys.executable}
    proc = subprocess.run(
        [*cmd, "--distpath", str(dist), "--workpath", str(work)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    folder = dist / "AimakDesktop"
    exe = folder / ("AimakDesktop.exe" if sys.platform == "win32" else "AimakDesktop")
    assert exe.is_file(), f"no program in {folder}"
    return exe


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bundle")
    return _build(root / "dist", root / "work")


def _run(exe: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
    )


def test_bundle_prints_its_version(bundle: Path):
    proc = _run(bundle, "--version")
    assert proc.returncode == 0, proc.stderr
    assert "Aimak Desktop 0.1.0" in proc.stdout


def test_bundle_makes_a_demo_office_and_reports_it(bundle: Path, tmp_path: Path):
    office = tmp_path / "office"
    proc = _run(
        bundle, "--data-dir", str(office), "--lang", "en", "demo", "--households", "20", "--json"
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["households"] == 20

    proc = _run(bundle, "--data-dir", str(office), "--lang", "en", "status", "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    status = json.loads(proc.stdout)
    assert status["counts"]["households"] == 20
    assert status["demo"] is True

    # the window of the bundled program opens on that office and paints
    proc = _run(bundle, "--data-dir", str(office), AIMAK_EXIT_AFTER_PAINT="1")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "AIMAK_PAINTED" in proc.stdout.splitlines()
