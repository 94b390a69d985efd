"""Billing documents: `bills_pdf_10k` and `receipts_pdf_1000`.

- `bills_pdf_10k`: 10,000 monthly bills (three services, one metered) into one A4 PDF, three a
  page, sorted for delivery, in Kyrgyz.
- `receipts_pdf_1000`: 1,000 two-service receipts with their QR codes into one 80 mm PDF.

Floor of each: a bare ReportLab canvas loop that draws exactly the same strings at the same places
with the same fonts (and the same rules, shading and QR codes), one text object a page, from a
list prepared before the clock starts. The difference is the documents' own work: sorting,
wrapping, measuring and placing. Target ratio <= 1.3. The data are built in memory (the same
dataclasses services.billing_views returns), so the figure measures the PDF, not the database.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.core import Figure, workdir

BILLS = 10_000
RECEIPTS = 1_000

VILLAGES = ("Сары-Өзөн", "Ак-Терек", "Көк-Жар", "Төрт-Көл")
STREETS = ("Ленин көч.", "Манас көч.", "Жусуп Абдрахманов көч.", "Чүй көч.", "Токтогул көч.")
NAMES = ("Төлөгөнов Мырзабек", "Үсөнбекова Айгүл", "Асанов Бакыт", "Жумабаева Гүлнара")


def _office() -> Any:
    from aimak_desktop.reports.billing_data import OfficeHeader

    return OfficeHeader(
        "Сары-Өзөн айыл өкмөтү", "Айыл окмоту Сары-Озон",
        "Ысык-Көл обл., Сары-Өзөн а., Ленин көч. 1",
        "+996 3945 2 12 34", "ОАО «РСК Банк»", "1299003330012345", "129001", "01234567891011",
    )  # fmt: skip


def make_bills(n: int, seed: int = 1) -> list[Any]:
    from aimak_desktop.reports.billing_data import BillCharge, BillData

    rng = random.Random(seed)
    office = _office()
    bills = []
    for i in range(n):
        residents = rng.randint(1, 9)
        used = Decimal(rng.randint(20, 400)) / 10
        start = Decimal(rng.randint(100, 9000))
        charges = (
            BillCharge("Ичүүчү суу", "Питьевая вода", "m3", 3500, used, int(used * 3500),
                       meter_previous=start, meter_current=start + used, consumption=used),
            BillCharge("Таштанды чыгаруу", "Вывоз мусора", "person", 2500, Decimal(residents),
                       2500 * residents),
            BillCharge("Сугат суусу", "Поливная вода", "household", 15000, Decimal(1), 15000),
        )  # fmt: skip
        balance = rng.choice((0, 0, 25000, 54000, -10000))
        paid = rng.choice((0, 30000, 50000))
        due = max(0, balance + sum(c.charged for c in charges) - paid)
        bills.append(
            BillData(
                office,
                f"{i:07d}",
                f"{rng.choice(NAMES)} {i}",
                rng.choice(VILLAGES),
                rng.choice(STREETS),
                str(rng.randint(1, 250)),
                "2026-03",
                balance,
                charges,
                paid,
                due,
                dt.date(2026, 4, 10),
                residents=residents,
            )
        )
    return bills


def make_receipts(n: int) -> list[Any]:
    from aimak_desktop.reports.billing_data import ReceiptData, ReceiptLine
    from aimak_desktop.services.receipt_code import receipt_code

    office, key = _office(), bytes(range(32))
    out = []
    for i in range(n):
        lines = (
            ReceiptLine("Ичүүчү суу", "Питьевая вода", "2026-03", 43750, 43750 + i, -i),
            ReceiptLine("Таштанды чыгаруу", "Вывоз мусора", "2026-03", 12500, 12500, 0),
        )
        total = sum(line.paid for line in lines)
        number, at = (
            f"A1-2026-{i + 1:06d}",
            dt.datetime(2026, 3, 15, 9, 0) + dt.timedelta(minutes=i),
        )
        out.append(
            ReceiptData(
                office,
                number,
                at,
                "Асанова Гүлнара",
                NAMES[i % 4],
                f"{i:07d}",
                "Сары-Өзөн, Ленин көч. 12",
                5,
                lines,
                total,
                "cash",
                receipt_code(key, number, total, at),
            )
        )
    return out


def _floor_pages(pages: list[Any]) -> list[Any]:
    """Flatten laid-out pages into plain drawing lists (made before the clock starts)."""
    flat = []
    for size, placed in pages:
        texts, lines, boxes, qrs = [], [], [], []
        todo = list(placed)
        while todo:
            sheet, x0, top = todo.pop()
            texts += [(f, s, x0 + x, top - y, t) for f, s, x, y, t in sheet.texts]
            lines += [(x0 + a, top - b, x0 + c, top - d) for a, b, c, d, _dash, _w in sheet.lines]
            boxes += [(x0 + x, top - y - h, w, h) for x, y, w, h, _g in sheet.boxes]
            qrs += [(p, x0 + x, top - y - s, s) for p, x, y, s in sheet.qrs]
            todo += [(part, x0, top - dy) for part, dy in sheet.parts]
        flat.append((size, texts, lines, boxes, qrs))
    return flat


def _floor(flat: list[Any], path: Path) -> float:
    """The bare loop: same strings, places, fonts, rules and QR codes; nothing else."""
    from reportlab.pdfgen.canvas import Canvas

    from aimak_desktop.reports.receipt_qr import draw_qr

    start = time.perf_counter()
    canvas = Canvas(str(path))
    for size, texts, lines, boxes, qrs in flat:
        canvas.setPageSize(size)
        for x, y, w, h in boxes:
            canvas.rect(x, y, w, h, stroke=0, fill=1)
        for x1, y1, x2, y2 in lines:
            canvas.line(x1, y1, x2, y2)
        text = canvas.beginText()
        current = None
        for font, fsize, x, y, line in texts:
            if (font, fsize) != current:
                text.setFont(font, fsize)
                current = (font, fsize)
            text.setTextOrigin(x, y)
            text.textOut(line)
        canvas.drawText(text)
        for payload, x, y, s in qrs:
            draw_qr(canvas, payload, x, y, s)
        canvas.showPage()
    canvas.save()
    return (time.perf_counter() - start) * 1000


def _folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="billing-docs-", dir=workdir()))


_BILLS: list[Any] = []
_RECEIPTS: list[Any] = []


def run_bills() -> tuple[float, float | None]:
    from aimak_desktop.reports import bills_pdf
    from aimak_desktop.reports.fonts import register_fonts

    register_fonts()
    if not _BILLS:
        _BILLS.extend(make_bills(BILLS))
    folder = _folder()
    ordered = sorted(_BILLS, key=lambda b: b.sort_key)
    flat = _floor_pages(list(bills_pdf._a4_pages(ordered, "ky")))
    gc.collect()
    floor = _floor(flat, folder / "floor.pdf")
    del flat  # millions of tuples the collector would otherwise walk during the measurement
    gc.collect()
    start = time.perf_counter()
    bills_pdf.write_bills_pdf(_BILLS, folder / "bills.pdf", "a4", "ky")
    return (time.perf_counter() - start) * 1000, floor


def run_receipts() -> tuple[float, float | None]:
    from aimak_desktop.reports import receipt_pdf
    from aimak_desktop.reports.fonts import register_fonts

    register_fonts()
    if not _RECEIPTS:
        _RECEIPTS.extend(make_receipts(RECEIPTS))
    folder = _folder()
    fmt = receipt_pdf.RECEIPT_FORMATS["80mm"]
    flat = _floor_pages(list(receipt_pdf._thermal_pages(_RECEIPTS, "ky", fmt)))
    gc.collect()
    floor = _floor(flat, folder / "floor.pdf")
    del flat
    gc.collect()
    start = time.perf_counter()
    receipt_pdf.write_receipts_pdf(_RECEIPTS, folder / "receipts.pdf", "80mm", "ky")
    return (time.perf_counter() - start) * 1000, floor


def check_outputs() -> None:
    """Cheap self-check used by tests: both documents render from the bench data."""
    folder = _folder()
    from aimak_desktop.reports.bills_pdf import write_bills_pdf
    from aimak_desktop.reports.receipt_pdf import write_receipts_pdf

    write_bills_pdf(make_bills(6), folder / "b.pdf", "a4", "ky")
    write_receipts_pdf(make_receipts(3), folder / "r.pdf", "80mm", "ky")


FIGURES = [
    Figure(
        id="bills_pdf_10k",
        unit="ms",
        target="<= 1.3",
        run=run_bills,
        description="10,000 monthly bills, A4 three a page, vs a bare canvas loop",
    ),
    Figure(
        id="receipts_pdf_1000",
        unit="ms",
        target="<= 1.3",
        run=run_receipts,
        description="1,000 receipts with QR codes on an 80 mm roll, vs a bare canvas loop",
    ),
]
