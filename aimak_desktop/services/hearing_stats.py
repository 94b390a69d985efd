"""Participation statistics of a hearing: totals, % women, % youth, by village, and trends.

Total = named participants (not voided) + tallied head counts. Percentages are Decimals rounded to
one decimal place, half up (12.25 -> 12.3), computed from whole counts, so the same inputs always
print the same figures; with no participants every percentage is 0.0.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aimak_desktop.models.hearings import (
    AgeGroup,
    Hearing,
    Participant,
    ParticipantRole,
    ParticipantVoid,
    Tally,
)
from aimak_desktop.models.register import Gender, Village

_ONE_PLACE = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal:
    """`part` as a percentage of `whole`, one decimal place, rounded half up (0.0 if whole is 0)."""
    if whole <= 0:
        return Decimal("0.0")
    return (Decimal(100) * part / whole).quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass
class VillageCount:
    village_id: uuid.UUID | None
    name: str  # "" when the village is not known
    count: int
    share: Decimal


@dataclass
class ParticipationStats:
    hearing_id: uuid.UUID
    named: int = 0
    tallied: int = 0
    women: int = 0
    men: int = 0
    youth: int = 0
    adults: int = 0
    seniors: int = 0
    vulnerable: int = 0  # named participants with at least one vulnerable-group flag
    by_role: dict[str, int] = field(default_factory=dict)
    by_village: list[VillageCount] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.named + self.tallied

    @property
    def pct_women(self) -> Decimal:
        return percent(self.women, self.total)

    @property
    def pct_youth(self) -> Decimal:
        return percent(self.youth, self.total)

    @property
    def pct_seniors(self) -> Decimal:
        return percent(self.seniors, self.total)

    def as_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "named": self.named,
            "tallied": self.tallied,
            "women": self.women,
            "men": self.men,
            "youth": self.youth,
            "adults": self.adults,
            "seniors": self.seniors,
            "pct_women": str(self.pct_women),
            "pct_youth": str(self.pct_youth),
            "vulnerable": self.vulnerable,
            "by_role": dict(self.by_role),
            "by_village": [
                {"village": v.name, "count": v.count, "pct": str(v.share)} for v in self.by_village
            ],
        }


def attendance(session: Session, hearing_id: uuid.UUID) -> int:
    """Total attendance (named + tallied): the ceiling for a proposal's votes."""
    return participation(session, hearing_id).total


def participation(session: Session, hearing_id: uuid.UUID) -> ParticipationStats:
    stats = ParticipationStats(hearing_id)
    villages: dict[uuid.UUID | None, int] = {}
    voided = select(ParticipantVoid.participant_id)
    named = session.execute(
        select(
            Participant.gender,
            Participant.age_group,
            Participant.village_id,
            Participant.role,
            Participant.flags != "",
            func.count(),
        )
        .where(Participant.hearing_id == hearing_id, Participant.id.not_in(voided))
        .group_by(
            Participant.gender,
            Participant.age_group,
            Participant.village_id,
            Participant.role,
            Participant.flags != "",
        )
    ).all()
    for gender, age, village_id, role, flagged, count in named:
        stats.named += count
        _add(stats, gender, age, count)
        villages[village_id] = villages.get(village_id, 0) + count
        stats.by_role[role] = stats.by_role.get(role, 0) + count
        if flagged:
            stats.vulnerable += count
    for tally in session.scalars(
        select(Tally).where(Tally.hearing_id == hearing_id, Tally.archived_at.is_(None))
    ):
        for gender, prefix in ((Gender.FEMALE, "women"), (Gender.MALE, "men")):
            for age in AgeGroup:
                count = getattr(tally, f"{prefix}_{age.value}")
                stats.tallied += count
                _add(stats, gender, age, count)
                villages[tally.village_id] = villages.get(tally.village_id, 0) + count
    names = _village_names(session, [v for v in villages if v is not None])
    stats.by_village = sorted(
        (
            VillageCount(v, names.get(v, "") if v else "", n, percent(n, stats.total))
            for v, n in villages.items()
            if n
        ),
        key=lambda vc: (vc.village_id is None, -vc.count, vc.name),
    )
    for role in ParticipantRole:
        stats.by_role.setdefault(role.value, 0)
    return stats


def _add(stats: ParticipationStats, gender: str, age: str, count: int) -> None:
    if gender == Gender.FEMALE:
        stats.women += count
    else:
        stats.men += count
    if age == AgeGroup.YOUTH:
        stats.youth += count
    elif age == AgeGroup.SENIOR:
        stats.seniors += count
    else:
        stats.adults += count


def _village_names(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Village.id, Village.name).where(Village.id.in_(ids))).all())


@dataclass
class TrendRow:
    """One hearing in a comparison, with the change from the hearing before it (points)."""

    hearing_id: uuid.UUID
    held_on: object
    kind: str
    total: int
    pct_women: Decimal
    pct_youth: Decimal
    change_women: Decimal | None
    change_youth: Decimal | None


def compare_with_earlier(session: Session, hearing_id: uuid.UUID, limit: int = 4) -> list[TrendRow]:
    """This hearing and up to `limit` earlier ones, oldest first.

    `change_*` is the difference in percentage points from the previous row (None for the first).
    """
    hearing = session.get(Hearing, hearing_id)
    if hearing is None:
        return []
    earlier = session.scalars(
        select(Hearing)
        .where(
            Hearing.archived_at.is_(None),
            Hearing.id != hearing.id,
            Hearing.held_on <= hearing.held_on,
        )
        .order_by(Hearing.held_on.desc(), Hearing.id.desc())
        .limit(limit)
    ).all()
    rows: list[TrendRow] = []
    previous: TrendRow | None = None
    for h in [*reversed(earlier), hearing]:
        s = participation(session, h.id)
        if s.total == 0 and h.id != hearing.id:
            continue  # a hearing without recorded attendance says nothing about the trend
        row = TrendRow(
            h.id,
            h.held_on,
            h.kind,
            s.total,
            s.pct_women,
            s.pct_youth,
            (s.pct_women - previous.pct_women) if previous else None,
            (s.pct_youth - previous.pct_youth) if previous else None,
        )
        rows.append(row)
        previous = row
    return rows
