"""The debtors list (A4 landscape): households that owe, by village, with ageing columns.

Each village has its rows and a subtotal; the end of the document sums the buckets by village
and by service. Long villages are cut into tables of CHUNK rows so ReportLab splits pages fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.i18n.formatting import format_amount, format_number
from aimak_desktop.reports.billing_data import DebtorRow, DebtorsData
from aimak_desktop.reports.doc_common import (
    build_pdf,
    check_lang,
    data_table,
    doc_date,
    frame_width,
    heading,
    name_in,
    para,
    styles,
    translate,
)

__all__ = ["BUCKET_LABELS", "write_debtors_pdf"]

BUCKET_LABELS = (N_("0-30 days"), N_("31-90 days"), N_("91-180 days"), N_("over 180 days"))
CHUNK = 150


def _sums(rows: Sequence[DebtorRow]) -> list[int]:
    sums = [0, 0, 0, 0]
    for row in rows:
        for i, value in enumerate(row.buckets):
            sums[i] += value
    return sums


def _money_cells(values: Sequence[int]) -> list[str]:
    return [format_amount(v) if v else "" for v in values]


def write_debtors_pdf(data: DebtorsData, path: Path, lang: str = "ky") -> Path:
    """Write the debtors list of `data` to `path`.

    Raises:
        ValidationError: `lang` is not ky, ru or both.
        AimakError: the folder cannot be written.
    """
    check_lang(lang)
    st = styles()
    width = frame_width(landscape=True)
    office = name_in(lang, data.office.name_ky, data.office.name_ru)
    title = translate(lang, "Debtors")
    buckets = [translate(lang, b) for b in BUCKET_LABELS]
    story: list[Any] = [
        para(office, st.subtitle),
        para(title, st.title),
        para(translate(lang, "As of {date}").format(date=doc_date(lang, data.as_of)), st.subtitle),
    ]
    if data.scope:
        story.append(para(data.scope, st.subtitle))
    header: list[object] = [
        translate(lang, "Account"),
        translate(lang, "Payer"),
        translate(lang, "Address"),
        translate(lang, "Service"),
        *buckets,
        translate(lang, "Total"),
    ]
    widths = [width * f for f in (0.08, 0.17, 0.17, 0.13, 0.09, 0.09, 0.09, 0.09, 0.09)]
    right = (4, 5, 6, 7, 8)
    villages: dict[str, list[DebtorRow]] = {}
    for row in data.rows:
        villages.setdefault(row.village, []).append(row)
    if not villages:
        story.append(para(translate(lang, "Nobody owes anything."), st.body))
    for village, rows in villages.items():
        story.append(heading(village or translate(lang, "No village")))
        households = len({r.account for r in rows})
        for start in range(0, len(rows), CHUNK):
            table: list[list[object]] = [header]
            for r in rows[start : start + CHUNK]:
                table.append(
                    [
                        r.account,
                        r.payer,
                        r.address,
                        name_in(lang, r.service_ky, r.service_ru),
                        *_money_cells(r.buckets),
                        format_amount(r.total),
                    ]
                )
            bold: list[int] = []
            if start + CHUNK >= len(rows):
                sums = _sums(rows)
                count = translate(lang, "{count} households").format(
                    count=format_number(households)
                )
                total = translate(lang, "Total")
                table.append([total, count, "", "", *_money_cells(sums), format_amount(sum(sums))])
                bold = [len(table) - 1]
            story.append(data_table(table, widths, right=right, bold_rows=bold))
    story.extend(_summary(lang, data.rows, villages, buckets, width))
    return build_pdf(
        Path(path),
        story,
        title=title,
        header=f"{office} · {title} · {data.as_of.isoformat()}",
        landscape=True,
    )


def _summary(
    lang: str,
    rows: Sequence[DebtorRow],
    villages: dict[str, list[DebtorRow]],
    buckets: list[str],
    width: float,
) -> list[Any]:
    if not rows:
        return []
    widths = [width * 0.35, *[width * 0.13] * 5]
    right = (1, 2, 3, 4, 5)
    out: list[Any] = [heading(translate(lang, "Totals by village"))]
    table: list[list[object]] = [[translate(lang, "Village"), *buckets, translate(lang, "Total")]]
    for village, vrows in villages.items():
        sums = _sums(vrows)
        table.append([village, *_money_cells(sums), format_amount(sum(sums))])
    sums = _sums(rows)
    table.append([translate(lang, "Total"), *_money_cells(sums), format_amount(sum(sums))])
    out.append(data_table(table, widths, right=right, bold_rows=[len(table) - 1]))
    out.append(heading(translate(lang, "Totals by service")))
    services: dict[tuple[str, str], list[DebtorRow]] = {}
    for row in rows:
        services.setdefault((row.service_ky, row.service_ru), []).append(row)
    table = [[translate(lang, "Service"), *buckets, translate(lang, "Total")]]
    for (ky, ru), srows in services.items():
        s = _sums(srows)
        table.append([name_in(lang, ky, ru), *_money_cells(s), format_amount(sum(s))])
    table.append([translate(lang, "Total"), *_money_cells(sums), format_amount(sum(sums))])
    out.append(data_table(table, widths, right=right, bold_rows=[len(table) - 1]))
    return out
