"""The household register out to Excel, CSV and PDF.

The spreadsheet columns and headings are the ones the importer understands, so a register exported
from one office imports into another as it is (tests prove the round trip).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import N_, _, translate
from aimak_desktop.models.register import (
    CATEGORY_LABELS,
    GENDER_LABELS,
    Category,
    Gender,
    Household,
    Street,
    Village,
)
from aimak_desktop.services.import_columns import FIELD_LABELS, FIELDS
from aimak_desktop.services.office import get_office

#: Document languages: Kyrgyz, Russian, English, or Kyrgyz and Russian side by side.
EXPORT_LANGUAGES = ("ky", "ru", "en", "both")
EXPORT_SUFFIXES = (".xlsx", ".csv", ".pdf")
REGISTER_TITLE = N_("Register of households")
SHEET_NAME = N_("Register")
_WIDTHS = {
    "account": 12,
    "name": 34,
    "gender": 8,
    "village": 16,
    "street": 18,
    "house": 8,
    "residents": 10,
    "phone": 18,
    "category": 16,
    "notes": 24,
}


@dataclass(frozen=True, slots=True)
class RegisterLine:
    """One household as exported (category and gender are codes; labels are chosen per language)."""

    account: str
    name: str
    gender: str | None
    village: str
    street: str
    house: str
    residents: int
    phone: str
    category: str
    notes: str


def label(lang: str, text: str) -> str:
    """A heading in the document language; "both" gives "Kyrgyz / Russian" (once if equal)."""
    if lang != "both":
        return translate(lang, text)
    ky, ru = translate("ky", text), translate("ru", text)
    return ky if ky == ru else f"{ky} / {ru}"


def _value_lang(lang: str) -> str:
    # Words inside cells (category, gender) are written once: Kyrgyz for bilingual documents.
    return "ky" if lang == "both" else lang


def register_lines(session: Session, *, include_archived: bool = False) -> list[RegisterLine]:
    """The register in address order: village, street, house, account."""
    query = (
        select(
            Household.account_no,
            Household.head_name,
            Household.gender,
            Village.name,
            Street.name,
            Household.house,
            Household.residents,
            Household.phone,
            Household.category,
            Household.notes,
        )
        .join(Village, Village.id == Household.village_id)
        .outerjoin(Street, Street.id == Household.street_id)
        .order_by(Village.name, Street.name, Household.house_key, Household.account_no)
    )
    if not include_archived:
        query = query.where(Household.archived_at.is_(None))
    return [
        RegisterLine(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6], r[7], r[8], r[9])
        for r in session.execute(query)
    ]


def _cells(line: RegisterLine, lang: str) -> list[str | int]:
    lang = _value_lang(lang)
    gender = translate(lang, GENDER_LABELS[Gender(line.gender)]) if line.gender else ""
    try:
        category = translate(lang, CATEGORY_LABELS[Category(line.category)])
    except ValueError:
        category = line.category
    return [
        line.account,
        line.name,
        gender,
        line.village,
        line.street,
        line.house,
        line.residents,
        line.phone,
        category,
        line.notes,
    ]


def headings(lang: str) -> list[str]:
    return [label(lang, FIELD_LABELS[name]) for name in FIELDS]


def _check_lang(lang: str) -> None:
    if lang not in EXPORT_LANGUAGES:
        raise ValidationError(
            _("Unknown document language {lang}. Use ky, ru, en or both.").format(lang=lang),
            field="lang",
        )


def export_xlsx(
    session: Session, path: str | Path, lang: str = "ky", *, include_archived: bool = False
) -> int:
    """Write the register to an .xlsx workbook; returns the number of households."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    _check_lang(lang)
    lines = register_lines(session, include_archived=include_archived)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(label(_value_lang(lang), SHEET_NAME))
    for index, name in enumerate(FIELDS):
        letter = chr(ord("A") + index)
        sheet.column_dimensions[letter].width = _WIDTHS[name]
    sheet.freeze_panes = "A4"
    bold = Font(bold=True)
    title = WriteOnlyCell(sheet, value=_title(session, lang))
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    sheet.append([])
    header = []
    for text in headings(lang):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for line in lines:
        sheet.append(_cells(line, lang))
    workbook.save(Path(path))
    return len(lines)


def _title(session: Session, lang: str) -> str:
    office = get_office(session)
    name = ""
    if office is not None:
        name = office.name_ru if lang == "ru" else office.name_ky
    heading = label(lang, REGISTER_TITLE)
    return f"{name}. {heading}, {dt.date.today():%d.%m.%Y}" if name else heading


def export_csv(
    session: Session, path: str | Path, lang: str = "ky", *, include_archived: bool = False
) -> int:
    """Write the register as CSV (UTF-8 with BOM and ";" so Excel opens it right)."""
    _check_lang(lang)
    lines = register_lines(session, include_archived=include_archived)
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headings(lang))
        writer.writerows(_cells(line, lang) for line in lines)
    return len(lines)


def export_pdf(
    session: Session, path: str | Path, lang: str = "ky", *, include_archived: bool = False
) -> int:
    """Render the register PDF (A4 landscape, grouped by village with totals)."""
    from aimak_desktop.reports.register_pdf import render_register_pdf

    _check_lang(lang)
    lines = register_lines(session, include_archived=include_archived)
    office = get_office(session)
    names = (office.name_ky, office.name_ru) if office is not None else ("", "")
    render_register_pdf(Path(path), lines, office_names=names, lang=lang)
    return len(lines)


def export_register(session: Session, path: str | Path, lang: str = "ky") -> int:
    """Export by the file's extension (.xlsx, .csv or .pdf); returns the number of households.

    Raises:
        ValidationError: another extension, or an unknown language.
    """
    suffix = Path(path).suffix.lower()
    exporters = {".xlsx": export_xlsx, ".csv": export_csv, ".pdf": export_pdf}
    if suffix not in exporters:
        raise ValidationError(
            _("Save the register as .xlsx, .csv or .pdf (not {suffix}).").format(
                suffix=suffix or "-"
            ),
            field="path",
        )
    return exporters[suffix](session, path, lang)


__all__: Sequence[str] = [
    "EXPORT_LANGUAGES",
    "RegisterLine",
    "export_csv",
    "export_pdf",
    "export_register",
    "export_xlsx",
    "register_lines",
]
