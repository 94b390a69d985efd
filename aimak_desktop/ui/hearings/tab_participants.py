"""Participants tab: fast keyboard entry of named people, the quick tally, live statistics.

Fast entry: type the name, pick gender / age group / village / role (the choices stay for the next
person, since neighbours come together), press Enter. The row is saved, the name field is cleared
and takes the focus again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.models.hearings import (
    AGE_GROUP_LABELS,
    PARTICIPANT_ROLE_LABELS,
    VULNERABLE_FLAGS,
    AgeGroup,
    ParticipantRole,
)
from aimak_desktop.models.register import GENDER_LABELS, Gender
from aimak_desktop.ui.common import (
    HEARING_KINDS,
    Lookups,
    RowsModel,
    compact,
    failure_handler,
    fill_combo,
    make_table,
    message_label,
    say,
    selected_row,
)
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.hearings.stats_panel import StatsData, StatsPanel, load_stats
from aimak_desktop.ui.hearings.survey_grid import FEMALE_KEYS, MALE_KEYS
from aimak_desktop.ui.hearings.tally_box import TallyBox, TallyRow, tally_rows


@dataclass(frozen=True)
class PersonRow:
    id: uuid.UUID
    number: int
    full_name: str
    gender: str
    age_group: str
    village: str
    role: str
    flags: str


@dataclass
class PeopleData:
    people: list[PersonRow]
    tallies: list[TallyRow]
    stats: StatsData


def load_people(session: Any, hearing_id: uuid.UUID, lookups: Lookups) -> PeopleData:
    from aimak_desktop.services.hearings import participants

    people = [
        PersonRow(
            p.id,
            n,
            p.full_name,
            p.gender,
            p.age_group,
            lookups.village(p.village_id),
            p.role,
            p.flags,
        )
        for n, p in enumerate(participants(session, hearing_id), start=1)
    ]
    return PeopleData(
        people, tally_rows(session, hearing_id, lookups), load_stats(session, hearing_id)
    )


def _label(labels: dict[Any, str], value: str) -> str:
    for key, text in labels.items():
        if key == value:
            return _(text)
    return value


class PeopleModel(RowsModel):
    HEADERS = (
        N_("No."), N_("Full name"), N_("Gender"), N_("Age group"), N_("Village"), N_("Role"),
        N_("Vulnerable groups"),
    )  # fmt: skip
    NUMERIC = frozenset({0})

    def text(self, row: PersonRow, column: int) -> str:
        if column == 0:
            return str(row.number)
        if column == 1:
            return row.full_name
        if column == 2:
            return _label(GENDER_LABELS, row.gender)
        if column == 3:
            return _label(AGE_GROUP_LABELS, row.age_group)
        if column == 4:
            return row.village
        if column == 5:
            return _label(PARTICIPANT_ROLE_LABELS, row.role)
        return ", ".join(_label(VULNERABLE_FLAGS, f) for f in row.flags.split(",") if f)


class ParticipantsTab(QWidget):
    def __init__(self, ctx: AppContext, writable: bool) -> None:
        super().__init__()
        self.ctx = ctx
        self.hearing_id: uuid.UUID | None = None
        self.lookups = Lookups()
        layout = QVBoxLayout(self)
        entry_box = QWidget()
        entry = QHBoxLayout(entry_box)
        entry.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Full name, then Enter"))
        self.gender = QComboBox()
        for gender in Gender:
            self.gender.addItem(_(GENDER_LABELS[gender]), gender.value)
        self.age = QComboBox()
        for age in AgeGroup:
            self.age.addItem(_(AGE_GROUP_LABELS[age]), age.value)
        self.age.setCurrentIndex(1)
        self.age.setToolTip(_("Keys 1, 2, 3 choose the age group."))
        self.gender.setToolTip(_("Keys f and m choose the gender."))
        self.village = QComboBox()
        self.role = QComboBox()
        for role in ParticipantRole:
            self.role.addItem(_(PARTICIPANT_ROLE_LABELS[role]), role.value)
        self.flags_button = QToolButton()
        self.flags_button.setText(_("Groups"))
        self.flags_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.flags_button)
        self.flag_actions: dict[str, QAction] = {}
        for flag, text in VULNERABLE_FLAGS.items():
            action = menu.addAction(_(text))
            action.setCheckable(True)
            action.toggled.connect(self._show_flags)
            self.flag_actions[flag] = action
        self.flags_button.setMenu(menu)
        self.add_button = QPushButton(_("Add"))
        self.add_button.clicked.connect(self.add_person)
        self.remove_button = QPushButton(_("Remove..."))
        self.remove_button.clicked.connect(self.remove_person)
        entry.addWidget(self.name, 3)
        for widget in (self.gender, self.age, self.village, self.role, self.flags_button):
            if isinstance(widget, QComboBox):
                compact(widget)
            entry.addWidget(widget)
            widget.installEventFilter(self)  # Enter on any field adds the person
        entry.addWidget(self.add_button)
        entry.addWidget(self.remove_button)
        self.name.returnPressed.connect(self.add_person)
        entry_box.setVisible(writable)
        layout.addWidget(entry_box)
        self.message = message_label()
        layout.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.count = QLabel()
        left_layout.addWidget(self.count)
        self.model = PeopleModel()
        self.view = make_table(self.model, stretch=6, widths={1: 210})
        left_layout.addWidget(self.view, 3)
        self.tally = TallyBox(ctx, writable)
        self.tally.changed.connect(self.reload)
        left_layout.addWidget(self.tally, 2)
        split.addWidget(left)
        self.stats = StatsPanel()
        split.addWidget(self.stats)
        split.setSizes([820, 400])
        layout.addWidget(split, 1)

    def set_lookups(self, lookups: Lookups) -> None:
        self.lookups = lookups
        fill_combo(self.village, lookups.villages, _("(village not known)"))
        self.tally.set_lookups(lookups)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.add_person()
                return True
            # One key picks the gender or the age group at once (a combo's own search would
            # join keys typed quickly into one word and miss).
            key = event.text().lower()
            if watched is self.gender and key and key in FEMALE_KEYS | MALE_KEYS:
                female = key in FEMALE_KEYS
                self.gender.setCurrentIndex(self.gender.findData("f" if female else "m"))
                return True
            if watched is self.age and key in ("1", "2", "3"):
                self.age.setCurrentIndex(int(key) - 1)
                return True
        return super().eventFilter(watched, event)

    def _show_flags(self, *_args: Any) -> None:
        count = len(self.chosen_flags())
        self.flags_button.setText(_("Groups ({n})").format(n=count) if count else _("Groups"))

    def chosen_flags(self) -> list[str]:
        return [flag for flag, action in self.flag_actions.items() if action.isChecked()]

    # -- loading --------------------------------------------------------------------------

    def load(self, hearing_id: uuid.UUID) -> None:
        self.hearing_id = hearing_id
        self.tally.hearing_id = hearing_id
        lookups = self.lookups
        self.ctx.tasks.run_read(lambda s: load_people(s, hearing_id, lookups), self.show_people)

    def reload(self) -> None:
        if self.hearing_id is not None:
            self.load(self.hearing_id)

    def show_people(self, data: PeopleData) -> None:
        if data.stats.stats.hearing_id != self.hearing_id:
            return  # an answer for a hearing no longer open
        self.model.set_rows(data.people)
        self.view.scrollToBottom()
        self.count.setText(_("{n} named participants").format(n=len(data.people)))
        self.tally.model.set_rows(data.tallies)
        self.stats.show_stats(data.stats)

    # -- writing --------------------------------------------------------------------------

    def add_person(self) -> None:
        from aimak_desktop.services.hearings import ParticipantInput, add_participants

        if self.hearing_id is None:
            return
        person = ParticipantInput(
            full_name=self.name.text(),
            gender=self.gender.currentData(),
            age_group=self.age.currentData(),
            village_id=self.village.currentData(),
            role=self.role.currentData(),
            flags=self.chosen_flags(),
        )
        actor, hearing_id = self.ctx.actor, self.hearing_id
        say(self.message, "")
        self.ctx.tasks.run_write(
            lambda s: add_participants(s, actor, hearing_id, [person]),
            self._added,
            self._failed,
            kinds=HEARING_KINDS,
        )
        # Ready for the next person at once; the saved row shows when the write is done.
        self.name.clear()
        for action in self.flag_actions.values():
            action.setChecked(False)
        self.name.setFocus()
        self._pending_name = person.full_name

    def _added(self, _ids: Any) -> None:
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        # Give the typed name back so nothing is lost.
        if not self.name.text():
            self.name.setText(getattr(self, "_pending_name", ""))
        failure_handler(self.ctx, self.message)(exc)

    def remove_person(self) -> None:
        from aimak_desktop.services.hearings import void_participant

        row = selected_row(self.view)
        if row is None:
            say(self.message, _("Select a participant first."))
            return
        reason, ok = QInputDialog.getText(
            self,
            _("Remove participant"),
            _("Why is {name} removed from the list?").format(name=row.full_name),
        )
        if not ok:
            return
        actor = self.ctx.actor
        self.ctx.tasks.run_write(
            lambda s: void_participant(s, actor, row.id, reason),
            lambda _r: self.reload(),
            failure_handler(self.ctx, self.message),
            kinds=HEARING_KINDS,
        )
