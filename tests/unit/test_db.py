"""The database file: pragmas, migrations, schema checks, locks and environment errors."""

from __future__ import annotations

import os
import sqlite3
import sys

import pytest
from sqlalchemy import text

from aimak_desktop import backup, db
from aimak_desktop.errors import (
    DatabaseBusy,
    DatabaseCorrupt,
    DataDirError,
    NewerSchema,
)
from aimak_desktop.services.demo import create_demo_office


def test_pragmas(session):
    conn = session.connection()
    assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    assert conn.execute(text("PRAGMA busy_timeout")).scalar() == db.DEFAULT_BUSY_MS


def test_schema_heads_constant_matches_alembic():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(db.Path(db.__file__).with_name("migrations")))
    script = ScriptDirectory.from_config(cfg)
    assert set(script.get_heads()) == set(db.SCHEMA_HEADS)
    assert {r.revision for r in script.walk_revisions()} == set(db.KNOWN_REVISIONS)


def test_migrations_match_models(db):
    """Migrations create exactly what the models describe (nothing missing, nothing extra)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from aimak_desktop.models import Base, load_all

    load_all()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_new_file_is_at_head(data_dir):
    database = db.open_database(data_dir)
    database.close()
    assert db.read_schema_version(data_dir / "aimak.sqlite") == db.SCHEMA_HEADS


def test_newer_schema_is_refused_and_untouched(data_dir):
    database = db.open_database(data_dir)
    database.close()
    con = sqlite3.connect(data_dir / "aimak.sqlite")
    con.execute(
        "UPDATE alembic_version SET version_num = '9999' "
        "WHERE rowid = (SELECT min(rowid) FROM alembic_version)"
    )
    con.commit()
    con.close()
    before = (data_dir / "aimak.sqlite").read_bytes()
    with pytest.raises(NewerSchema, match="newer version"):
        db.open_database(data_dir)
    assert (data_dir / "aimak.sqlite").read_bytes() == before


def test_old_schema_is_backed_up_then_upgraded_keeping_data(data_dir):
    """A file written by the first release (core revision only) opens, upgraded, data intact."""
    from alembic import command
    from alembic.config import Config

    data_dir.mkdir(parents=True)
    path = data_dir / "aimak.sqlite"
    engine = db.make_engine(path)
    cfg = Config()
    cfg.set_main_option("script_location", str(db.Path(db.__file__).with_name("migrations")))
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO villages (id, name, created_at, hlc) VALUES "
        "('0190aaaa000070008000000000000001', 'Көк-Жар', '2026-01-01 00:00:00', 0)"
    )
    con.commit()
    con.close()
    engine.dispose()
    if {"0001"} == db.SCHEMA_HEADS:
        pytest.skip("only the core revision exists yet")
    database = db.open_database(data_dir)
    try:
        assert db.read_schema_version(path) == db.SCHEMA_HEADS
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM villages")).scalar() == "Көк-Жар"
    finally:
        database.close()
    assert any(b.reason == "before-upgrade" for b in backup.list_backups(data_dir))


def test_corrupt_file_gives_clear_message_with_newest_backup(data_dir):
    database = db.open_database(data_dir)
    backup.make_backup(database.path, reason="manual")
    database.close()
    (data_dir / "aimak.sqlite").write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DatabaseCorrupt) as info:
        db.open_database(data_dir)
    assert "damaged" in info.value.message
    assert info.value.backup is not None
    assert "aimak restore --latest" in info.value.help


def test_second_instance_is_refused(data_dir):
    first = db.open_database(data_dir)
    try:
        with pytest.raises(DatabaseBusy, match="already open"):
            db.open_database(data_dir)
    finally:
        first.close()
    db.open_database(data_dir).close()  # released: opens again


def test_data_dir_that_is_a_file(tmp_path):
    target = tmp_path / "office.txt"
    target.write_text("x")
    with pytest.raises(DataDirError, match="is a file"):
        db.open_database(target)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_data_dir(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DataDirError, match="Cannot write"):
            db.open_database(folder)
    finally:
        folder.chmod(0o700)


def test_read_only_data_dir_as_root(tmp_path, monkeypatch):
    """Root ignores permission bits, so simulate the OS refusing the write probe."""
    from pathlib import Path

    def refuse(self, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_bytes", refuse)
    with pytest.raises(DataDirError, match="Permission denied"):
        db.open_database(tmp_path / "ro")


def test_busy_database_gives_clear_message(data_dir):
    from aimak_desktop.services.auth import SYSTEM
    from aimak_desktop.services.users import add_user

    database = db.open_database(data_dir, busy_timeout_ms=100)
    session = database.session()
    create_demo_office(session, households=5, seed=1)
    blocker = sqlite3.connect(data_dir / "aimak.sqlite")
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseBusy, match="busy"), db.translate_errors():
            add_user(session, SYSTEM, "newuser", "New User", "clerk", "secret1")
    finally:
        blocker.rollback()
        blocker.close()
    session.rollback()
    # Nothing was lost: the same write works once the other program lets go.
    add_user(session, SYSTEM, "newuser", "New User", "clerk", "secret1")
    session.close()
    database.close()
