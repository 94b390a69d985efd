"""The hearing editor: one tab per part of a hearing, shown inside the hearings page."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.ui.common import Lookups
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.hearings.tab_attachments import AttachmentsTab
from aimak_desktop.ui.hearings.tab_budget import BudgetTab
from aimak_desktop.ui.hearings.tab_details import DetailsTab, HearingDetails, load_details
from aimak_desktop.ui.hearings.tab_documents import DocumentsTab
from aimak_desktop.ui.hearings.tab_participants import ParticipantsTab
from aimak_desktop.ui.hearings.tab_proposals import ProposalsTab
from aimak_desktop.ui.hearings.tab_speakers import SpeakersTab


class HearingEditor(QWidget):
    #: The user asked to go back to the list.
    closed = Signal()

    def __init__(self, ctx: AppContext, writable: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.hearing_id: uuid.UUID | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.back_button = QPushButton(_("< Back to the list"))
        self.back_button.clicked.connect(self.closed.emit)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.details = DetailsTab(ctx, writable)
        self.budget = BudgetTab(ctx, writable)
        self.participants = ParticipantsTab(ctx, writable)
        self.speakers = SpeakersTab(ctx, writable)
        self.proposals = ProposalsTab(ctx, writable)
        self.attachments = AttachmentsTab(ctx, writable)
        self.documents = DocumentsTab(ctx)
        self.tabs.addTab(self.details, _("Details"))
        self.tabs.addTab(self.budget, _("Citizen's budget"))
        self.tabs.addTab(self.participants, _("Participants"))
        self.tabs.addTab(self.speakers, _("Speakers"))
        self.tabs.addTab(self.proposals, _("Proposals"))
        self.tabs.addTab(self.attachments, _("Attachments"))
        self.tabs.addTab(self.documents, _("Documents"))
        layout.addWidget(self.tabs, 1)
        self.details.saved.connect(self._saved)

    def _parts(self) -> list[Any]:
        return [
            self.budget, self.participants, self.speakers, self.proposals, self.attachments,
            self.documents,
        ]  # fmt: skip

    def set_lookups(self, lookups: Lookups) -> None:
        self.details.set_lookups(lookups)
        self.participants.set_lookups(lookups)
        self.proposals.set_lookups(lookups)

    def new_hearing(self) -> None:
        self.hearing_id = None
        self.details.clear()
        self.title.setText(_("New hearing"))
        self.tabs.setCurrentWidget(self.details)
        for part in self._parts():
            self.tabs.setTabEnabled(self.tabs.indexOf(part), False)
        self.details.place.setFocus()

    def open_hearing(self, hearing_id: uuid.UUID) -> None:
        self.hearing_id = hearing_id
        self.title.setText(_("Loading..."))
        self.tabs.setCurrentWidget(self.details)
        self.ctx.tasks.run_read(lambda s: load_details(s, hearing_id), self._show)
        self._load_parts(hearing_id)

    def _load_parts(self, hearing_id: uuid.UUID) -> None:
        for part in self._parts():
            self.tabs.setTabEnabled(self.tabs.indexOf(part), True)
            part.load(hearing_id)

    def _show(self, details: HearingDetails) -> None:
        if details.id != self.hearing_id:
            return
        self.details.show_details(details)
        self._title(details)

    def _title(self, d: HearingDetails) -> None:
        self.title.setText(
            _("Hearing of {date}, {place}").format(date=format_short_date(d.held_on), place=d.place)
        )

    def _saved(self, hearing_id: uuid.UUID) -> None:
        first = self.hearing_id is None
        self.hearing_id = hearing_id
        self.title.setText(
            _("Hearing of {date}, {place}").format(
                date=format_short_date(self.details.held_on.date().toPython()),
                place=self.details.place.text().strip(),
            )
        )
        if first:
            self._load_parts(hearing_id)
        else:
            self.participants.reload()  # the status and date change the comparison
