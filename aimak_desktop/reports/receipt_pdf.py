"""Cash receipts (квитанция) on an 80 mm or 58 mm thermal roll, or on A4 with two copies.

Drawn with the canvas API (no platypus): a receipt is laid out once into a `Sheet` (wrapped lines
at known offsets), then drawn. Thermal receipts get one page each, as tall as their content, so
nothing is ever cut off; every line is wrapped to the printable width measured with the real
font, never truncated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import amount_in_words, format_amount
from aimak_desktop.reports.billing_data import OfficeHeader, ReceiptData
from aimak_desktop.reports.billing_sheet import MM, Sheet, bilingual, write_pages
from aimak_desktop.reports.doc_common import check_lang, name_in, translate

__all__ = [
    "RECEIPT_FORMATS",
    "RollFormat",
    "layout_receipt",
    "method_label",
    "write_receipt_pdf",
    "write_receipts_pdf",
]


@dataclass(frozen=True)
class RollFormat:
    """A paper format: page width, printable width and the body font size (points)."""

    name: str
    page_width: float
    printable: float
    font_size: float


RECEIPT_FORMATS: dict[str, RollFormat] = {
    # 72 mm printable on an 80 mm roll: about 48 characters a line.
    "80mm": RollFormat("80mm", 80 * MM, 72 * MM, 7.5),
    # 48 mm printable (384 dots) on a 58 mm roll: about 32 characters a line.
    "58mm": RollFormat("58mm", 58 * MM, 48 * MM, 7.0),
}
FORMATS = ("80mm", "58mm", "a4")

_METHODS = {"cash": N_("Cash"), "bank": N_("Bank transfer"), "qr": N_("Mobile / QR")}
COPY_MARK = N_("COPY")
VOID_MARK = N_("VOIDED")


def method_label(lang: str, method: str) -> str:
    return translate(lang, _METHODS.get(method, method))


def check_format(fmt: str, allowed: Sequence[str] = FORMATS) -> str:
    if fmt not in allowed:
        raise ValidationError(
            _("The paper format must be one of {formats} (not {fmt}).").format(
                formats=", ".join(allowed), fmt=fmt
            ),
            field="format",
        )
    return fmt


def _balance_pair(lang: str, balance: int) -> tuple[str, str]:
    """("Debt", amount) or ("Advance", amount) for a signed balance."""
    if balance > 0:
        return translate(lang, "Remaining debt"), format_amount(balance)
    if balance < 0:
        return translate(lang, "Advance"), format_amount(-balance)
    return translate(lang, "Remaining debt"), format_amount(0)


def _words(lang: str, amount: int) -> list[str]:
    """The amount in words: Kyrgyz, Russian, or both (Kyrgyz first)."""
    langs = ("ky", "ru") if lang == "both" else (lang,)
    return [amount_in_words(amount, one) for one in langs]


def office_lines(sheet: Sheet, office: OfficeHeader, lang: str, *, center: bool = True) -> None:
    align = "center" if center else "left"
    sheet.text(name_in(lang, office.name_ky, office.name_ru), bold=True, align=align)
    details = [office.address]
    if office.phone:
        details.append(translate(lang, "Phone") + ": " + office.phone)
    if office.tax_id:
        details.append(translate(lang, "Tax ID") + ": " + office.tax_id)
    for line in details:
        if line:
            sheet.text(line, align=align, small=True)


def _marks(sheet: Sheet, data: ReceiptData) -> None:
    # Legal marks are always printed in both languages, whatever the receipt language.
    if data.voided:
        sheet.mark(bilingual(VOID_MARK))
    if data.is_copy:
        sheet.mark(bilingual(COPY_MARK))


def layout_receipt(
    data: ReceiptData, lang: str, width: float, font_size: float, *, copy_label: str = ""
) -> Sheet:
    """Lay the receipt out on a strip `width` points wide (thermal roll or half an A4 page)."""
    sheet = Sheet(width, font_size)
    office_lines(sheet, data.office, lang)
    sheet.gap(0.4)
    if copy_label:
        sheet.text(copy_label, align="center", small=True)
    sheet.text(
        translate(lang, "Receipt No. {number}").format(number=data.receipt_no),
        bold=True,
        align="center",
        scale=1.25,
    )
    _marks(sheet, data)
    sheet.gap(0.3)
    sheet.pair(translate(lang, "Date"), data.issued_at.strftime("%d.%m.%Y %H:%M"))
    sheet.pair(translate(lang, "Cashier"), data.cashier)
    sheet.pair(translate(lang, "Payer"), data.payer)
    sheet.pair(translate(lang, "Account"), data.account)
    sheet.pair(translate(lang, "Address"), data.address)
    if data.residents:
        sheet.pair(translate(lang, "Residents"), str(data.residents))
    sheet.rule()
    for line in data.lines:
        sheet.text(name_in(lang, line.service_ky, line.service_ru), bold=True)
        # A line with no period (money kept as an advance) has nothing charged to show.
        if line.period_label:
            sheet.pair(translate(lang, "Period"), line.period_label, indent=True)
        if line.period_label or line.charged:
            sheet.pair(translate(lang, "Charged"), format_amount(line.charged), indent=True)
        sheet.pair(translate(lang, "Paid"), format_amount(line.paid), indent=True)
        sheet.pair(*_balance_pair(lang, line.balance_after), indent=True)
    sheet.rule()
    sheet.pair(
        translate(lang, "Total paid"), format_amount(data.total_paid) + "\u00a0сом", bold=True
    )
    sheet.pair(translate(lang, "Payment method"), method_label(lang, data.method))
    sheet.text(translate(lang, "Amount in words") + ":", small=True)
    for words in _words(lang, data.total_paid):
        sheet.text(words, small=True)
    if data.voided and data.void_reason:
        sheet.pair(translate(lang, "Reason for void"), data.void_reason)
    if data.code:
        from aimak_desktop.reports.receipt_qr import payload

        sheet.gap(0.4)
        qr_size = min(width, 30 * MM)
        sheet.qr(payload(data.receipt_no, data.total_paid, data.issued_at, data.code), qr_size)
        sheet.text(
            translate(lang, "Verification code") + ": " + data.code, align="center", small=True
        )
    sheet.gap(0.8)
    sheet.pair(translate(lang, "Cashier's signature"), "_" * 12)
    _marks(sheet, data)
    return sheet


def _thermal_pages(
    receipts: Iterable[ReceiptData], lang: str, fmt: RollFormat
) -> Iterable[tuple[tuple[float, float], list[tuple[Sheet, float, float]]]]:
    margin = (fmt.page_width - fmt.printable) / 2
    for data in receipts:
        sheet = layout_receipt(data, lang, fmt.printable, fmt.font_size)
        height = sheet.height + 2 * margin + 4 * MM  # room to tear the roll off
        yield (fmt.page_width, height), [(sheet, margin, height - margin)]


def layout_receipt_a4(
    data: ReceiptData, lang: str, width: float, font_size: float, copy_label: str
) -> Sheet:
    """One copy on half an A4 page: details in two columns and the services as a table."""
    sheet = Sheet(width, font_size)
    office_lines(sheet, data.office, lang)
    sheet.gap(0.3)
    sheet.text(copy_label, align="center", small=True)
    sheet.text(
        translate(lang, "Receipt No. {number}").format(number=data.receipt_no),
        bold=True,
        align="center",
        scale=1.25,
    )
    _marks(sheet, data)
    sheet.gap(0.3)
    quarter = [width * 0.14, width * 0.36, width * 0.14, width * 0.36]
    details = [
        (translate(lang, "Date"), data.issued_at.strftime("%d.%m.%Y %H:%M")),
        (translate(lang, "Cashier"), data.cashier),
        (translate(lang, "Payer"), data.payer),
        (translate(lang, "Account"), data.account),
        (translate(lang, "Address"), data.address),
        (translate(lang, "Residents"), str(data.residents) if data.residents else ""),
    ]
    for (k1, v1), (k2, v2) in zip(details[::2], details[1::2], strict=True):
        sheet.row([k1, v1, k2, v2], quarter, pad=1.5)
    sheet.gap(0.3)
    cols = [width * f for f in (0.32, 0.18, 0.125, 0.125, 0.125, 0.125)]
    sheet.hline(0.5)
    sheet.row(
        [
            translate(lang, "Service"),
            translate(lang, "Period"),
            translate(lang, "Charged"),
            translate(lang, "Paid"),
            translate(lang, "Remaining debt"),
            translate(lang, "Advance"),
        ],
        cols,
        align="llrrrr",
        bold=True,
        small=True,
        shade=0.92,
        rule=True,
    )
    for line in data.lines:
        debt = format_amount(line.balance_after) if line.balance_after > 0 else ""
        advance = format_amount(-line.balance_after) if line.balance_after < 0 else ""
        sheet.row(
            [
                name_in(lang, line.service_ky, line.service_ru),
                line.period_label,
                format_amount(line.charged),
                format_amount(line.paid),
                debt,
                advance,
            ],
            cols,
            align="llrrrr",
            rule=True,
        )
    sheet.row(
        [translate(lang, "Total paid"), "", "", format_amount(data.total_paid), "", ""],
        cols,
        align="llrrrr",
        bold=True,
        rule=True,
    )
    sheet.gap(0.4)
    # The QR code floats at the right; the text beside it wraps in the narrower column.
    qr_size = 26 * MM if data.code else 0.0
    top = sheet.y
    if data.code:
        from aimak_desktop.reports.receipt_qr import payload

        sheet.qr(
            payload(data.receipt_no, data.total_paid, data.issued_at, data.code),
            qr_size,
            align="right",
            advance=False,
        )
        sheet.width = width - qr_size - 4 * MM
    sheet.pair(translate(lang, "Payment method"), method_label(lang, data.method))
    sheet.text(translate(lang, "Amount in words") + ":", small=True)
    for words in _words(lang, data.total_paid):
        sheet.text(words, small=True, indent=font_size)
    if data.voided and data.void_reason:
        sheet.pair(translate(lang, "Reason for void"), data.void_reason)
    if data.code:
        sheet.pair(translate(lang, "Verification code"), data.code)
    sheet.gap(0.8)
    sheet.pair(translate(lang, "Cashier's signature"), "_" * 20)
    sheet.width = width
    sheet.y = max(sheet.y, top + qr_size)
    return sheet


def _a4_pages(
    receipts: Iterable[ReceiptData], lang: str
) -> Iterable[tuple[tuple[float, float], list[tuple[Sheet, float, float]]]]:
    from reportlab.lib.pagesizes import A4

    margin = 12 * MM
    width = A4[0] - 2 * margin
    room = A4[1] / 2 - margin - 6 * MM  # each half, less the space around the cut line
    for data in receipts:
        placed = []
        for top, label in (
            (A4[1] - margin, translate(lang, "Payer's copy")),
            (A4[1] / 2 - 6 * MM, translate(lang, "Office copy")),
        ):
            # A receipt with many services is set smaller rather than spill past the cut line.
            for size in (9.0, 8.0, 7.0, 6.0):
                sheet = layout_receipt_a4(data, lang, width, size, label)
                if sheet.height <= room:
                    break
            placed.append((sheet, margin, top))
        yield A4, placed


def _a4_decorate(canvas: Any, page: tuple[float, float]) -> None:
    """The dashed cut line between the two copies of an A4 receipt."""
    canvas.saveState()
    canvas.setDash(4, 3)
    canvas.setLineWidth(0.5)
    canvas.setStrokeGray(0.4)
    canvas.line(8 * MM, page[1] / 2, page[0] - 8 * MM, page[1] / 2)
    canvas.restoreState()


def write_receipts_pdf(
    receipts: Iterable[ReceiptData], path: Path, fmt: str = "80mm", lang: str = "ky"
) -> Path:
    """Write receipts into one PDF: one page per receipt (thermal) or per A4 sheet of two copies.

    Raises:
        ValidationError: unknown format or language.
        AimakError: the file cannot be written.
    """
    check_lang(lang)
    check_format(fmt)
    if fmt == "a4":
        return write_pages(
            path, _a4_pages(receipts, lang), title=translate(lang, "Receipt"), decorate=_a4_decorate
        )
    return write_pages(
        path, _thermal_pages(receipts, lang, RECEIPT_FORMATS[fmt]), title=translate(lang, "Receipt")
    )


def write_receipt_pdf(data: ReceiptData, path: Path, fmt: str = "80mm", lang: str = "ky") -> Path:
    """Write one receipt (see write_receipts_pdf)."""
    return write_receipts_pdf([data], path, fmt, lang)
