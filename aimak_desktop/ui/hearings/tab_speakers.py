"""Speakers tab: who spoke, on whose behalf, and the short content of what they said."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.ui.common import (
    HEARING_KINDS,
    RowsModel,
    failure_handler,
    make_table,
    message_label,
    say,
    selected_row,
)
from aimak_desktop.ui.context import AppContext


@dataclass(frozen=True)
class SpeakerRow:
    id: uuid.UUID
    position: int
    full_name: str
    affiliation: str
    summary: str


def load_speakers(session: Any, hearing_id: uuid.UUID) -> list[SpeakerRow]:
    from aimak_desktop.services.hearings import speakers

    return [
        SpeakerRow(s.id, n, s.full_name, s.affiliation, s.summary)
        for n, s in enumerate(speakers(session, hearing_id), start=1)
    ]


class SpeakersModel(RowsModel):
    HEADERS = (N_("No."), N_("Speaker"), N_("On behalf of"), N_("What was said"))
    NUMERIC = frozenset({0})

    def text(self, row: SpeakerRow, column: int) -> str:
        values = (str(row.position), row.full_name, row.affiliation, " ".join(row.summary.split()))
        return values[column]


class SpeakersTab(QWidget):
    def __init__(self, ctx: AppContext, writable: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.hearing_id: uuid.UUID | None = None
        layout = QVBoxLayout(self)
        self.model = SpeakersModel()
        self.view = make_table(self.model, stretch=SpeakersModel.HEADERS.index("What was said"))
        layout.addWidget(self.view, 1)
        entry = QWidget()
        form = QFormLayout(entry)
        form.setContentsMargins(0, 0, 0, 0)
        self.full_name = QLineEdit()
        self.affiliation = QLineEdit()
        self.affiliation.setPlaceholderText(_("e.g. resident of Boz-Beshik, council deputy"))
        self.summary = QPlainTextEdit()
        self.summary.setMaximumHeight(90)
        form.addRow(_("Speaker"), self.full_name)
        form.addRow(_("On behalf of"), self.affiliation)
        form.addRow(_("What was said"), self.summary)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add speaker"))
        self.add_button.clicked.connect(self.add_speaker)
        self.remove_button = QPushButton(_("Remove speaker"))
        self.remove_button.clicked.connect(self.remove_speaker)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        entry.setVisible(writable)
        layout.addWidget(entry)
        self.message = message_label()
        layout.addWidget(self.message)

    def load(self, hearing_id: uuid.UUID) -> None:
        self.hearing_id = hearing_id
        self.ctx.tasks.run_read(lambda s: load_speakers(s, hearing_id), self.model.set_rows)

    def reload(self) -> None:
        if self.hearing_id is not None:
            self.load(self.hearing_id)

    def add_speaker(self) -> None:
        from aimak_desktop.services.hearings import add_speaker

        if self.hearing_id is None:
            return
        actor, hearing_id = self.ctx.actor, self.hearing_id
        values = (self.full_name.text(), self.summary.toPlainText(), self.affiliation.text())
        say(self.message, "")
        self.ctx.tasks.run_write(
            lambda s: add_speaker(s, actor, hearing_id, *values),
            self._added,
            failure_handler(self.ctx, self.message),
            kinds=HEARING_KINDS,
        )

    def _added(self, _speaker: Any) -> None:
        self.full_name.clear()
        self.affiliation.clear()
        self.summary.clear()
        self.full_name.setFocus()
        self.reload()

    def remove_speaker(self) -> None:
        from aimak_desktop.services.hearings import archive_speaker

        row = selected_row(self.view)
        if row is None:
            say(self.message, _("Select a speaker first."))
            return
        actor = self.ctx.actor
        self.ctx.tasks.run_write(
            lambda s: archive_speaker(s, actor, row.id),
            lambda _r: self.reload(),
            failure_handler(self.ctx, self.message),
            kinds=HEARING_KINDS,
        )
