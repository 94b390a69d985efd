"""Print preview of a PDF file: Qt's preview dialog drawing the same pages the printer gets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import _
from aimak_desktop.ui.printing.pdf_print import make_printer, open_pdf, paint_pdf
from aimak_desktop.ui.printing.prefs import FormatPrinter


class PdfPreviewDialog(QPrintPreviewDialog):
    """Shows the document as it will print; its Print button prints to the chosen printer.

    Opened with `open()` (window-modal, non-blocking) by `preview_pdf`, so the caller and the
    tests keep control. The PDF is read once when the dialog is made.
    """

    def __init__(
        self, path: Path | str, target: FormatPrinter, parent: QWidget | None = None
    ) -> None:
        self.target = target
        # A forgotten printer must not stop the preview: it then starts on the system default.
        try:
            printer = make_printer(FormatPrinter(printer=target.printer, paper=target.paper))
        except AimakError:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setFullPage(True)
        super().__init__(printer, parent)
        self._printer = printer  # Qt does not own it
        self.doc = open_pdf(path)
        self.doc.setParent(self)
        self.pages_painted = 0
        self.setWindowTitle(_("Print preview: {name}").format(name=Path(path).name))
        self.resize(760, 820)
        self.paintRequested.connect(self._paint)

    def _paint(self, printer: QPrinter) -> None:
        self.pages_painted = paint_pdf(self.doc, printer, self.target.paper)


def preview_pdf(
    path: Path | str, target: FormatPrinter, parent: QWidget | None = None
) -> PdfPreviewDialog:
    """Open the preview of a PDF (non-blocking) and return the dialog.

    Raises:
        AimakError: the PDF cannot be read.
    """
    from PySide6.QtCore import Qt

    dialog = PdfPreviewDialog(path, target, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
