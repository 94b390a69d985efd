"""Sync figures: importing 100,000 operations, and a sync when nothing is new.

`sync_import_100k`: a second PC imports (verifies, stores, applies) 100,000 operations, each
inserting one household, from a folder; the floor is raw sqlite3 `executemany` of the same
100,000 household rows into a copy of the same database. `sync_noop`: `sync_run` against a
local folder that already holds everything (list, compare, nothing to do).

Run: `python -m bench sync_import_100k sync_noop` once `bench.sync` is registered in
`bench/figures/__init__.py`, or `python -m bench.sync` directly.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.core import Figure, workdir

OPS = 100_000


def _open(folder: Path) -> Any:
    from aimak_desktop.db import open_database

    return open_database(folder, lock=False)


@functools.cache
def _pair() -> tuple[Path, Path, Path, list[tuple[Any, ...]]]:
    """(PC A folder, PC B template folder, bundle folder, household rows) made once."""
    os.environ.setdefault("AIMAK_NO_KEYRING", "1")
    from aimak_desktop.models import Village
    from aimak_desktop.models.core import LocalDevice
    from aimak_desktop.models.ids import new_id
    from aimak_desktop.services.auth import SYSTEM
    from aimak_desktop.services.office import OfficeProfile, create_office
    from aimak_desktop.services.write_path import write
    from aimak_desktop.sync.changes import INSERT, RowChange, encode_payload, encode_value
    from aimak_desktop.sync.exchange import export_bundles
    from aimak_desktop.sync.join import export_office_key, join_office

    base = Path(tempfile.mkdtemp(prefix="sync-", dir=workdir()))
    a_dir, b_dir, usb = base / "a", base / "b", base / "usb"
    db = _open(a_dir)
    s = db.session()
    create_office(s, OfficeProfile("Бенч", "Бенч", "Чүй", "Ысык-Ата", "Бенч"), "A")
    with write(s, SYSTEM, "village.create"):
        village = Village(name="Бенч")
        s.add(village)
    export_bundles(s, str(usb))
    export_office_key(s, base / "key.json")
    join_office(b_dir, base / "key.json", str(usb), "B")
    # 100,000 operations of A, each inserting one household (as the write path records them).
    device = s.get(LocalDevice, 1)
    assert device is not None
    seq, hlc = device.last_seq, device.last_hlc
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    oplog, rows = [], []
    for i in range(OPS):
        row = {
            "id": new_id(),
            "created_at": now,
            "origin_device": device.device_id,
            "account_no": f"A{i:06d}",
            "head_name": f"Household {i}",
            "gender": "m",
            "phone": "",
            "village_id": village.id,
            "street_id": None,
            "house": str(i),
            "residents": 3,
            "category": "regular",
            "notes": "",
            "archived_at": None,
            "archive_reason": "",
            "search_text": f"household {i}",
            "house_key": f"{i:08d}",
        }
        fields = {k: encode_value(v) for k, v in row.items()}
        payload = encode_payload([RowChange("households", str(row["id"]), INSERT, fields)])
        oplog.append(
            (
                str(device.device_id).replace("-", ""),
                seq + i + 1,
                hlc + i + 1,
                "household.create",
                payload,
                now.isoformat(" "),
            )
        )
        rows.append(
            tuple(
                str(v).replace("-", "") if isinstance(v, uuid.UUID) else v
                for v in {**row, "hlc": hlc + i + 1}.values()
            )
        )
    s.close()
    db.close()
    con = sqlite3.connect(a_dir / "aimak.sqlite")
    con.executemany(
        "INSERT INTO oplog (device_id, seq, hlc, kind, payload, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        oplog,
    )
    con.execute("UPDATE local_device SET last_seq = ?, last_hlc = ?", (seq + OPS, hlc + OPS))
    con.commit()
    con.close()
    db = _open(a_dir)
    s = db.session()
    export_bundles(s, str(usb))
    s.close()
    db.close()
    return a_dir, b_dir, usb, rows


def _household_columns() -> list[str]:
    return [
        "id",
        "created_at",
        "origin_device",
        "account_no",
        "head_name",
        "gender",
        "phone",
        "village_id",
        "street_id",
        "house",
        "residents",
        "category",
        "notes",
        "archived_at",
        "archive_reason",
        "search_text",
        "house_key",
        "hlc",
    ]


def run_import() -> tuple[float, float | None]:
    from aimak_desktop.sync.exchange import import_bundles

    _a, b_dir, usb, rows = _pair()
    floor_dir = Path(tempfile.mkdtemp(dir=workdir()))
    shutil.copytree(b_dir, floor_dir, dirs_exist_ok=True)
    con = sqlite3.connect(floor_dir / "aimak.sqlite", isolation_level=None)
    con.execute("PRAGMA synchronous = FULL")
    cols = _household_columns()
    start = time.perf_counter()
    con.execute("BEGIN")
    con.executemany(
        f"INSERT INTO households ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [tuple(str(v) if isinstance(v, dt.datetime) else v for v in r) for r in rows],
    )
    con.execute("COMMIT")
    floor_ms = (time.perf_counter() - start) * 1000
    con.close()
    shutil.rmtree(floor_dir, ignore_errors=True)

    copy = Path(tempfile.mkdtemp(dir=workdir()))
    shutil.copytree(b_dir, copy, dirs_exist_ok=True)
    db = _open(copy)
    session = db.session()
    start = time.perf_counter()
    report = import_bundles(session, str(usb), data_dir=copy)
    value_ms = (time.perf_counter() - start) * 1000
    session.close()
    db.close()
    shutil.rmtree(copy, ignore_errors=True)
    if report.applied < OPS:
        raise RuntimeError(f"only {report.applied} of {OPS} operations applied: {report.held}")
    return value_ms, floor_ms


def run_noop() -> tuple[float, float | None]:
    from aimak_desktop.sync.exchange import sync_run

    a_dir, _b, usb, _rows = _pair()
    db = _open(a_dir)
    session = db.session()
    sync_run(session, str(usb), data_dir=a_dir)  # warm: everything already there
    start = time.perf_counter()
    report = sync_run(session, str(usb), data_dir=a_dir)
    value_ms = (time.perf_counter() - start) * 1000
    session.close()
    db.close()
    if report.sent_files or report.received_files:
        raise RuntimeError(f"not a no-op: {json.dumps(report.as_dict())}")
    return value_ms, None


FIGURES = [
    Figure(
        id="sync_import_100k",
        unit="ms",
        target="<= 3",
        run=run_import,
        description="import 100,000 operations vs sqlite3 executemany of the same rows",
    ),
    Figure(
        id="sync_noop",
        unit="ms",
        target="<= 100",
        run=run_noop,
        description="sync with a local folder when nothing is new (100,000-op office)",
    ),
]


if __name__ == "__main__":
    from bench.core import measure

    for figure in FIGURES:
        print(measure(figure, 1))
