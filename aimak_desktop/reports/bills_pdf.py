"""Monthly bills (дүмүрчөк) for door-to-door delivery: A4 with three bills a page, or 80 mm slips.

Bills are sorted by village, street and house (natural order) so the person delivering them walks
the streets in order. Drawn with the canvas API through `Sheet`: 10,000 bills take seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.i18n.formatting import format_amount, format_short_date
from aimak_desktop.reports.billing_data import BillCharge, BillData, OfficeHeader
from aimak_desktop.reports.billing_sheet import MM, Page, Sheet, string_width, write_pages
from aimak_desktop.reports.doc_common import check_lang, name_in, translate
from aimak_desktop.reports.receipt_pdf import RECEIPT_FORMATS, check_format

__all__ = ["BILL_FORMATS", "layout_bill_a4", "layout_bill_slip", "period_label", "write_bills_pdf"]

BILL_FORMATS = ("a4", "80mm")
PER_PAGE = 3

# Kyrgyz uses the Russian month names (nominative): "2026-ж. март", "март 2026 г.".
_MONTHS = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
_UNITS = {"person": N_("pers."), "m3": "м³", "household": N_("household")}


def period_label(lang: str, period: str) -> str:
    """ "2026-03" -> "2026-ж. март" (ky), "март 2026 г." (ru), both joined by " / "."""
    year, _sep, month = period.partition("-")
    if lang == "both":
        ky, ru = period_label("ky", period), period_label("ru", period)
        return ky if ky == ru else f"{ky} / {ru}"
    if not month:
        return f"{year}-ж." if lang == "ky" else f"{year} г."
    try:
        index = int(month) - 1
        if lang == "ky":
            return f"{year}-ж. {_MONTHS[index]}"
        return f"{_MONTHS[index]} {year} г."
    except (ValueError, IndexError):
        return period


# Bills repeat the same few tariffs and sums thousands of times.
_amount = lru_cache(maxsize=65536)(format_amount)


@lru_cache(maxsize=65536)
def _qty(value: Decimal | None) -> str:
    """A quantity as printed: 5, 12,5 (comma decimal mark, no trailing zeros)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return text.replace(".", ",")


@lru_cache(maxsize=64)
def _unit_label(lang: str, unit: str) -> str:
    label = _UNITS.get(unit, unit)
    return label if label == "м³" else translate(lang, label)


def _units(lang: str, charge: BillCharge) -> str:
    return f"{_qty(charge.quantity)} {_unit_label(lang, charge.unit)}"


def _charged_total(bill: BillData) -> int:
    return sum(c.charged + c.adjustment + c.penalty for c in bill.charges)


def _balance_rows(lang: str, bill: BillData) -> list[tuple[str, str, bool]]:
    """Summary lines: carried in, charged, paid, to pay (and the advance left, if any)."""
    label = _labels(lang)
    if bill.balance_in >= 0:
        carried = (label["debt_in"], _amount(bill.balance_in), False)
    else:
        carried = (label["advance_in"], _amount(-bill.balance_in), False)
    charged = _charged_total(bill)
    net = bill.balance_in + charged - bill.paid_in_period
    rows = [
        carried,
        (label["charged"], _amount(charged), False),
        (label["paid"], _amount(bill.paid_in_period), False),
    ]
    if net < 0:
        rows.append((label["advance"], _amount(-net), False))
    rows.append((label["to_pay"], _amount(bill.total_due) + "\u00a0сом", True))
    return rows


def _payment_details(lang: str, office: OfficeHeader) -> str:
    parts = []
    if office.bank_name:
        parts.append(office.bank_name)
    if office.bank_account:
        parts.append(translate(lang, "Account No.") + " " + office.bank_account)
    if office.bank_bik:
        parts.append(translate(lang, "BIK") + " " + office.bank_bik)
    if office.tax_id:
        parts.append(translate(lang, "Tax ID") + " " + office.tax_id)
    if office.phone:
        parts.append(translate(lang, "Phone") + " " + office.phone)
    return "; ".join(parts)


