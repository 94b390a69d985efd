"""Remembered printing choices: a printer and paper per document format, and the desk's receipt.

Kept in settings.json under "printers" (see aimak_desktop.settings):

    {"formats": {"receipt_80mm": {"printer": "POS-80", "paper": "auto", "direct": true,
                                  "pdf_file": ""}, ...},
     "desk": {"format": "receipt_80mm", "lang": "ky"}}

No Qt here: the dialogs and the print path read these plain values.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from aimak_desktop.i18n import N_

#: Document formats with their own printer (label shown in the settings dialog).
FORMATS: dict[str, str] = {
    "receipt_80mm": N_("Receipt, 80 mm roll"),
    "receipt_58mm": N_("Receipt, 58 mm roll"),
    "a4": N_("A4 sheet"),
}
#: The receipt renderer's name of each format (reports.receipt_pdf).
RENDER_FORMAT = {"receipt_80mm": "80mm", "receipt_58mm": "58mm", "a4": "a4"}
#: Paper choices: "auto" prints each page at its own size (a roll receipt is as long as its text).
PAPERS: dict[str, str] = {
    "auto": N_("Same as the document"),
    "a4": "A4",
    "a5": "A5",
    "letter": "Letter",
}
RECEIPT_LANGS: dict[str, str] = {
    "ky": N_("Kyrgyz"),
    "ru": N_("Russian"),
    "both": N_("Kyrgyz and Russian"),
}


@dataclass
class FormatPrinter:
    """Where one document format goes.

    Attributes:
        printer: the system printer's name; "" = not chosen yet.
        pdf_file: when set, print into this PDF file instead of a printer (no printer at hand).
        paper: a key of PAPERS.
        direct: print at once without a dialog (the desk); else show the preview first.
    """

    printer: str = ""
    pdf_file: str = ""
    paper: str = "auto"
    direct: bool = True

    @property
    def is_set(self) -> bool:
        return bool(self.printer or self.pdf_file)

    @property
    def prints_directly(self) -> bool:
        """Print without showing anything: only to a remembered target, and when asked to."""
        return self.direct and self.is_set


@dataclass
class PrintPrefs:
    formats: dict[str, FormatPrinter] = field(
        default_factory=lambda: {key: FormatPrinter() for key in FORMATS}
    )
    #: The desk's receipt format (a key of FORMATS) and language (ky, ru, both).
    desk_format: str = "receipt_80mm"
    desk_lang: str = "ky"

    def for_format(self, fmt: str) -> FormatPrinter:
        return self.formats.setdefault(fmt, FormatPrinter())

    def as_dict(self) -> dict[str, Any]:
        return {
            "formats": {key: asdict(value) for key, value in self.formats.items()},
            "desk": {"format": self.desk_format, "lang": self.desk_lang},
        }

    @classmethod
    def from_dict(cls, values: Any) -> PrintPrefs:
        """Read the saved values; anything unknown or damaged falls back to the default."""
        prefs = cls()
        if not isinstance(values, dict):
            return prefs
        formats = values.get("formats")
        if isinstance(formats, dict):
            for key, raw in formats.items():
                if key in FORMATS and isinstance(raw, dict):
                    prefs.formats[key] = FormatPrinter(
                        printer=str(raw.get("printer") or ""),
                        pdf_file=str(raw.get("pdf_file") or ""),
                        paper=str(raw.get("paper")) if raw.get("paper") in PAPERS else "auto",
                        direct=bool(raw.get("direct", True)),
                    )
        desk = values.get("desk")
        if isinstance(desk, dict):
            if desk.get("format") in FORMATS:
                prefs.desk_format = desk["format"]
            if desk.get("lang") in RECEIPT_LANGS:
                prefs.desk_lang = desk["lang"]
        return prefs


def load_prefs(settings: dict[str, Any]) -> PrintPrefs:
    """The printing choices of the settings dict (AppContext.settings)."""
    return PrintPrefs.from_dict(settings.get("printers"))


def save_prefs(settings: dict[str, Any], prefs: PrintPrefs) -> None:
    """Remember `prefs` in settings.json and in the running program's settings dict."""
    from aimak_desktop import settings as settings_file
    from aimak_desktop.errors import AimakError
    from aimak_desktop.i18n import _

    values = prefs.as_dict()
    try:
        settings_file.update(printers=values)
    except OSError as exc:
        raise AimakError(
            _("Cannot save the printer settings: {reason}").format(reason=exc.strerror or exc)
        ) from exc
    settings["printers"] = values
