"""Periods, office billing settings and the pure arithmetic of a charge (docs/billing.md).

Everything here is integer arithmetic on tyiyn and litres; rounding is half up.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.billing import BillingSetting
from aimak_desktop.models.core import Role
from aimak_desktop.services.auth import Actor, require_role
from aimak_desktop.services.write_path import write

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")

JOIN_WHOLE = "whole"
JOIN_PRO_RATA = "pro_rata"


@dataclass(frozen=True)
class BillingRules:
    """Office-wide settings of the accrual run.

    Attributes:
        join_rule: "whole" (default): a subscription active on any day of the period pays the
            whole period; "pro_rata": it pays for its days only.
        yearly_month: the month (1-12) in which yearly services are charged (default January).
        due_days: days after the end of the billed month by which the charge is due.
    """

    join_rule: str = JOIN_WHOLE
    yearly_month: int = 1
    due_days: int = 15


DEFAULT_RULES = BillingRules()


def parse_period(text: str) -> tuple[int, int]:
    """ "2026-03" -> (2026, 3).

    Raises:
        ValidationError: not a YYYY-MM month.
    """
    m = _PERIOD.match((text or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2100:
        raise ValidationError(
            _("{text} is not a month. Write it as YYYY-MM, for example 2026-03.").format(text=text),
            field="period",
        )
    return int(m.group(1)), int(m.group(2))


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def period_label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def round_div(numerator: int, denominator: int) -> int:
    """Integer division rounded half up (amounts are never negative here)."""
    return (2 * numerator + denominator) // (2 * denominator)


def overlap_days(
    start: dt.date, end: dt.date | None, period_start: dt.date, period_end: dt.date
) -> int:
    first = max(start, period_start)
    last = min(end or period_end, period_end)
    return max(0, (last - first).days + 1)


def consumption_litres(
    readings: Sequence[tuple[dt.date, int, bool]], period_start: dt.date, period_end: dt.date
) -> int | None:
    """Litres used in the period from (date, value, meter_replaced) readings in date order.

    The baseline is the last reading before the period (or the first one inside it). A replaced
    meter starts a new baseline: its first reading adds nothing. None when the period has no
    reading (a metered subscription is then not charged until one is entered).
    """
    previous: int | None = None
    used = 0
    seen = False
    for day, value, replaced in readings:
        if day > period_end:
            break
        if day < period_start:
            previous = value
            continue
        seen = True
        if previous is not None and not replaced:
            used += max(0, value - previous)
        previous = value
    return used if seen else None


def load_rules(session: Session) -> BillingRules:
    values = dict(session.execute(select(BillingSetting.key, BillingSetting.value)).all())
    rules = DEFAULT_RULES
    try:
        return BillingRules(
            join_rule=values.get("join_rule", rules.join_rule),
            yearly_month=int(values.get("yearly_month", rules.yearly_month)),
            due_days=int(values.get("due_days", rules.due_days)),
        )
    except ValueError:  # a damaged value never stops billing: fall back to the defaults
        return rules


def _clean_setting(key: str, value: str | int) -> str:
    text = str(value).strip()
    if key == "join_rule":
        if text not in (JOIN_WHOLE, JOIN_PRO_RATA):
            raise ValidationError(
                _("The rule for joining mid-month must be whole or pro_rata."), field=key
            )
        return text
    if key in ("yearly_month", "due_days"):
        low, high = (1, 12) if key == "yearly_month" else (0, 90)
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValidationError(
                _("{field} must be a whole number from {low} to {high}.").format(
                    field=key, low=low, high=high
                ),
                field=key,
            )
        return str(int(text))
    raise ValidationError(_("Unknown billing setting {key}.").format(key=key), field="key")


def set_billing_setting(session: Session, actor: Actor, key: str, value: str | int) -> None:
    """Change an office-wide billing rule (head or administrator)."""
    require_role(actor, {Role.ADMIN, Role.HEAD})
    text = _clean_setting(key, value)
    with write(session, actor, "billing.setting", f"{key}={text}"):
        row = session.scalar(select(BillingSetting).where(BillingSetting.key == key))
        if row is None:
            session.add(BillingSetting(key=key, value=text))
        else:
            row.value = text