@lru_cache(maxsize=32)
def _labels(lang: str) -> dict[str, str]:
    """The bill's labels in `lang`, looked up once per document rather than once per bill."""
    return {
        "account": translate(lang, "Account"),
        "pay_by": translate(lang, "Pay by"),
        "payer": translate(lang, "Payer"),
        "residents": translate(lang, "Residents"),
        "address": translate(lang, "Address"),
        "debt_in": translate(lang, "Debt carried in"),
        "advance_in": translate(lang, "Advance carried in"),
        "charged": translate(lang, "Charged for the period"),
        "paid": translate(lang, "Paid in the period"),
        "advance": translate(lang, "Advance"),
        "to_pay": translate(lang, "To pay"),
    }


@lru_cache(maxsize=32)
def _a4_head(office: OfficeHeader, period: str, lang: str, width: float, size: float) -> Sheet:
    """Office, title and period: the same on every bill of a run, so laid out once."""
    sheet = Sheet(width, size)
    name = name_in(lang, office.name_ky, office.name_ru)
    title = translate(lang, "Bill for {period}").format(period=period_label(lang, period))
    sheet.row([name, title], [width * 0.55, width * 0.45], align="lr", bold=True, pad=0)
    if office.address:
        sheet.text(office.address, small=True)
    sheet.hline(0.8)
    sheet.gap(0.2)
    return sheet


@lru_cache(maxsize=32)
def _a4_table_head(lang: str, width: float, size: float) -> Sheet:
    sheet = Sheet(width, size)
    sheet.hline(0.4)
    sheet.row(
        [
            translate(lang, "Service"),
            translate(lang, "Tariff"),
            translate(lang, "Quantity"),
            translate(lang, "Meter, previous"),
            translate(lang, "Meter, current"),
            translate(lang, "Recalculation"),
            translate(lang, "Penalty"),
            translate(lang, "Charged"),
        ],
        [width * f for f in _TABLE],
        align="lrrrrrrr",
        bold=True,
        small=True,
        shade=0.92,
        rule=True,
    )
    return sheet


@lru_cache(maxsize=32)
def _a4_payment_details(office: OfficeHeader, lang: str, width: float, size: float) -> Sheet:
    sheet = Sheet(width * 0.52, size)
    details = _payment_details(lang, office)
    if details:
        sheet.text(translate(lang, "Payment details") + ":", bold=True, small=True)
        sheet.text(details, small=True)
    return sheet


_TABLE = (0.22, 0.08, 0.1, 0.115, 0.115, 0.13, 0.1, 0.14)
_DETAIL_PAD = 1.0


@lru_cache(maxsize=32)
def _detail_columns(width: float) -> list[float]:
    return [width * f for f in (0.14, 0.41, 0.2, 0.25)]


@lru_cache(maxsize=32)
def _a4_detail_labels(lang: str, width: float, size: float) -> tuple[Sheet, tuple[float, ...]]:
    """The labels of the account / payer / address block and the top of each of its rows."""
    sheet = Sheet(width, size)
    label = _labels(lang)
    tops = []
    for left, right in (
        (label["account"], label["pay_by"]),
        (label["payer"], label["residents"]),
        (label["address"], ""),
    ):
        tops.append(sheet.y)
        sheet.row([left, "", right, ""], _detail_columns(width), pad=_DETAIL_PAD)
    return sheet, tuple(tops)


