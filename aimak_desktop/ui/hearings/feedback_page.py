"""The citizen feedback page: the register with filters, overdue entries in red, monthly report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.models.feedback import (
    FEEDBACK_KIND_LABELS,
    FEEDBACK_STATUS_LABELS,
    FeedbackKind,
    FeedbackStatus,
)
from aimak_desktop.ui.common import (
    ERROR_STYLE,
    FEEDBACK_KINDS,
    HEARING_KINDS,
    SURVEY_KINDS,
    Lookups,
    can_write,
    compact,
    fill_combo,
    lang_combo,
    load_lookups,
    make_table,
    message_label,
    open_file,
    say,
    selected_row,
)
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.hearings.documents import write_document
from aimak_desktop.ui.hearings.feedback_dialogs import NewFeedbackDialog, StatusDialog
from aimak_desktop.ui.hearings.feedback_model import FeedbackModel, FeedbackRow, load_feedback


class FeedbackPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.writable = can_write(ctx.actor)
        self.lookups = Lookups()
        self.all_rows: list[FeedbackRow] = []
        self.dialog: NewFeedbackDialog | StatusDialog | None = None
        #: Hands the finished report to the system viewer (replaced in tests).
        self.opener = open_file
        self.last_report: Path | None = None
        layout = QVBoxLayout(self)
        actions = QHBoxLayout()
        self.new_button = QPushButton(_("New entry..."))
        self.new_button.clicked.connect(self.new_entry)
        self.status_button = QPushButton(_("Status and response..."))
        self.status_button.clicked.connect(self.change_status)
        for button in (self.new_button, self.status_button):
            button.setVisible(self.writable)
            actions.addWidget(button)
        self.overdue_label = QLabel()
        self.overdue_label.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        actions.addWidget(self.overdue_label)
        actions.addStretch(1)
        actions.addWidget(QLabel(_("Monthly report")))
        self.month = QDateEdit(QDate.currentDate())
        self.month.setDisplayFormat("MM.yyyy")
        self.month.setCalendarPopup(True)
        self.report_lang = lang_combo()
        self.report_button = QPushButton(_("Make PDF"))
        self.report_button.clicked.connect(self.make_report)
        for widget in (self.month, self.report_lang, self.report_button):
            actions.addWidget(widget)
        layout.addLayout(actions)
        filters = QHBoxLayout()
        self.status_filter = QComboBox()
        self.status_filter.addItem(_("All statuses"), None)
        self.status_filter.addItem(_("Open (new or in progress)"), "open")
        for status in FeedbackStatus:
            self.status_filter.addItem(_(FEEDBACK_STATUS_LABELS[status]), status.value)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(_("All kinds"), None)
        for kind in FeedbackKind:
            self.kind_filter.addItem(_(FEEDBACK_KIND_LABELS[kind]), kind.value)
        self.service_filter = compact(QComboBox(), 14)
        self.village_filter = compact(QComboBox(), 12)
        fill_combo(self.service_filter, [], _("All services"))
        fill_combo(self.village_filter, [], _("All villages"))
        self.overdue_only = QCheckBox(_("Overdue only"))
        for label, widget in (
            (_("Status"), self.status_filter),
            (_("Kind"), self.kind_filter),
            (_("Service"), self.service_filter),
            (_("Village"), self.village_filter),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.overdue_only)
        filters.addStretch(1)
        self.count = QLabel()
        filters.addWidget(self.count)
        layout.addLayout(filters)
        self.message = message_label()
        layout.addWidget(self.message)
        self.model = FeedbackModel()
        self.view = make_table(
            self.model, stretch=FeedbackModel.TEXT, widths={FeedbackModel.CITIZEN: 200}
        )
        if self.writable:
            self.view.doubleClicked.connect(lambda _index: self.change_status())
        layout.addWidget(self.view, 1)
        for combo in (
            self.status_filter,
            self.kind_filter,
            self.service_filter,
            self.village_filter,
        ):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.overdue_only.toggled.connect(self.apply_filters)

    # -- loading --------------------------------------------------------------------------

    def on_shown(self) -> None:
        self.refresh_lookups()

    def on_changed(self, kinds: Any) -> None:
        if "feedback" in kinds:
            self.refresh()
        if set(kinds) - HEARING_KINDS - FEEDBACK_KINDS - SURVEY_KINDS:
            self.refresh_lookups()

    def refresh_lookups(self) -> None:
        self.ctx.tasks.run_read(load_lookups, self._show_lookups)

    def _show_lookups(self, lookups: Lookups) -> None:
        self.lookups = lookups
        fill_combo(self.service_filter, lookups.services, _("All services"))
        fill_combo(self.village_filter, lookups.villages, _("All villages"))
        self.refresh()

    def refresh(self) -> None:
        lookups, today = self.lookups, dt.date.today()
        self.ctx.tasks.run_read(lambda s: load_feedback(s, lookups, today), self._show_rows)

    def _show_rows(self, rows: list[FeedbackRow]) -> None:
        self.all_rows = rows
        overdue = sum(1 for r in rows if r.overdue)
        self.overdue_label.setText(_("{n} overdue").format(n=overdue) if overdue else "")
        self.apply_filters()

    def filtered(self) -> list[FeedbackRow]:
        status = self.status_filter.currentData()
        kind = self.kind_filter.currentData()
        service = self.service_filter.currentData()
        village = self.village_filter.currentData()
        rows = self.all_rows
        if status == "open":
            rows = [r for r in rows if r.status in (FeedbackStatus.NEW, FeedbackStatus.IN_PROGRESS)]
        elif status:
            rows = [r for r in rows if r.status == status]
        if kind:
            rows = [r for r in rows if r.kind == kind]
        if service:
            rows = [r for r in rows if r.service_id == service]
        if village:
            rows = [r for r in rows if r.village_id == village]
        if self.overdue_only.isChecked():
            rows = [r for r in rows if r.overdue]
        return rows

    def apply_filters(self, *_args: Any) -> None:
        rows = self.filtered()
        self.model.set_rows(rows)
        self.count.setText(
            _("{shown} of {total} entries").format(shown=len(rows), total=len(self.all_rows))
        )

    # -- actions --------------------------------------------------------------------------

    def new_entry(self) -> NewFeedbackDialog:
        say(self.message, "")
        dialog = NewFeedbackDialog(self.ctx, self.lookups, self)
        self.dialog = dialog
        dialog.open()
        return dialog

    def change_status(self) -> StatusDialog | None:
        row = selected_row(self.view)
        if row is None:
            say(self.message, _("Select an entry first."))
            return None
        say(self.message, "")
        dialog = StatusDialog(self.ctx, row, self)
        self.dialog = dialog
        dialog.open()
        return dialog

    def make_report(self) -> None:
        from aimak_desktop.reports.feedback_report import render_feedback_report

        month: dt.date = self.month.date().toPython()
        lang = self.report_lang.currentData()
        name = f"feedback-{month:%Y-%m}-{lang}.pdf"

        def render(session: Any, out: Path) -> Path:
            return render_feedback_report(session, month.year, month.month, out, lang)

        def written(path: Path) -> None:
            self.last_report = path

        write_document(self.ctx, render, name, self.message, self.opener, written)
