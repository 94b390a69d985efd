"""A household statement: charges and payments over a period with a running balance (A4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.i18n.formatting import format_amount, format_short_date
from aimak_desktop.reports.billing_data import StatementData
from aimak_desktop.reports.doc_common import (
    build_pdf,
    check_lang,
    data_table,
    doc_date,
    frame_width,
    key_values,
    name_in,
    para,
    styles,
    translate,
)

__all__ = ["balance_text", "write_statement_pdf"]

_KINDS = {
    "charge": N_("Charge"),
    "adjustment": N_("Recalculation"),
    "penalty": N_("Penalty"),
    "payment": N_("Payment"),
    "void": N_("Payment voided"),
}


def balance_text(lang: str, balance: int) -> str:
    """A signed balance for people: "540,00 debt" / "200,00 advance" / "0,00"."""
    if balance > 0:
        return translate(lang, "{amount} debt").format(amount=format_amount(balance))
    if balance < 0:
        return translate(lang, "{amount} advance").format(amount=format_amount(-balance))
    return format_amount(0)


def write_statement_pdf(data: StatementData, path: Path, lang: str = "ky") -> Path:
    """Write the statement of one household to `path`.

    Raises:
        ValidationError: `lang` is not ky, ru or both.
        AimakError: the folder cannot be written.
    """
    check_lang(lang)
    st = styles()
    width = frame_width()
    office = name_in(lang, data.office.name_ky, data.office.name_ru)
    title = translate(lang, "Household statement")
    period = f"{doc_date(lang, data.start)} — {doc_date(lang, data.end)}"
    story: list[Any] = [
        para(office, st.subtitle),
        para(title, st.title),
        para(period, st.subtitle),
        key_values(
            [
                (translate(lang, "Account"), data.account),
                (translate(lang, "Payer"), data.payer),
                (translate(lang, "Address"), data.address),
            ]
        ),
    ]
    rows: list[list[object]] = [
        [
            translate(lang, "Date"),
            translate(lang, "Operation"),
            translate(lang, "Service"),
            translate(lang, "Period"),
            translate(lang, "Reference"),
            translate(lang, "Charged"),
            translate(lang, "Paid"),
            translate(lang, "Balance"),
        ],
        [
            format_short_date(data.start),
            translate(lang, "Opening balance"),
            "", "", "", "", "",
            balance_text(lang, data.opening_balance),
        ],
    ]  # fmt: skip
    balance = data.opening_balance
    charged = paid = 0
    for e in data.entries:
        balance += e.charged - e.paid
        charged += e.charged
        paid += e.paid
        rows.append(
            [
                format_short_date(e.day),
                translate(lang, _KINDS.get(e.kind, e.kind)),
                name_in(lang, e.service_ky, e.service_ru),
                e.period,
                e.reference,
                format_amount(e.charged) if e.charged else "",
                format_amount(e.paid) if e.paid else "",
                balance_text(lang, balance),
            ]
        )
    rows.append(
        [
            format_short_date(data.end),
            translate(lang, "Closing balance"),
            "", "", "",
            format_amount(charged),
            format_amount(paid),
            balance_text(lang, data.closing_balance),
        ]
    )  # fmt: skip
    widths = [width * f for f in (0.12, 0.12, 0.15, 0.09, 0.15, 0.11, 0.11, 0.15)]
    story.append(data_table(rows, widths, right=(5, 6, 7), bold_rows=[1, len(rows) - 1]))
    return build_pdf(Path(path), story, title=title, header=f"{office} · {title} · {data.account}")
