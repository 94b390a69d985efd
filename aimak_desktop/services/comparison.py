"""Mentor comparison: office-level indicators side by side for every office of a consolidated
database, filterable by oblast and rayon, sortable, exported as .xlsx (and PDF, see
reports/comparison_pdf.py).

Only office-level figures leave here: office name, oblast, rayon and numbers. No household,
citizen or participant names or phones are ever read into a row.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import N_, _, translate
from aimak_desktop.services.indicators import Figure, Period, collect_figures, parse_period


def _service(figures: dict[str, Any], key: str, code: str) -> Any:
    figure = figures[key].get(code)
    return None if figure is None else figure.value


def _first_service(figures: dict[str, Any], key: str) -> Any:
    values = [f.value for f in figures[key].values() if f.value is not None]
    return values[0] if values else None


def _mean_score(figures: dict[str, Any]) -> Any:
    answered = [f for f in figures["satisfaction"].values() if f.value is not None]
    if not answered:
        return None
    total = sum(Decimal(f.value) * f.parts["answers"] for f in answered)
    count = sum(f.parts["answers"] for f in answered)
    return (total / count).quantize(Decimal("0.01"))


def _part(key: str, part: str) -> Callable[[dict[str, Any]], Any]:
    def get(figures: dict[str, Any]) -> Any:
        figure: Figure = figures[key]
        return None if figure.value is None else figure.parts.get(part)

    return get


def _value(key: str, sub: str | None = None) -> Callable[[dict[str, Any]], Any]:
    def get(figures: dict[str, Any]) -> Any:
        figure = figures[key][sub] if sub else figures[key]
        return figure.value

    return get


#: (key, label, unit, getter over collect_figures' result).
COLUMNS: tuple[tuple[str, str, str, Callable[[dict[str, Any]], Any]], ...] = (
    ("collection_rate", N_("Collection rate, %"), "pct", _value("collection_rate")),
    ("billed", N_("Billed"), "money", _value("billed")),
    ("collected", N_("Collected"), "money", _value("collected")),
    ("arrears", N_("Arrears"), "money", _value("arrears")),
    ("water_coverage", N_("Water coverage, %"), "pct", lambda f: _service(f, "coverage", "water")),
    ("resolved_on_time", N_("Feedback on time, %"), "pct", _value("feedback", "resolved_on_time")),
    ("median_days", N_("Days to resolve"), "days", _value("feedback", "median_days")),
    ("satisfaction", N_("Satisfaction (1-5)"), "score", _mean_score),
    ("participants", N_("Last hearing"), "count", _value("last_hearing")),
    ("pct_women", N_("Women, %"), "pct", _part("last_hearing", "pct_women")),
    ("pct_youth", N_("Youth, %"), "pct", _part("last_hearing", "pct_youth")),
    ("pct_accepted", N_("Proposals accepted, %"), "pct", _part("proposals", "pct_accepted")),
    (
        "tariff_coverage",
        N_("Tariff covers cost, %"),
        "pct",
        lambda f: _first_service(f, "tariff_coverage"),
    ),
)
COLUMN_KEYS = tuple(c[0] for c in COLUMNS)


@dataclass
class OfficeRow:
    office_id: uuid.UUID
    name_ky: str
    name_ru: str
    oblast: str
    rayon: str
    values: dict[str, Decimal | int | None] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "office_id": str(self.office_id),
            "name_ky": self.name_ky,
            "name_ru": self.name_ru,
            "oblast": self.oblast,
            "rayon": self.rayon,
            **{k: (str(v) if isinstance(v, Decimal) else v) for k, v in self.values.items()},
        }


def compare_offices(
    session: Session,
    period: Period | str | None = None,
    *,
    oblast: str | None = None,
    rayon: str | None = None,
    sort_by: str = "name",
    descending: bool = False,
    today: dt.date | None = None,
) -> list[OfficeRow]:
    """One row per office of the consolidated database `session` is bound to.

    Offices without data for a column show None there; they sort last either way.

    Raises:
        ValidationError: an unknown sort column or a bad period.
    """
    from aimak_desktop.sync.consolidate import list_offices, office_session

    if not isinstance(period, Period):
        period = parse_period(period, today)
    if sort_by not in ("name", "oblast", "rayon", *COLUMN_KEYS):
        raise ValidationError(_("Unknown column {name}.").format(name=sort_by), field="sort")
    rows: list[OfficeRow] = []
    for office in list_offices(session):
        if (oblast and office.oblast != oblast) or (rayon and office.rayon != rayon):
            continue
        with office_session(session, office.office_id) as scoped:
            figures = collect_figures(scoped, period, today)
            scoped.commit()
        rows.append(
            OfficeRow(
                office.office_id,
                office.name_ky,
                office.name_ru,
                office.oblast,
                office.rayon,
                {key: get(figures) for key, _label, _unit, get in COLUMNS},
            )
        )
    return sort_rows(rows, sort_by, descending)


def sort_rows(rows: list[OfficeRow], sort_by: str, descending: bool = False) -> list[OfficeRow]:
    """Rows sorted by a column; offices without a value stay at the end."""
    if sort_by in ("name", "oblast", "rayon"):
        attr = "name_ky" if sort_by == "name" else sort_by
        return sorted(rows, key=lambda r: (getattr(r, attr), r.name_ky), reverse=descending)
    known = [r for r in rows if r.values.get(sort_by) is not None]
    unknown = [r for r in rows if r.values.get(sort_by) is None]
    known.sort(key=lambda r: (Decimal(r.values[sort_by] or 0), r.name_ky), reverse=descending)
    return known + sorted(unknown, key=lambda r: r.name_ky)


def show_value(value: Decimal | int | None, unit: str, lang: str) -> str:
    """A cell as text: money in som, "no data" for None."""
    from aimak_desktop.i18n.formatting import format_money

    if value is None:
        return translate("ru" if lang == "ru" else "ky", N_("no data"))
    if unit == "money":
        return format_money(int(value))
    return str(value)


def export_comparison_xlsx(
    rows: list[OfficeRow], path: Path, period_label: str, lang: str = "ky"
) -> Path:
    """Write the comparison as one .xlsx sheet (money in som as numbers)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    one = "ru" if lang == "ru" else "ky"  # a sheet's cells are short: one language

    def t(text: str) -> str:
        return translate(one, text)

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t(N_("Comparison"))[:31]
    sheet.append([t(N_("Office comparison")) + f" {period_label}"])
    sheet["A1"].font = Font(bold=True)
    header = [t(N_("Office")), t(N_("Oblast")), t(N_("Rayon"))]
    header += [t(label) for _k, label, _u, _g in COLUMNS]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        cells: list[Any] = [row.name_ru if lang == "ru" else row.name_ky, row.oblast, row.rayon]
        for key, _label, unit, _get in COLUMNS:
            value = row.values.get(key)
            if value is None:
                cells.append(t(N_("no data")))
            elif unit == "money":
                cells.append(float(Decimal(int(value)) / 100))  # som, for sums in Excel
            else:
                cells.append(float(value) if isinstance(value, Decimal) else value)
        sheet.append(cells)
    sheet.column_dimensions["A"].width = 32
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
