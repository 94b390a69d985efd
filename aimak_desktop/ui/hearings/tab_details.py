"""Details tab of the hearing editor: kind, dates, place, villages, calling act, status workflow."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.models.hearings import (
    HEARING_KIND_LABELS,
    HEARING_STATUS_LABELS,
    HEARING_STATUS_ORDER,
    HearingKind,
    HearingStatus,
)
from aimak_desktop.ui.common import (
    HEARING_KINDS,
    Lookups,
    failure_handler,
    message_label,
    say,
)
from aimak_desktop.ui.context import AppContext

#: The button that moves a hearing to each later status.
STEP_BUTTONS = {
    HearingStatus.HELD: N_("Mark as held"),
    HearingStatus.MINUTES_SIGNED: N_("Minutes signed"),
    HearingStatus.RESPONSES_PUBLISHED: N_("Responses published"),
}


@dataclass
class HearingDetails:
    id: uuid.UUID
    kind: str
    year: int
    held_on: dt.date
    start_time: str
    place: str
    status: str
    village_ids: list[uuid.UUID] = field(default_factory=list)
    organiser: str = ""
    calling_act: str = ""
    draft_title: str = ""
    chair_name: str = ""
    secretary_name: str = ""
    recommendations: str = ""
    decisions: str = ""


def load_details(session: Any, hearing_id: uuid.UUID) -> HearingDetails:
    from aimak_desktop.services.hearings import get_hearing

    h = get_hearing(session, hearing_id)
    return HearingDetails(
        h.id, h.kind, h.year, h.held_on, h.start_time, h.place, h.status, h.village_id_list,
        h.organiser, h.calling_act, h.draft_title, h.chair_name, h.secretary_name,
        h.recommendations, h.decisions,
    )  # fmt: skip


def default_year(kind: str, held_on: dt.date) -> int:
    """The budget year a hearing is about: next year for a draft, last year for a report."""
    if kind == HearingKind.DRAFT_BUDGET:
        return held_on.year + 1
    if kind == HearingKind.EXECUTION_REPORT:
        return held_on.year - 1
    return held_on.year


class DetailsTab(QWidget):
    #: Emitted with the hearing's id after it was created or saved.
    saved = Signal(object)

    def __init__(self, ctx: AppContext, writable: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.writable = writable
        self.hearing_id: uuid.UUID | None = None
        self.status = HearingStatus.PLANNED.value
        self._year_touched = False
        layout = QHBoxLayout(self)
        left = QFormLayout()
        self.kind = QComboBox()
        for kind in HearingKind:
            self.kind.addItem(_(HEARING_KIND_LABELS[kind]), kind.value)
        self.held_on = QDateEdit(QDate.currentDate())
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("dd.MM.yyyy")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.start_time = QLineEdit()
        self.start_time.setPlaceholderText("10:00")
        self.start_time.setMaximumWidth(80)
        self.place = QLineEdit()
        self.organiser = QLineEdit()
        self.calling_act = QLineEdit()
        self.calling_act.setPlaceholderText(_("e.g. Order of the head No. 12 of 01.06.2024"))
        self.draft_title = QLineEdit()
        self.chair_name = QLineEdit()
        self.secretary_name = QLineEdit()
        left.addRow(_("Kind"), self.kind)
        left.addRow(_("Date"), self.held_on)
        left.addRow(_("Time"), self.start_time)
        left.addRow(_("Budget year"), self.year)
        left.addRow(_("Place"), self.place)
        left.addRow(_("Organiser"), self.organiser)
        left.addRow(_("Calling act"), self.calling_act)
        left.addRow(_("Draft discussed"), self.draft_title)
        left.addRow(_("Chair"), self.chair_name)
        left.addRow(_("Secretary"), self.secretary_name)
        self.villages = QListWidget()
        self.villages.setMaximumHeight(110)
        left.addRow(_("Villages covered"), self.villages)
        right = QVBoxLayout()
        right.addWidget(QLabel(_("Recommendations")))
        self.recommendations = QPlainTextEdit()
        right.addWidget(self.recommendations)
        right.addWidget(QLabel(_("Decisions")))
        self.decisions = QPlainTextEdit()
        right.addWidget(self.decisions)
        self.status_label = QLabel()
        self.status_label.setStyleSheet("font-weight: bold;")
        right.addWidget(self.status_label)
        status_row = QHBoxLayout()
        self.step_buttons: dict[HearingStatus, QPushButton] = {}
        for status, text in STEP_BUTTONS.items():
            button = QPushButton(_(text))
            button.clicked.connect(lambda _checked=False, s=status: self.set_status(s))
            button.setVisible(writable)
            self.step_buttons[status] = button
            status_row.addWidget(button)
        status_row.addStretch(1)
        right.addLayout(status_row)
        self.message = message_label()
        right.addWidget(self.message)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(writable)
        save_row.addWidget(self.save_button)
        right.addLayout(save_row)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.kind.currentIndexChanged.connect(self._suggest_year)
        self.held_on.dateChanged.connect(self._suggest_year)
        self.year.valueChanged.connect(self._year_edited)
        for widget in (
            self.kind, self.held_on, self.year, self.start_time, self.place, self.organiser,
            self.calling_act, self.draft_title, self.chair_name, self.secretary_name,
            self.villages, self.recommendations, self.decisions,
        ):  # fmt: skip
            widget.setEnabled(writable)
        self.clear()

    # -- showing --------------------------------------------------------------------------

    def set_lookups(self, lookups: Lookups) -> None:
        checked = set(self.checked_villages())
        self.villages.clear()
        for village_id, name in lookups.villages:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, village_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if village_id in checked else Qt.CheckState.Unchecked
            )
            self.villages.addItem(item)

    def checked_villages(self) -> list[uuid.UUID]:
        items = (self.villages.item(i) for i in range(self.villages.count()))
        return [
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]

    def clear(self) -> None:
        """An empty form for a new hearing."""
        self.hearing_id = None
        self.status = HearingStatus.PLANNED.value
        self.kind.setCurrentIndex(0)
        self.held_on.setDate(QDate.currentDate())
        for edit in (
            self.start_time, self.place, self.organiser, self.calling_act, self.draft_title,
            self.chair_name, self.secretary_name,
        ):  # fmt: skip
            edit.clear()
        self.recommendations.clear()
        self.decisions.clear()
        for i in range(self.villages.count()):
            self.villages.item(i).setCheckState(Qt.CheckState.Unchecked)
        self._year_touched = False
        self._suggest_year()
        say(self.message, "")
        self._show_status()

    def show_details(self, d: HearingDetails) -> None:
        self.hearing_id = d.id
        self.status = d.status
        self.kind.setCurrentIndex(max(self.kind.findData(d.kind), 0))
        self.held_on.setDate(QDate(d.held_on.year, d.held_on.month, d.held_on.day))
        self.year.blockSignals(True)
        self.year.setValue(d.year)
        self.year.blockSignals(False)
        self._year_touched = True  # a saved hearing keeps its year unless changed by hand
        self.start_time.setText(d.start_time)
        self.place.setText(d.place)
        self.organiser.setText(d.organiser)
        self.calling_act.setText(d.calling_act)
        self.draft_title.setText(d.draft_title)
        self.chair_name.setText(d.chair_name)
        self.secretary_name.setText(d.secretary_name)
        self.recommendations.setPlainText(d.recommendations)
        self.decisions.setPlainText(d.decisions)
        wanted = set(d.village_ids)
        for i in range(self.villages.count()):
            item = self.villages.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self._show_status()

    def _show_status(self) -> None:
        current = HearingStatus(self.status)
        self.status_label.setText(
            _("Status: {status}").format(status=_(HEARING_STATUS_LABELS[current]))
        )
        position = HEARING_STATUS_ORDER.index(current)
        for status, button in self.step_buttons.items():
            later = HEARING_STATUS_ORDER.index(status) > position
            button.setEnabled(self.hearing_id is not None and later)

    def _suggest_year(self, *_args: Any) -> None:
        if self._year_touched:
            return
        self.year.blockSignals(True)
        self.year.setValue(default_year(self.kind.currentData(), self.held_on.date().toPython()))
        self.year.blockSignals(False)

    def _year_edited(self, *_args: Any) -> None:
        self._year_touched = True

    # -- writing --------------------------------------------------------------------------

    def form_input(self) -> Any:
        from aimak_desktop.services.hearings import HearingInput

        return HearingInput(
            kind=self.kind.currentData(),
            held_on=self.held_on.date().toPython(),
            place=self.place.text(),
            year=self.year.value(),
            start_time=self.start_time.text(),
            village_ids=self.checked_villages(),
            organiser=self.organiser.text(),
            calling_act=self.calling_act.text(),
            draft_title=self.draft_title.text(),
            chair_name=self.chair_name.text(),
            secretary_name=self.secretary_name.text(),
        )

    def save(self) -> None:
        from aimak_desktop.services.hearings import create_hearing, update_hearing

        data, actor, hearing_id = self.form_input(), self.ctx.actor, self.hearing_id
        texts = (self.recommendations.toPlainText(), self.decisions.toPlainText())

        def run(session: Any) -> HearingDetails:
            if hearing_id is None:
                hearing = create_hearing(session, actor, data)
                if any(texts):
                    update_hearing(
                        session, actor, hearing.id, data,
                        recommendations=texts[0], decisions=texts[1],
                    )  # fmt: skip
            else:
                hearing = update_hearing(
                    session, actor, hearing_id, data,
                    recommendations=texts[0], decisions=texts[1],
                )  # fmt: skip
            return load_details(session, hearing.id)

        say(self.message, "")
        self.save_button.setEnabled(False)
        self.ctx.tasks.run_write(run, self._saved, self._failed, kinds=HEARING_KINDS)

    def _saved(self, details: HearingDetails) -> None:
        self.save_button.setEnabled(True)
        self.show_details(details)
        say(self.message, _("Saved."), ok=True)
        self.saved.emit(details.id)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        failure_handler(self.ctx, self.message)(exc)

    def set_status(self, status: HearingStatus) -> None:
        from aimak_desktop.services.hearings import set_hearing_status

        if self.hearing_id is None:
            return
        actor, hearing_id = self.ctx.actor, self.hearing_id

        def run(session: Any) -> HearingDetails:
            set_hearing_status(session, actor, hearing_id, status)
            return load_details(session, hearing_id)

        say(self.message, "")
        self.ctx.tasks.run_write(
            run, self._status_saved, failure_handler(self.ctx, self.message), kinds=HEARING_KINDS
        )

    def _status_saved(self, details: HearingDetails) -> None:
        self.status = details.status
        self._show_status()
        self.saved.emit(details.id)
