"""The mentor comparison as a landscape PDF: one row per office, office-level figures only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.reports.doc_common import (
    build_pdf,
    check_lang,
    data_table,
    frame_width,
    name_in,
    para,
    styles,
    translate,
)
from aimak_desktop.services.comparison import COLUMNS, OfficeRow, show_value


def write_comparison_pdf(
    rows: list[OfficeRow], out: Path, period_label: str, lang: str = "ky"
) -> Path:
    """Write the comparison table (landscape A4) to `out`.

    Raises:
        ValidationError: a language other than ky, ru, both.
        AimakError: the file cannot be written.
    """
    check_lang(lang)
    one = "ru" if lang == "ru" else "ky"
    title = translate(lang, N_("Office comparison"))
    width = frame_width(landscape=True)
    header = [translate(one, N_("Office")), translate(one, N_("Oblast / rayon"))]
    header += [translate(one, label) for _k, label, _u, _g in COLUMNS]
    body: list[list[Any]] = [header]
    for row in rows:
        cells: list[Any] = [name_in(lang, row.name_ky, row.name_ru), f"{row.oblast} / {row.rayon}"]
        cells += [show_value(row.values.get(k), unit, one) for k, _l, unit, _g in COLUMNS]
        body.append(cells)
    first, second = width * 0.14, width * 0.1
    rest = (width - first - second) / len(COLUMNS)
    story = [
        para(title, styles().title),
        para(period_label, styles().subtitle),
        data_table(
            body,
            [first, second] + [rest] * len(COLUMNS),
            right=tuple(range(2, 2 + len(COLUMNS))),
        ),
    ]
    return build_pdf(out, story, title=title, header=f"{title} · {period_label}", landscape=True)
