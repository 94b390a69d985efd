"""Budget hearings: the hearing, citizen's budget, attachments, participants, speakers, proposals.

Participants and proposal decisions are append-only (ARCHITECTURE.md "Append-only"): a wrong
participant row is voided by a `ParticipantVoid` row, and each change of a proposal's status, votes
or response is a new `ProposalUpdate` snapshot; the latest snapshot (by hlc, then id) is current.
Services and budget lines of other areas are referenced by plain UUID columns without a foreign
key, because rows of different PCs may arrive by sync in any order.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aimak_desktop.i18n import N_
from aimak_desktop.models.base import Base, Synced


class HearingKind(enum.StrEnum):
    DRAFT_BUDGET = "draft_budget"
    EXECUTION_REPORT = "execution_report"
    OTHER = "other"


HEARING_KIND_LABELS = {
    HearingKind.DRAFT_BUDGET: N_("Draft budget for next year"),
    HearingKind.EXECUTION_REPORT: N_("Budget execution report for last year"),
    HearingKind.OTHER: N_("Other public hearing"),
}


class HearingStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    MINUTES_SIGNED = "minutes_signed"
    RESPONSES_PUBLISHED = "responses_published"


HEARING_STATUS_LABELS = {
    HearingStatus.PLANNED: N_("Planned"),
    HearingStatus.HELD: N_("Held"),
    HearingStatus.MINUTES_SIGNED: N_("Minutes signed"),
    HearingStatus.RESPONSES_PUBLISHED: N_("Responses published"),
}
#: The workflow order; a hearing moves one or more steps forward, never back.
HEARING_STATUS_ORDER = tuple(HearingStatus)


class AgeGroup(enum.StrEnum):
    YOUTH = "youth"  # 18-35
    ADULT = "adult"  # 36-59
    SENIOR = "senior"  # 60 and over


AGE_GROUP_LABELS = {
    AgeGroup.YOUTH: N_("Youth (18-35)"),
    AgeGroup.ADULT: N_("Adults (36-59)"),
    AgeGroup.SENIOR: N_("Seniors (60+)"),
}


class ParticipantRole(enum.StrEnum):
    RESIDENT = "resident"
    DEPUTY = "deputy"
    STAFF = "staff"
    ACTIVIST = "activist"


PARTICIPANT_ROLE_LABELS = {
    ParticipantRole.RESIDENT: N_("Resident"),
    ParticipantRole.DEPUTY: N_("Council deputy"),
    ParticipantRole.STAFF: N_("Office staff"),
    ParticipantRole.ACTIVIST: N_("Activist"),
}

#: Vulnerable-group flags a named participant may carry (stored comma-separated).
VULNERABLE_FLAGS = {
    "disability": N_("Person with disability"),
    "low_income": N_("Low-income family"),
    "pensioner": N_("Pensioner"),
    "large_family": N_("Large family"),
    "single_parent": N_("Single parent"),
}


class BudgetDirection(enum.StrEnum):
    REVENUE = "revenue"
    EXPENSE = "expense"


BUDGET_DIRECTION_LABELS = {
    BudgetDirection.REVENUE: N_("Revenue"),
    BudgetDirection.EXPENSE: N_("Expense"),
}


class ProposalStatus(enum.StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    INCLUDED = "included"
    IMPLEMENTED = "implemented"


PROPOSAL_STATUS_LABELS = {
    ProposalStatus.RECEIVED: N_("Received"),
    ProposalStatus.ACCEPTED: N_("Accepted"),
    ProposalStatus.REJECTED: N_("Rejected"),
    ProposalStatus.INCLUDED: N_("Included in the budget"),
    ProposalStatus.IMPLEMENTED: N_("Implemented"),
}


class Hearing(Synced, Base):
    __tablename__ = "hearings"
    __table_args__ = (Index("ix_hearings_date", "held_on"),)

    kind: Mapped[str] = mapped_column(String(30))
    year: Mapped[int]
    held_on: Mapped[dt.date]
    start_time: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM"
    place: Mapped[str] = mapped_column(String(300), default="")
    #: Villages covered: comma-separated village ids (one field, merged last-writer-wins).
    village_ids: Mapped[str] = mapped_column(Text, default="")
    organiser: Mapped[str] = mapped_column(String(200), default="")
    calling_act: Mapped[str] = mapped_column(String(300), default="")
    draft_title: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(30), default=HearingStatus.PLANNED.value)
    chair_name: Mapped[str] = mapped_column(String(200), default="")
    secretary_name: Mapped[str] = mapped_column(String(200), default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[dt.datetime | None]

    @property
    def village_id_list(self) -> list[uuid.UUID]:
        return [uuid.UUID(v) for v in self.village_ids.split(",") if v]


class HearingAttachment(Synced, Base):
    """A file attached to a hearing; the bytes live in DATA/attachments/<sha256>."""

    __tablename__ = "hearing_attachments"

    hearing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hearings.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    description: Mapped[str] = mapped_column(String(300), default="")
    archived_at: Mapped[dt.datetime | None]


class BudgetLine(Synced, Base):
    """A line of the citizen's budget presented at a hearing (planned amount in tyiyn)."""

    __tablename__ = "hearing_budget_lines"

    hearing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hearings.id"), index=True)
    direction: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    service_id: Mapped[uuid.UUID | None]  # models.catalog service, no FK (sync order)
    planned: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)
    archived_at: Mapped[dt.datetime | None]


