"""A tiny canvas layout engine for billing documents (receipts, bills, day close, debtors).

Platypus is too slow for 10,000 bills, so documents lay their text out into a `Sheet`: a strip of
fixed width where each call appends wrapped lines at known offsets from the top. The sheet's
height is known before drawing (a thermal receipt's page is exactly that tall) and drawing is one
text object per sheet. Text is wrapped to the measured width of the real font, never cut off.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import _
from aimak_desktop.reports.doc_common import translate
from aimak_desktop.reports.fonts import register_fonts

__all__ = ["MM", "Sheet", "bilingual", "draw_page", "string_width", "wrap", "write_pages"]

MM = 72 / 25.4
LEADING = 1.25  # line height as a multiple of the font size
SMALL = 0.9  # size of secondary lines (addresses, amounts in words)

# One placed sheet on a page: (sheet, left x, top y) in page points.
Placement = tuple["Sheet", float, float]
Page = tuple[tuple[float, float], list[Placement]]


@lru_cache(maxsize=200_000)
def string_width(text: str, font: str, size: float) -> float:
    """Width of `text` in points; cached because labels and amounts repeat across documents."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


def _split_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Break a word wider than the line (a long account number) into pieces that fit."""
    pieces, current = [], ""
    for ch in word:
        if current and string_width(current + ch, font, size) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap at spaces (a non-breaking space keeps "1 234,50" together)."""
    lines: list[str] = []
    for para in text.split("\n"):
        if string_width(para, font, size) <= width:
            lines.append(para)
            continue
        current = ""
        space = string_width(" ", font, size)
        current_w = 0.0
        for word in para.split(" "):
            if not word:
                continue
            w = string_width(word, font, size)
            if current and current_w + space + w <= width:
                current += " " + word
                current_w += space + w
                continue
            if current:
                lines.append(current)
            if w > width:
                *full, current = _split_word(word, font, size, width)
                lines.extend(full)
                current_w = string_width(current, font, size)
            else:
                current, current_w = word, w
        if current:
            lines.append(current)
    return lines or [""]


def bilingual(message: str) -> str:
    """A legal mark printed in both languages whatever the document language."""
    return translate("both", message)


class Sheet:
    """Lines of text, rules, boxes and QR codes placed from the top of a strip `width` wide.

    Offsets grow downwards from 0 (the top); `height` is the space used so far.
    """

    def __init__(self, width: float, font_size: float) -> None:
        self.width = width
        self.size = font_size
        self.regular, self.bold = register_fonts()
        self.y = 0.0
        self.texts: list[tuple[str, float, float, float, str]] = []  # font, size, x, y, text
        self.lines: list[tuple[float, float, float, float, bool, float]] = []
        self.boxes: list[tuple[float, float, float, float, float]] = []  # x, y, w, h, gray
        self.qrs: list[tuple[str, float, float, float]] = []  # payload, x, y(top), size
        self.parts: list[tuple[Sheet, float]] = []  # shared parts and their offsets

    @property
    def height(self) -> float:
        return self.y

    def font(self, bold: bool) -> str:
        return self.bold if bold else self.regular

    def _size(self, small: bool, scale: float) -> float:
        return self.size * (SMALL if small else 1.0) * scale

    def _put(self, font: str, size: float, x: float, text: str, align: str, width: float) -> None:
        if align != "left":
            w = string_width(text, font, size)
            x += (width - w) if align == "right" else (width - w) / 2
        self.texts.append((font, size, x, self.y + size, text))

    def text(
        self,
        text: str,
        *,
        bold: bool = False,
        align: str = "left",
        small: bool = False,
        scale: float = 1.0,
        indent: float = 0.0,
    ) -> None:
        """Wrapped text across the full width (less `indent` points on the left)."""
        font, size = self.font(bold), self._size(small, scale)
        width = self.width - indent
        for line in wrap(text, font, size, width):
            self._put(font, size, indent, line, align, width)
            self.y += size * LEADING

    def pair(self, label: str, value: str, *, bold: bool = False, indent: bool = False) -> None:
        """ "Label ........ value": the value right-aligned on the label's last line if it fits,
        else on its own wrapped lines below."""
        font, size = self.font(bold), self.size
        left = self.size if indent else 0.0
        width = self.width - left
        gap = size * 0.8
        value_w = string_width(value, font, size)
        label_lines = wrap(label, font, size, width)
        for line in label_lines[:-1]:
            self._put(font, size, left, line, "left", width)
            self.y += size * LEADING
        last = label_lines[-1]
        self._put(font, size, left, last, "left", width)
        if string_width(last, font, size) + gap + value_w <= width:
            self._put(font, size, left, value, "right", width)
            self.y += size * LEADING
            return
        self.y += size * LEADING
        # A long value (an address) reads best left-aligned under its label, a little indented.
        for line in wrap(value, font, size, width - size):
            self._put(font, size, left + size, line, "left", width - size)
            self.y += size * LEADING

    def row(
        self,
        cells: Sequence[str],
        widths: Sequence[float],
        *,
        align: str = "",
        bold: bool = False,
        small: bool = False,
        rule: bool = False,
        shade: float | None = None,
        pad: float = 2.0,
    ) -> None:
        """A table row: each cell wrapped in its column; `align` is one letter per column
        (l, r, c; left by default). `rule` draws a thin line under the row.

        The hot path of 10,000 bills: a cell that fits (most do) is measured once, not wrapped.
        """
        font = self.bold if bold else self.regular
        size = self.size * SMALL if small else self.size
        step = size * LEADING
        top = self.y
        base = top + pad / 2 + size
        texts = self.texts
        lines = 1
        x = 0.0
        for col, cell in enumerate(cells):
            w = widths[col]
            if not cell:
                x += w
                continue
            inner = w - 2 * pad
            kind = align[col] if col < len(align) else "l"
            cw = string_width(cell, font, size)
            if cw <= inner and "\n" not in cell:
                parts: Sequence[tuple[str, float]] = ((cell, cw),)
            else:
                parts = [(p, string_width(p, font, size)) for p in wrap(cell, font, size, inner)]
                lines = max(lines, len(parts))
            y = base
            for text, tw in parts:
                if kind == "r":
                    tx = x + pad + inner - tw
                elif kind == "c":
                    tx = x + pad + (inner - tw) / 2
                else:
                    tx = x + pad
                texts.append((font, size, tx, y, text))
                y += step
            x += w
        height = lines * step + pad
        if shade is not None:
            self.boxes.append((0.0, top, sum(widths), height, shade))
        self.y = top + height
        if rule:
            self.hline(0.3)

    def paste(self, part: Sheet) -> None:
        """Place a part laid out once (the same header on 10,000 bills) at the current offset.

        The part is drawn by reference, not copied: it must not change afterwards.
        """
        self.parts.append((part, self.y))
        self.y += part.height

    def hline(self, weight: float = 0.5, dashed: bool = False) -> None:
        self.lines.append((0.0, self.y, self.width, self.y, dashed, weight))

    def rule(self, dashed: bool = True) -> None:
        """A separator with a little space around it."""
        self.y += self.size * 0.35
        self.hline(0.5, dashed)
        self.y += self.size * 0.45

    def gap(self, lines: float = 1.0) -> None:
        self.y += self.size * LEADING * lines

    def mark(self, text: str) -> None:
        """A framed bold line in the middle ("COPY", "VOIDED")."""
        font, size = self.bold, self.size * 1.1
        self.y += size * 0.3
        top = self.y
        for line in wrap(text, font, size, self.width - size):
            self._put(font, size, 0.0, line, "center", self.width)
            self.y += size * LEADING
        self.y += size * 0.25
        self.lines.extend(
            (x1, y1, x2, y2, False, 1.0)
            for x1, y1, x2, y2 in (
                (0.0, top, self.width, top),
                (0.0, self.y, self.width, self.y),
                (0.0, top, 0.0, self.y),
                (self.width, top, self.width, self.y),
            )
        )
        self.y += size * 0.3

    def qr(self, payload: str, size: float, align: str = "center", advance: bool = True) -> None:
        """A QR code `size` points square; `advance=False` floats it (A4 corner)."""
        x = {"center": (self.width - size) / 2, "right": self.width - size}.get(align, 0.0)
        self.qrs.append((payload, x, self.y, size))
        if advance:
            self.y += size

    def draw(self, canvas: Any, x0: float, top: float) -> None:
        """Draw with the sheet's top-left corner at (x0, top) in page points."""
        draw_page(canvas, [(self, x0, top)])


