"""Proposals tab: citizens' proposals with votes, rank, status, progress and the response."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.models.hearings import PROPOSAL_STATUS_LABELS, ProposalStatus
from aimak_desktop.ui.common import (
    Lookups,
    RowsModel,
    make_table,
    message_label,
    say,
    selected_row,
)
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.hearings.proposal_dialog import ProposalDialog
from aimak_desktop.ui.hearings.tab_budget import LineRow, load_lines


@dataclass
class ProposalsData:
    hearing_id: uuid.UUID
    proposals: list[Any]  # services.hearing_proposals.ProposalView
    lines: list[LineRow]


def load_proposals(session: Any, hearing_id: uuid.UUID) -> ProposalsData:
    from aimak_desktop.services.hearing_proposals import proposals

    return ProposalsData(
        hearing_id, proposals(session, hearing_id), load_lines(session, hearing_id)
    )


class ProposalsModel(RowsModel):
    HEADERS = (
        N_("No."), N_("Proposal"), N_("Author"), N_("Service or line"), N_("For"), N_("Against"),
        N_("Abstained"), N_("Rank"), N_("Status"), N_("Progress"), N_("Response"), N_("Date"),
    )  # fmt: skip
    NUMERIC = frozenset({0, 4, 5, 6, 7, 9})

    def __init__(self) -> None:
        super().__init__()
        self.lookups = Lookups()

    def text(self, p: Any, column: int) -> str:
        if column == 8:
            try:
                return _(PROPOSAL_STATUS_LABELS[ProposalStatus(p.status)])
            except ValueError:
                return p.status
        subject = p.budget_line or self.lookups.service(p.service_id)
        values = (
            str(p.number), " ".join(p.text.split()), p.author, subject, str(p.votes_for),
            str(p.votes_against), str(p.votes_abstain), str(p.priority or ""), "",
            f"{p.progress} %" if p.progress else "", " ".join(p.response.split()),
            format_short_date(p.response_date) if p.response_date else "",
        )  # fmt: skip
        return values[column]


class ProposalsTab(QWidget):
    def __init__(self, ctx: AppContext, writable: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.hearing_id: uuid.UUID | None = None
        self.lookups = Lookups()
        self.lines: list[LineRow] = []
        self.dialog: ProposalDialog | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.new_button = QPushButton(_("New proposal..."))
        self.new_button.clicked.connect(self.new_proposal)
        self.edit_button = QPushButton(_("Votes and decision..."))
        self.edit_button.clicked.connect(self.edit_proposal)
        self.new_button.setVisible(writable)
        self.edit_button.setVisible(writable)
        row.addWidget(self.new_button)
        row.addWidget(self.edit_button)
        self.summary = QLabel()
        row.addWidget(self.summary, 1)
        layout.addLayout(row)
        self.message = message_label()
        layout.addWidget(self.message)
        self.model = ProposalsModel()
        self.view = make_table(self.model, stretch=1, widths={2: 150, 3: 150, 8: 150, 10: 230})
        if writable:
            self.view.doubleClicked.connect(lambda _index: self.edit_proposal())
        layout.addWidget(self.view, 1)

    def set_lookups(self, lookups: Lookups) -> None:
        self.lookups = lookups
        self.model.lookups = lookups

    def load(self, hearing_id: uuid.UUID) -> None:
        self.hearing_id = hearing_id
        self.ctx.tasks.run_read(lambda s: load_proposals(s, hearing_id), self.show_proposals)

    def reload(self) -> None:
        if self.hearing_id is not None:
            self.load(self.hearing_id)

    def show_proposals(self, data: ProposalsData) -> None:
        if data.hearing_id != self.hearing_id:
            return
        self.lines = data.lines
        self.model.set_rows(data.proposals)
        answered = sum(1 for p in data.proposals if p.response)
        self.summary.setText(
            _("{n} proposals, {answered} answered").format(n=len(data.proposals), answered=answered)
        )

    def _open(self, proposal: Any) -> ProposalDialog | None:
        if self.hearing_id is None:
            return None
        self.dialog = ProposalDialog(
            self.ctx, self.hearing_id, self.lookups, self.lines, proposal, self
        )
        self.dialog.accepted.connect(self.reload)
        self.dialog.open()
        return self.dialog

    def new_proposal(self) -> ProposalDialog | None:
        say(self.message, "")
        return self._open(None)

    def edit_proposal(self) -> ProposalDialog | None:
        proposal = selected_row(self.view)
        if proposal is None:
            say(self.message, _("Select a proposal first."))
            return None
        say(self.message, "")
        return self._open(proposal)
