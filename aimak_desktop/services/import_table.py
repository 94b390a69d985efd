"""Reading a register file (.xlsx or .csv) into rows, finding the header on the way.

Real office files have title rows above the header, headers over two rows with merged cells, blank
rows, repeated headers on each printed page, a "1 2 3 ..." column-number row and a total row at the
end. All of that is normal here, not an error.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.services.import_columns import clean_text, fold, header_score

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
#: Rows searched for the header (title rows and notes above it are common).
HEADER_SEARCH_ROWS = 30
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TOTAL_WORDS = ("итого", "всего", "жыйынтык", "жыйынтыгы", "бардыгы", "баары", "total")


@dataclass
class RawTable:
    """A sheet as read: header texts, and data rows numbered as in the file (1 = first row)."""

    path: Path
    sheet: str | None
    sheets: list[str]
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.header)


def _file_error(message: str) -> ValidationError:
    return ValidationError(message, field="file")


def _is_blank(row: Sequence[Any]) -> bool:
    for value in row:
        if value is None:
            continue
        if isinstance(value, str) and not value.strip():
            continue
        return False
    return True


def _combine(top: Sequence[Any], bottom: Sequence[Any]) -> list[Any]:
    """One header from two rows: a merged group heading above, sub-headings below it."""
    out = []
    for i in range(max(len(top), len(bottom))):
        upper = top[i] if i < len(top) else None
        lower = bottom[i] if i < len(bottom) else None
        if lower is not None and header_score([lower]):
            out.append(lower)
        elif upper is not None and str(upper).strip():
            out.append(upper)
        else:
            out.append(lower)
    return out


def _find_header(head: list[tuple[int, list[Any]]]) -> tuple[int, int, list[Any]] | None:
    """(first index in head, last index, header cells) of the best header among the first rows.

    A header over two rows (a merged group heading such as "Address" above "Village, Street,
    House") is joined into one when that names more fields than either row alone.
    """
    scores = [header_score(cells) for _no, cells in head]
    if not scores or max(scores) < 2:
        return None
    best = scores.index(max(scores))
    options = [(scores[best], best, best, list(head[best][1]))]
    below = head[best + 1] if best + 1 < len(head) else None
    if (
        below is not None
        and below[0] == head[best][0] + 1
        and scores[best + 1] >= 2
        and all(c is None or isinstance(c, str) for c in below[1])
    ):
        cells = _combine(head[best][1], below[1])
        options.append((header_score(cells), best, best + 1, cells))
    above = head[best - 1] if best > 0 else None
    if (
        above is not None
        and above[0] == head[best][0] - 1
        and sum(1 for c in above[1] if c is not None) >= 2
    ):
        cells = _combine(above[1], head[best][1])
        options.append((header_score(cells), best - 1, best, cells))
    _score, first, last, cells = max(options, key=lambda o: (o[0], -(o[2] - o[1])))
    return first, last, cells


def _is_column_numbers(cells: Sequence[Any]) -> bool:
    """The "1 2 3 4 ..." row official forms print under the header."""
    values = [clean_text(c) for c in cells if not (c is None or clean_text(c) == "")]
    return len(values) >= 3 and values == [str(i) for i in range(1, len(values) + 1)]


def _is_total(cells: Sequence[Any]) -> bool:
    for value in cells:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        return isinstance(value, str) and fold(value).startswith(_TOTAL_WORDS)
    return False


def _build_table(
    rows: Iterable[tuple[int, Sequence[Any]]], path: Path, sheet: str | None, sheets: list[str]
) -> RawTable | None:
    """Find the header among the first non-blank rows and keep every data row after it.

    Returns None when the rows hold no recognisable header (or nothing at all).
    """
    iterator: Iterator[tuple[int, Sequence[Any]]] = iter(rows)
    head: list[tuple[int, list[Any]]] = []
    for number, cells in iterator:
        if not _is_blank(cells):
            head.append((number, list(cells)))
            if len(head) >= HEADER_SEARCH_ROWS:
                break
    if not head:
        return None
    found = _find_header(head)
    if found is None:
        return RawTable(path, sheet, sheets, [], 0)
    _first, last, header_cells = found
    header = [clean_text(c) for c in header_cells]
    while header and not header[-1]:
        header.pop()
    table = RawTable(path, sheet, sheets, header, head[last][0])
    header_key = [fold(h) for h in header]
    data = table.rows

    def keep(number: int, cells: Sequence[Any]) -> None:
        if _is_blank(cells) or _is_total(cells):
            return
        # Printed registers repeat the header on every page.
        if isinstance(cells[0], str) and [fold(c) for c in cells[: len(header_key)]] == header_key:
            return
        data.append((number, list(cells)))

    for number, cells in head[last + 1 :]:
        keep(number, cells)
    for number, cells in iterator:
        keep(number, cells)
    if data and _is_column_numbers(data[0][1]):
        del data[0]
    return table


def _check_magic(path: Path) -> bytes:
    if not path.is_file():
        raise _file_error(_("File not found: {path}").format(path=path))
    with path.open("rb") as handle:
        start = handle.read(8)
    if not start:
        raise _file_error(_("The file {name} is empty.").format(name=path.name))
    return start


def _encrypted_or_old(path: Path) -> ValidationError:
    """An OLE (compound file) container: an encrypted .xlsx, or an old .xls workbook."""
    data = path.read_bytes()[:1_000_000]
    if "EncryptedPackage".encode("utf-16-le") in data or path.suffix.lower() != ".xls":
        return _file_error(
            _("The workbook is password-protected. Save it without a password and try again.")
        )
    return _file_error(
        _("{name} is an old Excel 97-2003 file. Open it in Excel and save it as .xlsx.").format(
            name=path.name
        )
    )


def read_table(path: str | Path, sheet: str | None = None) -> RawTable:
    """Read a register file and find its header row.

    Args:
        path: an .xlsx or .csv file.
        sheet: the sheet name (Excel); by default the first sheet that has a register header.

    Raises:
        ValidationError: the file is missing, empty, not a workbook, password-protected, has no
            such sheet, no header row or no data rows. The message says what to do.
    """
    path = Path(path)
    start = _check_magic(path)
    suffix = path.suffix.lower()
    if start.startswith(_OLE_MAGIC):
        raise _encrypted_or_old(path)
    if suffix in EXCEL_SUFFIXES or (suffix not in CSV_SUFFIXES and start.startswith(b"PK")):
        table = _read_xlsx(path, sheet)
    elif suffix in CSV_SUFFIXES:
        table = _read_csv(path)
    else:
        raise _file_error(
            _("{name}: choose an Excel workbook (.xlsx) or a CSV file.").format(name=path.name)
        )
    if not table.rows:
        raise _file_error(
            _("{name} has a header row but no data rows below it.").format(name=path.name)
        )
    return table


def _no_header(path: Path) -> ValidationError:
    return _file_error(
        _(
            "No header row found in {name}. The first rows must name the columns, for example "
            "Account, Name, Village, Street, House, Residents."
        ).format(name=path.name)
    )


def _read_xlsx(path: Path, sheet: str | None) -> RawTable:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    not_excel = _file_error(
        _(
            "{name} is not an Excel workbook (.xlsx), or it is damaged. Open it in Excel and save "
            "it again as .xlsx, or save it as CSV."
        ).format(name=path.name)
    )
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise not_excel from exc
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise _file_error(
                _("There is no sheet named {sheet} in {name}. Sheets: {sheets}.").format(
                    sheet=sheet, name=path.name, sheets=", ".join(names)
                )
            )
        empty = True
        for name in [sheet] if sheet is not None else names:
            worksheet = workbook[name]
            # Some programs write a wrong size into the file; reading cell by cell is safe.
            worksheet.reset_dimensions()  # type: ignore[union-attr]
            rows = enumerate(worksheet.iter_rows(values_only=True), start=1)
            table = _build_table(rows, path, name, names)
            if table is not None:
                empty = False
                if table.header:
                    return table
        if empty:
            raise _file_error(_("The file {name} is empty.").format(name=path.name))
        raise _no_header(path)
    except zipfile.BadZipFile as exc:
        raise not_excel from exc
    finally:
        workbook.close()


def decode_text(data: bytes) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1251.

    Kyrgyz offices' Excel saves CSV in cp1251; a wrong guess would turn names into "Ð¢Ð¾Ðº".
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def sniff_delimiter(text: str) -> str:
    """The delimiter (; , or tab) that splits the first lines into the most equal columns."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ";", -1
    for delimiter in (";", "\t", ","):
        counts: dict[int, int] = {}
        for row in csv.reader(lines, delimiter=delimiter):
            if len(row) > 1:
                counts[len(row)] = counts.get(len(row), 0) + 1
        if counts:
            width, lines_with_width = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
            score = lines_with_width * 1000 + width
            if score > best_score:
                best, best_score = delimiter, score
    return best


def _read_csv(path: Path) -> RawTable:
    text = decode_text(path.read_bytes())
    if not text.strip():
        raise _file_error(_("The file {name} is empty.").format(name=path.name))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    rows = enumerate(([c if c.strip() else None for c in row] for row in reader), start=1)
    table = _build_table(rows, path, None, [])
    if table is None:
        raise _file_error(_("The file {name} is empty.").format(name=path.name))
    if not table.header:
        raise _no_header(path)
    return table
