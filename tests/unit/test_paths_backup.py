"""Paths stay inside the chosen folder; backups rotate; a restore takes a new identity."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from sqlalchemy import select

from aimak_desktop import backup, paths
from aimak_desktop.models import Device
from aimak_desktop.services.maintenance import restore_backup
from aimak_desktop.services.office import get_local_device
from tests.conftest import PYTHON, REPO, fake_home, real_home


def test_data_dir_priority(tmp_path, monkeypatch):
    monkeypatch.setenv("AIMAK_DATA_DIR", str(tmp_path / "env"))
    assert paths.data_dir() == (tmp_path / "env").resolve()
    paths.set_data_dir(tmp_path / "flag")
    assert paths.data_dir() == (tmp_path / "flag").resolve()
    paths.set_data_dir(None)
    monkeypatch.delenv("AIMAK_DATA_DIR")
    # The platform folder lives under the (fake) home of the test run, never the real one.
    assert str(paths.data_dir()).startswith(str(fake_home()))


def test_tests_never_write_to_the_real_home():
    assert Path(os.environ["HOME"]) == fake_home() != real_home()


def test_cli_writes_only_into_the_data_dir(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "share")}
    env.pop("AIMAK_DATA_DIR", None)
    out = subprocess.run(
        [
            PYTHON,
            "-m",
            "aimak_desktop",
            "--data-dir",
            str(tmp_path / "office"),
            "--lang",
            "en",
            "demo",
            "--households",
            "5",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "office" / "aimak.sqlite").exists()
    assert list(home.rglob("*")) == []


def _touch_backup(folder: Path, when: dt.datetime, reason: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"aimak-{when:%Y%m%d-%H%M%S}-{reason}.sqlite"
    p.write_bytes(b"SQLite format 3\x00")
    return p


def test_rotation_keeps_days_weeks_months_and_manual_copies(tmp_path):
    folder = backup.folder_of(tmp_path)
    start = dt.datetime(2026, 11, 27, 18, 0)
    for day in range(400):
        _touch_backup(folder, start - dt.timedelta(days=day), "exit")
    manual = _touch_backup(folder, start - dt.timedelta(days=500), "manual")
    backup.rotate(tmp_path)
    left = backup.list_backups(tmp_path)
    autos = [b for b in left if b.automatic]
    days = {b.taken_at.date() for b in autos}
    # the last 7 days are all kept
    assert {(start - dt.timedelta(days=d)).date() for d in range(7)} <= days
    months = {(b.taken_at.year, b.taken_at.month) for b in autos}
    assert len(months) == 12
    assert len(autos) <= 7 + 5 + 12
    assert manual.exists()


def test_backup_due_once_a_day(tmp_path):
    folder = backup.folder_of(tmp_path)
    assert backup.backup_due(tmp_path, dt.date(2026, 11, 27))
    _touch_backup(folder, dt.datetime(2026, 11, 27, 8, 0), "daily")
    assert not backup.backup_due(tmp_path, dt.date(2026, 11, 27))
    assert backup.backup_due(tmp_path, dt.date(2026, 11, 28))


def test_backup_is_a_consistent_copy(office, db):
    copy = backup.make_backup(db.path, reason="manual")
    import sqlite3

    con = sqlite3.connect(copy)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM households").fetchone()[0] == 60
    con.close()


def test_restore_takes_a_new_device_identity_and_keeps_the_current_file(office, db, data_dir):
    old = get_local_device(office)
    old_id, old_series = old.device_id, old.series
    copy = backup.make_backup(db.path, reason="manual")
    office.close()
    db.close()
    outcome = restore_backup(data_dir, copy)
    assert outcome.safety_copy.exists() and outcome.safety_copy != copy
    from aimak_desktop.db import open_database

    with open_database(data_dir) as database, database.session() as s:
        device = get_local_device(s)
        assert device.device_id != old_id
        assert device.series != old_series and device.series.startswith(old_series)
        assert device.last_seq == 1  # the new identity's first operation registered it
        codes = set(s.scalars(select(Device.code)))
        assert {old_series, device.series} <= codes


def test_restore_without_backups_says_so(data_dir):
    import pytest

    from aimak_desktop.errors import AimakError

    data_dir.mkdir(parents=True)
    with pytest.raises(AimakError, match="no backup"):
        restore_backup(data_dir)
