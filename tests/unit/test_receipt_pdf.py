"""Receipt PDFs: 80 mm, 58 mm and A4, in Kyrgyz, Russian or both."""

from __future__ import annotations

from pathlib import Path

import pytest

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import translate
from aimak_desktop.reports.billing_sheet import MM
from aimak_desktop.reports.doc_common import translate as doc_translate
from aimak_desktop.reports.receipt_pdf import write_receipt_pdf, write_receipts_pdf
from tests.unit.test_billing_docs import LONG_ADDRESS, make_receipt, page_count, pdf_text

# Marks are printed in both languages whatever the receipt's language: "КӨЧҮРМӨ / КОПИЯ".
COPY = doc_translate("both", "COPY")
VOIDED = doc_translate("both", "VOIDED")


def placed_text(path: Path) -> list[tuple[float, float, str, str, float, float]]:
    """Every text run of page 1 as (x, y, text, font name, size, page width)."""
    from pypdf import PdfReader

    page = PdfReader(str(path)).pages[0]
    runs: list[tuple[float, float, str, str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            name = str(font.get("/BaseFont", "")) if font else ""
            runs.append((tm[4], tm[5], text.rstrip("\n"), name, size, float(page.mediabox.width)))

    page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("fmt", ["80mm", "58mm", "a4"])
def test_receipt_shows_everything_a_payer_checks(tmp_path, fmt):
    out = write_receipt_pdf(make_receipt(), tmp_path / "r.pdf", fmt, "both")
    text = pdf_text(out)
    for expected in (
        "Сары-Өзөн айыл өкмөтү",
        "A1-2026-000123",
        "15.03.2026 14:32",
        "Асанова Гүлнара",
        "Төлөгөнов Мырзабек Үсөнбекович",
        "0012345",
        "Ичүүчү суу / Питьевая вода",
        "2026-01..2026-03",
        "1 050,00",  # charged
        "1 234,50",  # paid
        "184,50",  # advance left
        "1 284,50",  # total
        "Бир миң эки жүз сексен төрт сом 50 тыйын",
        "Одна тысяча двести восемьдесят четыре сома 50 тыйынов",
    ):
        assert expected in " ".join(text.split()), expected
    assert {"ң", "ө", "ү"} <= set(text)


def test_kyrgyz_receipt_has_only_kyrgyz_words(tmp_path):
    text = pdf_text(write_receipt_pdf(make_receipt(), tmp_path / "r.pdf", "80mm", "ky"))
    assert "Бир миң эки жүз" in text
    assert "Одна тысяча" not in text
    assert "Питьевая вода" not in text


def test_58mm_lines_fit_the_roll_and_nothing_is_cut(tmp_path):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from aimak_desktop.reports.fonts import register_fonts

    regular, bold = register_fonts()
    out = write_receipt_pdf(make_receipt(lines=6), tmp_path / "r.pdf", "58mm", "both")
    runs = placed_text(out)
    assert runs
    page_width = runs[0][5]
    assert page_width == pytest.approx(58 * MM, abs=0.5)
    left, right = 5 * MM - 0.5, 5 * MM + 48 * MM + 0.5
    for x, _y, text, font, size, _w in runs:
        width = stringWidth(text, bold if "Bold" in font else regular, size)
        assert x >= left, text
        assert x + width <= right, f"{text!r} runs past the printable width"
    # the long address and names are wrapped, not cut off
    words = " ".join(pdf_text(out).split())
    for word in [*LONG_ADDRESS.split(), "Таштандыларды", "утилизация", "отходов"]:
        assert word in words


def test_thermal_page_grows_with_the_receipt(tmp_path):
    from pypdf import PdfReader

    short = write_receipt_pdf(make_receipt(lines=1), tmp_path / "a.pdf", "58mm", "ky")
    long = write_receipt_pdf(make_receipt(lines=12), tmp_path / "b.pdf", "58mm", "ky")
    h_short = float(PdfReader(str(short)).pages[0].mediabox.height)
    h_long = float(PdfReader(str(long)).pages[0].mediabox.height)
    assert page_count(long) == 1
    assert h_long > h_short + 10 * 4 * 7  # ten more services, four lines each
    assert "Кызмат №11" in pdf_text(long)


def test_reprint_and_void_marks(tmp_path):
    original = pdf_text(write_receipt_pdf(make_receipt(), tmp_path / "o.pdf", "80mm", "ky"))
    copy = pdf_text(write_receipt_pdf(make_receipt(is_copy=True), tmp_path / "c.pdf", "58mm"))
    void = make_receipt(voided=True, void_reason="Сумма туура эмес")
    voided = pdf_text(write_receipt_pdf(void, tmp_path / "v.pdf", "a4", "ru"))
    assert COPY not in original and VOIDED not in original
    assert COPY in copy
    assert VOIDED in voided and "Сумма туура эмес" in voided


def test_a4_has_payer_and_office_copies_on_one_page(tmp_path):
    out = write_receipt_pdf(make_receipt(), tmp_path / "r.pdf", "a4", "ky")
    text = pdf_text(out)
    assert page_count(out) == 1
    assert translate("ky", "Payer's copy") in text
    assert translate("ky", "Office copy") in text
    assert text.count("A1-2026-000123") >= 2


def test_a4_receipt_with_many_services_stays_on_one_page(tmp_path):
    out = write_receipt_pdf(make_receipt(lines=14), tmp_path / "r.pdf", "a4", "both")
    assert page_count(out) == 1
    assert pdf_text(out).count("Кызмат №13") == 2


def test_many_receipts_in_one_file(tmp_path):
    receipts = [make_receipt(receipt_no=f"A1-2026-{n:06d}") for n in range(1, 6)]
    out = write_receipts_pdf(receipts, tmp_path / "all.pdf", "80mm", "ru")
    assert page_count(out) == 5
    assert "A1-2026-000005" in pdf_text(out)


def test_bad_format_is_refused_with_a_message(tmp_path):
    with pytest.raises(ValidationError, match="80mm, 58mm, a4"):
        write_receipt_pdf(make_receipt(), tmp_path / "r.pdf", "A5", "ky")
    assert not (tmp_path / "r.pdf").exists()
