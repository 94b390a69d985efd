"""Office indicators (IBNET-style groups): periods, value objects and the one-call summary.

Every indicator is a function of a session and a `Period` returning a `Figure` (or a dict of
them). A figure whose `value` is None means "no data" for that period: nothing was billed, no
feedback was received... never 0 % and never a crash. Percentages are Decimal with one place,
rounded half up; money is integer tyiyn; scores have two places. All queries are portable
SQLAlchemy (SQLite and PostgreSQL): dates are bounds computed in Python, never SQL date
functions. The formulas are listed in docs/indicators.md and in each function's docstring.

The billing figures live in `indicators_billing`, the people figures (feedback, surveys,
hearings, tariff studies) in `indicators_people`; `indicators_for_office` gathers them all.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.orm import Session

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import _

ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def pct(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """`part` / `whole` as a percentage with one place (half up); None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(ONE_PLACE, ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """A month, quarter or year: `first`..`last` (inclusive dates) and its label."""

    kind: str  # "month" | "quarter" | "year"
    first: dt.date
    last: dt.date
    label: str

    @property
    def first_month(self) -> str:
        return self.first.strftime("%Y-%m")

    @property
    def last_month(self) -> str:
        return self.last.strftime("%Y-%m")

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return period_ending(self.kind, self.first - dt.timedelta(days=1))

    def months(self) -> list[str]:
        out, y, m = [], self.first.year, self.first.month
        while (y, m) <= (self.last.year, self.last.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def period_ending(kind: str, day: dt.date) -> Period:
    """The month, quarter or year that contains `day`."""
    if kind == "month":
        return parse_period(day.strftime("%Y-%m"))
    if kind == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    return parse_period(str(day.year))


def parse_period(text: str | None, today: dt.date | None = None) -> Period:
    """ "2025-03" (month), "2025-Q1" (quarter) or "2025" (year); None = this month.

    Raises:
        ValidationError: any other form.
    """
    if text is None or not text.strip():
        today = today or dt.date.today()
        text = today.strftime("%Y-%m")
    text = text.strip()
    try:
        if m := _MONTH.match(text):
            year, month = int(m.group(1)), int(m.group(2))
            first = dt.date(year, month, 1)
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
            return Period("month", first, last, f"{year:04d}-{month:02d}")
        if m := _QUARTER.match(text):
            year, q = int(m.group(1)), int(m.group(2))
            first = dt.date(year, 3 * q - 2, 1)
            end_month = 3 * q
            last = dt.date(year, end_month, calendar.monthrange(year, end_month)[1])
            return Period("quarter", first, last, f"{year:04d}-Q{q}")
        if m := _YEAR.match(text):
            year = int(m.group(1))
            return Period("year", dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year:04d}")
    except ValueError:
        pass
    raise ValidationError(
        _("Write the period as YYYY-MM, YYYY-Qn or YYYY, for example 2025-03."), field="period"
    )


@dataclass
class Figure:
    """One indicator value. `value` None = no data; `unit` says how to show it.

    Units: "pct" (Decimal, one place), "money" (int tyiyn), "count" (int), "days" (Decimal, one
    place), "score" (Decimal 1-5, two places). `parts` keeps the terms of the formula.
    """

    key: str
    value: Decimal | int | None
    unit: str
    parts: dict[str, Any] = field(default_factory=dict)

    @property
    def no_data(self) -> bool:
        return self.value is None

    def as_json(self) -> dict[str, Any]:
        return {
            "value": None if self.value is None else _jsonable(self.value),
            "unit": self.unit,
            **({"parts": {k: _jsonable(v) for k, v in self.parts.items()}} if self.parts else {}),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, uuid.UUID | dt.date):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Figure):
        return value.as_json()
    return value


#: Keys of `indicators_for_office`, in the order the CLI, dashboard and reports show them.
INDICATOR_KEYS = (
    "collection_rate",
    "billed",
    "collected",
    "arrears",
    "coverage",
    "billed_by_service",
    "collected_by_service",
    "payments_today",
    "payments_month",
    "feedback",
    "satisfaction",
    "last_hearing",
    "proposals",
    "tariff_coverage",
)


def indicators_for_office(
    session: Session,
    period: Period | str | None = None,
    office_id: uuid.UUID | str | None = None,
    *,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Every indicator of one office for `period`, as JSON-ready data.

    Args:
        session: an office's own database, or a consolidated one (then give `office_id`).
        period: a Period or its text ("2025-03", "2025-Q1", "2025"); None = this month.
        office_id: the office in a consolidated database (see sync.consolidate).
        today: the day "payments today" refers to (default: the real today).

    Raises:
        ValidationError: a bad period text.
        NotFound: no such office in the consolidated database.
    """
    if not isinstance(period, Period):
        period = parse_period(period, today)
    if office_id is not None:
        from aimak_desktop.sync.consolidate import office_session

        with office_session(session, office_id) as scoped:
            return _collect(scoped, period, today)
    return _collect(session, period, today)


def _collect(session: Session, period: Period, today: dt.date | None) -> dict[str, Any]:
    figures = collect_figures(session, period, today)
    out: dict[str, Any] = {"period": period.label}
    for key, value in figures.items():
        out[key] = _jsonable(value)
    session.commit()
    return out


def collect_figures(
    session: Session, period: Period, today: dt.date | None = None
) -> dict[str, Any]:
    """The indicators as Figure objects (or dicts of them), keyed as INDICATOR_KEYS."""
    from aimak_desktop.services import indicators_billing as bill
    from aimak_desktop.services import indicators_people as people

    today = today or dt.date.today()
    rate = bill.collection_rate(session, period)
    return {
        "collection_rate": rate,
        "billed": Figure("billed", rate.parts.get("billed"), "money"),
        "collected": Figure("collected", rate.parts.get("collected"), "money"),
        "arrears": bill.arrears(session, min(period.last, today)),
        "coverage": bill.coverage(session, period.last),
        "billed_by_service": bill.billed_by_service(session, period),
        "collected_by_service": bill.collected_by_service(session, period),
        "payments_today": bill.payments_between(session, today, today, "payments_today"),
        "payments_month": bill.payments_between(
            session, today.replace(day=1), today, "payments_month"
        ),
        "feedback": people.feedback_figures(session, period),
        "satisfaction": people.satisfaction(session, period),
        "last_hearing": people.last_hearing(session, period.last),
        "proposals": people.proposals(session, period),
        "tariff_coverage": people.tariff_coverage(session),
    }
