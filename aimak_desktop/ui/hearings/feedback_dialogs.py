"""Dialogs of the feedback register: a new entry, and a change of status with the response."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.models.feedback import (
    FEEDBACK_CHANNEL_LABELS,
    FEEDBACK_KIND_LABELS,
    FEEDBACK_STATUS_LABELS,
    FeedbackChannel,
    FeedbackKind,
    FeedbackStatus,
)
from aimak_desktop.models.register import GENDER_LABELS, Gender
from aimak_desktop.ui.common import (
    FEEDBACK_KINDS,
    Lookups,
    failure_handler,
    fill_combo,
    message_label,
    say,
)
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.hearings.feedback_model import FeedbackRow


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    return edit


def due_days(ctx: AppContext) -> int:
    """Days allowed for a response: the office setting, else the service's default (14)."""
    from aimak_desktop.services.feedback import DEFAULT_DUE_DAYS

    value = ctx.settings.get("feedback_due_days", DEFAULT_DUE_DAYS)
    return value if isinstance(value, int) and 1 <= value <= 365 else DEFAULT_DUE_DAYS


class _SaveDialog(QDialog):
    def _finish(self, layout: QVBoxLayout) -> None:
        self.message = message_label()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _run(self, ctx: AppContext, fn: Any) -> None:
        say(self.message, "")
        self.buttons.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            failure_handler(ctx, self.message)(exc)

        def saved(_result: Any) -> None:
            self.buttons.setEnabled(True)
            self.accept()

        ctx.tasks.run_write(fn, saved, failed, kinds=FEEDBACK_KINDS)


class NewFeedbackDialog(_SaveDialog):
    def __init__(self, ctx: AppContext, lookups: Lookups, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.days = due_days(ctx)
        self.setWindowTitle(_("New feedback entry"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        for kind in FeedbackKind:
            self.kind.addItem(_(FEEDBACK_KIND_LABELS[kind]), kind.value)
        self.channel = QComboBox()
        for channel in FeedbackChannel:
            self.channel.addItem(_(FEEDBACK_CHANNEL_LABELS[channel]), channel.value)
        self.service = QComboBox()
        fill_combo(self.service, lookups.services, _("(no service)"))
        self.village = QComboBox()
        fill_combo(self.village, lookups.villages, _("(village not known)"))
        self.citizen = QLineEdit()
        self.citizen.setPlaceholderText(_("Leave empty for an anonymous entry"))
        self.contact = QLineEdit()
        self.gender = QComboBox()
        self.gender.addItem(_("(not known)"), None)
        for gender in Gender:
            self.gender.addItem(_(GENDER_LABELS[gender]), gender.value)
        self.text = QPlainTextEdit()
        self.text.setMaximumHeight(110)
        today = dt.date.today()
        self.received_on = date_edit(today)
        self.due_on = date_edit(today + dt.timedelta(days=self.days))
        self.received_on.dateChanged.connect(self._suggest_due)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Channel"), self.channel)
        form.addRow(_("Service"), self.service)
        form.addRow(_("Village"), self.village)
        form.addRow(_("Citizen"), self.citizen)
        form.addRow(_("Phone or address"), self.contact)
        form.addRow(_("Gender"), self.gender)
        form.addRow(_("Text"), self.text)
        form.addRow(_("Received"), self.received_on)
        form.addRow(_("Answer by"), self.due_on)
        hint = QLabel(_("The answer is due {n} days after receipt.").format(n=self.days))
        hint.setWordWrap(True)
        form.addRow("", hint)
        layout.addLayout(form)
        self._finish(layout)
        self.setMinimumWidth(480)

    def _suggest_due(self, received: QDate) -> None:
        self.due_on.setDate(received.addDays(self.days))

    def save(self) -> None:
        from aimak_desktop.services.feedback import FeedbackInput, record_feedback

        data = FeedbackInput(
            kind=self.kind.currentData(),
            channel=self.channel.currentData(),
            received_on=self.received_on.date().toPython(),
            text=self.text.toPlainText(),
            service_id=self.service.currentData(),
            village_id=self.village.currentData(),
            citizen_name=self.citizen.text(),
            citizen_contact=self.contact.text(),
            gender=self.gender.currentData(),
            due_on=self.due_on.date().toPython(),
        )
        actor = self.ctx.actor
        self._run(self.ctx, lambda s: record_feedback(s, actor, data))


class StatusDialog(_SaveDialog):
    def __init__(self, ctx: AppContext, row: FeedbackRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.setWindowTitle(_("Status and response"))
        layout = QVBoxLayout(self)
        text = QLabel(" ".join(row.text.split()) or _("(no text)"))
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.status = QComboBox()
        for status in FeedbackStatus:
            self.status.addItem(_(FEEDBACK_STATUS_LABELS[status]), status.value)
        current = self.status.findData(row.status)
        # The usual next step: a new entry goes in progress, one in progress gets resolved.
        following = {FeedbackStatus.NEW: FeedbackStatus.IN_PROGRESS}
        try:
            suggested = following.get(FeedbackStatus(row.status), FeedbackStatus.RESOLVED)
        except ValueError:
            suggested = FeedbackStatus.RESOLVED
        self.status.setCurrentIndex(self.status.findData(suggested.value) if current >= 0 else 0)
        self.response = QPlainTextEdit(row.response)
        self.response.setMaximumHeight(110)
        self.response_date = date_edit(row.response_date or dt.date.today())
        form.addRow(_("Status"), self.status)
        form.addRow(_("Response"), self.response)
        form.addRow(_("Response date"), self.response_date)
        layout.addLayout(form)
        self._finish(layout)
        self.setMinimumWidth(460)

    def save(self) -> None:
        from aimak_desktop.services.feedback import set_feedback_status

        actor, entry_id = self.ctx.actor, self.row.id
        status, response = self.status.currentData(), self.response.toPlainText()
        date = self.response_date.date().toPython() if response.strip() else None
        self._run(
            self.ctx, lambda s: set_feedback_status(s, actor, entry_id, status, response, date)
        )
