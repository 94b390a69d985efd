"""Day close (Z-report), debtors and statement PDFs, plus the sample documents other tests use."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from aimak_desktop.errors import ValidationError
from aimak_desktop.reports.billing_data import (
    BillCharge,
    BillData,
    DayCloseData,
    DayCloseMethod,
    DayCloseService,
    DayCloseVoid,
    DebtorRow,
    DebtorsData,
    OfficeHeader,
    ReceiptData,
    ReceiptLine,
    StatementData,
    StatementEntry,
    house_sort_key,
)
from aimak_desktop.reports.day_close_pdf import write_day_close_pdf
from aimak_desktop.reports.debtors_pdf import write_debtors_pdf
from aimak_desktop.reports.statement_pdf import write_statement_pdf
from aimak_desktop.services.receipt_code import receipt_code

KEY = bytes(range(32))
OFFICE = OfficeHeader(
    name_ky="Сары-Өзөн айыл өкмөтү",
    name_ru="Айыл окмоту Сары-Озон",
    address="Ысык-Көл обл., Түп р-ну, Сары-Өзөн а., Ленин көч. 1",
    phone="+996 3945 2 12 34",
    bank_name="ОАО «РСК Банк»",
    bank_account="1299003330012345",
    bank_bik="129001",
    tax_id="01234567891011",
)
LONG_ADDRESS = "Сары-Өзөн, Жусуп Абдрахманов атындагы көчө, 123/4-үй, 12-батир"


def pdf_text(path: Path) -> str:
    """All text of a PDF, non-breaking spaces read as spaces."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return text.replace("\u00a0", " ")


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def make_receipt(lines: int = 2, **changes: object) -> ReceiptData:
    services = [
        ReceiptLine("Ичүүчү суу", "Питьевая вода", "2026-01..2026-03", 105000, 123450, -18450),
        ReceiptLine(
            "Таштандыларды чыгаруу жана жок кылуу кызматы",
            "Вывоз и утилизация твёрдых бытовых отходов",
            "2026-03",
            7500,
            5000,
            2500,
        ),
    ]
    while len(services) < lines:
        n = len(services)
        services.append(ReceiptLine(f"Кызмат №{n}", f"Услуга №{n}", "2026-03", 1000, 1000, 0))
    chosen = tuple(services[:lines])
    total = sum(line.paid for line in chosen)
    number, at = "A1-2026-000123", dt.datetime(2026, 3, 15, 14, 32)
    receipt = ReceiptData(
        office=OFFICE,
        receipt_no=number,
        issued_at=at,
        cashier="Асанова Гүлнара Мамасалиевна",
        payer="Төлөгөнов Мырзабек Үсөнбекович",
        account="0012345",
        address=LONG_ADDRESS,
        residents=5,
        lines=chosen,
        total_paid=total,
        method="cash",
        code=receipt_code(KEY, number, total, at.date()),
    )
    return dataclasses.replace(receipt, **changes)  # type: ignore[arg-type]


def make_bill(i: int = 0, **changes: object) -> BillData:
    charges = (
        BillCharge(
            "Ичүүчү суу",
            "Питьевая вода",
            "m3",
            3500,
            Decimal("12.5"),
            43750,
            meter_previous=Decimal(1234),
            meter_current=Decimal("1246.5"),
            consumption=Decimal("12.5"),
        ),
        BillCharge("Таштанды чыгаруу", "Вывоз мусора", "person", 2500, Decimal(5), 12500, -2500),
    )
    bill = BillData(
        office=OFFICE,
        account=f"{i:07d}",
        payer=f"Үсөнбекова Айгүл {i}",
        village="Сары-Өзөн",
        street="Ленин көч.",
        house=str(i + 1),
        period="2026-03",
        balance_in=54000,
        charges=charges,
        paid_in_period=30000,
        total_due=54000 + 43750 + 12500 - 2500 - 30000,
        due_date=dt.date(2026, 4, 10),
        residents=5,
    )
    return dataclasses.replace(bill, **changes)  # type: ignore[arg-type]


