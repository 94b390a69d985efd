"""Billing figures on a 100,000-household demo office (the ledger part, no PDFs).

- `billing_run_100k`: the accrual run of the current month (the demo billed up to last month)
  on a fresh copy of the office; floor: raw sqlite3 executemany of the same number of charge
  rows into a copy of the charges table (same indexes, same pragmas) in one transaction.
  Target ratio <= 3.
- `debtors_100k`: the debtors list with ageing buckets for the whole office (warm). <= 1 s.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
import uuid
from pathlib import Path

from bench.core import BenchError, Figure, demo_office, fresh_copy

HOUSEHOLDS = 100_000


def _open(folder: Path):  # type: ignore[no-untyped-def]
    from aimak_desktop.db import open_database

    db = open_database(folder, lock=False)
    return db, db.session()


def _floor(path: Path, rows: int) -> float:
    """Seconds to insert `rows` charge-shaped rows with plain sqlite3 in one transaction."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
        con.execute("DROP TABLE IF EXISTS charges_floor")
        con.execute("CREATE TABLE charges_floor AS SELECT * FROM charges WHERE 0")
        con.execute("CREATE UNIQUE INDEX uq_floor_key ON charges_floor (dedupe_key)")
        con.execute(
            "CREATE INDEX ix_floor_debt ON charges_floor "
            "(household_id, service_id, due_date, period, amount)"
        )
        con.execute("CREATE INDEX ix_floor_period ON charges_floor (period, service_id)")
        con.execute("CREATE INDEX ix_floor_sub ON charges_floor (subscription_id, period)")
        con.execute("CREATE INDEX ix_floor_tariff ON charges_floor (tariff_id)")
        columns = [r[1] for r in con.execute("PRAGMA table_info(charges_floor)")]
        sample = dict(
            zip(columns, con.execute("SELECT * FROM charges LIMIT 1").fetchone(), strict=True)
        )
        data = []
        for _ in range(rows):
            row = dict(sample)
            row["id"] = uuid.uuid4().hex
            row["dedupe_key"] = uuid.uuid4().hex
            data.append(tuple(row[c] for c in columns))
        marks = ",".join("?" * len(columns))
        start = time.perf_counter()
        con.execute("BEGIN")
        con.executemany(f"INSERT INTO charges_floor VALUES ({marks})", data)
        con.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        con.close()


def run_billing_run() -> tuple[float, float | None]:
    from aimak_desktop.services.auth import SYSTEM
    from aimak_desktop.services.billing_run import commit_run

    folder = fresh_copy(demo_office(HOUSEHOLDS))
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
    return value * 1000, _floor(folder / "aimak.sqlite", summary.count) * 1000


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
