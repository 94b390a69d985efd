"""Backups of the office file with SQLite's online backup API, and their rotation.

Automatic copies are made daily (at start), on exit and before every schema upgrade. Rotation keeps
the newest automatic copy of each of the last 7 days, 5 weeks and 12 months; manual, pre-upgrade
and pre-restore copies are kept until someone deletes them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from aimak_desktop import paths

AUTOMATIC = ("daily", "exit")
_NAME = re.compile(r"^aimak-(\d{8}-\d{6})-([a-z0-9-]+)\.sqlite$")
KEEP_DAYS, KEEP_WEEKS, KEEP_MONTHS = 7, 5, 12


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime
    reason: str

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def automatic(self) -> bool:
        return self.reason in AUTOMATIC


def folder_of(data_folder: Path | None = None) -> Path:
    return (data_folder or paths.data_dir()) / "backups"


def make_backup(db_file: Path, reason: str = "manual", now: dt.datetime | None = None) -> Path:
    """Copy the live database consistently (online backup: safe while the program runs)."""
    now = now or dt.datetime.now()
    target_dir = folder_of(db_file.parent)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"aimak-{now:%Y%m%d-%H%M%S}-{reason}.sqlite"
    n = 1
    while target.exists():
        n += 1
        target = target_dir / f"aimak-{now:%Y%m%d-%H%M%S}-{reason}-{n}.sqlite"
    tmp = target.with_suffix(".partial")
    src = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(target)
    return target


def list_backups(data_folder: Path | None = None) -> list[BackupFile]:
    """Backups in the folder, newest first."""
    folder = folder_of(data_folder)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if m:
            taken = dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
            reason = re.sub(r"-\d+$", "", m.group(2))
            found.append(BackupFile(p, taken, reason))
    return sorted(found, key=lambda b: (b.taken_at, b.name), reverse=True)


def latest_backup(data_folder: Path | None = None) -> BackupFile | None:
    backups = list_backups(data_folder)
    return backups[0] if backups else None


def backup_due(data_folder: Path | None = None, today: dt.date | None = None) -> bool:
    """True when no automatic backup was taken today."""
    today = today or dt.date.today()
    return not any(b.automatic and b.taken_at.date() == today for b in list_backups(data_folder))


def rotate(data_folder: Path | None = None) -> list[Path]:
    """Delete automatic backups outside the day/week/month windows; return the removed."""
    autos = [b for b in list_backups(data_folder) if b.automatic]
    keep: set[Path] = set()
    for key, limit in (
        (lambda b: b.taken_at.date(), KEEP_DAYS),
        (lambda b: b.taken_at.isocalendar()[:2], KEEP_WEEKS),
        (lambda b: (b.taken_at.year, b.taken_at.month), KEEP_MONTHS),
    ):
        seen: list[object] = []
        for b in autos:  # newest first: the first of each period is the one kept
            period = key(b)
            if period not in seen:
                if len(seen) >= limit:
                    break
                seen.append(period)
                keep.add(b.path)
    removed = []
    for b in autos:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def restore_file(backup_file: Path, db_file: Path) -> Path:
    """Put a backup in place of the live file (the database must be closed).

    The current file is first kept as a "before-restore" backup so that a wrong choice can be
    undone. Returns the path of that safety copy (or the live path if there was no live file).
    """
    with open(backup_file, "rb") as fh:
        from aimak_desktop.db import SQLITE_HEADER

        if fh.read(16) != SQLITE_HEADER:
            from aimak_desktop.errors import DatabaseCorrupt
            from aimak_desktop.i18n import _

            raise DatabaseCorrupt(
                _("{name} is not a backup of an Aimak database.").format(name=backup_file.name)
            )
    safety = db_file
    if db_file.exists():
        try:
            safety = make_backup(db_file, reason="before-restore")
        except sqlite3.DatabaseError:
            # A damaged live file cannot be read by the backup API: keep its bytes as they are.
            safety = folder_of(db_file.parent) / f"damaged-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite"
            shutil.copy2(db_file, safety)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    tmp = db_file.with_suffix(".restoring")
    shutil.copyfile(backup_file, tmp)
    tmp.replace(db_file)
    return safety
