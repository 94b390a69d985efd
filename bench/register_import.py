"""`import_xlsx_10k`: import a 10,000-row register workbook (about 3% bad rows) into an office.

Measured: read the file, map the columns, check every row and commit the valid ones (one
transaction, with their history rows). Floor: openpyxl's read-only iteration over the same file,
timed in the same run, which no import can beat. Target: value / floor <= 2.

The workbook is made once per benchmark run; each measurement imports into a fresh copy of a small
demo office, so every run does the same work.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from bench.core import Figure, demo_office, fresh_copy, workdir

ROWS = 10_000
#: One row in this many is broken (missing name, bad residents, bad phone, repeated account).
BAD_EVERY = 33
_VILLAGES = ("Ак-Суу", "Көк-Жар", "Жаңы-Жол", "Кара-Булак", "Орто-Сай")
_STREETS = ("Манас", "Токтогул", "Ленин", "Жеңиш", "Бакай", "Чүй", "Ысык-Көл", "Мира")
_NAMES = ("Асанов Бакыт", "Өмүрбекова Гүлнара", "Үсөнов Талант", "Жумабаева Айгүл", "Бекова Нургүл")
_CATEGORIES = ("", "", "", "", "Пенсионер", "Аз камсыз болгон", "Көп балалуу")


def make_register_file(path: Path, rows: int = ROWS, bad_every: int = BAD_EVERY) -> Path:
    """A register workbook as offices keep them: a title row, Kyrgyz headers, ~3% bad rows."""
    from openpyxl import Workbook

    rng = random.Random(10_000)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Реестр")
    sheet.append(["Айыл өкмөтүнүн абоненттеринин реестри"])
    sheet.append([])
    sheet.append(
        ["№", "Эсеп", "Аты-жөнү", "Айыл", "Көчө", "Үй", "Жашоочулар", "Телефон", "Категория"]
    )
    for i in range(rows):
        row: list[object] = [
            i + 1,
            f"Z{i:06d}",
            f"{rng.choice(_NAMES)} {i}",
            rng.choice(_VILLAGES),
            rng.choice(_STREETS),
            str(rng.randint(1, 250)),
            rng.randint(1, 9),
            f"0{rng.choice(('555', '700', '777'))} {rng.randrange(1_000_000):06d}",
            rng.choice(_CATEGORIES),
        ]
        if i % bad_every == 0:
            kind = (i // bad_every) % 4
            if kind == 0:
                row[2] = ""
            elif kind == 1:
                row[6] = "4,5"
            elif kind == 2:
                row[7] = "12-34"
            else:
                row[1] = "Z000001"
        sheet.append(row)
    workbook.save(path)
    return path


def register_file() -> Path:
    path = workdir() / f"register-{ROWS}.xlsx"
    if not path.exists():
        make_register_file(path)
    return path


def floor_seconds(path: Path) -> float:
    """openpyxl read-only iteration over every row's values: the least any import must do."""
    from openpyxl import load_workbook

    start = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    workbook.close()
    return time.perf_counter() - start


def import_seconds(path: Path, office: Path) -> float:
    """Read, map, validate and commit `path` into the office folder; returns seconds."""
    from aimak_desktop.db import open_database
    from aimak_desktop.services import register_import as ri
    from aimak_desktop.services.users import actor_of, find_user

    database = open_database(office)
    try:
        session = database.session()
        actor = actor_of(find_user(session, "admin"))
        session.commit()
        start = time.perf_counter()
        table = ri.read_table(path)
        plan = ri.validate(session, table, ri.resolve_mapping(table), create_villages=True)
        result = ri.commit(session, actor, plan)
        elapsed = time.perf_counter() - start
        session.close()
    finally:
        database.close()
    expected = ROWS - len(range(0, ROWS, BAD_EVERY))
    if result.imported != expected:
        from bench.core import BenchError

        raise BenchError(f"imported {result.imported} rows, expected {expected}")
    return elapsed


def run() -> tuple[float, float]:
    """One measurement: (import seconds, floor seconds)."""
    path = register_file()
    office = fresh_copy(demo_office(600))
    floor = floor_seconds(path)
    value = import_seconds(path, office)
    return value, floor


def _run_ms() -> tuple[float, float | None]:
    value, floor = run()
    return value * 1000, floor * 1000


FIGURES = [
    Figure(
        id="import_xlsx_10k",
        unit="ms",
        target="<= 2",
        run=_run_ms,
        description="import a 10,000-row register .xlsx (3% bad rows) against openpyxl reading it",
    ),
]
