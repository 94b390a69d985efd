"""What the dashboard reads, as plain functions of a session run in the background.

The page asks for independent pieces so the pool's two workers read them side by side: the
office header (cheap), the figures of the chosen period, those of the period before, and the
chart series. No Qt here beyond the package: these run on worker threads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aimak_desktop.services.indicators import Figure, Period, collect_figures, parse_period

#: How many months the period picker offers (the current one first).
PICKER_MONTHS = 24


@dataclass
class Header:
    """Who and where the office is, a few counts and the last backup."""

    office: dict[str, str]
    series: str
    counts: dict[str, int]
    last_backup: Any


@dataclass
class ChartData:
    """Series behind the charts; a None value means no data for that point."""

    period: Period
    trend: list[Figure] = field(default_factory=list)
    feedback_status: dict[str, int] = field(default_factory=dict)


def load_header(session: Session) -> Header:
    from aimak_desktop import backup, paths
    from aimak_desktop.models.register import Household, Street, Village
    from aimak_desktop.services.office import get_local_device, get_office

    office = get_office(session)
    keys = ("name_ky", "name_ru", "oblast", "rayon", "aimak")
    counts = {
        name: int(session.scalar(select(func.count()).select_from(model)) or 0)
        for name, model in (("villages", Village), ("streets", Street), ("households", Household))
    }
    return Header(
        office={k: getattr(office, k) for k in keys} if office else {},
        series=get_local_device(session).series,
        counts=counts,
        last_backup=backup.latest_backup(paths.data_dir()),
    )


def load_figures(session: Session, period: Period, today: dt.date | None = None) -> dict[str, Any]:
    """Every indicator of `period` as Figure objects (collect_figures), keyed as INDICATOR_KEYS.

    The page asks for the chosen period and the one before as two tasks, read side by side.
    """
    figures = collect_figures(session, period, today)
    session.commit()
    return figures


def load_charts(session: Session, period: Period) -> ChartData:
    from aimak_desktop.services.indicators_billing import collection_trend

    data = ChartData(
        period,
        trend=collection_trend(session, period),
        feedback_status=feedback_by_status(session, period),
    )
    session.commit()
    return data


def feedback_by_status(session: Session, period: Period) -> dict[str, int]:
    """Feedback received in the period by its status at the period end (status value -> count).

    Same rules as the feedback indicators: the latest status saved by the period end counts; an
    entry without any status change is new. Empty when nothing was received in the period.
    """
    from aimak_desktop.models.feedback import FeedbackEntry, FeedbackStatus, FeedbackUpdate

    end = dt.datetime.combine(period.last + dt.timedelta(days=1), dt.time())
    ids = set(
        session.scalars(
            select(FeedbackEntry.id).where(
                FeedbackEntry.received_on >= period.first, FeedbackEntry.received_on <= period.last
            )
        )
    )
    if not ids:
        return {}
    state: dict[Any, str] = {}
    for entry_id, status in session.execute(
        select(FeedbackUpdate.entry_id, FeedbackUpdate.status)
        .join(FeedbackEntry, FeedbackEntry.id == FeedbackUpdate.entry_id)
        .where(
            FeedbackEntry.received_on >= period.first,
            FeedbackEntry.received_on <= period.last,
            FeedbackUpdate.created_at < end,
        )
        .order_by(FeedbackUpdate.hlc, FeedbackUpdate.id)
    ):
        state[entry_id] = status
    out = {s.value: 0 for s in FeedbackStatus}
    for entry_id in ids:
        out[str(state.get(entry_id, FeedbackStatus.NEW.value))] += 1
    return out


def recent_months(today: dt.date | None = None, count: int = PICKER_MONTHS) -> list[Period]:
    """The current month and the `count - 1` months before it, newest first."""
    month = parse_period(None, today)
    out = []
    for _ in range(count):
        out.append(month)
        month = month.previous()
    return out
