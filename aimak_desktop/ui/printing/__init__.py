"""Printing PDF documents: direct print, print preview, printer choice, remembered settings.

Every document is first written as a PDF (reports/); these helpers put that PDF on paper:

- `print_or_preview(path, target, parent)`: straight to the remembered printer when the format's
  settings say "print at once" and a printer (or PDF file) is set, else the preview dialog;
- `print_pdf(path, target)`: direct print without any dialog;
- `preview_pdf(path, target, parent)`: the preview (its Print button prints);
- `PrinterSettingsDialog(settings, load_prefs(settings))`: choose and remember printers.

`target` is a `prefs.FormatPrinter`, e.g. `load_prefs(ctx.settings).for_format("a4")`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aimak_desktop.ui.printing.prefs import (
    FORMATS,
    FormatPrinter,
    PrintPrefs,
    load_prefs,
    save_prefs,
)

__all__ = [
    "FORMATS",
    "FormatPrinter",
    "PrintPrefs",
    "load_prefs",
    "print_or_preview",
    "save_prefs",
]


def print_or_preview(path: Path | str, target: FormatPrinter, parent: Any = None) -> Any:
    """Print `path` as the format's settings say.

    Returns:
        The preview dialog when one was opened, else None (printed directly).

    Raises:
        AimakError: unreadable PDF, printer missing or failing.
    """
    if target.prints_directly:
        from aimak_desktop.ui.printing.pdf_print import print_pdf

        print_pdf(path, target)
        return None
    from aimak_desktop.ui.printing.preview import preview_pdf

    return preview_pdf(path, target, parent)
