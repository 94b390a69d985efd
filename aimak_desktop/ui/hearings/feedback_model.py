"""Rows and table model of the feedback register; overdue rows stand out in red."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QColor

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.models.feedback import (
    FEEDBACK_CHANNEL_LABELS,
    FEEDBACK_KIND_LABELS,
    FEEDBACK_STATUS_LABELS,
    FeedbackChannel,
    FeedbackKind,
    FeedbackStatus,
)
from aimak_desktop.models.register import GENDER_LABELS, Gender
from aimak_desktop.ui.common import OVERDUE_BG, OVERDUE_FG, Lookups, RowsModel


@dataclass(frozen=True)
class FeedbackRow:
    id: uuid.UUID
    received_on: dt.date
    due_on: dt.date
    kind: str
    channel: str
    service_id: uuid.UUID | None
    service: str
    village_id: uuid.UUID | None
    village: str
    citizen: str
    contact: str
    gender: str | None
    text: str
    status: str
    response: str
    response_date: dt.date | None
    overdue: bool


def load_feedback(session: Any, lookups: Lookups, today: dt.date) -> list[FeedbackRow]:
    """Every entry, newest first, with its current status (filters work on these rows)."""
    from aimak_desktop.services.feedback import list_feedback

    rows = []
    for v in list_feedback(session, today=today):
        e = v.entry
        rows.append(
            FeedbackRow(
                e.id,
                e.received_on,
                e.due_on,
                e.kind,
                e.channel,
                e.service_id,
                lookups.service(e.service_id),
                e.village_id,
                lookups.village(e.village_id),
                e.citizen_name,
                e.citizen_contact,
                e.gender,
                e.text,
                v.status,
                v.response,
                v.response_date,
                v.is_overdue(today),
            )
        )
    return rows


def label(labels: dict[Any, str], enum_type: Any, value: str | None) -> str:
    if not value:
        return ""
    try:
        return _(labels[enum_type(value)])
    except ValueError:
        return value


class FeedbackModel(RowsModel):
    RECEIVED, KIND, CHANNEL, SERVICE, VILLAGE, CITIZEN, STATUS, DUE, TEXT = range(9)
    HEADERS = (
        N_("Received"), N_("Kind"), N_("Channel"), N_("Service"), N_("Village"), N_("Citizen"),
        N_("Status"), N_("Due date"), N_("Text"),
    )  # fmt: skip

    def text(self, row: FeedbackRow, column: int) -> str:
        if column == self.RECEIVED:
            return format_short_date(row.received_on)
        if column == self.KIND:
            return label(FEEDBACK_KIND_LABELS, FeedbackKind, row.kind)
        if column == self.CHANNEL:
            return label(FEEDBACK_CHANNEL_LABELS, FeedbackChannel, row.channel)
        if column == self.SERVICE:
            return row.service
        if column == self.VILLAGE:
            return row.village
        if column == self.CITIZEN:
            if not row.citizen:
                return _("(anonymous)")
            gender = label(GENDER_LABELS, Gender, row.gender)
            return f"{row.citizen} ({gender})" if gender else row.citizen
        if column == self.STATUS:
            status = label(FEEDBACK_STATUS_LABELS, FeedbackStatus, row.status)
            return _("{status}, overdue").format(status=status) if row.overdue else status
        if column == self.DUE:
            return format_short_date(row.due_on)
        return " ".join(row.text.split())

    def background(self, row: FeedbackRow) -> QColor | None:
        return OVERDUE_BG if row.overdue else None

    def foreground(self, row: FeedbackRow) -> QColor | None:
        return OVERDUE_FG if row.overdue else None
