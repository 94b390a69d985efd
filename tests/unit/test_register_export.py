"""Register export to .xlsx and .csv, and the round trip into a fresh office."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from aimak_desktop.cli.main import main
from aimak_desktop.db import open_database
from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import set_language
from aimak_desktop.services.auth import SYSTEM
from aimak_desktop.services.office import OfficeProfile, create_office
from aimak_desktop.services.register_export import export_register, register_lines
from aimak_desktop.services.register_import import commit, read_table, resolve_mapping, validate
from aimak_desktop.services.registers import create_household
from aimak_desktop.services.users import actor_of, add_user, find_user


def snapshot(session: Any) -> list[tuple]:
    return sorted(
        (
            line.account,
            line.name,
            line.gender,
            line.village,
            line.street,
            line.house,
            line.residents,
            line.phone,
            line.category,
            line.notes,
        )
        for line in register_lines(session)
    )


@pytest.fixture
def fresh_office(tmp_path: Path):
    """An empty office on another PC (series B): no villages, no households."""
    database = open_database(tmp_path / "other")
    session = database.session()
    create_office(
        session,
        OfficeProfile(
            "Сары-Ой айыл өкмөтү", "Айыл окмоту «Сары-Ой»", "Ысык-Көл", "Ысык-Көл", "Сары-Ой"
        ),
        device_code="B",
    )
    add_user(session, SYSTEM, "admin", "Admin", "admin", "secret123")
    yield session, actor_of(find_user(session, "admin"))
    session.close()
    database.close()


def round_trip(office: Any, fresh: tuple[Any, Any], path: Path, lang: str) -> None:
    assert export_register(office, path, lang) == len(register_lines(office))
    session, actor = fresh
    table = read_table(path)
    plan = validate(session, table, resolve_mapping(table), create_villages=True)
    assert plan.rejected == []
    commit(session, actor, plan)
    assert snapshot(session) == snapshot(office)


@pytest.mark.parametrize(
    ("suffix", "lang"), [(".xlsx", "ky"), (".xlsx", "both"), (".csv", "ru"), (".csv", "en")]
)
def test_export_then_import_gives_the_same_register(
    office: Any, admin: Any, fresh_office: Any, tmp_path: Path, suffix: str, lang: str
) -> None:
    # Awkward values: a note, a street-less household, a business without gender.
    create_household(
        office,
        admin,
        head_name="«Ак-Таш» ЖЧК",
        village=register_lines(office)[0].village,
        house="1/2",
        residents=0,
        category="business",
        notes="Дүкөн; эски эсеп 12",
        account_no="ORG-1",
    )
    round_trip(office, fresh_office, tmp_path / f"register{suffix}", lang)


def test_xlsx_layout(office: Any, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    export_register(office, path, "both")
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "айыл өкмөтү" in rows[0][0]  # a title row with the office name
    assert " / " in rows[2][0]  # bilingual headings, which the importer reads back
    assert len(rows) - 3 == len(register_lines(office))


def test_csv_opens_in_excel_with_cyrillic(office: Any, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    export_register(office, path, "ky")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel it is UTF-8
    assert data.decode("utf-8-sig").splitlines()[0].count(";") == 9


def test_archived_households_are_left_out(office: Any, admin: Any) -> None:
    from aimak_desktop.services.registers import archive_household, find_household

    first = register_lines(office)[0]
    household = find_household(office, first.account)
    archive_household(office, admin, household.id, "moved away")
    assert first.account not in {line.account for line in register_lines(office)}


def test_unknown_format_and_language(office: Any, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"Save the register as \.xlsx, \.csv or \.pdf"):
        export_register(office, tmp_path / "r.docx")
    with pytest.raises(ValidationError, match="Unknown document language"):
        export_register(office, tmp_path / "r.csv", "de")


def test_cli_export_register(tmp_path: Path, capsys: Any) -> None:
    folder = str(tmp_path / "cli")
    assert main(["--data-dir", folder, "demo", "--households", "15"]) == 0
    for name, lang in (("r.xlsx", "ky"), ("r.csv", "ru"), ("r.pdf", "both")):
        capsys.readouterr()
        out = tmp_path / name
        code = main(["--data-dir", folder, "--lang", "en", "export-register", "--out", str(out),
                     "--lang", lang, "--json"])  # fmt: skip
        data = json.loads(capsys.readouterr().out)
        assert (code, data["households"], data["lang"]) == (0, 15, lang)
        assert out.stat().st_size > 0
    set_language("en")


def test_export_writes_nothing_to_the_database(office: Any) -> None:
    from sqlalchemy import func, select

    from aimak_desktop.models.core import OplogEntry

    before = office.scalar(select(func.count()).select_from(OplogEntry))
    export_register(office, Path(office.get_bind().url.database).with_suffix(".csv"))
    assert office.scalar(select(func.count()).select_from(OplogEntry)) == before
