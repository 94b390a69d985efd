"""Citizen feedback (complaints, suggestions...) and satisfaction surveys.

Feedback entries are append-only; each change of status or response is a new `FeedbackUpdate`
snapshot and the latest one (by hlc, then id) is current. Survey answers are append-only too.
Services are referenced by a plain `service_id` (no foreign key: sync order is free).
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aimak_desktop.i18n import N_
from aimak_desktop.models.base import Base, Synced


class FeedbackKind(enum.StrEnum):
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    GRATITUDE = "gratitude"
    QUESTION = "question"


FEEDBACK_KIND_LABELS = {
    FeedbackKind.COMPLAINT: N_("Complaint"),
    FeedbackKind.SUGGESTION: N_("Suggestion"),
    FeedbackKind.GRATITUDE: N_("Gratitude"),
    FeedbackKind.QUESTION: N_("Question"),
}


class FeedbackChannel(enum.StrEnum):
    VISIT = "visit"
    PHONE = "phone"
    LETTER = "letter"
    MESSENGER = "messenger"
    MEETING = "meeting"
    SURVEY = "survey"


FEEDBACK_CHANNEL_LABELS = {
    FeedbackChannel.VISIT: N_("Visit"),
    FeedbackChannel.PHONE: N_("Phone"),
    FeedbackChannel.LETTER: N_("Letter"),
    FeedbackChannel.MESSENGER: N_("Messenger"),
    FeedbackChannel.MEETING: N_("Meeting"),
    FeedbackChannel.SURVEY: N_("Survey"),
}


class FeedbackStatus(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REJECTED = "rejected"


FEEDBACK_STATUS_LABELS = {
    FeedbackStatus.NEW: N_("New"),
    FeedbackStatus.IN_PROGRESS: N_("In progress"),
    FeedbackStatus.RESOLVED: N_("Resolved"),
    FeedbackStatus.REJECTED: N_("Rejected"),
}
OPEN_STATUSES = frozenset({FeedbackStatus.NEW, FeedbackStatus.IN_PROGRESS})


class FeedbackEntry(Synced, Base):
    """One piece of feedback as received (append-only)."""

    __tablename__ = "feedback_entries"
    __append_only__ = True
    __table_args__ = (Index("ix_feedback_entries_received", "received_on"),)

    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    service_id: Mapped[uuid.UUID | None]
    village_id: Mapped[uuid.UUID | None]
    citizen_name: Mapped[str] = mapped_column(String(200), default="")  # "" = anonymous
    citizen_contact: Mapped[str] = mapped_column(String(100), default="")
    gender: Mapped[str | None] = mapped_column(String(1))
    text: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[dt.date]
    due_on: Mapped[dt.date]


class FeedbackUpdate(Synced, Base):
    """A snapshot of an entry's status and response (append-only)."""

    __tablename__ = "feedback_updates"
    __append_only__ = True

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("feedback_entries.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    response: Mapped[str] = mapped_column(Text, default="")
    response_date: Mapped[dt.date | None]


class QuestionKind(enum.StrEnum):
    SCORE = "score"  # 1 (very bad) .. 5 (very good)
    YES_NO = "yes_no"  # stored as 1 (yes) / 0 (no)


QUESTION_KIND_LABELS = {
    QuestionKind.SCORE: N_("Score 1-5"),
    QuestionKind.YES_NO: N_("Yes / no"),
}


class Questionnaire(Synced, Base):
    """A satisfaction questionnaire for one service."""

    __tablename__ = "survey_questionnaires"

    service_id: Mapped[uuid.UUID | None]
    title: Mapped[str] = mapped_column(String(200))
    archived_at: Mapped[dt.datetime | None]


class SurveyQuestion(Synced, Base):
    __tablename__ = "survey_questions"

    questionnaire_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey_questionnaires.id"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10), default=QuestionKind.SCORE.value)
    archived_at: Mapped[dt.datetime | None]


class SurveyResponse(Synced, Base):
    """One filled-in paper questionnaire (append-only)."""

    __tablename__ = "survey_responses"
    __append_only__ = True

    questionnaire_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey_questionnaires.id"), index=True
    )
    village_id: Mapped[uuid.UUID | None]
    gender: Mapped[str | None] = mapped_column(String(1))
    answered_on: Mapped[dt.date]


class SurveyAnswer(Synced, Base):
    __tablename__ = "survey_answers"
    __append_only__ = True

    response_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("survey_responses.id"), index=True)
    question_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("survey_questions.id"), index=True)
    value: Mapped[int]
