"""The register PDF: grouped by village with totals, A4 landscape, Kyrgyz letters, page numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from aimak_desktop.reports.register_pdf import VILLAGE_TOTAL, render_register_pdf, village_totals
from aimak_desktop.reports.register_pdf import text as doc_text
from aimak_desktop.services.register_export import RegisterLine, export_pdf, register_lines


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def flat(text: str) -> str:
    """Extracted text with line breaks and non-breaking spaces as plain spaces."""
    return " ".join(text.replace("\u00a0", " ").split())


def line(village: str, n: int, residents: int, name: str = "Асанов Бакыт") -> RegisterLine:
    return RegisterLine(
        f"A{n:06d}", name, "m", village, "Манас", str(n), residents, "", "pensioner", ""
    )


def test_village_totals_grand_total_and_kyrgyz_letters(tmp_path: Path) -> None:
    lines = [
        line("Жаңы-Жол", 1, 4, "Үсөнов Төлөгөн"),
        line("Жаңы-Жол", 2, 6, "Өмүрбекова Гүлнара"),
        line("Көк-Жар", 3, 5, "Ыңкылапов Бекжан"),
    ]
    out = render_register_pdf(
        tmp_path / "r.pdf",
        lines,
        office_names=("Сары-Өй айыл өкмөтү", "Айыл окмоту «Сары-Ой»"),
        lang="en",
        day=dt.date(2024, 3, 5),
    )
    text = flat(pdf_text(out))
    assert "Total for Жаңы-Жол: 2 households, 10 residents" in text
    assert "Total for Көк-Жар: 1 households, 5 residents" in text
    assert "Grand total: 2 villages, 3 households, 15 residents" in text
    for word in (
        "Үсөнов Төлөгөн",
        "Ыңкылапов",
        "Сары-Өй айыл өкмөтү",
        "5 March 2024",
        "Page 1 of 1",
    ):
        assert word in text
    width, height = PdfReader(out).pages[0].mediabox.upper_right
    assert float(width) > float(height)  # landscape


def test_demo_register_in_kyrgyz_russian_and_both(office: Any, tmp_path: Path) -> None:
    totals = village_totals(register_lines(office))
    for lang in ("ky", "ru", "both"):
        out = tmp_path / f"register-{lang}.pdf"
        assert export_pdf(office, out, lang) == sum(n for n, _r in totals.values())
        text = flat(pdf_text(out))
        for village, (households, residents) in totals.items():
            total = VILLAGE_TOTAL
            expected = doc_text(
                lang, total, village=village, households=households, residents=residents
            )
            assert flat(expected) in text
        assert any(ch in text for ch in "ңөү")
    both = flat(pdf_text(tmp_path / "register-both.pdf"))
    assert "айыл өкмөтү / Айыл окмоту" in both  # the office in both languages


def test_long_register_has_numbered_pages_and_repeats_headings(tmp_path: Path) -> None:
    lines = [line("Жаңы-Жол", n, 3) for n in range(1, 121)]
    out = render_register_pdf(tmp_path / "r.pdf", lines, office_names=("A", "A"), lang="en")
    reader = PdfReader(out)
    assert len(reader.pages) >= 3
    last = flat(reader.pages[-1].extract_text())
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in last
    # The village and the column headings are repeated on every page of its table.
    assert all("Жаңы-Жол" in flat(p.extract_text()) for p in reader.pages)
    assert "Total for Жаңы-Жол: 120 households, 360 residents" in last


@pytest.mark.parametrize("lang", ["ky", "both"])
def test_headings_in_document_language(tmp_path: Path, lang: str) -> None:
    from aimak_desktop.i18n import translate

    out = render_register_pdf(
        tmp_path / "r.pdf", [line("Жаңы-Жол", 1, 2)], office_names=("A", "B"), lang=lang
    )
    text = flat(pdf_text(out))
    assert translate("ky", "Head of household") in text
    if lang == "both" and translate("ru", "Head of household") != translate(
        "ky", "Head of household"
    ):
        assert translate("ru", "Head of household") in text