def make_day_close(**changes: object) -> DayCloseData:
    data = DayCloseData(
        office=OFFICE,
        day=dt.date(2026, 3, 15),
        cashier="Асанова Гүлнара",
        device_code="A1",
        by_method=(DayCloseMethod("cash", 41, 1234550), DayCloseMethod("qr", 3, 45000)),
        by_service=(
            DayCloseService("Ичүүчү суу", "Питьевая вода", 1000000),
            DayCloseService("Таштанды чыгаруу", "Вывоз мусора", 279550),
        ),
        receipts_count=45,
        first_receipt_no="A1-2026-000101",
        last_receipt_no="A1-2026-000145",
        voids=(DayCloseVoid("A1-2026-000120", 50000, "Сумма туура эмес жазылды", "Бекова Ж."),),
        total=1279550,
        closed_at=dt.datetime(2026, 3, 15, 18, 5),
        closed_by="Асанова Гүлнара",
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def test_day_close_shows_totals_numbers_and_voids(tmp_path):
    out = write_day_close_pdf(make_day_close(), tmp_path / "z.pdf", "ky")
    text = pdf_text(out)
    assert "12 345,50" in text  # cash
    assert "450,00" in text  # QR
    assert "12 795,50" in text  # total
    assert "A1-2026-000101" in text and "A1-2026-000145" in text
    assert "A1-2026-000120" in text and "Сумма туура эмес жазылды" in text
    assert "Гүлнара" in text


def test_day_close_without_voids_says_so(tmp_path):
    out = write_day_close_pdf(make_day_close(voids=(), closed_at=None), tmp_path / "z.pdf", "ru")
    text = pdf_text(out)
    from aimak_desktop.i18n import translate

    assert translate("ru", "No receipts were voided.") in text
    assert translate("ru", "Not closed yet (preview)") in text


def _debtors() -> DebtorsData:
    rows = []
    for i in range(30):
        village = "Ак-Терек" if i < 20 else "Сары-Өзөн"
        rows.append(
            DebtorRow(
                village,
                f"{i:07d}",
                f"Төлөгөнов Үсөн {i}",
                f"Ленин көч. {i}",
                "Ичүүчү суу",
                "Питьевая вода",
                10000,
                5000,
                0,
                250000 if i == 3 else 0,
            )
        )
    return DebtorsData(OFFICE, dt.date(2026, 3, 31), tuple(rows))


def test_debtors_pdf_is_landscape_with_village_subtotals(tmp_path):
    from pypdf import PdfReader

    out = write_debtors_pdf(_debtors(), tmp_path / "d.pdf", "ky")
    page = PdfReader(str(out)).pages[0]
    assert page.mediabox.width > page.mediabox.height
    text = pdf_text(out)
    assert "Ак-Терек" in text and "Сары-Өзөн" in text
    assert "2 000,00" in text  # Ак-Терек 0-30 days: 20 x 100,00
    assert "5 500,00" in text  # Ак-Терек total: 20 x 150,00 + 2 500,00
    assert "7 000,00" in text  # whole office: 30 x 150,00 + 2 500,00


def test_statement_has_running_balance(tmp_path):
    e = StatementEntry
    entries = (
        e(dt.date(2026, 1, 1), "charge", "Ичүүчү суу", "Питьевая вода", "2026-01", 43750, 0),
        e(dt.date(2026, 1, 20), "payment", "", "", "", 0, 50000, "A1-2026-000010"),
        e(dt.date(2026, 2, 1), "charge", "Ичүүчү суу", "Питьевая вода", "2026-02", 43750, 0),
    )
    data = StatementData(
        OFFICE, "0000123", "Үсөнбекова Айгүл", "Сары-Өзөн, Ленин көч. 5",
        dt.date(2026, 1, 1), dt.date(2026, 2, 28), 20000, entries, 57500,
    )  # fmt: skip
    text = pdf_text(write_statement_pdf(data, tmp_path / "s.pdf", "ky"))
    for balance in ("200,00", "637,50", "137,50", "575,00"):
        assert balance in text
    assert "A1-2026-000010" in text and "Үсөнбекова" in text


def test_unknown_language_is_refused_with_a_message(tmp_path):
    with pytest.raises(ValidationError, match="ky, ru or both"):
        write_day_close_pdf(make_day_close(), tmp_path / "z.pdf", "de")
    assert not (tmp_path / "z.pdf").exists()


def test_houses_sort_naturally_for_delivery():
    houses = ["10б", "2", "10", "11", "10а", "1"]
    assert sorted(houses, key=house_sort_key) == ["1", "2", "10", "10а", "10б", "11"]
