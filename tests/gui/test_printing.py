"""Printing PDFs through Qt: direct print into a PDF-file printer, preview, remembered settings.

There are no real printers under the offscreen platform, so the "printer" is QPrinter writing a
PDF file: the same QtPdf rendering and painting as on paper, then read back with pypdf.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aimak_desktop.errors import AimakError

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

MM = 72 / 25.4


def pdf_pages(path: Path) -> list[tuple[float, float, str]]:
    """(width mm, height mm, text) of each page."""
    from pypdf import PdfReader

    return [
        (
            float(page.mediabox.width) / MM,
            float(page.mediabox.height) / MM,
            " ".join(page.extract_text().split()),
        )
        for page in PdfReader(str(path)).pages
    ]


@pytest.fixture
def receipts(tmp_path) -> Path:
    """Two 58 mm receipts in one PDF: two pages of roll paper."""
    from aimak_desktop.reports.receipt_pdf import write_receipts_pdf
    from tests.unit.test_billing_docs import make_receipt

    return write_receipts_pdf(
        [make_receipt(), make_receipt(receipt_no="A1-2026-000124")],
        tmp_path / "receipts.pdf",
        "58mm",
        "ky",
    )


def test_direct_print_draws_every_page_at_its_own_size(qapp, tmp_path, receipts):
    from aimak_desktop.ui.printing.pdf_print import print_pdf
    from aimak_desktop.ui.printing.prefs import FormatPrinter

    out = tmp_path / "printed.pdf"
    assert print_pdf(receipts, FormatPrinter(pdf_file=str(out))) == 2
    source, printed = pdf_pages(receipts), pdf_pages(out)
    assert len(printed) == 2
    for (sw, sh, _text), (pw, ph, text) in zip(source, printed, strict=True):
        assert abs(sw - pw) < 0.5 and abs(sh - ph) < 0.5  # a roll page, not an A4 sheet
        assert "Төлөгөнов Мырзабек Үсөнбекович" in text
    assert "A1-2026-000123" in printed[0][2]
    assert "A1-2026-000124" in printed[1][2]


def test_fixed_paper_puts_each_page_on_that_sheet(qapp, tmp_path, receipts):
    from aimak_desktop.ui.printing.pdf_print import print_pdf
    from aimak_desktop.ui.printing.prefs import FormatPrinter

    out = tmp_path / "a4.pdf"
    print_pdf(receipts, FormatPrinter(pdf_file=str(out), paper="a4"))
    pages = pdf_pages(out)
    assert [(round(w), round(h)) for w, h, _t in pages] == [(210, 297), (210, 297)]
    assert "A1-2026-000124" in pages[1][2]


def test_a_missing_printer_or_file_is_a_plain_message(qapp, tmp_path, receipts):
    from aimak_desktop.ui.printing.pdf_print import print_pdf
    from aimak_desktop.ui.printing.prefs import FormatPrinter

    with pytest.raises(AimakError, match="The printer POS-80 is not available"):
        print_pdf(receipts, FormatPrinter(printer="POS-80"))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 cut off")
    with pytest.raises(AimakError, match=r"Cannot read the document broken\.pdf"):
        print_pdf(broken, FormatPrinter(pdf_file=str(tmp_path / "x.pdf")))


def test_preview_draws_the_same_pages(qtbot, receipts):
    from aimak_desktop.ui.printing.prefs import FormatPrinter
    from aimak_desktop.ui.printing.preview import preview_pdf

    dialog = preview_pdf(receipts, FormatPrinter())
    qtbot.waitUntil(lambda: dialog.pages_painted == 2, timeout=10_000)
    assert dialog.isVisible()
    dialog.reject()


def test_print_or_preview_follows_the_settings(qtbot, tmp_path, receipts):
    from aimak_desktop.ui.printing import print_or_preview
    from aimak_desktop.ui.printing.prefs import FormatPrinter

    out = tmp_path / "desk.pdf"
    assert print_or_preview(receipts, FormatPrinter(pdf_file=str(out), direct=True)) is None
    assert len(pdf_pages(out)) == 2
    # A printer chosen but "print at once" off: the preview first.
    dialog = print_or_preview(receipts, FormatPrinter(pdf_file=str(out), direct=False))
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.pages_painted == 2, timeout=10_000)
    dialog.reject()


def test_settings_dialog_remembers_the_printer_per_format(qtbot, tmp_path):
    from aimak_desktop import paths
    from aimak_desktop.ui.printing import load_prefs
    from aimak_desktop.ui.printing.dialog import TO_FILE, PrinterSettingsDialog

    settings: dict = {}
    dialog = PrinterSettingsDialog(settings, load_prefs(settings))
    qtbot.addWidget(dialog)
    row = dialog.rows[1]  # 58 mm roll
    assert row.key == "receipt_58mm"
    row.printer.setCurrentIndex(row.printer.findData(TO_FILE))
    dialog.accept()
    assert dialog.error.text() == "Choose the PDF file to print into (Receipt, 58 mm roll)."
    assert "printers" not in settings
    target = str(tmp_path / "roll.pdf")
    row.file.setText(target)
    row.paper.setCurrentIndex(row.paper.findData("a5"))
    dialog.desk_format.setCurrentIndex(dialog.desk_format.findData("receipt_58mm"))
    dialog.desk_lang.setCurrentIndex(dialog.desk_lang.findData("both"))
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = json.loads(paths.settings_path().read_text(encoding="utf-8"))["printers"]
    assert saved == settings["printers"]
    prefs = load_prefs(settings)
    assert prefs.desk_format == "receipt_58mm" and prefs.desk_lang == "both"
    chosen = prefs.for_format("receipt_58mm")
    assert (chosen.pdf_file, chosen.paper, chosen.prints_directly) == (target, "a5", True)
    assert not prefs.for_format("receipt_80mm").is_set


def test_damaged_printer_settings_fall_back_to_defaults():
    from aimak_desktop.ui.printing.prefs import PrintPrefs, load_prefs

    assert load_prefs({"printers": "nonsense"}) == PrintPrefs()
    prefs = load_prefs(
        {"printers": {"formats": {"a4": {"paper": "A0", "printer": 5}}, "desk": {"lang": "en"}}}
    )
    assert prefs.for_format("a4").paper == "auto"
    assert prefs.desk_lang == "ky"
