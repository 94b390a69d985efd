"""Print a PDF file through Qt: QtPdf renders each page at the printer's resolution.

Our documents are PDFs (ReportLab); printing draws the very same pages, so the paper matches the
file exactly. A page is rendered in horizontal bands so an A4 sheet at 600 dpi never needs one
huge image. When the "printer" is a PDF file (no printer at hand, or the tests), an invisible
text layer is laid over each page image so the printed file can still be searched and copied.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QRectF, QSize, QSizeF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
)
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import _
from aimak_desktop.ui.printing.prefs import FormatPrinter

#: Pages are never rasterised finer than this (a laser printer's 1200 dpi adds nothing to text).
MAX_DPI = 600
#: Resolution of a PDF file printed instead of paper.
FILE_DPI = 300
#: Memory of one rendered band (ARGB, 4 bytes a pixel).
BAND_BYTES = 24 * 1024 * 1024

_PAPER_IDS = {
    "a4": QPageSize.PageSizeId.A4,
    "a5": QPageSize.PageSizeId.A5,
    "letter": QPageSize.PageSizeId.Letter,
}


def open_pdf(path: Path | str) -> QPdfDocument:
    """Load a PDF for printing.

    Raises:
        AimakError: the file is missing or not a readable PDF.
    """
    doc = QPdfDocument()
    error = doc.load(str(path))
    if error != QPdfDocument.Error.None_ or doc.pageCount() < 1:
        raise AimakError(
            _("Cannot read the document {path} for printing.").format(path=Path(path).name)
        )
    return doc


def printer_names() -> list[str]:
    """Printers installed on this PC (empty under the test platform)."""
    return list(QPrinterInfo.availablePrinterNames())


def make_printer(target: FormatPrinter) -> QPrinter:
    """A QPrinter for a remembered target (a system printer, or a PDF file).

    Raises:
        AimakError: the remembered printer is not installed (any more).
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if target.pdf_file:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(target.pdf_file)
        printer.setResolution(FILE_DPI)
    elif target.printer:
        if target.printer not in printer_names():
            raise AimakError(
                _("The printer {name} is not available.").format(name=target.printer),
                help=_(
                    "Check that it is switched on and connected, or choose another printer "
                    "in the printing settings."
                ),
            )
        printer.setPrinterName(target.printer)
    printer.setFullPage(True)  # the documents carry their own margins
    return printer


def _set_page(printer: QPrinter, points: QSizeF) -> None:
    layout = QPageLayout(
        QPageSize(points, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
    )
    printer.setPageLayout(layout)


def _largest_page(doc: QPdfDocument) -> QSizeF:
    sizes = [doc.pagePointSize(i) for i in range(doc.pageCount())]
    return QSizeF(max(s.width() for s in sizes), max(s.height() for s in sizes))


def paint_pdf(doc: QPdfDocument, printer: QPrinter, paper: str = "auto") -> int:
    """Draw every page of `doc` on `printer` (a real printer, a file, or a preview).

    Args:
        paper: "auto" gives each page its own size (roll receipts are as long as their text);
            a key of prefs.PAPERS puts each page, scaled to fit, on that sheet.

    Returns:
        The number of pages printed.

    Raises:
        AimakError: the printer could not start.
    """
    count = doc.pageCount()
    # Only Qt's PDF engine takes a new page size in the middle of a job; a printer (or the
    # preview) gets one size for the whole job: the largest page, so nothing is cut off.
    engine = printer.paintEngine()
    per_page = (
        paper not in _PAPER_IDS and engine is not None and engine.type() == QPaintEngine.Type.Pdf
    )
    if printer.printerState() != QPrinter.PrinterState.Active:
        if paper in _PAPER_IDS:
            printer.setPageLayout(
                QPageLayout(
                    QPageSize(_PAPER_IDS[paper]),
                    QPageLayout.Orientation.Portrait,
                    QMarginsF(0, 0, 0, 0),
                )
            )
        else:
            _set_page(printer, doc.pagePointSize(0) if per_page else _largest_page(doc))
    painter = QPainter()
    if not painter.begin(printer):
        raise AimakError(
            _("The printer {name} could not start printing.").format(
                name=printer.printerName() or printer.outputFileName()
            )
        )
    try:
        for index in range(count):
            if index:
                if per_page:
                    _set_page(printer, doc.pagePointSize(index))
                printer.newPage()
            draw_page(doc, index, painter, printer)
    finally:
        painter.end()
    return count


def _target_rect(printer: QPrinter, points: QSizeF) -> QRectF:
    """Where a page of `points` size lands on the current sheet, in device pixels."""
    scale = printer.resolution() / 72.0
    width, height = points.width() * scale, points.height() * scale
    sheet = printer.paperRect(QPrinter.Unit.DevicePixel)
    fit = min(sheet.width() / width, sheet.height() / height, 1.0) if width and height else 1.0
    if abs(fit - 1.0) < 0.002:
        fit = 1.0  # rounding of a page set to the document's own size
    width, height = width * fit, height * fit
    left = max(0.0, (sheet.width() - width) / 2)
    return QRectF(left, 0.0, width, height)


def draw_page(doc: QPdfDocument, index: int, painter: QPainter, printer: QPrinter) -> None:
    points = doc.pagePointSize(index)
    target = _target_rect(printer, points)
    dpi = min(printer.resolution(), MAX_DPI)
    scale = dpi / printer.resolution()
    width = max(1, round(target.width() * scale))
    height = max(1, round(target.height() * scale))
    band = max(64, BAND_BYTES // (width * 4))
    ratio = target.height() / height
    options = QPdfDocumentRenderOptions()
    options.setScaledSize(QSize(width, height))
    for top in range(0, height, band):
        rows = min(band, height - top)
        options.setScaledClipRect(QRect(0, top, width, rows))
        image = doc.render(index, QSize(width, rows), options)
        painter.drawImage(
            QRectF(target.left(), target.top() + top * ratio, target.width(), rows * ratio), image
        )
    engine = printer.paintEngine()
    if engine is not None and engine.type() == QPaintEngine.Type.Pdf:
        _text_layer(doc, index, painter, target, points)


def _text_layer(
    doc: QPdfDocument, index: int, painter: QPainter, target: QRectF, points: QSizeF
) -> None:
    """Invisible text over the page image, line by line, where the text is on the page."""
    text = doc.getAllText(index).text()
    if not text.strip():
        return
    sx = target.width() / points.width()
    sy = target.height() / points.height()
    painter.save()
    painter.setPen(QColor(0, 0, 0, 0))
    font = QFont()
    position = 0
    for line in text.splitlines():
        start = text.find(line, position)
        position = start + len(line)
        if not line.strip() or start < 0:
            continue
        box = doc.getSelectionAtIndex(index, start, len(line)).boundingRectangle()
        if box.isEmpty():
            continue
        font.setPixelSize(max(1, round(box.height() * sy)))
        painter.setFont(font)
        advance = QFontMetricsF(font).horizontalAdvance(line) or 1.0
        painter.save()
        painter.translate(target.left() + box.left() * sx, target.top() + box.bottom() * sy)
        painter.scale(box.width() * sx / advance, 1.0)
        painter.drawText(0, 0, line)
        painter.restore()
    painter.restore()


def print_pdf(path: Path | str, target: FormatPrinter) -> int:
    """Print a PDF file straight to a remembered printer or file, without any dialog.

    Returns:
        The number of pages printed.

    Raises:
        AimakError: unreadable file, printer missing or not starting.
    """
    doc = open_pdf(path)
    try:
        return paint_pdf(doc, make_printer(target), target.paper)
    finally:
        doc.close()
