"""Fast keyboard entry of paper questionnaires: one row per form, one key per answer.

Typing moves on by itself: a village number, a gender letter, then one digit (score 1-5) or one
letter (yes/no) per question; Enter goes to the next form. Space leaves a cell empty (not answered),
Backspace clears it, arrows and Tab move freely. Nothing is saved until "Save forms".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from aimak_desktop.i18n import _
from aimak_desktop.models.feedback import QuestionKind
from aimak_desktop.models.register import Gender

VALUE_ROLE = Qt.ItemDataRole.UserRole
VILLAGE, GENDER, FIRST_ANSWER = 0, 1, 2
START_ROWS = 15

#: Keys for gender: Latin, Kyrgyz (аял / эркек) and Russian (женщина / мужчина) first letters.
FEMALE_KEYS = frozenset("fаж")
MALE_KEYS = frozenset("mэм")
#: Keys for yes/no: y/1, ооба, да; n/0, жок, нет.
YES_KEYS = frozenset("y1од")
NO_KEYS = frozenset("n0жн")


@dataclass(frozen=True)
class QuestionRow:
    id: uuid.UUID
    position: int
    text: str
    kind: str


@dataclass
class FormEntry:
    """One typed form: answers in question order (None = not answered)."""

    village_id: uuid.UUID | None
    gender: str | None
    answers: list[int | None]


class EntryGrid(QTableWidget):
    #: A key that does not fit the column, with a message saying what fits.
    problem = Signal(str)
    #: Any cell was filled or cleared.
    edited = Signal()

    def __init__(self) -> None:
        super().__init__(START_ROWS, FIRST_ANSWER)
        self.questions: list[QuestionRow] = []
        self.villages: list[tuple[uuid.UUID, str]] = []
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setDefaultSectionSize(44)
        self.verticalHeader().setDefaultSectionSize(24)
        self._typed = ""  # digits typed so far in a village cell (more than 9 villages)
        self.set_questions([])

    # -- set-up -----------------------------------------------------------------------------

    def set_villages(self, villages: list[tuple[uuid.UUID, str]]) -> None:
        self.villages = list(villages)

    def set_questions(self, questions: list[QuestionRow]) -> None:
        self.questions = list(questions)
        self.clear()
        self.setColumnCount(FIRST_ANSWER + len(self.questions))
        self.setRowCount(START_ROWS)
        labels = [_("Village"), _("Gender")] + [str(q.position) for q in self.questions]
        self.setHorizontalHeaderLabels(labels)
        for column, q in enumerate(self.questions, start=FIRST_ANSWER):
            header = self.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(q.text)
        self.setColumnWidth(VILLAGE, 150)
        self.setColumnWidth(GENDER, 80)
        self.setCurrentCell(0, VILLAGE)

    # -- typing -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row, column = self.currentRow(), self.currentColumn()
        key = event.key()
        if row < 0 or column < 0:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._typed = ""
            if row + 1 >= self.rowCount():
                self.setRowCount(self.rowCount() + 5)
            self.setCurrentCell(row + 1, VILLAGE)
            return
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self._typed = ""
            self._set(row, column, "", None)
            return
        if key == Qt.Key.Key_Space:
            self._typed = ""
            self._next(row, column)
            return
        text = event.text().strip().lower()
        if len(text) != 1:
            self._typed = ""
            super().keyPressEvent(event)
            return
        self._type(row, column, text)

    def _type(self, row: int, column: int, char: str) -> None:
        if column == VILLAGE:
            self._type_village(row, char)
        elif column == GENDER:
            if char in FEMALE_KEYS:
                self._set(row, column, _("Female"), Gender.FEMALE.value)
            elif char in MALE_KEYS:
                self._set(row, column, _("Male"), Gender.MALE.value)
            else:
                self.problem.emit(_("Gender: type f for a woman, m for a man."))
                return
            self._next(row, column)
        else:
            question = self.questions[column - FIRST_ANSWER]
            if question.kind == QuestionKind.YES_NO:
                if char in YES_KEYS:
                    self._set(row, column, _("yes"), 1)
                elif char in NO_KEYS:
                    self._set(row, column, _("no"), 0)
                else:
                    self.problem.emit(_("Question {n}: type y (yes) or n (no).").format(
                        n=question.position
                    ))  # fmt: skip
                    return
            elif char in "12345":
                self._set(row, column, char, int(char))
            else:
                self.problem.emit(
                    _("Question {n}: type a score from 1 to 5.").format(n=question.position)
                )
                return
            self._next(row, column)

    def _type_village(self, row: int, char: str) -> None:
        if not char.isdigit():
            self.problem.emit(_("Village: type its number from the list above."))
            return
        typed = self._typed + char
        number = int(typed)
        if not 1 <= number <= len(self.villages):
            self._typed = ""
            self.problem.emit(
                _("Village: type a number from 1 to {n}.").format(n=len(self.villages))
            )
            return
        village_id, name = self.villages[number - 1]
        self._set(row, VILLAGE, f"{number} {name}", village_id)
        # With 10 or more villages a second digit may follow; Tab or Space moves on then.
        if number * 10 > len(self.villages):
            self._typed = ""
            self._next(row, VILLAGE)
        else:
            self._typed = typed

    def _set(self, row: int, column: int, text: str, value: Any) -> None:
        item = self.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setItem(row, column, item)
        item.setText(text)
        item.setData(VALUE_ROLE, value)
        self.edited.emit()

    def _next(self, row: int, column: int) -> None:
        if column + 1 < self.columnCount():
            self.setCurrentCell(row, column + 1)

    # -- reading ----------------------------------------------------------------------------

    def value(self, row: int, column: int) -> Any:
        item = self.item(row, column)
        return None if item is None else item.data(VALUE_ROLE)

    def forms(self) -> list[FormEntry]:
        """Rows with at least one answer, top to bottom."""
        result = []
        for row in range(self.rowCount()):
            answers = [self.value(row, c) for c in range(FIRST_ANSWER, self.columnCount())]
            if all(a is None for a in answers):
                continue
            result.append(FormEntry(self.value(row, VILLAGE), self.value(row, GENDER), answers))
        return result

    def clear_forms(self) -> None:
        self.set_questions(self.questions)
