"""Receipts from the desk to paper: write the PDF in the background, then print or preview it.

The receipt's paper (80 mm, 58 mm, A4) and language come from the printing settings, and so does
where it goes: straight to the remembered desk printer, or the preview when none is set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from aimak_desktop.errors import AimakError
from aimak_desktop.ui.cash.data import write_receipt
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.printing import load_prefs, print_or_preview
from aimak_desktop.ui.printing.prefs import RENDER_FORMAT, FormatPrinter


class ReceiptPrinter(QObject):
    #: (receipt number, PDF path, True when it went straight to the printer)
    printed = Signal(str, str, bool)
    #: A message for the cashier (printer missing, file not writable ...).
    failed = Signal(str)

    def __init__(self, ctx: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        #: The last preview opened (tests and screenshots look at it).
        self.preview: Any = None

    def print_receipt(self, receipt_no: str, *, is_copy: bool = False) -> None:
        prefs = load_prefs(self.ctx.settings)
        target = prefs.for_format(prefs.desk_format)
        fmt, lang = RENDER_FORMAT[prefs.desk_format], prefs.desk_lang
        self.ctx.tasks.run_read(
            lambda session: write_receipt(session, receipt_no, fmt, lang, is_copy=is_copy),
            on_done=lambda path: self._ready(receipt_no, target, path),
            on_error=self._error,
        )

    def _ready(self, receipt_no: str, target: FormatPrinter, path: Path) -> None:
        try:
            self.preview = print_or_preview(path, target, self.window)
        except AimakError as exc:
            self.failed.emit(exc.message)
            return
        self.printed.emit(receipt_no, str(path), self.preview is None)

    def _error(self, exc: BaseException) -> None:
        if isinstance(exc, AimakError):
            self.failed.emit(exc.message)
        elif self.ctx.show_error is not None:
            self.ctx.show_error(exc)
        else:
            self.ctx.tasks.default_error(exc)