class Participant(Synced, Base):
    """A named participant. Append-only: a wrong row is voided by a ParticipantVoid."""

    __tablename__ = "hearing_participants"
    __append_only__ = True

    hearing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hearings.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str] = mapped_column(String(1))
    age_group: Mapped[str] = mapped_column(String(10))
    village_id: Mapped[uuid.UUID | None]
    role: Mapped[str] = mapped_column(String(20), default=ParticipantRole.RESIDENT.value)
    flags: Mapped[str] = mapped_column(String(200), default="")  # comma-separated VULNERABLE_FLAGS


class ParticipantVoid(Synced, Base):
    """Cancels a participant row entered by mistake (append-only, with a reason)."""

    __tablename__ = "hearing_participant_voids"
    __append_only__ = True

    participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("hearing_participants.id"), index=True
    )
    reason: Mapped[str] = mapped_column(String(300), default="")


class Tally(Synced, Base):
    """Head counts by gender and age group for a large meeting (optionally for one village)."""

    __tablename__ = "hearing_tallies"

    hearing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hearings.id"), index=True)
    village_id: Mapped[uuid.UUID | None]
    women_youth: Mapped[int] = mapped_column(default=0)
    women_adult: Mapped[int] = mapped_column(default=0)
    women_senior: Mapped[int] = mapped_column(default=0)
    men_youth: Mapped[int] = mapped_column(default=0)
    men_adult: Mapped[int] = mapped_column(default=0)
    men_senior: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(String(200), default="")
    archived_at: Mapped[dt.datetime | None]


TALLY_FIELDS = (
    "women_youth",
    "women_adult",
    "women_senior",
    "men_youth",
    "men_adult",
    "men_senior",
)


class Speaker(Synced, Base):
    __tablename__ = "hearing_speakers"

    hearing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hearings.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    full_name: Mapped[str] = mapped_column(String(200))
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[dt.datetime | None]


class Proposal(Synced, Base):
    """A citizen's proposal as received (append-only); its decisions are ProposalUpdates."""

    __tablename__ = "hearing_proposals"
    __append_only__ = True

    hearing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hearings.id"), index=True)
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200), default="")
    service_id: Mapped[uuid.UUID | None]  # models.catalog service, no FK (sync order)
    budget_line_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("hearing_budget_lines.id"))


class ProposalUpdate(Synced, Base):
    """A full snapshot of a proposal's votes, rank, status and response (append-only)."""

    __tablename__ = "hearing_proposal_updates"
    __append_only__ = True

    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hearing_proposals.id"), index=True)
    votes_for: Mapped[int] = mapped_column(default=0)
    votes_against: Mapped[int] = mapped_column(default=0)
    votes_abstain: Mapped[int] = mapped_column(default=0)
    priority: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.RECEIVED.value)
    progress: Mapped[int] = mapped_column(default=0)  # % done, for implemented proposals
    response: Mapped[str] = mapped_column(Text, default="")
    response_date: Mapped[dt.date | None]
