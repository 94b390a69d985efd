"""The proposal dialog: a new proposal, or a new decision on one (votes, rank, status, response).

A proposal's text, author and subject are kept as received (append-only); editing records a new
snapshot of its state. Mistakes (votes above the attendance ...) stay in the dialog.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.models.hearings import PROPOSAL_STATUS_LABELS, ProposalStatus
from aimak_desktop.ui.common import (
    HEARING_KINDS,
    Lookups,
    failure_handler,
    fill_combo,
    find_data,
    message_label,
    say,
)
from aimak_desktop.ui.context import AppContext


def _votes() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 100000)
    return box


class ProposalDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        hearing_id: uuid.UUID,
        lookups: Lookups,
        lines: list[Any],
        proposal: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.hearing_id = hearing_id
        self.proposal = proposal
        editing = proposal is not None
        self.setWindowTitle(
            _("Proposal No. {n}").format(n=proposal.number) if editing else _("New proposal")
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.text = QPlainTextEdit()
        self.text.setMaximumHeight(100)
        self.author = QLineEdit()
        self.service = QComboBox()
        fill_combo(self.service, lookups.services, _("(no service)"))
        self.line = QComboBox()
        fill_combo(self.line, [(r.id, r.name) for r in lines], _("(no budget line)"))
        votes = QHBoxLayout()
        self.votes_for, self.votes_against, self.votes_abstain = _votes(), _votes(), _votes()
        for label, box in (
            (_("For"), self.votes_for),
            (_("Against"), self.votes_against),
            (_("Abstained"), self.votes_abstain),
        ):
            votes.addWidget(box)
            box.setPrefix(label + ": ")
        self.rank = QSpinBox()
        self.rank.setRange(0, 1000)
        self.rank.setSpecialValueText(_("(no rank)"))
        self.status = QComboBox()
        for status in ProposalStatus:
            self.status.addItem(_(PROPOSAL_STATUS_LABELS[status]), status.value)
        self.progress = QSpinBox()
        self.progress.setRange(0, 100)
        self.progress.setSuffix(" %")
        self.response = QPlainTextEdit()
        self.response.setMaximumHeight(90)
        self.response_date = QDateEdit(QDate.currentDate())
        self.response_date.setCalendarPopup(True)
        self.response_date.setDisplayFormat("dd.MM.yyyy")
        form.addRow(_("Proposal"), self.text)
        form.addRow(_("Author"), self.author)
        form.addRow(_("Service"), self.service)
        form.addRow(_("Budget line"), self.line)
        form.addRow(_("Votes"), votes)
        form.addRow(_("Priority rank"), self.rank)
        if editing:
            form.addRow(_("Status"), self.status)
            form.addRow(_("Progress"), self.progress)
            form.addRow(_("Council's response"), self.response)
            form.addRow(_("Response date"), self.response_date)
            self._fill(proposal)
        layout.addLayout(form)
        self.message = message_label()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _fill(self, p: Any) -> None:
        self.text.setPlainText(p.text)
        self.author.setText(p.author)
        self.service.setCurrentIndex(max(find_data(self.service, p.service_id), 0))
        self.line.setCurrentIndex(max(find_data(self.line, p.budget_line_id), 0))
        # As received: the text and subject of a proposal do not change.
        for widget in (self.text, self.author, self.service, self.line):
            widget.setEnabled(False)
        self.votes_for.setValue(p.votes_for)
        self.votes_against.setValue(p.votes_against)
        self.votes_abstain.setValue(p.votes_abstain)
        self.rank.setValue(p.priority or 0)
        self.status.setCurrentIndex(max(self.status.findData(p.status), 0))
        self.progress.setValue(p.progress)
        self.response.setPlainText(p.response)
        if p.response_date:
            d = p.response_date
            self.response_date.setDate(QDate(d.year, d.month, d.day))

    def save(self) -> None:
        from aimak_desktop.services.hearing_proposals import add_proposal, update_proposal

        actor, hearing_id = self.ctx.actor, self.hearing_id
        votes = (self.votes_for.value(), self.votes_against.value(), self.votes_abstain.value())
        rank = self.rank.value() or None
        if self.proposal is None:
            text, author = self.text.toPlainText(), self.author.text()
            service, line = self.service.currentData(), self.line.currentData()

            def run(session: Any) -> Any:
                return add_proposal(
                    session, actor, hearing_id, text, author=author, service_id=service,
                    budget_line_id=line, votes=votes, priority=rank,
                )  # fmt: skip
        else:
            proposal_id = self.proposal.id
            response = self.response.toPlainText()
            date: dt.date | None = (
                self.response_date.date().toPython() if response.strip() else None
            )
            changes: dict[str, Any] = {
                "votes_for": votes[0],
                "votes_against": votes[1],
                "votes_abstain": votes[2],
                "priority": rank,
                "status": self.status.currentData(),
                "progress": self.progress.value(),
                "response": response,
                "response_date": date,
            }

            def run(session: Any) -> Any:
                return update_proposal(session, actor, proposal_id, **changes)

        say(self.message, "")
        self.buttons.setEnabled(False)
        self.ctx.tasks.run_write(run, self._saved, self._failed, kinds=HEARING_KINDS)

    def _saved(self, _view: Any) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        failure_handler(self.ctx, self.message)(exc)
