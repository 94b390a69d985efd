"""Indicator and consolidation figures.

- `dashboard_open_100k`: the data part of opening the dashboard: `indicators_for_office` for last
  month on the 100,000-household demo office (warm, as on a running program). Target <= 300 ms.
- `consolidate_50`: 50 offices x 2,000 households x one year of ledger consolidated into
  PostgreSQL (bundles built once into the work dir and reused with --work-dir); floor: PostgreSQL
  COPY of the same rows into an empty copy of the same tables. Target ratio <= 3.
  AIMAK_BENCH_QUICK=1 uses 5 offices x 200 households (a smoke figure, not the target size).
  The server is AIMAK_BENCH_PG (default postgresql://aimak:aimak@127.0.0.1:5432).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
import time
from pathlib import Path

from bench.core import BenchError, Figure, demo_office, workdir

HOUSEHOLDS = 100_000
PG = os.environ.get("AIMAK_BENCH_PG", "postgresql+psycopg2://aimak:aimak@127.0.0.1:5432")


def _sizes() -> tuple[int, int]:
    return (5, 200) if os.environ.get("AIMAK_BENCH_QUICK") else (50, 2000)


def run_dashboard() -> tuple[float, float | None]:
    from aimak_desktop.db import open_database
    from aimak_desktop.services.indicators import indicators_for_office

    db = open_database(demo_office(HOUSEHOLDS), lock=False)
    session = db.session()
    try:
        last = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
        indicators_for_office(session, last)  # warm
        start = time.perf_counter()
        data = indicators_for_office(session, last)
        value = time.perf_counter() - start
    finally:
        session.close()
        db.close()
    if data["arrears"]["value"] is None:
        raise BenchError("no arrears in the demo office")
    return value * 1000, None


def _offices(count: int, households: int) -> tuple[Path, list[Path]]:
    """Bundles and key files of `count` demo offices, built once into the work dir."""
    from aimak_desktop.db import open_database
    from aimak_desktop.services.demo import create_demo_office
    from aimak_desktop.sync.exchange import export_bundles
    from aimak_desktop.sync.join import export_office_key

    os.environ.setdefault("AIMAK_NO_KEYRING", "1")
    base = workdir() / f"consolidate-{count}x{households}"
    keys = []
    for i in range(count):
        key = base / f"office-{i}.key"
        if not key.exists():
            folder = base / f"office-{i}"
            database = open_database(folder, lock=False)
            with database.session() as s:
                create_demo_office(s, households=households, seed=100 + i)
                export_bundles(s, str(base / "usb"), data_dir=folder)
                export_office_key(s, key)  # last: marks the office as complete
            database.close()
        keys.append(key)
    return base / "usb", keys


def _copy_floor(url: str) -> float:
    """Seconds to COPY every consolidated row into an empty copy of its office's tables."""
    from sqlalchemy import create_engine, text

    from aimak_desktop.models import Base
    from aimak_desktop.sync.consolidate import offices_table

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            offices = list(
                conn.scalars(offices_table.select().with_only_columns(offices_table.c.office_id))
            )
        dumps: list[tuple[str, str, bytes]] = []
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            for office in offices:
                schema = f"office_{office.replace('-', '')}"
                for table in Base.metadata.sorted_tables:
                    buf = io.BytesIO()
                    cur.copy_expert(f'COPY "{schema}"."{table.name}" TO STDOUT', buf)
                    if buf.tell():
                        dumps.append((f"floor_{schema[7:]}", table.name, buf.getvalue()))
            raw.commit()
        finally:
            raw.close()
        with engine.begin() as conn:
            for office in offices:
                conn.execute(text(f'CREATE SCHEMA "floor_{office.replace("-", "")}"'))
        for office in offices:
            scoped = engine.execution_options(
                schema_translate_map={None: f"floor_{office.replace('-', '')}"}
            )
            Base.metadata.create_all(scoped)
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            start = time.perf_counter()
            for schema, table, data in dumps:
                cur.copy_expert(f'COPY "{schema}"."{table}" FROM STDIN', io.BytesIO(data))
            raw.commit()
            return time.perf_counter() - start
        finally:
            raw.close()
    finally:
        engine.dispose()


def run_consolidate() -> tuple[float, float | None]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    from aimak_desktop.sync.consolidate import consolidate

    count, households = _sizes()
    bundles, keys = _offices(count, households)
    name = f"aimak_bench_{secrets.token_hex(4)}"
    admin = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        raise BenchError(f"no PostgreSQL server: {exc.orig}") from exc
    url = f"{PG}/{name}"
    try:
        start = time.perf_counter()
        report = consolidate([str(bundles)], url, keys)
        value = time.perf_counter() - start
        if len(report.offices) != count:
            raise BenchError(f"only {len(report.offices)} of {count} offices consolidated")
        floor = _copy_floor(url)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return value * 1000, floor * 1000


FIGURES = [
    Figure(
        id="dashboard_open_100k",
        unit="ms",
        target="<= 300",
        run=run_dashboard,
        description="dashboard indicators (data part) for 100,000 households",
    ),
    Figure(
        id="consolidate_50",
        unit="ms",
        target="<= 3",
        run=run_consolidate,
        description="50 offices x 2,000 households into PostgreSQL vs COPY of the same rows",
    ),
]
