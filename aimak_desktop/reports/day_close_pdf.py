"""The cash day close (Z-report) of one cashier and day, on A4.

Totals by payment method and by service, the first and last receipt numbers, the voided receipts
and lines for the cashier's and the accountant's signatures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aimak_desktop.i18n.formatting import format_amount, format_datetime, format_number
from aimak_desktop.reports.billing_data import DayCloseData
from aimak_desktop.reports.doc_common import (
    build_pdf,
    check_lang,
    data_table,
    doc_date,
    frame_width,
    heading,
    key_values,
    name_in,
    para,
    signature_lines,
    styles,
    translate,
)
from aimak_desktop.reports.receipt_pdf import method_label

__all__ = ["write_day_close_pdf"]


def write_day_close_pdf(data: DayCloseData, path: Path, lang: str = "ky") -> Path:
    """Write the Z-report of `data` to `path`.

    Raises:
        ValidationError: `lang` is not ky, ru or both.
        AimakError: the folder cannot be written.
    """
    from reportlab.platypus import Spacer

    check_lang(lang)
    st = styles()
    width = frame_width()
    office = name_in(lang, data.office.name_ky, data.office.name_ru)
    title = translate(lang, "Cash day close (Z-report)")
    if data.closed_at is not None:
        closed = f"{format_datetime(data.closed_at)}, {data.closed_by}".rstrip(", ")
    else:
        closed = translate(lang, "Not closed yet (preview)")
    story: list[Any] = [
        para(office, st.subtitle),
        para(title, st.title),
        para(doc_date(lang, data.day), st.subtitle),
        key_values(
            [
                (translate(lang, "Cashier"), data.cashier),
                (translate(lang, "PC series"), data.device_code),
                (translate(lang, "Receipts issued"), format_number(data.receipts_count)),
                (translate(lang, "First receipt No."), data.first_receipt_no or "—"),
                (translate(lang, "Last receipt No."), data.last_receipt_no or "—"),
                (translate(lang, "Closed"), closed),
            ]
        ),
        heading(translate(lang, "By payment method")),
    ]
    rows: list[list[object]] = [
        [translate(lang, "Payment method"), translate(lang, "Receipts"), translate(lang, "Amount")]
    ]
    for m in data.by_method:
        rows.append([method_label(lang, m.method), format_number(m.count), format_amount(m.amount)])
    rows.append(
        [
            translate(lang, "Total"),
            format_number(sum(m.count for m in data.by_method)),
            format_amount(data.total),
        ]
    )
    story.append(
        data_table(
            rows, [width * 0.5, width * 0.2, width * 0.3], right=(1, 2), bold_rows=[len(rows) - 1]
        )
    )
    story.append(heading(translate(lang, "By service")))
    rows = [[translate(lang, "Service"), translate(lang, "Amount")]]
    for s in data.by_service:
        rows.append([name_in(lang, s.service_ky, s.service_ru), format_amount(s.amount)])
    rows.append([translate(lang, "Total"), format_amount(sum(s.amount for s in data.by_service))])
    story.append(
        data_table(rows, [width * 0.7, width * 0.3], right=(1,), bold_rows=[len(rows) - 1])
    )
    story.append(heading(translate(lang, "Voided receipts")))
    if data.voids:
        rows = [
            [
                translate(lang, "Receipt No."),
                translate(lang, "Amount"),
                translate(lang, "Reason"),
                translate(lang, "Voided by"),
            ]
        ]
        for v in data.voids:
            rows.append([v.receipt_no, format_amount(v.amount), v.reason, v.voided_by])
        widths = [width * 0.22, width * 0.15, width * 0.38, width * 0.25]
        story.append(data_table(rows, widths, right=(1,)))
    else:
        story.append(para(translate(lang, "No receipts were voided."), st.body))
    story.append(Spacer(1, 10))
    story.append(
        para(
            translate(lang, "Total taken: {amount} som").format(amount=format_amount(data.total)),
            st.heading,
        )
    )
    story.append(
        signature_lines(
            [(translate(lang, "Cashier"), data.cashier), (translate(lang, "Accountant"), "")]
        )
    )
    return build_pdf(
        Path(path), story, title=title, header=f"{office} · {title} · {data.day.isoformat()}"
    )
