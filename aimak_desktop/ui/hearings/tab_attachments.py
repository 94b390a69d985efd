"""Attachments tab: files (scans, photos, spreadsheets) stored by content hash, opened on demand."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_datetime, to_local
from aimak_desktop.ui.common import (
    HEARING_KINDS,
    RowsModel,
    failure_handler,
    make_table,
    message_label,
    open_file,
    say,
    selected_row,
)
from aimak_desktop.ui.context import AppContext


@dataclass(frozen=True)
class AttachmentRow:
    id: uuid.UUID
    filename: str
    size: int
    description: str
    added: dt.datetime


def load_attachments(session: Any, hearing_id: uuid.UUID) -> list[AttachmentRow]:
    from aimak_desktop.services.attachments import list_attachments

    return [
        AttachmentRow(a.id, a.filename, a.size, a.description, a.created_at)
        for a in list_attachments(session, hearing_id)
    ]


def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{n} MB").format(n=round(size / (1024 * 1024), 1))
    return _("{n} KB").format(n=max(1, round(size / 1024)))


class AttachmentsModel(RowsModel):
    HEADERS = (N_("File"), N_("Size"), N_("Description"), N_("Added"))
    NUMERIC = frozenset({1})

    def text(self, row: AttachmentRow, column: int) -> str:
        if column == 0:
            return row.filename
        if column == 1:
            return file_size(row.size)
        if column == 2:
            return row.description
        return format_datetime(to_local(row.added))


class AttachmentsTab(QWidget):
    def __init__(self, ctx: AppContext, writable: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.hearing_id: uuid.UUID | None = None
        #: Hands a file to the system viewer (replaced in tests, where no viewer exists).
        self.opener = open_file
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.description = QLineEdit()
        self.description.setPlaceholderText(_("Description of the next file (optional)"))
        self.add_button = QPushButton(_("Add file..."))
        self.add_button.clicked.connect(self.choose_file)
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton(_("Remove from list"))
        self.remove_button.clicked.connect(self.remove_selected)
        for widget in (self.description, self.add_button, self.remove_button):
            widget.setVisible(writable)
        row.addWidget(self.description, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.open_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.message = message_label()
        layout.addWidget(self.message)
        self.model = AttachmentsModel()
        self.view = make_table(self.model, stretch=2)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        layout.addWidget(self.view, 1)

    def load(self, hearing_id: uuid.UUID) -> None:
        self.hearing_id = hearing_id
        self.ctx.tasks.run_read(lambda s: load_attachments(s, hearing_id), self.model.set_rows)

    def reload(self) -> None:
        if self.hearing_id is not None:
            self.load(self.hearing_id)

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Attach a file"),
            "",
            _(
                "Documents and images (*.pdf *.jpg *.jpeg *.png *.xlsx *.xls *.docx *.doc *.odt "
                "*.ods);;All files (*)"
            ),
        )
        if name:
            self.attach(Path(name))

    def attach(self, path: Path) -> None:
        from aimak_desktop.services.attachments import attach_to_hearing

        if self.hearing_id is None:
            return
        actor, hearing_id, description = self.ctx.actor, self.hearing_id, self.description.text()
        say(self.message, "")

        def done(_attachment: Any) -> None:
            self.description.clear()
            say(self.message, _("{name} attached.").format(name=path.name), ok=True)
            self.reload()

        self.ctx.tasks.run_write(
            lambda s: attach_to_hearing(s, actor, hearing_id, path, description),
            done,
            failure_handler(self.ctx, self.message),
            kinds=HEARING_KINDS,
        )

    def open_selected(self) -> None:
        from aimak_desktop.services.attachments import attachment_path

        row = selected_row(self.view)
        if row is None:
            say(self.message, _("Select a file first."))
            return
        say(self.message, "")
        self.ctx.tasks.run_read(
            lambda s: attachment_path(s, row.id),
            self.opener,
            failure_handler(self.ctx, self.message),
        )

    def remove_selected(self) -> None:
        from aimak_desktop.services.attachments import archive_attachment

        row = selected_row(self.view)
        if row is None:
            say(self.message, _("Select a file first."))
            return
        actor = self.ctx.actor
        self.ctx.tasks.run_write(
            lambda s: archive_attachment(s, actor, row.id),
            lambda _r: self.reload(),
            failure_handler(self.ctx, self.message),
            kinds=HEARING_KINDS,
        )
