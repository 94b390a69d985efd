"""The household card: a dialog with tabs Details, Services, Readings, History.

Everything is read in one background query (`load_card`) and re-read after each save, so the
History tab shows a change as soon as it is written. Keyboard: Tab walks the fields, Enter saves
the current tab's form (its button is the dialog's default), Esc closes.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_datetime, to_local
from aimak_desktop.services.auth import REGISTER_ROLES
from aimak_desktop.ui.common import RowsModel, make_table, message_label, say
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.register.callbacks import weak
from aimak_desktop.ui.register.card_data import FIELD_LABELS, CardData, HistoryLine, load_card
from aimak_desktop.ui.register.details_form import DetailsForm
from aimak_desktop.ui.register.dialogs import REGISTER_KINDS, ReasonDialog, report_failure
from aimak_desktop.ui.register.model import category_label
from aimak_desktop.ui.register.tab_readings import ReadingsTab
from aimak_desktop.ui.register.tab_services import ServicesTab


def can_edit_register(ctx: AppContext) -> bool:
    return ctx.actor.role in REGISTER_ROLES


class DetailsTab(QWidget):
    saved = Signal()

    def __init__(self, ctx: AppContext, writable: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.writable = writable
        self.data: CardData | None = None
        self.dialog: ReasonDialog | None = None
        layout = QVBoxLayout(self)
        self.form = DetailsForm()
        layout.addWidget(self.form)
        self.archived_label = QLabel()
        self.archived_label.setWordWrap(True)
        self.archived_label.setStyleSheet("color: #777777; font-weight: bold;")
        self.archived_label.hide()
        layout.addWidget(self.archived_label)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("Save"))
        self.save_button.clicked.connect(self.save)
        self.archive_button = QPushButton(_("Archive..."))
        self.archive_button.clicked.connect(self.archive)
        self.restore_button = QPushButton(_("Restore"))
        self.restore_button.clicked.connect(self.restore)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        for button in (self.save_button, self.archive_button, self.restore_button):
            button.setVisible(writable)

    def set_data(self, data: CardData) -> None:
        self.data = data
        details = data.details
        self.form.set_choices(data.choices)
        self.form.set_details(details)
        self.form.set_read_only(details.archived or not self.writable)
        self.archived_label.setVisible(details.archived)
        self.archived_label.setText(
            _("Archived: {reason}").format(reason=details.archive_reason)
            if details.archived
            else ""
        )
        if self.writable:
            self.save_button.setVisible(not details.archived)
            self.archive_button.setVisible(not details.archived)
            self.restore_button.setVisible(details.archived)

    def _write(self, fn: Any, done_text: str) -> None:
        say(self.message, "")
        self.save_button.setEnabled(False)

        self.ctx.tasks.run_write(
            fn, weak(self._written, done_text), weak(self._failed), kinds=REGISTER_KINDS
        )

    def _written(self, done_text: str, _result: Any) -> None:
        self.save_button.setEnabled(True)
        say(self.message, done_text, ok=True)
        self.saved.emit()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        report_failure(self.ctx, self.message)(exc)
        if isinstance(exc, ValidationError):
            self.form.focus_field(exc.field)

    def save(self) -> None:
        from aimak_desktop.services.registers import update_household

        if self.data is None or not self.writable or self.data.details.archived:
            return
        changes = self.form.changes()
        if not changes:
            say(self.message, _("Nothing was changed."), ok=True)
            return
        actor, household_id = self.ctx.actor, self.data.details.id
        self._write(lambda s: update_household(s, actor, household_id, changes).id, _("Saved."))

    def archive(self) -> ReasonDialog | None:
        from aimak_desktop.services.registers import archive_household

        if self.data is None:
            return None
        actor, household_id = self.ctx.actor, self.data.details.id
        dialog = ReasonDialog(
            self.ctx,
            _("Archive the household"),
            _("Why is {name} archived?").format(name=self.data.details.head_name),
            lambda s, reason: archive_household(s, actor, household_id, reason).id,
            self,
        )
        dialog.accepted.connect(self.saved.emit)
        self.dialog = dialog
        dialog.open()
        return dialog

    def restore(self) -> None:
        from aimak_desktop.services.registers import restore_household

        if self.data is None:
            return
        actor, household_id = self.ctx.actor, self.data.details.id
        self._write(lambda s: restore_household(s, actor, household_id).id, _("Restored."))


class HistoryModel(RowsModel):
    HEADERS = (N_("When"), N_("Who"), N_("Field"), N_("Old value"), N_("New value"))

    def text(self, row: HistoryLine, column: int) -> str:
        if column == 0:  # stored in UTC, shown in the PC's time
            return format_datetime(to_local(row.at))
        if column == 1:
            return row.who
        if column == 2:
            label = FIELD_LABELS.get(row.field)
            return _(label) if label else row.field
        value = row.old if column == 3 else row.new
        if value is None:
            return "—"
        if row.field == "category":
            return category_label(value)
        return value


class HouseholdCard(QDialog):
    def __init__(self, ctx: AppContext, household_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.data: CardData | None = None
        writable = can_edit_register(ctx)
        self.setWindowTitle(_("Household card"))
        self.resize(760, 600)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.message = message_label()
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        self.details = DetailsTab(ctx, writable)
        self.services = ServicesTab(ctx, writable)
        self.readings = ReadingsTab(ctx, writable)
        self.history_model = HistoryModel()
        self.history = make_table(self.history_model, stretch=4)
        self.history.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.details, _("Details"))
        self.tabs.addTab(self.services, _("Services"))
        self.tabs.addTab(self.readings, _("Readings"))
        self.tabs.addTab(self.history, _("History"))
        layout.addWidget(self.tabs, 1)
        close = QHBoxLayout()
        close.addStretch(1)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        close.addWidget(self.close_button)
        layout.addLayout(close)
        for tab in (self.details, self.services, self.readings):
            tab.saved.connect(self.reload)
        self.tabs.currentChanged.connect(self._default_button)
        self._default_button()
        self.reload()

    def _default_button(self, *_args: Any) -> None:
        """Enter presses the button of the form on the current tab."""
        current = self.tabs.currentWidget()
        for tab, button in (
            (self.details, self.details.save_button),
            (self.readings, self.readings.add_button),
        ):
            button.setAutoDefault(False)
            button.setDefault(tab is current)

    def reload(self) -> None:
        household_id = self.household_id
        self.ctx.tasks.run_read(
            lambda s: load_card(s, household_id), weak(self._show), weak(self._load_failed)
        )

    def _load_failed(self, exc: BaseException) -> None:
        report_failure(self.ctx, self.message)(exc)

    def _show(self, data: CardData) -> None:
        first = self.data is None
        self.data = data
        details = data.details
        title = f"{details.account_no} · {details.head_name}"
        if details.archived:
            title += " · " + _("archived")
        self.title.setText(title)
        self.details.set_data(data)
        self.services.set_data(data)
        self.readings.set_data(data)
        self.history_model.set_rows(list(reversed(data.history)))  # newest first
        if first and self.tabs.currentWidget() is self.details:
            # Keyboard users start in the form: the name, then Tab to gender, phone ...
            target = self.details.form.head_name
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            target.selectAll()
