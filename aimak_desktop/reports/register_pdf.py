"""The household register as a PDF: A4 landscape, grouped by village, with totals.

Each village gets its own table (header repeated on every page) and a total line; the last page
holds the grand total of households and residents. Kyrgyz, Russian, English, or Kyrgyz and Russian
side by side ("Эсеп / Лицевой счет").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape

from aimak_desktop.i18n import N_, translate
from aimak_desktop.i18n.formatting import format_date, format_number
from aimak_desktop.models.register import CATEGORY_LABELS, Category
from aimak_desktop.reports.fonts import register_fonts

TITLE = N_("Register of households")
COLUMNS = (
    N_("Account"),
    N_("Head of household"),
    N_("Street, house"),
    N_("Residents"),
    N_("Phone"),
    N_("Category"),
)
VILLAGE_TOTAL = N_("Total for {village}: {households} households, {residents} residents")
GRAND_TOTAL = N_("Grand total: {villages} villages, {households} households, {residents} residents")
PAGE = N_("Page {page} of {pages}")
#: Column widths in millimetres; they fill the 267 mm between the margins of A4 landscape.
_WIDTHS_MM = (30, 78, 66, 24, 36, 33)


class Line(Protocol):
    """What the report needs of a household (services.register_export.RegisterLine)."""

    @property
    def account(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def village(self) -> str: ...
    @property
    def street(self) -> str: ...
    @property
    def house(self) -> str: ...
    @property
    def residents(self) -> int: ...
    @property
    def phone(self) -> str: ...
    @property
    def category(self) -> str: ...


def text(lang: str, message: str, **fields: Any) -> str:
    """`message` in the document language; "both" joins Kyrgyz and Russian (once if equal)."""
    if lang != "both":
        return translate(lang, message).format(**fields)
    ky = translate("ky", message).format(**fields)
    ru = translate("ru", message).format(**fields)
    return ky if ky == ru else f"{ky} / {ru}"


def _number_lang(lang: str) -> str:
    return "ky" if lang == "both" else lang


def _category(lang: str, code: str) -> str:
    try:
        return translate(_number_lang(lang), CATEGORY_LABELS[Category(code)])
    except ValueError:
        return code


def _address(line: Line) -> str:
    return ", ".join(p for p in (line.street, line.house) if p)


def render_register_pdf(
    out: Path,
    lines: Sequence[Line],
    *,
    office_names: tuple[str, str],
    lang: str = "ky",
    day: dt.date | None = None,
) -> Path:
    """Write the register PDF to `out`.

    Args:
        out: the PDF file to write.
        lines: households in address order (village first).
        office_names: the office name in Kyrgyz and in Russian.
        lang: "ky", "ru", "en" or "both".
        day: the date printed in the header (today by default).
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    regular, bold = register_fonts()
    day = day or dt.date.today()
    cell = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=cell, fontName=bold)
    village_style = ParagraphStyle("village", fontName=bold, fontSize=11, leading=14)
    total_style = ParagraphStyle("total", parent=cell, fontName=bold, fontSize=9, leading=11)
    widths = [w * mm for w in _WIDTHS_MM]
    headings = [escape(text(lang, c)) for c in COLUMNS]
    blank = [""] * (len(COLUMNS) - 1)
    num_lang = _number_lang(lang)
    story: list[Any] = []
    villages = households = residents = 0
    for village, group in groupby(lines, key=lambda line: line.village):
        # The village name and the column headings repeat at the top of every page of its table.
        rows: list[list[Any]] = [
            [Paragraph(escape(village), village_style), *blank],
            [Paragraph(h, head) for h in headings],
        ]
        count = people = 0
        for line in group:
            rows.append(
                [
                    line.account,
                    Paragraph(escape(line.name), cell),
                    Paragraph(escape(_address(line)), cell),
                    format_number(line.residents, num_lang),
                    line.phone,
                    Paragraph(escape(_category(lang, line.category)), cell),
                ]
            )
            count += 1
            people += line.residents
        villages, households, residents = villages + 1, households + count, residents + people
        total = text(
            lang,
            VILLAGE_TOTAL,
            village=village,
            households=format_number(count, num_lang),
            residents=format_number(people, num_lang),
        )
        rows.append([Paragraph(escape(total), total_style), *blank])
        style = TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("SPAN", (0, 0), (-1, 0)),
                ("SPAN", (0, -1), (-1, -1)),
                ("GRID", (0, 1), (-1, -2), 0.3, colors.grey),
                ("BACKGROUND", (0, 1), (-1, 1), colors.HexColor("#e8eef4")),
                ("ALIGN", (3, 2), (3, -2), "RIGHT"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, -1), (-1, -1), 4),
            ]
        )
        story += [LongTable(rows, colWidths=widths, repeatRows=2, style=style), Spacer(1, 6 * mm)]
    grand = text(
        lang,
        GRAND_TOTAL,
        villages=format_number(villages, num_lang),
        households=format_number(households, num_lang),
        residents=format_number(residents, num_lang),
    )
    story.append(Paragraph(escape(grand), village_style))

    office = _office_name(office_names, lang)
    title = text(lang, TITLE)
    dated = format_date(day, num_lang)
    page_size = landscape(A4)

    def decorate(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        width, height = page_size
        canvas.setFont(bold, 10)
        canvas.drawString(15 * mm, height - 11 * mm, office)
        canvas.setFont(regular, 9)
        canvas.drawString(15 * mm, height - 16 * mm, title)
        canvas.drawRightString(width - 15 * mm, height - 11 * mm, dated)
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(out),
        pagesize=page_size,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=22 * mm,
        bottomMargin=15 * mm,
        title=title,
        author=office,
    )
    doc.build(
        story,
        onFirstPage=decorate,
        onLaterPages=decorate,
        canvasmaker=_numbered_canvas(lang, regular),
    )
    return out


def _office_name(names: tuple[str, str], lang: str) -> str:
    ky, ru = names
    if lang == "both" and ru and ru != ky:
        return f"{ky} / {ru}"
    return ru if lang == "ru" and ru else ky


def _numbered_canvas(lang: str, font: str) -> Any:
    """A canvas that writes "Page N of M" once the number of pages is known."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _height = landscape(A4)
            self.setFont(font, 8)
            label = text(lang, PAGE, page=self._pageNumber, pages=total)
            self.drawRightString(width - 15 * mm, 8 * mm, label)

    return NumberedCanvas


def village_totals(lines: Iterable[Line]) -> dict[str, tuple[int, int]]:
    """{village: (households, residents)} of the lines, as the PDF prints them."""
    totals: dict[str, tuple[int, int]] = {}
    for line in lines:
        count, people = totals.get(line.village, (0, 0))
        totals[line.village] = (count + 1, people + line.residents)
    return totals
