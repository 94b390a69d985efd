"""Conflicts (keep mine / take theirs) and quarantine (read-only, with reasons) screens."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.services.auth import REGISTER_ROLES
from aimak_desktop.ui.common import (
    failure_handler,
    make_table,
    message_label,
    say,
    selected_row,
)
from aimak_desktop.ui.sync.models import ConflictsModel, QuarantineModel

HELP_STYLE = "color: #555555;"
MIN_TABLE_HEIGHT = 90


class ConflictsView(QWidget):
    """Register fields edited on two PCs at once: the clerk keeps one value, which then wins."""

    def __init__(self, ctx: Any, on_resolved: Callable[[], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self.on_resolved = on_resolved
        layout = QVBoxLayout(self)
        help_text = QLabel(
            _(
                'The same field was changed on two PCs before they synced. "Kept now" shows '
                "which value is in the register; choose the right one and it is sent to every PC."
            )
        )
        help_text.setWordWrap(True)
        help_text.setStyleSheet(HELP_STYLE)
        layout.addWidget(help_text)
        self.model = ConflictsModel()
        self.view = make_table(self.model, stretch=ConflictsModel.THEIRS)
        self.view.setMinimumHeight(MIN_TABLE_HEIGHT)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.keep_mine = QPushButton(_("Keep mine"))
        self.take_theirs = QPushButton(_("Take theirs"))
        self.keep_mine.clicked.connect(lambda: self.resolve("keep_mine"))
        self.take_theirs.clicked.connect(lambda: self.resolve("take_theirs"))
        writable = ctx.actor.role in REGISTER_ROLES
        for button in (self.keep_mine, self.take_theirs):
            button.setVisible(writable)
            button.setEnabled(False)
            row.addWidget(button)
        self.message = message_label()
        row.addWidget(self.message)
        row.addStretch(1)
        layout.addLayout(row)
        self.view.selectionModel().selectionChanged.connect(self._selection)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        self._selection()

    def _selection(self) -> None:
        chosen = selected_row(self.view) is not None
        self.keep_mine.setEnabled(chosen)
        self.take_theirs.setEnabled(chosen)

    def resolve(self, choice: str) -> None:
        from aimak_desktop.sync.conflicts import resolve_conflict

        row = selected_row(self.view)
        if row is None:
            say(self.message, _("Choose a conflict in the table first."))
            return
        actor, conflict_id = self.ctx.actor, row["id"]
        self.keep_mine.setEnabled(False)
        self.take_theirs.setEnabled(False)
        self.ctx.tasks.run_write(
            lambda session: resolve_conflict(session, actor, conflict_id, choice),
            self._resolved,
            self._failed,
            kinds={"*"},
        )

    def _resolved(self, _result: Any) -> None:
        say(self.message, _("Saved. The choice goes to the other PCs with the next sync."), ok=True)
        self.on_resolved()

    def _failed(self, exc: BaseException) -> None:
        self._selection()
        failure_handler(self.ctx, self.message)(exc)


class QuarantineView(QWidget):
    """Received changes that could not be applied safely; shown, never applied."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        help_text = QLabel(
            _(
                "These changes came from another PC but could not be applied safely. They are "
                "kept here unchanged; show them to your mentor."
            )
        )
        help_text.setWordWrap(True)
        help_text.setStyleSheet(HELP_STYLE)
        layout.addWidget(help_text)
        self.model = QuarantineModel()
        self.view = make_table(self.model, stretch=QuarantineModel.REASON)
        self.view.setMinimumHeight(MIN_TABLE_HEIGHT)
        layout.addWidget(self.view, 1)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setMaximumHeight(90)
        self.detail.setPlaceholderText(_("Choose a row to see the change it carries."))
        layout.addWidget(self.detail)
        self.view.selectionModel().selectionChanged.connect(self._show_detail)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        self.detail.clear()

    def _show_detail(self) -> None:
        row = selected_row(self.view)
        if row is None:
            self.detail.clear()
            return
        self.detail.setPlainText(json.dumps(row["change"], ensure_ascii=False, indent=1))
