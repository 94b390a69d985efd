"""Citizens' proposals at a hearing: text, votes, priority, status, the council's response.

A proposal is append-only; each change is a new full snapshot (`ProposalUpdate`). The current
state is the latest snapshot by (hlc, id), which is also how two PCs' changes merge.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import NotFound, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.hearings import (
    BudgetLine,
    Proposal,
    ProposalStatus,
    ProposalUpdate,
)
from aimak_desktop.services.auth import Actor, require_role
from aimak_desktop.services.hearing_stats import attendance
from aimak_desktop.services.hearings import HEARING_ROLES, get_hearing
from aimak_desktop.services.write_path import write

_STATE_FIELDS = (
    "votes_for",
    "votes_against",
    "votes_abstain",
    "priority",
    "status",
    "progress",
    "response",
    "response_date",
)


@dataclass
class ProposalView:
    """A proposal with its current state."""

    id: uuid.UUID
    hearing_id: uuid.UUID
    number: int
    text: str
    author: str
    service_id: uuid.UUID | None
    budget_line_id: uuid.UUID | None
    budget_line: str
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0
    priority: int | None = None
    status: str = ProposalStatus.RECEIVED.value
    progress: int = 0
    response: str = ""
    response_date: dt.date | None = None

    @property
    def votes_total(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain


def _check_state(state: dict[str, object], hearing_id: uuid.UUID, session: Session) -> None:
    votes = {k: state[k] for k in ("votes_for", "votes_against", "votes_abstain")}
    for name, value in votes.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValidationError(_("Votes must be whole numbers, zero or more."), field=name)
    total = sum(votes.values())  # type: ignore[arg-type]
    if total:
        present = attendance(session, hearing_id)
        if total > present:
            raise ValidationError(
                _(
                    "The votes add up to {votes}, but only {present} people attended. "
                    "Check the votes, or record the participants first."
                ).format(votes=total, present=present),
                field="votes_for",
            )
    priority = state["priority"]
    if priority is not None and (not isinstance(priority, int) or priority < 1):
        raise ValidationError(_("The priority rank is 1 or more."), field="priority")
    if state["status"] not in set(ProposalStatus):
        raise ValidationError(_("Choose the proposal's status."), field="status")
    progress = state["progress"]
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValidationError(_("Progress is a percentage from 0 to 100."), field="progress")


def add_proposal(
    session: Session,
    actor: Actor,
    hearing_id: uuid.UUID,
    text: str,
    *,
    author: str = "",
    service_id: uuid.UUID | None = None,
    budget_line_id: uuid.UUID | None = None,
    votes: tuple[int, int, int] = (0, 0, 0),
    priority: int | None = None,
) -> ProposalView:
    """Record a proposal (status "received").

    Raises:
        ValidationError: empty text; votes adding up to more than the attendance; bad rank.
    """
    require_role(actor, HEARING_ROLES)
    hearing = get_hearing(session, hearing_id)
    if not text.strip():
        raise ValidationError(
            _("Write the text of the proposal: it cannot be empty."), field="text"
        )
    if budget_line_id is not None:
        line = session.get(BudgetLine, budget_line_id)
        if line is None or line.hearing_id != hearing.id:
            raise ValidationError(
                _("Choose a budget line of this hearing."), field="budget_line_id"
            )
    state: dict[str, object] = {
        "votes_for": votes[0],
        "votes_against": votes[1],
        "votes_abstain": votes[2],
        "priority": priority,
        "status": ProposalStatus.RECEIVED.value,
        "progress": 0,
        "response": "",
        "response_date": None,
    }
    _check_state(state, hearing.id, session)
    number = (
        int(
            session.scalar(
                select(func.max(Proposal.number)).where(Proposal.hearing_id == hearing.id)
            )
            or 0
        )
        + 1
    )
    proposal = Proposal(
        hearing_id=hearing.id,
        number=number,
        text=text.strip(),
        author=author.strip()[:200],
        service_id=service_id,
        budget_line_id=budget_line_id,
    )
    with write(session, actor, "hearing.proposal", text.strip()[:80]) as unit:
        session.add(proposal)
        session.flush()
        session.add(ProposalUpdate(proposal_id=proposal.id, **state))
        unit.target = proposal
    return get_proposal(session, proposal.id)


def update_proposal(
    session: Session, actor: Actor, proposal_id: uuid.UUID, **changes: object
) -> ProposalView:
    """Change votes, priority, status, progress or the response (a new snapshot).

    Giving a response without `response_date` dates it today. Status "implemented" without a
    progress figure means 100%.

    Raises:
        ValidationError: votes above the attendance, negative votes, bad status or progress.
    """
    require_role(actor, HEARING_ROLES)
    unknown = set(changes) - set(_STATE_FIELDS)
    if unknown:
        raise ValidationError(f"unknown proposal fields: {', '.join(sorted(unknown))}")
    current = get_proposal(session, proposal_id)
    state: dict[str, object] = {k: getattr(current, k) for k in _STATE_FIELDS}
    state.update(changes)
    if isinstance(state["response"], str):
        state["response"] = state["response"].strip()
    if "response" in changes and state["response"] and "response_date" not in changes:
        state["response_date"] = dt.date.today()
    if (
        changes.get("status") == ProposalStatus.IMPLEMENTED
        and "progress" not in changes
        and current.status != ProposalStatus.IMPLEMENTED
    ):
        state["progress"] = 100
    _check_state(state, current.hearing_id, session)
    with write(session, actor, "hearing.proposal_update", f"#{current.number}") as unit:
        update = ProposalUpdate(proposal_id=current.id, **state)
        session.add(update)
        unit.target = update
    return get_proposal(session, proposal_id)


def get_proposal(session: Session, proposal_id: uuid.UUID) -> ProposalView:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise NotFound(_("This proposal does not exist."))
    return _views(session, [proposal])[0]


def proposals(session: Session, hearing_id: uuid.UUID) -> list[ProposalView]:
    """The hearing's proposals with their current state: by priority rank, then number."""
    rows = session.scalars(
        select(Proposal).where(Proposal.hearing_id == hearing_id).order_by(Proposal.number)
    ).all()
    views = _views(session, rows)
    return sorted(views, key=lambda v: (v.priority is None, v.priority or 0, v.number))


def _views(session: Session, rows: Sequence[Proposal]) -> list[ProposalView]:
    if not rows:
        return []
    ids = [p.id for p in rows]
    latest: dict[uuid.UUID, ProposalUpdate] = {}
    for start in range(0, len(ids), 500):  # SQLite's parameter limit
        for update in session.scalars(
            select(ProposalUpdate)
            .where(ProposalUpdate.proposal_id.in_(ids[start : start + 500]))
            .order_by(ProposalUpdate.hlc, ProposalUpdate.id)
        ):
            latest[update.proposal_id] = update
    line_ids = {p.budget_line_id for p in rows if p.budget_line_id}
    lines = (
        dict(
            session.execute(
                select(BudgetLine.id, BudgetLine.name).where(BudgetLine.id.in_(line_ids))
            ).all()
        )
        if line_ids
        else {}
    )
    views = []
    for p in rows:
        view = ProposalView(
            p.id,
            p.hearing_id,
            p.number,
            p.text,
            p.author,
            p.service_id,
            p.budget_line_id,
            lines.get(p.budget_line_id, "") if p.budget_line_id else "",
        )
        state = latest.get(p.id)
        if state is not None:
            for name in _STATE_FIELDS:
                setattr(view, name, getattr(state, name))
        views.append(view)
    return views
