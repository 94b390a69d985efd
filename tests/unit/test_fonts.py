"""The bundled font draws Kyrgyz letters, ships with its licence, and reaches the PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from aimak_desktop.paths import resources_dir
from aimak_desktop.reports.fonts import FONT, FONT_BOLD, register_fonts

KYRGYZ_LETTERS = "ңөүҢӨҮ"
FONTS = resources_dir() / "fonts"


@pytest.mark.parametrize("name", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])
def test_bundled_font_has_kyrgyz_glyphs(name: str) -> None:
    from reportlab.pdfbase.ttfonts import TTFontFile

    cmap = TTFontFile(str(FONTS / name)).charToGlyph
    missing = [c for c in KYRGYZ_LETTERS + "ёЁсом" if cmap.get(ord(c), 0) == 0]
    assert not missing, f"{name} has no glyph for {missing}"


def test_font_licence_is_shipped() -> None:
    licence = FONTS / "LICENSE-DejaVu.txt"
    assert licence.is_file()
    assert "Bitstream" in licence.read_text(encoding="utf-8", errors="replace")


def test_pdf_with_registered_fonts_keeps_kyrgyz_text(tmp_path: Path) -> None:
    from pypdf import PdfReader
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen.canvas import Canvas

    assert register_fonts() == (FONT, FONT_BOLD)
    path = tmp_path / "kyrgyz.pdf"
    canvas = Canvas(str(path), pagesize=A5)
    canvas.setFont(FONT_BOLD, 14)
    canvas.drawString(40, 500, "Төлөөгө: 1 234,50 сом")
    canvas.setFont(FONT, 12)
    canvas.drawString(40, 470, "Жаңы-Жол айылы, Үсөнов Өмүр")
    canvas.drawString(40, 450, "ҢӨҮ — К оплате")
    canvas.save()

    text = PdfReader(str(path)).pages[0].extract_text()
    for line in ("Төлөөгө: 1 234,50 сом", "Жаңы-Жол айылы, Үсөнов Өмүр", "ҢӨҮ — К оплате"):
        assert line in text
