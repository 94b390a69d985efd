"""The status bar's sync state: Synced / N pending / Offline / Error: reason; a click opens it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from aimak_desktop.i18n import _, ngettext
from aimak_desktop.ui.sync.scheduler import ERROR, OFFLINE, PENDING, SYNCED, SyncScheduler

#: The reason shown in the bar is cut to this many characters (the tooltip has all of it).
MAX_REASON = 60
_STYLES = {
    SYNCED: "color: #1b5e20;",
    PENDING: "color: #7a5200;",
    OFFLINE: "color: #555555;",
    ERROR: "color: #b00020; font-weight: bold;",
}


def state_text(state: str, detail: str) -> str:
    if state == SYNCED:
        return _("Synced")
    if state == PENDING:
        count = int(detail or 0)
        return ngettext("{n} pending", "{n} pending", count).format(n=count)
    if state == ERROR:
        reason = detail if len(detail) <= MAX_REASON else detail[: MAX_REASON - 1] + "…"
        return _("Error: {reason}").format(reason=reason)
    return _("Offline")


class StatusWidget(QLabel):
    """Follows a SyncScheduler; clicking it opens the sync page."""

    clicked = Signal()

    def __init__(self, ctx: Any, scheduler: SyncScheduler, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("syncStatus")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setContentsMargins(6, 0, 6, 0)
        scheduler.state_changed.connect(self.show_state)
        self.show_state(scheduler.state, scheduler.detail)

    def show_state(self, state: str, detail: str) -> None:
        self.state = state
        self.setText(state_text(state, detail))
        self.setStyleSheet(_STYLES.get(state, ""))
        tip = _("Synchronisation: click to open")
        if state in (ERROR, OFFLINE) and detail:
            tip = f"{detail}\n{tip}"
        self.setToolTip(tip)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            if self.ctx.open_page is not None:
                self.ctx.open_page("sync")
        super().mousePressEvent(event)
