"""Shared fixtures. Qt runs offscreen and nothing may be written to the real home folder."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

# Before any QApplication exists (pytest-qt aborts without a platform on a machine with no screen).
os.environ["QT_QPA_PLATFORM"] = "offscreen"

# Point HOME and the XDG folders at a throwaway place before anything reads them, and remember the
# real home so a test can prove nothing landed there.
_REAL_HOME = Path(os.path.expanduser("~"))
_FAKE_HOME = Path(tempfile.mkdtemp(prefix="aimak-home-"))
for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[var] = str(_FAKE_HOME if var == "HOME" else _FAKE_HOME / var.lower())
os.environ.pop("AIMAK_DATA_DIR", None)
os.environ.setdefault("AIMAK_TEST", "1")

import pytest  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402

from aimak_desktop.services import users as _users  # noqa: E402

# Production argon2 parameters cost ~60 ms a hash by design; tests create many users, so they use
# the cheapest parameters (hashes still verify through the same code path).
_users._hasher = lambda: PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

from aimak_desktop import paths  # noqa: E402
from aimak_desktop.i18n import set_language  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own data folder and English messages unless it asks otherwise."""
    data = tmp_path / "data"
    monkeypatch.setenv("AIMAK_DATA_DIR", str(data))
    paths.set_data_dir(None)
    set_language("en")
    yield
    paths.set_data_dir(None)
    set_language("en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def db(data_dir: Path):
    """An open, empty (migrated) office database."""
    from aimak_desktop.db import open_database

    database = open_database(data_dir)
    yield database
    database.close()


@pytest.fixture
def session(db):
    s = db.session()
    yield s
    s.close()


@pytest.fixture(scope="session")
def _office_template(tmp_path_factory) -> Path:
    """Build the small demo office once; each test gets its own copy of the file."""
    from aimak_desktop.db import open_database
    from aimak_desktop.services.demo import create_demo_office

    folder = tmp_path_factory.mktemp("office-template")
    database = open_database(folder)
    with database.session() as s:
        create_demo_office(s, households=60, seed=7)
    database.close()
    return folder / "aimak.sqlite"


@pytest.fixture
def office(request, data_dir: Path, _office_template: Path):
    """A small demo office (60 households, seed 7) in this test's data folder; returns the session.

    Request it before `db`/`session` (or instead of them): the file is copied in before they open.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_office_template, data_dir / "aimak.sqlite")
    return request.getfixturevalue("session")


@pytest.fixture
def admin(office):
    from aimak_desktop.services.users import actor_of, find_user

    return actor_of(find_user(office, "admin"))


def actor_for(session, username: str):
    from aimak_desktop.services.users import actor_of, find_user

    return actor_of(find_user(session, username))


def real_home() -> Path:
    return _REAL_HOME


def fake_home() -> Path:
    return _FAKE_HOME
