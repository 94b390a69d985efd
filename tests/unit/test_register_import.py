"""Reading register files: header detection, encodings, delimiters, bad files, column mapping."""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from aimak_desktop.errors import ValidationError
from aimak_desktop.services.import_columns import auto_mapping, parse_date
from aimak_desktop.services.register_import import preview, read_table, resolve_mapping

HEADER_RU = ["Лицевой счет", "ФИО", "Село", "Улица", "Дом", "Кол-во проживающих", "Телефон"]
ROWS = [
    ["L-1", "Асанов Бакыт", "Жаңы-Жол", "Манас", "12", "5", "0555 123456"],
    ["L-2", "Өмүрбекова Гүлнара", "Жаңы-Жол", "Токтогул", "3а", "4", ""],
]


def write_xlsx(path: Path, rows: list[list[Any]], title: str | None = "Sheet") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def set_cached_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells the value Excel would have saved with them (openpyxl writes none)."""
    with zipfile.ZipFile(path) as source:
        items = {name: source.read(name) for name in source.namelist()}
    xml = items["xl/worksheets/sheet1.xml"].decode()
    for formula, value in values.items():
        xml = xml.replace(f"<f>{formula}</f><v />", f"<f>{formula}</f><v>{value}</v>")
    items["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in items.items():
            target.writestr(name, data)


def write_csv(path: Path, rows: list[list[Any]], encoding: str, delimiter: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def test_title_rows_merged_two_row_header_blank_rows_formulas_and_spaces(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Жаңы-Жол айылынын абоненттеринин реестри"
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "01.03.2024-ж. абалы боюнча"
    sheet.append([])
    sheet.append(["№", "Эсеп ", " Аты-жөнү", "Дареги", None, None, "Жашоочулар", "Телефон"])
    sheet.append([None, None, None, "Айыл", "Көчө ", "Үй", None, None])
    sheet.merge_cells("D4:F4")
    for column in "ABCGH":
        sheet.merge_cells(f"{column}4:{column}5")
    sheet.append([1, 2, 3, 4, 5, 6, 7, 8])  # column numbers under the header, as forms print
    sheet.append([1, "K-001", "Асанов Бакыт  ", "Жаңы-Жол ", "Манас", 12, "=2+3", "0555123456"])
    sheet.append([])
    sheet.append([])
    sheet.append([2, "K-002", "Өмүрбекова Гүлнара", "Жаңы-Жол", "Токтогул", "3а", 4, None])
    sheet.append(["Жыйынтыгы", None, None, None, None, None, "=SUM(G7:G10)", None])
    workbook.save(path)
    set_cached_values(path, {"2+3": "5", "SUM(G7:G10)": "9"})

    table = read_table(path)
    mapping = resolve_mapping(table)
    rows = preview(table, mapping)

    assert table.header_row == 5
    assert mapping == {
        "account": 1,
        "name": 2,
        "village": 3,
        "street": 4,
        "house": 5,
        "residents": 6,
        "phone": 7,
    }
    assert [r["row"] for r in rows] == ["7", "10"]  # blank and total rows skipped
    assert rows[0]["name"] == "Асанов Бакыт"
    assert rows[0]["village"] == "Жаңы-Жол"
    assert rows[0]["residents"] == "5"  # the formula's saved value
    assert rows[0]["house"] == "12"


def test_cp1251_csv_with_semicolons(tmp_path: Path) -> None:
    # cp1251 has no ң ө ү: real cp1251 files hold Russian spellings of Kyrgyz names.
    rows = [["L-1", "Асанов Бакыт", "Жаны-Жол", "Манаса", "12", "5", ""]]
    path = write_csv(tmp_path / "r.csv", [HEADER_RU, *rows], "cp1251", ";")
    table = read_table(path)
    assert table.header == HEADER_RU
    assert table.rows == [(2, ["L-1", "Асанов Бакыт", "Жаны-Жол", "Манаса", "12", "5", None])]


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ","), ("utf-8", "\t"), ("utf-8", ";")]
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [["Реестр 2024"], [], HEADER_RU, *ROWS]
    path = write_csv(tmp_path / "r.csv", rows, encoding, delimiter)
    table = read_table(path)
    assert table.header == HEADER_RU
    assert [n for n, _cells in table.rows] == [4, 5]
    assert table.rows[1][1][1] == "Өмүрбекова Гүлнара"


def test_amount_with_comma_in_comma_csv_stays_one_cell(tmp_path: Path) -> None:
    rows = [HEADER_RU, ["L-1", "Асанов Бакыт", "Жаңы-Жол", "Манас", "12", "5,0", ""]]
    table = read_table(write_csv(tmp_path / "r.csv", rows, "utf-8", ","))
    assert table.rows[0][1][5] == "5,0"


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.csv"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(ValidationError, match="is empty"):
        read_table(path)


def test_workbook_with_only_blank_sheets_is_empty(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "blank.xlsx", [])
    with pytest.raises(ValidationError, match=re.escape("blank.xlsx is empty")):
        read_table(path)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_header_only(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"header{suffix}"
    if suffix == ".xlsx":
        write_xlsx(path, [["Реестр"], HEADER_RU])
    else:
        write_csv(path, [HEADER_RU], "utf-8", ";")
    with pytest.raises(ValidationError, match="has a header row but no data rows"):
        read_table(path)


def test_no_header_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "numbers.xlsx", [[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ValidationError, match=re.escape("No header row found in numbers.xlsx")):
        read_table(path)


def test_renamed_non_excel_file(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    path.write_text("this is a text file, not a workbook", encoding="utf-8")
    with pytest.raises(ValidationError, match="is not an Excel workbook"):
        read_table(path)


def test_renamed_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.txt", "x")
    with pytest.raises(ValidationError, match="is not an Excel workbook"):
        read_table(path)


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + b"junk" * 100)
    with pytest.raises(ValidationError) as info:
        read_table(path)
    assert info.value.message == (
        "The workbook is password-protected. Save it without a password and try again."
    )


def test_old_xls_file_is_told_to_save_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600)
    with pytest.raises(ValidationError, match="old Excel 97-2003 file"):
        read_table(path)


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [HEADER_RU, *ROWS], title="Реестр")
    with pytest.raises(
        ValidationError, match=re.escape("no sheet named Лист2 in r.xlsx. Sheets: Реестр")
    ):
        read_table(path, sheet="Лист2")


def test_first_sheet_with_a_header_is_chosen(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Мукаба"
    workbook.active["B2"] = "Айыл өкмөтүнүн реестри"
    data = workbook.create_sheet("Реестр")
    for row in [HEADER_RU, *ROWS]:
        data.append(row)
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert (table.sheet, table.sheets) == ("Реестр", ["Мукаба", "Реестр"])
    assert read_table(path, sheet="Реестр").rows == table.rows


def test_repeated_page_headers_are_skipped(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [HEADER_RU, ROWS[0], HEADER_RU, ROWS[1]])
    assert [n for n, _c in read_table(path).rows] == [2, 4]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            [
                "Эсеп",
                "Аты-жөнү",
                "Айыл",
                "Көчө",
                "Үй",
                "Жашоочулар",
                "Телефон",
                "Категория",
                "Жынысы",
                "Эскертүү",
            ],
            [
                "account",
                "name",
                "village",
                "street",
                "house",
                "residents",
                "phone",
                "category",
                "gender",
                "notes",
            ],
        ),
        (
            [
                "ЛИЦЕВОЙ СЧЁТ",
                "Ф.И.О.",
                "село",
                "улица",
                "№ дома",
                "Кол-во  проживающих (чел.)",
                "тел.",
                "Категория",
                "Пол",
                "Примечание",
            ],
            [
                "account",
                "name",
                "village",
                "street",
                "house",
                "residents",
                "phone",
                "category",
                "gender",
                "notes",
            ],
        ),
        (
            [
                "Account",
                "Head of household",
                "Village",
                "Street",
                "House",
                "Residents",
                "Phone",
                "Category",
                "Gender",
                "Notes",
            ],
            [
                "account",
                "name",
                "village",
                "street",
                "house",
                "residents",
                "phone",
                "category",
                "gender",
                "notes",
            ],
        ),
        (
            ["№ п/п", "Name", "Village", "Комментарий к оплате"],
            [None, "name", "village", "notes"],
        ),
    ],
)
def test_automatic_mapping_in_three_languages(header: list[str], expected: list) -> None:
    mapping = auto_mapping(header)
    by_column = {column: name for name, column in mapping.items()}
    assert [by_column.get(i) for i in range(len(header))] == expected


def test_manual_override_moves_and_removes_columns(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["Код", *HEADER_RU], ["1", *ROWS[0]]])
    table = read_table(path)
    mapping = resolve_mapping(table, {"account": 0, "phone": None})
    assert mapping["account"] == 0
    assert "phone" not in mapping
    assert preview(table, mapping)[0]["account"] == "1"
    with pytest.raises(ValidationError, match="Column 99 does not exist"):
        resolve_mapping(table, {"name": 98})


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("05.03.2024", dt.date(2024, 3, 5)),
        ("05.03.24", dt.date(2024, 3, 5)),
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("05/03/2024", dt.date(2024, 3, 5)),
        (" 05.03.2024 г.", dt.date(2024, 3, 5)),
        (dt.datetime(2024, 3, 5, 0, 0), dt.date(2024, 3, 5)),
    ],
)
def test_parse_date(text: Any, day: dt.date) -> None:
    assert parse_date(text) == day


def test_parse_date_refuses_junk() -> None:
    with pytest.raises(ValueError):
        parse_date("31.02.2024")
