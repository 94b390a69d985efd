"""The tariff justification PDF: figures, Kyrgyz letters, charts and the draft decision."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from aimak_desktop.errors import ValidationError
from aimak_desktop.reports.tariff_pdf import write_tariff_pdf
from aimak_desktop.services.office import get_office
from aimak_desktop.services.tariff_method import calculate_dict

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "tariff-water.json"


def _result():
    return calculate_dict(json.loads(EXAMPLE.read_text(encoding="utf-8"), parse_float=Decimal))


def _text(path: Path) -> str:
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")


@pytest.mark.parametrize("lang", ["ky", "ru", "both"])
def test_pdf_holds_the_figures_kyrgyz_letters_and_decision(office, tmp_path, lang):
    out = write_tariff_pdf(
        tmp_path / f"tariff-{lang}.pdf", _result(), lang=lang, office=get_office(office)
    )
    text = _text(out)
    for figure in ("875 848,00", "32,44", "641 680,00", "170 000,00", "46,24", "29,49", "224,12"):
        assert figure in text, figure
    for phase in ("19,83", "24,66"):
        assert phase in text
    assert "ү" in text and "ө" in text and "ң" in text  # service name and office in Kyrgyz
    assert (
        "«__» ______" in text and "20__" in text and "№ ____" in text.replace("No.", "№")
    )  # blanks of the toktom
    assert len(PdfReader(str(out)).pages) >= 3


def test_pdf_without_office_and_bad_language(tmp_path):
    out = write_tariff_pdf(tmp_path / "t.pdf", _result(), lang="ru")
    assert "32,44" in _text(out)
    with pytest.raises(ValidationError) as info:
        write_tariff_pdf(tmp_path / "x.pdf", _result(), lang="de")
    assert info.value.field == "lang"
    assert not (tmp_path / "x.pdf").exists()