def _flatten(placed: Iterable[Placement]) -> list[Placement]:
    """The sheets and all their shared parts, each with its own page position."""
    out: list[Placement] = []
    for sheet, x0, top in placed:
        # Parts first, in order: text then reads top to bottom, one sheet after the other.
        out.extend(_flatten((part, x0, top - dy) for part, dy in sheet.parts))
        out.append((sheet, x0, top))
    return out


def draw_page(canvas: Any, placed: Iterable[Placement]) -> None:
    """Draw sheets onto the current page: shading, rules, then all text in one text object."""
    from aimak_desktop.reports.receipt_qr import draw_qr

    sheets = _flatten(placed)
    shaded = False
    for sheet, x0, top in sheets:
        for x, y, w, h, gray in sheet.boxes:
            canvas.setFillGray(gray)
            canvas.rect(x0 + x, top - y - h, w, h, stroke=0, fill=1)
            shaded = True
    if shaded:
        canvas.setFillGray(0)
    dash = False
    for sheet, x0, top in sheets:
        for x1, y1, x2, y2, dashed, weight in sheet.lines:
            canvas.setLineWidth(weight)
            if dashed != dash:
                if dashed:
                    canvas.setDash(2, 2)
                else:
                    canvas.setDash()
                dash = dashed
            canvas.line(x0 + x1, top - y1, x0 + x2, top - y2)
    if dash:
        canvas.setDash()
    text = canvas.beginText()
    current = ("", 0.0)
    for sheet, x0, top in sheets:
        for font, size, x, y, line in sheet.texts:
            if (font, size) != current:
                text.setFont(font, size)
                current = (font, size)
            text.setTextOrigin(x0 + x, top - y)
            text.textOut(line)
    canvas.drawText(text)
    for sheet, x0, top in sheets:
        for payload, x, y, size in sheet.qrs:
            draw_qr(canvas, payload, x0 + x, top - y - size, size)


def write_pages(
    path: Path,
    pages: Iterable[Page],
    *,
    title: str,
    decorate: Callable[[Any, tuple[float, float]], None] | None = None,
) -> Path:
    """Draw `pages` into a PDF at `path`; the file appears only when complete.

    Raises:
        AimakError: the folder cannot be written.
    """
    from reportlab.pdfgen.canvas import Canvas

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
        os.close(fd)
    except OSError as exc:
        raise AimakError(
            _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    try:
        canvas = Canvas(tmp)
        canvas.setTitle(title)
        canvas.setAuthor("Aimak Desktop")
        for size, placed in pages:
            canvas.setPageSize(size)
            if decorate is not None:
                decorate(canvas, size)
            draw_page(canvas, placed)
            canvas.showPage()
        canvas.save()
        os.replace(tmp, path)
    except OSError as exc:
        raise AimakError(
            _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
