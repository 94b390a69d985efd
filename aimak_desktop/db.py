"""The database file: engine and pragmas, instance lock, schema checks and migrations.

Start-up reads the schema version with plain sqlite3 and imports Alembic only when the file needs an
upgrade, so a normal start pays nothing for migrations.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from aimak_desktop import paths
from aimak_desktop.errors import (
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseError,
    DiskFull,
    NewerSchema,
)
from aimak_desktop.i18n import _

log = logging.getLogger(__name__)

#: The newest revisions this program knows: one head per area branch (core, register, hearings,
#: tariff studies ...). A test checks they equal Alembic's heads.
SCHEMA_HEADS = frozenset({"0002", "0003", "0004", "0005", "0008"})
#: Every revision this program ships (a file at any other revision is from a newer program).
KNOWN_REVISIONS = frozenset({"0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008"})
SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BUSY_MS = 5000


def make_engine(path: Path, busy_timeout_ms: int = DEFAULT_BUSY_MS) -> Engine:
    """An engine on a SQLite file with WAL, foreign keys, synchronous=FULL and a busy timeout.

    pysqlite's own transaction handling is switched off so that SQLAlchemy's BEGIN is real: DDL
    in migrations and SAVEPOINTs then behave as documented.
    """
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": busy_timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


class InstanceLock:
    """An exclusive lock on the data folder held for the life of the process.

    Two programs writing one office file at once is the classic way to lose work on shared PCs,
    so a second instance is told clearly instead.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / ".lock"
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        try:
            _lock_file(handle)
        except OSError as exc:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            raise DatabaseBusy(
                _(
                    "This office is already open in another Aimak Desktop window{holder}. "
                    "Close that window first, then try again."
                ).format(holder=f" (PID {holder})" if holder else "")
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                _unlock_file(self._handle)
            self._handle.close()
            self._handle = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_file(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock_file(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_file(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_file(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def read_schema_version(path: Path) -> frozenset[str] | None:
    """The Alembic revisions (one per branch) stored in the file; None for an empty or new file.

    Raises:
        DatabaseCorrupt: the file is not a SQLite database or cannot be read.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise _corrupt(path)
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            has = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            if not has:
                return None
            rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
            return frozenset(r[0] for r in rows) or None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise _corrupt(path) from exc


def _corrupt(path: Path) -> DatabaseCorrupt:
    from aimak_desktop import backup

    latest = backup.latest_backup(path.parent)
    help_text = (
        _(
            "The newest backup is {name}. Restore it from Settings or with: aimak restore --latest"
        ).format(name=latest.name)
        if latest
        else _("No backup was found in {folder}.").format(folder=backup.folder_of(path.parent))
    )
    return DatabaseCorrupt(
        _("The office data file {path} is damaged or is not an Aimak database.").format(path=path),
        backup=latest,
        help=help_text,
    )


def migrate(engine: Engine) -> None:
    """Upgrade the schema to SCHEMA_HEADS, one transaction per revision (Alembic, batch mode)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


class Database:
    """An open office database: engine, session factory and the instance lock."""

    def __init__(self, path: Path, engine: Engine, lock: InstanceLock | None) -> None:
        self.path = path
        self.engine = engine
        self._lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def session(self) -> Session:
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_database(
    folder: Path | None = None,
    *,
    lock: bool = True,
    busy_timeout_ms: int = DEFAULT_BUSY_MS,
) -> Database:
    """Open (creating or upgrading as needed) the office database in `folder`.

    Raises:
        DataDirError: the folder is a file or read-only.
        DatabaseBusy: another instance holds the office.
        DatabaseCorrupt: the file is damaged; the newest backup is attached.
        NewerSchema: the file comes from a newer program version (it is left untouched).
    """
    folder = paths.ensure_data_dir(folder)
    path = folder / paths.DB_NAME
    instance = InstanceLock(folder) if lock else None
    if instance:
        instance.acquire()
    try:
        version = read_schema_version(path)
        unknown = (version or frozenset()) - KNOWN_REVISIONS
        if unknown:
            raise NewerSchema(
                _(
                    "This office data was saved by a newer version of Aimak Desktop "
                    "(schema {found}). Install the newer version; your data was not changed."
                ).format(found=", ".join(sorted(unknown)))
            )
        engine = make_engine(path, busy_timeout_ms)
        if version != SCHEMA_HEADS:
            if version is not None:
                from aimak_desktop import backup

                backup.make_backup(path, reason="before-upgrade")
            with translate_errors():
                migrate(engine)
        return Database(path, engine, instance)
    except BaseException:
        if instance:
            instance.release()
        raise


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """Turn known SQLite environment failures into messages a clerk understands."""
    try:
        yield
    except (OperationalError, SADatabaseError) as exc:
        raise classify(exc) from exc


def classify(exc: BaseException) -> BaseException:
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusy(
            _(
                "The office data is busy: another program is writing to it. "
                "Wait a moment and try again."
            )
        )
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFull(_("The disk is full. Free some space; nothing was saved."))
    if "not a database" in text or "malformed" in text:
        return _corrupt(paths.db_path())
    if "readonly" in text or "read-only" in text:
        return DatabaseError(_("The office data file cannot be written (read-only)."))
    return exc
