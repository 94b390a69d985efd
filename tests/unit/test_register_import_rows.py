"""Row validation of a register import: every bad row with its row number, column and reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from aimak_desktop.errors import ValidationError
from aimak_desktop.models.register import Household, Village
from aimak_desktop.services.office import get_local_device
from aimak_desktop.services.register_import import read_table, resolve_mapping, validate

HEADER = [
    "Лицевой счет",
    "ФИО",
    "Пол",
    "Айыл",
    "Көчө",
    "Үй",
    "Жашоочулар",
    "Телефон",
    "Категория",
    "Примечание",
]


def plan_for(session: Any, tmp_path: Path, rows: list[list[Any]], create: bool = False) -> Any:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    table = read_table(path)
    return validate(session, table, resolve_mapping(table), create_villages=create)


def first_village(session: Any) -> str:
    return session.scalar(select(Village.name).order_by(Village.name))


def test_each_bad_row_is_listed_with_row_column_and_reason(office: Any, tmp_path: Path) -> None:
    village = first_village(office)
    taken = office.scalar(select(Household.account_no).limit(1))
    rows = [
        ["N-1", "Асанов Бакыт", "м", village, "Манас", 1, 5, "0555 123456", "Пенсионер", ""],
        ["N-2", "  ", "м", village, "Манас", 2, 5, "", "", ""],
        ["N-1", "Осмонов Талант", "э", village, "Манас", 3, 5, "", "", ""],
        [taken, "Бекова Айгүл", "ж", village, "Манас", 4, 5, "", "", ""],
        ["N-5", "Сыдыков Нурлан", "м", "Ай-Тал", "Манас", 5, 5, "", "", ""],
        ["N-6", "Токтосунова Нургүл", "ж", village, "Манас", 6, "4,5", "", "", ""],
        ["N-7", "Жумабаев Эрлан", "м", village, "Манас", 7, 3, "12-34", "", ""],
        ["N-8", "Касымов Азамат", "мужик", village, "Манас", 8, 3, "", "ветеран", ""],
    ]
    plan = plan_for(office, tmp_path, rows)

    assert [h["account_no"] for h in plan.households] == ["N-1"]
    reasons = {(i.row, i.column): i.reason for i in plan.issues}
    assert reasons[(3, "ФИО")] == "Please enter the name of the head of household."
    assert reasons[(4, "Лицевой счет")] == "Account N-1 is repeated: first in row 2."
    assert reasons[(5, "Лицевой счет")] == f"Account {taken} is already in the register."
    assert reasons[(6, "Айыл")] == ("Unknown village: Ай-Тал. Add it first, or allow new villages.")
    assert "whole number" in reasons[(7, "Жашоочулар")]
    assert "12-34" in reasons[(8, "Телефон")]
    assert reasons[(9, "Пол")] == "Unknown gender: мужик. Write male or female."
    assert reasons[(9, "Категория")].startswith("Unknown category: ветеран. Use one of: Regular")
    assert len(plan.rejected) == 7


def test_unknown_village_created_when_the_user_chooses(office: Any, tmp_path: Path) -> None:
    rows = [
        ["", "Сыдыков Нурлан", "", "Ай-Тал", "Жаңы көчө", 5, 5, "", "", ""],
        ["", "Сыдыкова Айпери", "", "АЙ-ТАЛ ", "жаңы  көчө", 6, 2, "", "", ""],
    ]
    plan = plan_for(office, tmp_path, rows, create=True)
    assert plan.rejected == []
    assert plan.new_villages == ["Ай-Тал"]  # one village, spelled as first seen
    assert plan.new_streets == ["Жаңы көчө"]


def test_words_and_codes_in_three_languages(office: Any, tmp_path: Path) -> None:
    village = first_village(office)
    cases = [
        ("ж", "Пенсионер", "f", "pensioner"),
        ("Эркек", "Аз камсыз болгон", "m", "low_income"),
        ("female", "large_family", "f", "large_family"),
        ("М", "Многодетная семья", "m", "large_family"),
        ("аял", "Майып", "f", "disabled"),
        ("", "Бюджетная организация", None, "budget_org"),
        ("", "business", None, "business"),
        ("", "", None, "regular"),
    ]
    rows = [
        [f"W-{i}", "Асанов Бакыт", g, village, "", i, 1, "", c, ""]
        for i, (g, c, _gc, _cc) in enumerate(cases)
    ]
    plan = plan_for(office, tmp_path, rows)
    assert plan.rejected == []
    assert [(h["gender"], h["category"]) for h in plan.households] == [
        (gc, cc) for _g, _c, gc, cc in cases
    ]


def test_values_are_cleaned(office: Any, tmp_path: Path) -> None:
    village = first_village(office)
    rows = [
        [1234.0, " Асанов   Бакыт ", "", village, "Манас ", 12.0, 5.0, 996555123456, "", "эски"],
        ["X-2", "Бекова Айгүл", "", village, "", "", "", "0555 123456; 0777 654 321", "", ""],
    ]
    plan = plan_for(office, tmp_path, rows)
    first, second = plan.households
    assert (first["account_no"], first["head_name"], first["house"]) == (
        "1234",
        "Асанов Бакыт",
        "12",
    )
    assert (first["residents"], first["phone"], first["notes"]) == (5, "+996 555 123 456", "эски")
    assert second["residents"] == 1  # an empty cell means one resident, as on the form
    assert second["phone"] == "+996 555 123 456"
    assert second["notes"] == "+996 777 654 321"  # a second number is kept, in the notes


def test_rows_without_account_continue_this_pcs_series(office: Any, tmp_path: Path) -> None:
    series = get_local_device(office).series
    village = first_village(office)
    highest = max(
        int(a[len(series) :])
        for a in office.scalars(select(Household.account_no))
        if a.startswith(series)
    )
    in_file = f"{series}{highest + 5:06d}"
    rows = [
        ["", "Асанов Бакыт", "", village, "", 1, 1, "", "", ""],
        [in_file, "Бекова Айгүл", "", village, "", 2, 1, "", "", ""],
        ["", "Осмонов Талант", "", village, "", 3, 1, "", "", ""],
    ]
    plan = plan_for(office, tmp_path, rows)
    assert [h["account_no"] for h in plan.households] == [
        f"{series}{highest + 6:06d}",
        in_file,
        f"{series}{highest + 7:06d}",
    ]
    assert plan.new_accounts == 2


def test_mapping_without_name_or_village_is_refused(office: Any, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Эсеп", "Аты-жөнү", "Үй"])
    workbook.active.append(["1", "Асанов Бакыт", "3"])
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    table = read_table(path)
    with pytest.raises(ValidationError, match="holds the village"):
        validate(office, table, resolve_mapping(table), create_villages=False)
    with pytest.raises(ValidationError, match="head of household's name"):
        validate(office, table, {"account": 0}, create_villages=False, default_village="X")
    village = first_village(office)
    plan = validate(office, table, resolve_mapping(table), False, default_village=village)
    assert len(plan.households) == 1