def layout_bill_a4(bill: BillData, lang: str, width: float, font_size: float = 8.0) -> Sheet:
    """One bill across the width of an A4 page (a third of its height)."""
    sheet = Sheet(width, font_size)
    sheet.paste(_a4_head(bill.office, bill.period, lang, width, font_size))
    values = (
        (bill.account, format_short_date(bill.due_date)),
        (bill.payer, str(bill.residents) if bill.residents else ""),
        (bill.address, ""),
    )
    labels, tops = _a4_detail_labels(lang, width, font_size)
    cols = _detail_columns(width)
    inner = (cols[1] - 2 * _DETAIL_PAD, cols[3] - 2 * _DETAIL_PAD)
    regular = sheet.regular
    if all(
        string_width(v, regular, font_size) <= room
        for pair in values
        for v, room in zip(pair, inner, strict=True)
    ):
        # Every value fits on its line: the labels' layout (made once) holds, add the values.
        top = sheet.y
        sheet.paste(labels)
        x1, x3 = cols[0] + _DETAIL_PAD, cols[0] + cols[1] + cols[2] + _DETAIL_PAD
        for row_top, (v1, v2) in zip(tops, values, strict=True):
            y = top + row_top + _DETAIL_PAD / 2 + font_size
            sheet.texts.append((regular, font_size, x1, y, v1))
            if v2:
                sheet.texts.append((regular, font_size, x3, y, v2))
    else:
        label = _labels(lang)
        keys = (("account", "pay_by"), ("payer", "residents"), ("address", ""))
        for (k1, k2), (v1, v2) in zip(keys, values, strict=True):
            sheet.row([label[k1], v1, label[k2] if k2 else "", v2], cols, pad=_DETAIL_PAD)
    sheet.gap(0.2)
    sheet.paste(_a4_table_head(lang, width, font_size))
    tcols = [width * f for f in _TABLE]
    for charge in bill.charges:
        sheet.row(
            [
                name_in(lang, charge.service_ky, charge.service_ru),
                _amount(charge.tariff),
                _units(lang, charge),
                _qty(charge.meter_previous),
                _qty(charge.meter_current),
                _amount(charge.adjustment) if charge.adjustment else "",
                _amount(charge.penalty) if charge.penalty else "",
                _amount(charge.charged + charge.adjustment + charge.penalty),
            ],
            tcols,
            align="lrrrrrrr",
            rule=True,
        )
    sheet.gap(0.3)
    top = sheet.y
    # Payment details on the left half, the sums on the right half.
    sheet.paste(_a4_payment_details(bill.office, lang, width, font_size))
    left_end = sheet.y
    sheet.y = top
    scols = [width * 0.56, width * 0.3, width * 0.14]
    rows = _balance_rows(lang, bill)
    # When no label wraps, the plain lines go in as one row of multi-line cells (labels and
    # amounts stay paired line by line): far fewer calls for 10,000 bills.
    plain = [r for r in rows if not r[2]]
    if all(string_width(r[0], sheet.regular, font_size) < scols[1] - 2 for r in plain):
        label_block = "\n".join(r[0] for r in plain)
        amount_block = "\n".join(r[1] for r in plain)
        sheet.row(["", label_block, amount_block], scols, align="lrr", pad=0.8)
    else:
        for label_text, amount, _strong in plain:
            sheet.row(["", label_text, amount], scols, align="lrr", pad=0.8)
    for label_text, amount, _strong in (r for r in rows if r[2]):
        sheet.row(["", label_text, amount], scols, align="lrr", bold=True, pad=0.8)
    sheet.y = max(sheet.y, left_end)
    return sheet


