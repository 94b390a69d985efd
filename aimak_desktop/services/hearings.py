"""Budget hearings: planning, status workflow, citizen's budget, participants, speakers, proposals.

Every write checks the role (admin, head, clerk), validates everything first and then writes in one
`write()` transaction, so a refused input leaves nothing half-saved.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import NotFound, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.models.base import utcnow
from aimak_desktop.models.core import Role
from aimak_desktop.models.hearings import (
    HEARING_STATUS_LABELS,
    HEARING_STATUS_ORDER,
    TALLY_FIELDS,
    VULNERABLE_FLAGS,
    AgeGroup,
    Hearing,
    HearingKind,
    HearingStatus,
    Participant,
    ParticipantRole,
    ParticipantVoid,
    Speaker,
    Tally,
)
from aimak_desktop.models.register import Gender
from aimak_desktop.services.auth import Actor, require_role
from aimak_desktop.services.write_path import write

#: Roles that may change hearings and feedback (mentors and the cashier only read).
HEARING_ROLES = frozenset({Role.ADMIN, Role.HEAD, Role.CLERK})
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


@dataclass
class HearingInput:
    kind: str
    held_on: dt.date
    place: str
    year: int | None = None  # the budget year; defaults from the kind and date
    start_time: str = ""
    village_ids: Sequence[uuid.UUID] = ()
    organiser: str = ""
    calling_act: str = ""
    draft_title: str = ""
    chair_name: str = ""
    secretary_name: str = ""


def get_hearing(session: Session, hearing_id: uuid.UUID) -> Hearing:
    hearing = session.get(Hearing, hearing_id)
    if hearing is None:
        raise NotFound(_("No hearing with this id: {id}.").format(id=hearing_id))
    return hearing


def find_hearing(session: Session, key: str) -> Hearing:
    """A hearing by full id or by the first characters of its id (as the CLI prints it)."""
    key = key.strip().lower()
    try:
        return get_hearing(session, uuid.UUID(key))
    except ValueError:
        pass
    if len(key) >= 4:
        rows = [
            h
            for h in session.scalars(select(Hearing).where(Hearing.archived_at.is_(None)))
            if str(h.id).startswith(key) or h.id.hex.startswith(key)
        ]
        if len(rows) == 1:
            return rows[0]
    raise NotFound(_("No hearing with this id: {id}.").format(id=key))


def list_hearings(session: Session, year: int | None = None) -> Sequence[Hearing]:
    """Newest first."""
    query = select(Hearing).where(Hearing.archived_at.is_(None))
    if year is not None:
        query = query.where(Hearing.year == year)
    return session.scalars(query.order_by(Hearing.held_on.desc(), Hearing.id.desc())).all()


def _default_year(kind: str, held_on: dt.date) -> int:
    if kind == HearingKind.DRAFT_BUDGET:
        return held_on.year + 1
    if kind == HearingKind.EXECUTION_REPORT:
        return held_on.year - 1
    return held_on.year


def _check_hearing(data: HearingInput) -> dict[str, Any]:
    if data.kind not in set(HearingKind):
        raise ValidationError(_("Choose the kind of hearing."), field="kind")
    if not data.place.strip():
        raise ValidationError(_("Please fill in the place of the hearing."), field="place")
    start = data.start_time.strip()
    if start:
        m = _TIME.match(start)
        if not m:
            raise ValidationError(
                _("Write the time as HH:MM, for example 10:00."), field="start_time"
            )
        start = f"{int(m.group(1)):02d}:{m.group(2)}"
    year = data.year if data.year is not None else _default_year(data.kind, data.held_on)
    if not 2000 <= year <= 2100:
        raise ValidationError(_("The budget year must be between 2000 and 2100."), field="year")
    return {
        "kind": str(data.kind),
        "year": year,
        "held_on": data.held_on,
        "start_time": start,
        "place": data.place.strip()[:300],
        "village_ids": ",".join(str(v) for v in data.village_ids),
        "organiser": data.organiser.strip()[:200],
        "calling_act": data.calling_act.strip()[:300],
        "draft_title": data.draft_title.strip()[:300],
        "chair_name": data.chair_name.strip()[:200],
        "secretary_name": data.secretary_name.strip()[:200],
    }


def create_hearing(session: Session, actor: Actor, data: HearingInput) -> Hearing:
    """Plan a hearing (status "planned").

    Raises:
        ValidationError: missing place, bad time, unknown kind.
    """
    require_role(actor, HEARING_ROLES)
    hearing = Hearing(**_check_hearing(data), status=HearingStatus.PLANNED.value)
    with write(session, actor, "hearing.create", hearing.place) as unit:
        session.add(hearing)
        unit.target = hearing
    return hearing


def update_hearing(
    session: Session,
    actor: Actor,
    hearing_id: uuid.UUID,
    data: HearingInput,
    *,
    recommendations: str | None = None,
    decisions: str | None = None,
    today: dt.date | None = None,
) -> Hearing:
    """Change a hearing's details (and, optionally, its recommendations and decisions).

    Raises:
        ValidationError: as in create; a held hearing moved to a future date.
    """
    require_role(actor, HEARING_ROLES)
    values = _check_hearing(data)
    hearing = get_hearing(session, hearing_id)
    today = today or dt.date.today()
    if hearing.status != HearingStatus.PLANNED and values["held_on"] > today:
        raise ValidationError(
            _("This hearing is marked as held, so its date cannot be in the future."),
            field="held_on",
        )
    with write(session, actor, "hearing.update", values["place"]) as unit:
        for key, value in values.items():
            setattr(hearing, key, value)
        if recommendations is not None:
            hearing.recommendations = recommendations.strip()
        if decisions is not None:
            hearing.decisions = decisions.strip()
        unit.target = hearing
    return hearing


def set_hearing_status(
    session: Session,
    actor: Actor,
    hearing_id: uuid.UUID,
    status: HearingStatus | str,
    today: dt.date | None = None,
) -> Hearing:
    """Move a hearing forward: planned -> held -> minutes signed -> responses published.

    Raises:
        ValidationError: unknown status, a step back, or "held" for a date still in the future.
    """
    require_role(actor, HEARING_ROLES)
    try:
        new = HearingStatus(status)
    except ValueError:
        raise ValidationError(_("Unknown hearing status: {s}.").format(s=status)) from None
    hearing = get_hearing(session, hearing_id)
    today = today or dt.date.today()
    current = HearingStatus(hearing.status)
    if HEARING_STATUS_ORDER.index(new) < HEARING_STATUS_ORDER.index(current):
        raise ValidationError(
            _('A hearing cannot go back from "{old}" to "{new}".').format(
                old=_(HEARING_STATUS_LABELS[current]), new=_(HEARING_STATUS_LABELS[new])
            ),
            field="status",
        )
    if new != HearingStatus.PLANNED and hearing.held_on > today:
        raise ValidationError(
            _(
                "The hearing is dated {date}, which is in the future: it cannot be marked as "
                "held before that day. Change the date if it was held earlier."
            ).format(date=format_short_date(hearing.held_on)),
            field="status",
        )
    with write(session, actor, "hearing.status", new.value, hearing) as unit:
        hearing.status = new.value
        unit.target = hearing
    return hearing


def archive_hearing(session: Session, actor: Actor, hearing_id: uuid.UUID) -> None:
    require_role(actor, HEARING_ROLES)
    hearing = get_hearing(session, hearing_id)
    with write(session, actor, "hearing.archive", hearing.place, hearing):
        hearing.archived_at = utcnow()


# --- participants ------------------------------------------------------------------------------


@dataclass
class ParticipantInput:
    full_name: str
    gender: str
    age_group: str
    village_id: uuid.UUID | None = None
    role: str = ParticipantRole.RESIDENT.value
    flags: Sequence[str] = field(default_factory=tuple)


def _participant_row(hearing_id: uuid.UUID, p: ParticipantInput, number: int) -> dict[str, Any]:
    def bad(message: str, name: str) -> ValidationError:
        prefix = _("Participant {n}: ").format(n=number) if number else ""
        return ValidationError(prefix + message, field=name)

    if not p.full_name.strip():
        raise bad(_("please fill in the full name."), "full_name")
    if p.gender not in set(Gender):
        raise bad(_("choose female or male."), "gender")
    if p.age_group not in set(AgeGroup):
        raise bad(_("choose the age group."), "age_group")
    if p.role not in set(ParticipantRole):
        raise bad(_("choose the role."), "role")
    unknown = [f for f in p.flags if f not in VULNERABLE_FLAGS]
    if unknown:
        raise bad(_("unknown group {flag}.").format(flag=unknown[0]), "flags")
    return {
        "hearing_id": hearing_id,
        "full_name": " ".join(p.full_name.split())[:200],
        "gender": str(p.gender),
        "age_group": str(p.age_group),
        "village_id": p.village_id,
        "role": str(p.role),
        "flags": ",".join(sorted(set(p.flags))),
    }


def add_participants(
    session: Session, actor: Actor, hearing_id: uuid.UUID, people: Sequence[ParticipantInput]
) -> list[uuid.UUID]:
    """Append named participants (bulk insert). Returns their ids in order.

    Raises:
        ValidationError: a person without name, gender or age group (their number is given).
    """
    require_role(actor, HEARING_ROLES)
    hearing = get_hearing(session, hearing_id)
    numbered = len(people) > 1
    rows = [
        _participant_row(hearing.id, p, i if numbered else 0) for i, p in enumerate(people, start=1)
    ]
    if not rows:
        return []
    with write(session, actor, "hearing.participants", f"{len(rows)} participants") as unit:
        unit.insert_rows(Participant, rows)
    return [r["id"] for r in rows]


def void_participant(
    session: Session, actor: Actor, participant_id: uuid.UUID, reason: str
) -> None:
    """Cancel a participant row entered by mistake (the row stays, marked void)."""
    require_role(actor, HEARING_ROLES)
    person = session.get(Participant, participant_id)
    if person is None:
        raise NotFound(_("This participant does not exist."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for removing this participant."), field="reason")
    with write(session, actor, "hearing.participant_void", person.full_name) as unit:
        void = ParticipantVoid(participant_id=person.id, reason=reason.strip()[:300])
        session.add(void)
        unit.target = void


def participants(session: Session, hearing_id: uuid.UUID) -> Sequence[Participant]:
    """Named participants not voided, in entry order."""
    voided = select(ParticipantVoid.participant_id)
    return session.scalars(
        select(Participant)
        .where(Participant.hearing_id == hearing_id, Participant.id.not_in(voided))
        .order_by(Participant.id)
    ).all()


def add_tally(
    session: Session,
    actor: Actor,
    hearing_id: uuid.UUID,
    counts: dict[str, int],
    village_id: uuid.UUID | None = None,
    note: str = "",
) -> Tally:
    """Record head counts by gender and age group (keys of TALLY_FIELDS; missing ones are 0).

    Raises:
        ValidationError: a negative or non-whole count, an unknown key, or all counts zero.
    """
    require_role(actor, HEARING_ROLES)
    hearing = get_hearing(session, hearing_id)
    unknown = set(counts) - set(TALLY_FIELDS)
    if unknown:
        raise ValidationError(f"unknown tally fields: {', '.join(sorted(unknown))}")
    values: dict[str, int] = {}
    for name in TALLY_FIELDS:
        value = counts.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(_("Counts must be whole numbers."), field=name)
        if value < 0:
            raise ValidationError(
                _(
                    "A count cannot be negative ({value}). Enter the number of people counted."
                ).format(value=value),
                field=name,
            )
        values[name] = value
    if sum(values.values()) == 0:
        raise ValidationError(_("The tally is empty: enter at least one count."), field="counts")
    tally = Tally(hearing_id=hearing.id, village_id=village_id, note=note.strip()[:200], **values)
    with write(session, actor, "hearing.tally", f"{sum(values.values())} people") as unit:
        session.add(tally)
        unit.target = tally
    return tally


def archive_tally(session: Session, actor: Actor, tally_id: uuid.UUID) -> None:
    require_role(actor, HEARING_ROLES)
    tally = session.get(Tally, tally_id)
    if tally is None:
        raise NotFound(_("This tally does not exist."))
    with write(session, actor, "hearing.tally_archive", "", tally):
        tally.archived_at = utcnow()


def tallies(session: Session, hearing_id: uuid.UUID) -> Sequence[Tally]:
    return session.scalars(
        select(Tally)
        .where(Tally.hearing_id == hearing_id, Tally.archived_at.is_(None))
        .order_by(Tally.created_at)
    ).all()


# --- speakers ----------------------------------------------------------------------------------


def add_speaker(
    session: Session,
    actor: Actor,
    hearing_id: uuid.UUID,
    full_name: str,
    summary: str,
    affiliation: str = "",
) -> Speaker:
    require_role(actor, HEARING_ROLES)
    hearing = get_hearing(session, hearing_id)
    if not full_name.strip():
        raise ValidationError(_("Please fill in the speaker's name."), field="full_name")
    position = (
        int(
            session.scalar(
                select(func.count()).select_from(Speaker).where(Speaker.hearing_id == hearing.id)
            )
            or 0
        )
        + 1
    )
    speaker = Speaker(
        hearing_id=hearing.id,
        position=position,
        full_name=full_name.strip()[:200],
        affiliation=affiliation.strip()[:200],
        summary=summary.strip(),
    )
    with write(session, actor, "hearing.speaker", speaker.full_name) as unit:
        session.add(speaker)
        unit.target = speaker
    return speaker


def archive_speaker(session: Session, actor: Actor, speaker_id: uuid.UUID) -> None:
    require_role(actor, HEARING_ROLES)
    speaker = session.get(Speaker, speaker_id)
    if speaker is None:
        raise NotFound(_("This speaker does not exist."))
    with write(session, actor, "hearing.speaker_archive", speaker.full_name, speaker):
        speaker.archived_at = utcnow()


def speakers(session: Session, hearing_id: uuid.UUID) -> Sequence[Speaker]:
    return session.scalars(
        select(Speaker)
        .where(Speaker.hearing_id == hearing_id, Speaker.archived_at.is_(None))
        .order_by(Speaker.position, Speaker.id)
    ).all()
