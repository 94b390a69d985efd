"""Fixtures shared by the billing tests: a small billed office as a real database file."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aimak_desktop.models.register import Household
from aimak_desktop.services.billing_run import commit_run
from tests.unit.billing_helpers import make_office


@pytest.fixture(scope="module")
def _mini_template(tmp_path_factory):
    from aimak_desktop.db import open_database

    folder = tmp_path_factory.mktemp("mini-ledger")
    db = open_database(folder)
    with db.session() as s:
        m = make_office(s)
        for period in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05"):
            commit_run(s, m.kassa, period)
    db.close()
    return folder / "aimak.sqlite"


@pytest.fixture
def mini_ledger(tmp_path_factory, _mini_template):
    """A fresh copy of a billed mini office for each hypothesis example."""
    import shutil

    from aimak_desktop.db import open_database
    from aimak_desktop.models.core import User
    from aimak_desktop.services.users import actor_of

    folder = tmp_path_factory.mktemp("ledger")
    shutil.copyfile(_mini_template, folder / "aimak.sqlite")
    db = open_database(folder, lock=False)
    s = db.session()

    class M:
        session = s
        kassa = actor_of(s.scalar(select(User).where(User.username == "kassa")))
        admin = actor_of(s.scalar(select(User).where(User.username == "admin2")))
        households = {h.head_name.split()[-1]: h for h in s.scalars(select(Household))}
        services = {}

    from aimak_desktop.models.catalog import Service

    M.services = {svc.code: svc for svc in s.scalars(select(Service))}
    yield M, []
    s.close()
    db.close()
