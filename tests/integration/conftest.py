"""A real PostgreSQL on 127.0.0.1 (`pg_url`, a fresh database per test) and three small offices
with their sync bundles and key files (built once per session).

Without a reachable server the PostgreSQL tests skip with the reason, except on CI (CI=true),
where they fail: CI must really run them (`scripts/setup.sh test` starts the server).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("AIMAK_NO_KEYRING", "1")

PG_ADMIN = os.environ.get("AIMAK_TEST_PG", "postgresql+psycopg2://aimak:aimak@127.0.0.1:5432")


def _pg_unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required on CI: {reason}")
    pytest.skip(f"no PostgreSQL server on 127.0.0.1 ({reason}); run scripts/setup.sh test")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a new, empty database aimak_test_<random>; dropped after the test."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    admin = create_engine(
        f"{PG_ADMIN}/postgres", isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )
    name = f"aimak_test_{secrets.token_hex(6)}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        _pg_unavailable(str(exc.orig).strip().splitlines()[0])
    try:
        yield f"{PG_ADMIN}/{name}"
    finally:
        from aimak_desktop.sync import consolidate

        consolidate._office_engines.clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Offices:
    """Three demo offices: their data folders, key files and one bundle folder for all."""

    folders: list[Path]
    keys: list[Path]
    bundles: Path


def build_offices(base: Path, households: int = 25) -> Offices:
    from aimak_desktop.db import open_database
    from aimak_desktop.services.demo import create_demo_office
    from aimak_desktop.sync.exchange import export_bundles
    from aimak_desktop.sync.join import export_office_key

    folders, keys = [], []
    for i, seed in enumerate((11, 12, 13)):
        folder = base / f"office-{i}"
        database = open_database(folder, lock=False)
        with database.session() as s:
            create_demo_office(s, households=households, seed=seed)
            export_office_key(s, base / f"office-{i}.key")
            export_bundles(s, str(base / "usb"), data_dir=folder)
        database.close()
        folders.append(folder)
        keys.append(base / f"office-{i}.key")
    return Offices(folders, keys, base / "usb")


@pytest.fixture(scope="session")
def three_offices(tmp_path_factory: pytest.TempPathFactory) -> Offices:
    return build_offices(tmp_path_factory.mktemp("three-offices"))