def layout_bill_slip(bill: BillData, lang: str, width: float, font_size: float) -> Sheet:
    """One bill on an 80 mm roll: the same content, one value a line."""
    sheet = Sheet(width, font_size)
    sheet.text(name_in(lang, bill.office.name_ky, bill.office.name_ru), bold=True, align="center")
    sheet.text(
        translate(lang, "Bill for {period}").format(period=period_label(lang, bill.period)),
        bold=True,
        align="center",
        scale=1.15,
    )
    sheet.gap(0.2)
    sheet.pair(translate(lang, "Account"), bill.account, bold=True)
    sheet.pair(translate(lang, "Payer"), bill.payer)
    sheet.pair(translate(lang, "Address"), bill.address)
    if bill.residents:
        sheet.pair(translate(lang, "Residents"), str(bill.residents))
    sheet.rule()
    for charge in bill.charges:
        sheet.text(name_in(lang, charge.service_ky, charge.service_ru), bold=True)
        sheet.pair(
            translate(lang, "Tariff"),
            f"{format_amount(charge.tariff)} × {_units(lang, charge)}",
            indent=True,
        )
        if charge.meter_current is not None:
            meter = f"{_qty(charge.meter_previous)} → {_qty(charge.meter_current)}"
            sheet.pair(translate(lang, "Meter"), meter, indent=True)
        if charge.adjustment:
            sheet.pair(
                translate(lang, "Recalculation"), format_amount(charge.adjustment), indent=True
            )
        if charge.penalty:
            sheet.pair(translate(lang, "Penalty"), format_amount(charge.penalty), indent=True)
        total = charge.charged + charge.adjustment + charge.penalty
        sheet.pair(translate(lang, "Charged"), format_amount(total), indent=True)
    sheet.rule()
    for label, amount, strong in _balance_rows(lang, bill):
        sheet.pair(label, amount, bold=strong)
    sheet.pair(translate(lang, "Pay by"), format_short_date(bill.due_date), bold=True)
    details = _payment_details(lang, bill.office)
    if details:
        sheet.rule()
        sheet.text(details, small=True)
    return sheet


def _a4_pages(bills: Sequence[BillData], lang: str) -> Iterable[Page]:
    from reportlab.lib.pagesizes import A4

    margin = 10 * MM
    width = A4[0] - 2 * margin
    slot = (A4[1] - 2 * margin) / PER_PAGE
    placed: list[tuple[Sheet, float, float]] = []
    used = 0
    for bill in bills:
        sheet = layout_bill_a4(bill, lang, width)
        # A bill with many services is set smaller rather than run into the next one.
        size = 8.0
        while sheet.height > slot - 6 * MM and size > 5.5:
            size -= 0.5
            sheet = layout_bill_a4(bill, lang, width, size)
        placed.append((sheet, margin, A4[1] - margin - used * slot))
        used += 1
        if used == PER_PAGE:
            yield A4, placed
            placed, used = [], 0
    if placed:
        yield A4, placed


def _a4_cut_lines(canvas: Any, page: tuple[float, float]) -> None:
    """Dashed lines to cut the page into its three bills."""
    margin = 10 * MM
    slot = (page[1] - 2 * margin) / PER_PAGE
    canvas.saveState()
    canvas.setDash(4, 3)
    canvas.setLineWidth(0.4)
    canvas.setStrokeGray(0.5)
    for i in range(1, PER_PAGE):
        y = page[1] - margin - i * slot + 3 * MM
        canvas.line(5 * MM, y, page[0] - 5 * MM, y)
    canvas.restoreState()


def _slip_pages(bills: Sequence[BillData], lang: str) -> Iterable[Page]:
    fmt = RECEIPT_FORMATS["80mm"]
    margin = (fmt.page_width - fmt.printable) / 2
    for bill in bills:
        sheet = layout_bill_slip(bill, lang, fmt.printable, fmt.font_size)
        height = sheet.height + 2 * margin + 4 * MM
        yield (fmt.page_width, height), [(sheet, margin, height - margin)]


def write_bills_pdf(
    bills: Iterable[BillData], path: Path, fmt: str = "a4", lang: str = "ky"
) -> Path:
    """Write the bills into one PDF, sorted by village, street and house.

    Raises:
        ValidationError: unknown format or language.
        AimakError: the file cannot be written.
    """
    check_lang(lang)
    check_format(fmt, BILL_FORMATS)
    ordered = sorted(bills, key=lambda b: b.sort_key)
    title = translate(lang, "Monthly bills")
    if fmt == "a4":
        return write_pages(path, _a4_pages(ordered, lang), title=title, decorate=_a4_cut_lines)
    return write_pages(path, _slip_pages(ordered, lang), title=title)
