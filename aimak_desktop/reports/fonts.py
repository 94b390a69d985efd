"""The bundled DejaVu Sans, registered in ReportLab.

ReportLab's built-in fonts draw black boxes for Cyrillic without any error, so every document uses
these names and nothing else.
"""

from __future__ import annotations

from functools import cache

from aimak_desktop.paths import resources_dir

FONT = "AimakSans"
FONT_BOLD = "AimakSans-Bold"


@cache
def register_fonts() -> tuple[str, str]:
    """Register the TTFs once; returns (regular, bold) font names for ReportLab."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)
    return FONT, FONT_BOLD
