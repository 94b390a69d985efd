"""Documents tab: poster, attendance sheet, minutes and proposals report in ky, ru or both."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.ui.common import lang_combo, message_label, open_file
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.hearings.documents import write_document

#: (key, button text, what it holds)
DOCUMENTS = (
    ("poster", N_("Announcement poster"), N_("Date, place and the citizen's budget with a chart.")),
    ("attendance", N_("Attendance sheet"), N_("Numbered blank rows for names and signatures.")),
    ("minutes", N_("Minutes"), N_("Attendance, speakers, proposals, votes and decisions.")),
    ("proposals", N_("Proposals report"), N_("Every proposal with the council's response.")),
)


def renderer(key: str, hearing_id: uuid.UUID, lang: str, rows: int) -> Callable[[Any, Path], Path]:
    """`render(session, out)` for one of DOCUMENTS."""

    def render(session: Any, out: Path) -> Path:
        if key == "poster":
            from aimak_desktop.reports.hearing_poster import render_poster

            return render_poster(session, hearing_id, out, lang)
        if key == "attendance":
            from aimak_desktop.reports.hearing_sheets import render_attendance_sheet

            return render_attendance_sheet(session, hearing_id, out, lang, rows)
        if key == "minutes":
            from aimak_desktop.reports.hearing_minutes import render_minutes

            return render_minutes(session, hearing_id, out, lang)
        from aimak_desktop.reports.hearing_sheets import render_proposals_report

        return render_proposals_report(session, hearing_id, out, lang)

    return render


class DocumentsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.hearing_id: uuid.UUID | None = None
        #: Hands the finished PDF to the system viewer (replaced in tests).
        self.opener: Callable[[Path], None] = open_file
        self.last_path: Path | None = None
        layout = QVBoxLayout(self)
        options = QFormLayout()
        self.lang = lang_combo()
        self.rows = QSpinBox()
        self.rows.setRange(1, 2000)
        self.rows.setValue(75)
        options.addRow(_("Language"), self.lang)
        options.addRow(_("Rows on the attendance sheet"), self.rows)
        row = QHBoxLayout()
        row.addLayout(options)
        row.addStretch(1)
        layout.addLayout(row)
        box = QGroupBox(_("Documents"))
        grid = QFormLayout(box)
        self.buttons: dict[str, QPushButton] = {}
        for key, title, hint in DOCUMENTS:
            button = QPushButton(_(title))
            button.setMinimumWidth(220)
            button.clicked.connect(lambda _checked=False, k=key: self.make(k))
            self.buttons[key] = button
            grid.addRow(button, QLabel(_(hint)))
        box.setMaximumWidth(900)
        layout.addWidget(box)
        self.message = message_label()
        layout.addWidget(self.message)
        layout.addStretch(1)

    def load(self, hearing_id: uuid.UUID) -> None:
        self.hearing_id = hearing_id

    def make(self, key: str) -> None:
        if self.hearing_id is None:
            return
        lang = self.lang.currentData()
        name = f"{key}-{self.hearing_id.hex[:8]}-{lang}.pdf"
        render = renderer(key, self.hearing_id, lang, self.rows.value())
        write_document(self.ctx, render, name, self.message, self.opener, self._written)

    def _written(self, path: Path) -> None:
        self.last_path = path
