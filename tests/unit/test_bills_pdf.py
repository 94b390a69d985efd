"""Monthly bills (дүмүрчөк): content, delivery order, three a page or 80 mm slips."""

from __future__ import annotations

import pytest

from aimak_desktop.errors import ValidationError
from aimak_desktop.reports.bills_pdf import period_label, write_bills_pdf
from aimak_desktop.reports.doc_common import translate
from tests.unit.test_billing_docs import make_bill, page_count, pdf_text


def test_bill_shows_what_a_household_must_pay(tmp_path):
    out = write_bills_pdf([make_bill(7)], tmp_path / "b.pdf", "a4", "both")
    text = " ".join(pdf_text(out).split())
    for expected in (
        "0000007",  # account
        "Үсөнбекова Айгүл 7",
        "Сары-Өзөн, Ленин көч. 8",
        "2026-ж. март / март 2026 г.",
        "Ичүүчү суу / Питьевая вода",
        "35,00",  # tariff per m³
        "12,5 м³",
        "1234",  # meter, previous
        "1246,5",  # meter, current
        "-25,00",  # recalculation
        "540,00",  # debt carried in
        "537,50",  # charged for March: 437,50 + 125,00 - 25,00
        "300,00",  # paid in March
        "777,50 сом",  # to pay
        "10.04.2026",  # due date
        "1299003330012345",  # office bank account
        "129001",
    ):
        assert expected in text, expected
    assert translate("both", "To pay") in text
    assert translate("both", "Debt carried in") in text


def test_an_advance_carried_in_is_not_shown_as_debt(tmp_path):
    bill = make_bill(balance_in=-20000, paid_in_period=0, total_due=33750)
    text = pdf_text(write_bills_pdf([bill], tmp_path / "b.pdf", "80mm", "ru"))
    assert translate("ru", "Advance carried in") in text
    assert translate("ru", "Debt carried in") not in text
    assert "337,50" in " ".join(text.split())


def test_bills_come_in_delivery_order_three_a_page(tmp_path):
    bills = [
        make_bill(1, village="Сары-Өзөн", street="Ленин көч.", house="10"),
        make_bill(2, village="Ак-Терек", street="Манас көч.", house="3"),
        make_bill(3, village="Сары-Өзөн", street="Ленин көч.", house="2"),
        make_bill(4, village="Ак-Терек", street="Ата-Түрк көч.", house="15"),
        make_bill(5, village="Сары-Өзөн", street="Ленин көч.", house="10а"),
        make_bill(6, village="Ак-Терек", street="Манас көч.", house="21"),
        make_bill(7, village="Сары-Өзөн", street="Абдрахманов көч.", house="1"),
    ]
    out = write_bills_pdf(bills, tmp_path / "b.pdf", "a4", "ky")
    assert page_count(out) == 3
    text = pdf_text(out)
    order = sorted(range(1, 8), key=lambda i: text.index(f"{i:07d}"))
    assert order == [4, 2, 6, 7, 3, 1, 5]


def test_80mm_slips_one_per_household(tmp_path):
    out = write_bills_pdf([make_bill(i) for i in range(4)], tmp_path / "b.pdf", "80mm", "ky")
    assert page_count(out) == 4
    text = pdf_text(out)
    assert text.count(translate("ky", "To pay")) == 4
    assert "0000003" in text


def test_period_labels():
    assert period_label("ky", "2026-03") == "2026-ж. март"
    assert period_label("ru", "2026-12") == "декабрь 2026 г."
    assert period_label("both", "2026") == "2026-ж. / 2026 г."


def test_bad_bill_format_is_refused(tmp_path):
    with pytest.raises(ValidationError, match="a4, 80mm"):
        write_bills_pdf([make_bill()], tmp_path / "b.pdf", "58mm", "ky")
