"""Citizen feedback register: entries, status and response, overdue list, monthly report data.

An entry is append-only; each status change is a `FeedbackUpdate` snapshot and the latest one by
(hlc, id) is current. An entry is overdue when it is still open (new or in progress) after its due
date. The due date defaults to the received date + `feedback_due_days` from the office settings
(14 days when not set).
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from aimak_desktop import settings
from aimak_desktop.errors import NotFound, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.feedback import (
    OPEN_STATUSES,
    FeedbackChannel,
    FeedbackEntry,
    FeedbackKind,
    FeedbackStatus,
    FeedbackUpdate,
)
from aimak_desktop.models.register import Gender, Village
from aimak_desktop.services.auth import Actor, require_role
from aimak_desktop.services.hearing_stats import percent
from aimak_desktop.services.hearings import HEARING_ROLES
from aimak_desktop.services.write_path import write

#: Same roles as hearings: admin, head, clerk.
FEEDBACK_ROLES = HEARING_ROLES
DEFAULT_DUE_DAYS = 14


def due_days() -> int:
    """Days allowed for a response (office setting `feedback_due_days`, default 14)."""
    value = settings.load().get("feedback_due_days", DEFAULT_DUE_DAYS)
    return value if isinstance(value, int) and 1 <= value <= 365 else DEFAULT_DUE_DAYS


@dataclass
class FeedbackInput:
    kind: str
    channel: str
    received_on: dt.date
    text: str = ""
    service_id: uuid.UUID | None = None
    village_id: uuid.UUID | None = None
    citizen_name: str = ""  # empty = anonymous
    citizen_contact: str = ""
    gender: str | None = None
    due_on: dt.date | None = None


@dataclass
class FeedbackView:
    """An entry with its current status."""

    entry: FeedbackEntry
    status: str = FeedbackStatus.NEW.value
    response: str = ""
    response_date: dt.date | None = None

    @property
    def id(self) -> uuid.UUID:
        return self.entry.id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.is_open and (today or dt.date.today()) > self.entry.due_on

    @property
    def days_to_close(self) -> int | None:
        if self.is_open or self.response_date is None:
            return None
        return (self.response_date - self.entry.received_on).days

    @property
    def on_time(self) -> bool:
        return (
            not self.is_open
            and self.response_date is not None
            and self.response_date <= self.entry.due_on
        )


def record_feedback(
    session: Session, actor: Actor, data: FeedbackInput, today: dt.date | None = None
) -> FeedbackView:
    """Register a complaint, suggestion, gratitude or question (status "new").

    Raises:
        ValidationError: unknown kind or channel, future received date, due date before it.
    """
    require_role(actor, FEEDBACK_ROLES)
    today = today or dt.date.today()
    if data.kind not in set(FeedbackKind):
        raise ValidationError(_("Choose the kind of feedback."), field="kind")
    if data.channel not in set(FeedbackChannel):
        raise ValidationError(_("Choose how the feedback was received."), field="channel")
    if data.gender is not None and data.gender not in set(Gender):
        raise ValidationError(_("Choose female or male, or leave it empty."), field="gender")
    if data.received_on > today:
        raise ValidationError(_("The received date cannot be in the future."), field="received_on")
    due = data.due_on or data.received_on + dt.timedelta(days=due_days())
    if due < data.received_on:
        raise ValidationError(_("The due date cannot be before the received date."), field="due_on")
    entry = FeedbackEntry(
        kind=str(data.kind),
        channel=str(data.channel),
        service_id=data.service_id,
        village_id=data.village_id,
        citizen_name=data.citizen_name.strip()[:200],
        citizen_contact=data.citizen_contact.strip()[:100],
        gender=data.gender,
        text=data.text.strip(),
        received_on=data.received_on,
        due_on=due,
    )
    with write(session, actor, "feedback.create", entry.text[:80]) as unit:
        session.add(entry)
        session.flush()
        session.add(FeedbackUpdate(entry_id=entry.id, status=FeedbackStatus.NEW.value))
        unit.target = entry
    return FeedbackView(entry)


def set_feedback_status(
    session: Session,
    actor: Actor,
    entry_id: uuid.UUID,
    status: str,
    response: str = "",
    response_date: dt.date | None = None,
    today: dt.date | None = None,
) -> FeedbackView:
    """Move an entry to a new status; resolving or rejecting needs the response given.

    Raises:
        ValidationError: unknown status, missing response, response date out of range.
    """
    require_role(actor, FEEDBACK_ROLES)
    today = today or dt.date.today()
    view = get_feedback(session, entry_id)
    if status not in set(FeedbackStatus):
        raise ValidationError(_("Choose the status."), field="status")
    closing = status not in OPEN_STATUSES
    response = response.strip() or (view.response if not closing else "")
    if closing and not response:
        raise ValidationError(
            _("Write the response given to the citizen before closing the entry."),
            field="response",
        )
    date = response_date or (today if closing else view.response_date)
    if date is not None and date < view.entry.received_on:
        raise ValidationError(
            _("The response date cannot be before the received date."), field="response_date"
        )
    if date is not None and date > today:
        raise ValidationError(
            _("The response date cannot be in the future."), field="response_date"
        )
    with write(session, actor, "feedback.status", status) as unit:
        update = FeedbackUpdate(
            entry_id=view.entry.id, status=status, response=response, response_date=date
        )
        session.add(update)
        unit.target = update
    return get_feedback(session, entry_id)


def get_feedback(session: Session, entry_id: uuid.UUID) -> FeedbackView:
    entry = session.get(FeedbackEntry, entry_id)
    if entry is None:
        raise NotFound(_("This feedback entry does not exist."))
    return _views(session, [entry])[0]


def list_feedback(
    session: Session,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    status: str | None = None,
    overdue_only: bool = False,
    today: dt.date | None = None,
) -> list[FeedbackView]:
    """Entries received in [since, until], newest first, with their current status."""
    query = select(FeedbackEntry)
    if since:
        query = query.where(FeedbackEntry.received_on >= since)
    if until:
        query = query.where(FeedbackEntry.received_on <= until)
    entries = session.scalars(
        query.order_by(FeedbackEntry.received_on.desc(), FeedbackEntry.id.desc())
    ).all()
    views = _views(session, entries)
    if status:
        views = [v for v in views if v.status == status]
    if overdue_only:
        views = [v for v in views if v.is_overdue(today)]
    return views


def _views(session: Session, entries: Sequence[FeedbackEntry]) -> list[FeedbackView]:
    latest: dict[uuid.UUID, FeedbackUpdate] = {}
    ids = [e.id for e in entries]
    for start in range(0, len(ids), 500):  # SQLite's parameter limit
        for update in session.scalars(
            select(FeedbackUpdate)
            .where(FeedbackUpdate.entry_id.in_(ids[start : start + 500]))
            .order_by(FeedbackUpdate.hlc, FeedbackUpdate.id)
        ):
            latest[update.entry_id] = update
    views = []
    for e in entries:
        u = latest.get(e.id)
        views.append(
            FeedbackView(e, u.status, u.response, u.response_date) if u else FeedbackView(e)
        )
    return views


# --- monthly report ----------------------------------------------------------------------------


@dataclass
class FeedbackMonth:
    """What the monthly report shows. Counts are of entries received in the month.

    `pct_on_time` = entries closed (resolved or rejected) on or before their due date, as a share
    of the entries that were closed or already past due on `as_of`; entries still open and not yet
    due are left out, since they can still be answered on time.
    """

    year: int
    month: int
    as_of: dt.date
    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_service: dict[uuid.UUID | None, int] = field(default_factory=dict)
    by_village: list[tuple[str, int]] = field(default_factory=list)
    by_gender: dict[str, int] = field(default_factory=dict)
    median_days: Decimal | None = None
    on_time: int = 0
    judged: int = 0
    overdue: list[FeedbackView] = field(default_factory=list)
    entries: list[FeedbackView] = field(default_factory=list)

    @property
    def pct_on_time(self) -> Decimal:
        return percent(self.on_time, self.judged)

    def as_dict(self) -> dict[str, object]:
        return {
            "month": f"{self.year:04d}-{self.month:02d}",
            "total": self.total,
            "by_kind": self.by_kind,
            "by_status": self.by_status,
            "by_service": {str(k) if k else "": v for k, v in self.by_service.items()},
            "by_village": dict(self.by_village),
            "by_gender": self.by_gender,
            "median_days_to_resolve": None if self.median_days is None else str(self.median_days),
            "pct_resolved_on_time": str(self.pct_on_time),
            "overdue": len(self.overdue),
        }


def parse_month(text: str) -> tuple[int, int]:
    """ "2024-03" -> (2024, 3).

    Raises:
        ValidationError: not a YYYY-MM month.
    """
    try:
        year, month = (int(p) for p in text.strip().split("-"))
        dt.date(year, month, 1)
    except ValueError:
        raise ValidationError(
            _("Write the month as YYYY-MM, for example 2024-03."), field="month"
        ) from None
    return year, month


def monthly_report(
    session: Session, year: int, month: int, as_of: dt.date | None = None
) -> FeedbackMonth:
    """Counts by kind, status, service, village; median days to close; % closed on time."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    as_of = as_of or dt.date.today()
    views = list(reversed(list_feedback(session, since=first, until=last)))
    report = FeedbackMonth(year, month, as_of, total=len(views), entries=views)
    report.by_kind = {k.value: 0 for k in FeedbackKind}
    report.by_status = {s.value: 0 for s in FeedbackStatus}
    villages: Counter[uuid.UUID | None] = Counter()
    services: Counter[uuid.UUID | None] = Counter()
    genders: Counter[str] = Counter()
    days: list[int] = []
    for v in views:
        report.by_kind[v.entry.kind] = report.by_kind.get(v.entry.kind, 0) + 1
        report.by_status[v.status] = report.by_status.get(v.status, 0) + 1
        villages[v.entry.village_id] += 1
        services[v.entry.service_id] += 1
        genders[v.entry.gender or ""] += 1
        if v.status == FeedbackStatus.RESOLVED and v.days_to_close is not None:
            days.append(v.days_to_close)
        if not v.is_open or as_of > v.entry.due_on:
            report.judged += 1
            report.on_time += int(v.on_time)
        if v.is_overdue(as_of):
            report.overdue.append(v)
    if days:
        report.median_days = Decimal(str(statistics.median(days))).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    names = dict(
        session.execute(
            select(Village.id, Village.name).where(
                Village.id.in_([v for v in villages if v is not None])
            )
        ).all()
    )
    report.by_village = sorted(
        ((names.get(v, "") if v else "", n) for v, n in villages.items()),
        key=lambda item: (-item[1], item[0]),
    )
    report.by_service = dict(services.most_common())
    report.by_gender = dict(genders)
    return report


def service_names(
    session: Session, ids: Sequence[uuid.UUID | None], lang: str = "ky"
) -> dict[uuid.UUID, str]:
    """Names of catalogue services by id in `lang` (ru, else Kyrgyz); empty if none exist."""
    from aimak_desktop.models import catalog

    service = getattr(catalog, "Service", None)
    wanted = [i for i in ids if i is not None]
    if service is None or not wanted:
        return {}
    column = service.name_ru if lang == "ru" else service.name_ky
    return dict(session.execute(select(service.id, column).where(service.id.in_(wanted))).all())
