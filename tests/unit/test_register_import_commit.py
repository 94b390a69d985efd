"""Committing a register import: all valid rows or nothing, roles, history, rejected file, CLI."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from aimak_desktop.cli.main import main
from aimak_desktop.errors import PermissionDenied, ValidationError
from aimak_desktop.models.core import AuditEntry
from aimak_desktop.models.ids import new_id
from aimak_desktop.models.register import Household, HouseholdHistory, Street, Village
from aimak_desktop.services.register_import import (
    commit,
    read_table,
    resolve_mapping,
    validate,
    write_rejected,
)
from aimak_desktop.services.search import normalise
from tests.conftest import actor_for

HEADER = ["Эсеп", "Аты-жөнү", "Айыл", "Көчө", "Үй", "Жашоочулар", "Телефон", "Категория"]


def write_register(path: Path, rows: list[list[Any]]) -> Path:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Реестр")
    sheet.append(["Ак-Суу айыл өкмөтү: абоненттер"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def big_register(path: Path, count: int, bad_every: int) -> tuple[Path, int]:
    """`count` rows, every `bad_every`-th one broken in one of four ways; returns (path, bad)."""
    rng = random.Random(3)
    rows, bad = [], 0
    for i in range(count):
        row = [
            f"Z{i:06d}",
            f"Үсөнов Бакыт {i}",
            rng.choice(["Ак-Суу", "Көк-Жар", "Жаңы-Жол"]),
            rng.choice(["Манас", "Токтогул", "Ленин"]),
            str(i % 200 + 1),
            rng.randint(1, 9),
            f"0555 {i % 1000000:06d}",
            "Пенсионер" if i % 7 == 0 else "",
        ]
        if i % bad_every == 0:
            bad += 1
            kind = (i // bad_every) % 4
            if kind == 0:
                row[1] = ""
            elif kind == 1:
                row[5] = "бешөө"
            elif kind == 2:
                row[6] = "555-12"
            else:
                row[0] = "Z000001"  # repeats an earlier account
        rows.append(row)
    return write_register(path, rows), bad


def counts(session: Any) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count()).select_from(Household)),
        session.scalar(select(func.count()).select_from(Village)),
        session.scalar(select(func.count()).select_from(Street)),
    )


def plan_of(session: Any, path: Path, create: bool = True) -> Any:
    table = read_table(path)
    return validate(session, table, resolve_mapping(table), create_villages=create)


def test_ten_thousand_rows_with_three_percent_bad(office: Any, admin: Any, tmp_path: Path) -> None:
    path, bad = big_register(tmp_path / "big.xlsx", 10_000, 33)
    before = counts(office)
    known = set(office.scalars(select(Village.name)))
    plan = plan_of(office, path)
    assert len(plan.rejected) == bad
    assert len(plan.households) == 10_000 - bad

    result = commit(office, admin, plan)

    households, villages, _streets = counts(office)
    assert result.imported == households - before[0] == 10_000 - bad
    new = {"Ак-Суу", "Көк-Жар", "Жаңы-Жол"} - known
    assert villages - before[1] == result.villages_created == len(new) > 0
    imported = set(
        office.scalars(select(Household.account_no).where(Household.account_no.like("Z%")))
    )
    assert imported == {h["account_no"] for h in plan.households}
    # One transaction: one audit entry for the whole import.
    audit = office.scalars(select(AuditEntry).where(AuditEntry.kind == "register.import")).all()
    assert len(audit) == 1 and "9696 households from big.xlsx" in audit[0].summary


def test_imported_households_are_searchable_and_have_history(
    office: Any, admin: Any, tmp_path: Path
) -> None:
    path = write_register(
        tmp_path / "r.xlsx", [["Q-1", "Өмүрбекова Гүлнара", "Ак-Суу", "Манас", "7", 3, "", ""]]
    )
    commit(office, admin, plan_of(office, path))
    household = office.scalar(select(Household).where(Household.account_no == "Q-1"))
    assert normalise("ӨМҮРБЕКОВА") in household.search_text
    history = office.scalars(
        select(HouseholdHistory).where(HouseholdHistory.household_id == household.id)
    ).all()
    assert [(h.field, h.new_value, h.actor_name) for h in history] == [
        ("created", "Q-1", admin.name)
    ]


def test_failure_during_commit_leaves_nothing(office: Any, admin: Any, tmp_path: Path) -> None:
    path, _bad = big_register(tmp_path / "r.xlsx", 300, 50)
    plan = plan_of(office, path)
    # A village that vanished between the check and the import: the database refuses the last rows
    # after the new villages, streets and the first households were already sent.
    plan.households[-1].update(village="ghost", street="")
    plan.villages["ghost"] = new_id()
    before = counts(office)
    with pytest.raises(IntegrityError):
        commit(office, admin, plan)
    office.rollback()
    assert counts(office) == before


def test_register_changed_since_the_check(office: Any, admin: Any, tmp_path: Path) -> None:
    path = write_register(
        tmp_path / "r.xlsx", [["Q-1", "Асанов Бакыт", "Ак-Суу", "", "", 1, "", ""]]
    )
    first, second = plan_of(office, path), plan_of(office, path)
    commit(office, admin, first)
    before = counts(office)
    with pytest.raises(ValidationError, match="Account Q-1 was added to the register after"):
        commit(office, admin, second)
    assert counts(office) == before


@pytest.mark.parametrize("username", ["kassa", "mentor"])
def test_roles_that_may_not_change_the_register(office: Any, tmp_path: Path, username: str) -> None:
    path = write_register(
        tmp_path / "r.xlsx", [["Q-1", "Асанов Бакыт", "Ак-Суу", "", "", 1, "", ""]]
    )
    with pytest.raises(PermissionDenied):
        commit(office, actor_for(office, username), plan_of(office, path))


def test_clerk_imports(office: Any, tmp_path: Path) -> None:
    path = write_register(
        tmp_path / "r.xlsx", [["Q-1", "Асанов Бакыт", "Ак-Суу", "", "", 1, "", ""]]
    )
    assert commit(office, actor_for(office, "clerk"), plan_of(office, path)).imported == 1


def test_nothing_valid_nothing_to_commit(office: Any, admin: Any, tmp_path: Path) -> None:
    path = write_register(tmp_path / "r.xlsx", [["Q-1", "", "Ак-Суу", "", "", 1, "", ""]])
    with pytest.raises(ValidationError, match="Nothing to import"):
        commit(office, admin, plan_of(office, path))


def test_rejected_rows_saved_with_reason_and_import_once_fixed(
    office: Any, admin: Any, tmp_path: Path
) -> None:
    rows = [
        ["Q-1", "Асанов Бакыт", "Ак-Суу", "Манас", "1", 1, "", ""],
        ["Q-2", "", "Ак-Суу", "Манас", "2", "3,5", "", ""],
    ]
    plan = plan_of(office, write_register(tmp_path / "r.xlsx", rows))
    commit(office, admin, plan)
    out = write_rejected(plan, tmp_path / "to-fix.xlsx")

    sheet = openpyxl.load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == [*HEADER, "Row", "Reason"]
    assert values[1][:8] == [v if v != "" else None for v in rows[1]]
    assert values[1][8] == 4
    assert "Аты-жөнү: Please enter the name" in values[1][9]
    assert "Жашоочулар: The number of residents must be a whole number" in values[1][9]

    sheet["B2"], sheet["F2"] = "Бекова Айгүл", 3
    fixed = tmp_path / "fixed.xlsx"
    sheet.parent.save(fixed)
    again = plan_of(office, fixed)
    assert again.rejected == []
    assert commit(office, admin, again).imported == 1


# ---- the command line -------------------------------------------------------------------------


@pytest.fixture
def cli_office(tmp_path: Path) -> Path:
    folder = tmp_path / "cli"
    assert main(["--data-dir", str(folder), "demo", "--households", "20"]) == 0
    return folder


def run(capsys: Any, *args: str) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = main(["--lang", "en", *args])
    return code, json.loads(capsys.readouterr().out)


def test_cli_import_reports_and_saves_rejected_rows(
    cli_office: Path, tmp_path: Path, capsys: Any
) -> None:
    rows = [
        ["Q-1", "Асанов Бакыт", "Ак-Суу", "Манас", "1", 4, "0555 123456", ""],
        ["Q-2", "Бекова Айгүл", "Ак-Суу", "Манас", "2", "x", "", ""],
    ]
    path = write_register(tmp_path / "r.xlsx", rows)
    folder, rejected = str(cli_office), str(tmp_path / "rej.xlsx")
    code, dry = run(
        capsys, "--data-dir", folder, "import-register", str(path), "--create-villages",
        "--dry-run", "--json",
    )  # fmt: skip
    assert (code, dry["valid"], dry["imported"], dry["dry_run"]) == (0, 1, 0, True)

    code, out = run(
        capsys, "--data-dir", folder, "import-register", str(path), "--create-villages",
        "--rejected", rejected, "--json",
    )  # fmt: skip
    assert (code, out["imported"], out["rejected"], out["new_villages"]) == (0, 1, 1, ["Ак-Суу"])
    assert out["rejected_rows"] == [
        {
            "row": 4,
            "column": "Жашоочулар",
            "reason": "The number of residents must be a whole number from 0 to 50.",
        }
    ]
    assert Path(out["rejected_file"]).is_file()


def test_cli_unknown_village_refused_exits_1(cli_office: Path, tmp_path: Path, capsys: Any) -> None:
    path = write_register(
        tmp_path / "r.xlsx", [["Q-1", "Асанов Бакыт", "Ак-Суу", "", "", 1, "", ""]]
    )
    code, out = run(capsys, "--data-dir", str(cli_office), "import-register", str(path), "--json")
    assert code == 1
    assert out["error"].startswith("No row can be imported: 1 rows have errors.")
    assert "Unknown village: Ак-Суу" in out["error"]


def test_cli_unusable_file_exits_1(cli_office: Path, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"junk" * 200)
    code, out = run(capsys, "--data-dir", str(cli_office), "import-register", str(path), "--json")
    assert (code, out["ok"]) == (1, False)
    assert "password-protected" in out["error"]
