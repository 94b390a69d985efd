"""Billing figures on a 100,000-household demo office (the ledger part, no PDFs).

- `billing_run_100k`: the accrual run of the current month (the demo billed up to last month)
  on a fresh copy of the office; floor: raw sqlite3 executemany of the very rows the run added,
  into the charges table of a second fresh copy (same indexes, same rows already there, same
  pragmas), in one transaction with its commit. Target ratio <= 3.
- `debtors_100k`: the debtors list with ageing buckets for the whole office (warm). <= 1 s.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import time
from pathlib import Path

from bench.core import BenchError, Figure, demo_office, fresh_copy

HOUSEHOLDS = 100_000


def _open(folder: Path):  # type: ignore[no-untyped-def]
    from aimak_desktop.db import open_database

    db = open_database(folder, lock=False)
    return db, db.session()


def _floor(ran: Path, before: Path, run_id: str) -> float:
    """Seconds for plain sqlite3 to add the rows the run added, to the same table, in one go.

    The rows are read back from `ran` (the copy the run wrote to) exactly as stored, in the
    order they were written, and inserted with one executemany and one commit into `before`, an
    untouched copy of the same office: same table, same indexes, same rows already in it, same
    pragmas. (Until 2026-12 the floor inserted copies of a single row, all with the same
    household, subscription and period, into an empty table: a fraction of the index work
    the real rows cost, so it was no fair floor.)
    """
    src = sqlite3.connect(ran / "aimak.sqlite")
    try:
        # The run's own row too: the charges refer to it.
        tables = [
            (table, src.execute(f"SELECT * FROM {table} WHERE {key} = ? ORDER BY rowid", (run_id,)))
            for table, key in (("billing_runs", "id"), ("charges", "run_id"))
        ]
        work = [(table, rows.fetchall(), len(rows.description)) for table, rows in tables]
    finally:
        src.close()
    con = sqlite3.connect(before / "aimak.sqlite", isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA synchronous = FULL")
        start = time.perf_counter()
        con.execute("BEGIN")
        for table, rows, width in work:
            con.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * width)})", rows)
        con.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        con.close()


def run_billing_run() -> tuple[float, float | None]:
    from aimak_desktop.services.auth import SYSTEM
    from aimak_desktop.services.billing_run import commit_run

    office = demo_office(HOUSEHOLDS)
    db, session = _open(office)  # an office made by an older program is upgraded once, first
    session.close()
    db.close()
    folder, before = fresh_copy(office), fresh_copy(office)
    try:
        db, session = _open(folder)
        try:
            period = dt.date.today().strftime("%Y-%m")
            start = time.perf_counter()
            summary = commit_run(session, SYSTEM, period)
            value = time.perf_counter() - start
        finally:
            session.close()
            db.close()
        if summary.count < HOUSEHOLDS // 2:
            raise BenchError(f"only {summary.count} charges: the demo office is not as expected")
        assert summary.run_id is not None
        return value * 1000, _floor(folder, before, summary.run_id.hex) * 1000
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(before, ignore_errors=True)


def run_debtors() -> tuple[float, float | None]:
    from aimak_desktop.services.debts import debtors_report

    db, session = _open(demo_office(HOUSEHOLDS))
    try:
        debtors_report(session)  # warm: the clerk opens the report on a running program
        start = time.perf_counter()
        report = debtors_report(session)
        value = time.perf_counter() - start
    finally:
        session.close()
        db.close()
    if not report.lines:
        raise BenchError("no debtors in the demo office")
    return value * 1000, None


FIGURES = [
    Figure(
        id="billing_run_100k",
        unit="ms",
        target="<= 3",
        run=run_billing_run,
        description="accrual run for 100,000 households vs raw sqlite3 executemany",
    ),
    Figure(
        id="debtors_100k",
        unit="ms",
        target="<= 1000",
        run=run_debtors,
        description="debtors list with ageing for 100,000 households",
    ),
]
