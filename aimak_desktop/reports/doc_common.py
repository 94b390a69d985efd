"""Shared page template and helpers for A4 documents in Kyrgyz, Russian or both.

A document takes `lang` = "ky", "ru" or "both". `translate(lang, text)` gives "Kyrgyz / Russian"
for "both" (once if the two are the same), so labels are marked for extraction as usual
(`translate` is one of the catalogue tool's keywords). ReportLab is imported inside functions to
keep the program's start-up light.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aimak_desktop.errors import AimakError, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.i18n import translate as translate_one
from aimak_desktop.i18n.formatting import format_date, format_money
from aimak_desktop.reports.fonts import register_fonts

DOC_LANGS = ("ky", "ru", "both")


def check_lang(lang: str) -> str:
    """Raises ValidationError unless `lang` is ky, ru or both."""
    if lang not in DOC_LANGS:
        raise ValidationError(
            _("The document language must be ky, ru or both (not {lang}).").format(lang=lang),
            field="lang",
        )
    return lang


def translate(lang: str, text: str) -> str:
    """`text` in the document language; "both" gives "Kyrgyz / Russian"."""
    if lang != "both":
        return translate_one(lang, text)
    ky, ru = translate_one("ky", text), translate_one("ru", text)
    return ky if ky == ru else f"{ky} / {ru}"


def doc_date(lang: str, day: dt.date) -> str:
    """Official date: "16-февраль 2023-ж.", "16 февраля 2023 г." or both."""
    if lang == "both":
        return f"{format_date(day, 'ky')} / {format_date(day, 'ru')}"
    return format_date(day, lang)


def doc_money(lang: str, tyiyn: int) -> str:
    return format_money(tyiyn, "ru" if lang == "ru" else "ky")


def name_in(lang: str, ky: str, ru: str) -> str:
    """A name kept in both languages (office, service): the right one, or both."""
    if lang == "ru":
        return ru or ky
    if lang == "both" and ru and ru != ky:
        return f"{ky} / {ru}"
    return ky or ru


@dataclass(frozen=True)
class Styles:
    title: Any
    subtitle: Any
    heading: Any
    body: Any
    small: Any
    cell: Any
    cell_bold: Any
    cell_right: Any
    cell_bold_right: Any


@cache
def styles() -> Styles:
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    regular, bold = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5, spaceAfter=3)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10)
    return Styles(
        title=ParagraphStyle(
            "title", fontName=bold, fontSize=14, leading=18, alignment=TA_CENTER, spaceAfter=4
        ),
        subtitle=ParagraphStyle(
            "subtitle",
            fontName=regular,
            fontSize=10,
            leading=13,
            alignment=TA_CENTER,
            spaceAfter=8,
        ),
        heading=ParagraphStyle(
            "heading", fontName=bold, fontSize=10.5, leading=14, spaceBefore=8, spaceAfter=4
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=bold),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_bold_right=ParagraphStyle(
            "cell_bold_right", parent=cell, fontName=bold, alignment=TA_RIGHT
        ),
    )


def esc(text: object) -> str:
    """Escape text for a ReportLab Paragraph (which reads a small XML dialect)."""
    from xml.sax.saxutils import escape

    return escape(str(text)).replace("\n", "<br/>")


def para(text: object, style: Any = None) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(esc(text), style or styles().body)


def heading(text: str) -> Any:
    return para(text, styles().heading)


def data_table(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    right: Sequence[int] = (),
    bold_rows: Sequence[int] = (),
    min_row_height: float | None = None,
) -> Any:
    """A ruled table whose text cells wrap; the header repeats on each page.

    Args:
        rows: cells as text (wrapped) or ready flowables.
        widths: column widths in points; they should add up to the frame width.
        right: column indexes aligned right (amounts, counts).
        bold_rows: row indexes in bold (totals); header rows are always bold.
        min_row_height: a fixed height for every body row (signature sheets).
    """
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    st = styles()
    bold = set(bold_rows) | set(range(header_rows))
    body: list[list[Any]] = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if not hasattr(value, "wrapOn"):  # anything but a flowable is shown as text
                if r in bold:
                    style = st.cell_bold_right if c in right and r >= header_rows else st.cell_bold
                else:
                    style = st.cell_right if c in right else st.cell
                cells.append(para("" if value is None else value, style))
            else:
                cells.append(value)
        body.append(cells)
    heights = None
    if min_row_height is not None:
        heights = [None] * header_rows + [min_row_height] * (len(rows) - header_rows)
    table = Table(body, colWidths=list(widths), rowHeights=heights, repeatRows=header_rows)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#E6ECF2")))
    for r in bold_rows:
        commands.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F3F3F3")))
    table.setStyle(TableStyle(commands))
    return table


def key_values(pairs: Sequence[tuple[str, object]], label_width: float = 150) -> Any:
    """A borderless two-column "label: value" block."""
    from reportlab.platypus import Table, TableStyle

    st = styles()
    rows = [[para(k, st.cell_bold), para(v, st.cell)] for k, v in pairs]
    table = Table(rows, colWidths=[label_width, frame_width() - label_width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def signature_lines(signers: Sequence[tuple[str, str]]) -> Any:
    """Lines to sign on: (role, name) pairs, e.g. ("Chair", "Осмонов Б.")."""
    from reportlab.platypus import Table, TableStyle

    st = styles()
    rows = [
        [para(role, st.cell_bold), para("_" * 28, st.cell), para(name, st.cell)]
        for role, name in signers
    ]
    width = frame_width()
    table = Table(rows, colWidths=[width * 0.3, width * 0.35, width * 0.35])
    table.setStyle(
        TableStyle([("TOPPADDING", (0, 0), (-1, -1), 14), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    )
    return table


MARGIN = 42.0  # points (about 15 mm): fits every office printer's unprintable edge


def frame_width(landscape: bool = False) -> float:
    from reportlab.lib.pagesizes import A4

    width = A4[1] if landscape else A4[0]
    return width - 2 * MARGIN


def build_pdf(
    out: Path,
    story: list[Any],
    *,
    title: str,
    header: str,
    footer: str = "",
    landscape: bool = False,
) -> Path:
    """Write the story to `out` with a running header and page numbers.

    The file appears under its name only when complete (temporary file, then rename).

    Raises:
        AimakError: the folder cannot be written.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as to_landscape
    from reportlab.platypus import SimpleDocTemplate

    regular, _bold = register_fonts()
    size = to_landscape(A4) if landscape else A4

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillGray(0.35)
        canvas.drawString(MARGIN, size[1] - MARGIN + 16, header[:140])
        canvas.drawRightString(size[0] - MARGIN, MARGIN - 20, str(doc.page))
        if footer:
            canvas.drawString(MARGIN, MARGIN - 20, footer[:120])
        canvas.restoreState()

    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".tmp-", suffix=".pdf")
        os.close(fd)
    except OSError as exc:
        raise AimakError(
            _("Cannot write {path}: {reason}").format(path=out, reason=exc.strerror or exc)
        ) from exc
    try:
        doc = SimpleDocTemplate(
            tmp,
            pagesize=size,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=title,
            author="Aimak Desktop",
        )
        doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
        os.replace(tmp, out)
    except OSError as exc:
        raise AimakError(
            _("Cannot write {path}: {reason}").format(path=out, reason=exc.strerror or exc)
        ) from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


def office_header(session: Any, lang: str) -> str:
    """The office's name in the document language ("" before the office is set up)."""
    from aimak_desktop.services.office import get_office

    office = get_office(session)
    if office is None:
        return ""
    return name_in(lang, office.name_ky, office.name_ru)
