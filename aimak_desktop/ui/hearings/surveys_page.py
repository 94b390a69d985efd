"""The satisfaction surveys page: fast entry of paper forms, results, questions, scorecard PDF."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.models.feedback import QUESTION_KIND_LABELS, QuestionKind
from aimak_desktop.ui.common import (
    FEEDBACK_KINDS,
    HEARING_KINDS,
    SURVEY_KINDS,
    Lookups,
    RowsModel,
    can_write,
    failure_handler,
    fill_combo,
    find_data,
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
from aimak_desktop.ui.hearings.survey_dialogs import NewQuestionnaireDialog, QuestionDialog
from aimak_desktop.ui.hearings.survey_grid import EntryGrid, QuestionRow
from aimak_desktop.ui.hearings.survey_results import ResultsView, load_results


@dataclass(frozen=True)
class FormRow:
    id: uuid.UUID
    title: str
    service_id: uuid.UUID | None


def load_forms(session: Any) -> list[FormRow]:
    from aimak_desktop.services.surveys import questionnaires

    return [FormRow(q.id, q.title, q.service_id) for q in questionnaires(session)]


def load_questions(session: Any, questionnaire_id: uuid.UUID) -> list[QuestionRow]:
    from aimak_desktop.services.surveys import questions

    return [
        QuestionRow(q.id, n, q.text, q.kind)
        for n, q in enumerate(questions(session, questionnaire_id), start=1)
    ]


class QuestionsModel(RowsModel):
    HEADERS = (N_("No."), N_("Question"), N_("Answer"))
    NUMERIC = frozenset({0})

    def text(self, q: QuestionRow, column: int) -> str:
        if column == 0:
            return str(q.position)
        if column == 1:
            return q.text
        try:
            return _(QUESTION_KIND_LABELS[QuestionKind(q.kind)])
        except ValueError:
            return q.kind


class SurveysPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.writable = can_write(ctx.actor)
        self.lookups = Lookups()
        self.questionnaire_id: uuid.UUID | None = None
        self.dialog: Any = None
        #: Hands the finished scorecard to the system viewer (replaced in tests).
        self.opener = open_file
        self.last_scorecard: Path | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Questionnaire")))
        self.form_combo = QComboBox()
        self.form_combo.setMinimumWidth(320)
        self.form_combo.currentIndexChanged.connect(self._form_chosen)
        top.addWidget(self.form_combo)
        self.service_label = QLabel()
        top.addWidget(self.service_label)
        self.new_form_button = QPushButton(_("New questionnaire..."))
        self.new_form_button.clicked.connect(self.new_questionnaire)
        self.new_form_button.setVisible(self.writable)
        top.addWidget(self.new_form_button)
        top.addStretch(1)
        self.lang = lang_combo()
        self.scorecard_button = QPushButton(_("Scorecard PDF"))
        self.scorecard_button.clicked.connect(self.make_scorecard)
        top.addWidget(self.lang)
        top.addWidget(self.scorecard_button)
        layout.addLayout(top)
        self.message = message_label()
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        self.entry = self._build_entry()
        self.results = ResultsView()
        self.questions_tab = self._build_questions()
        if self.writable:
            self.tabs.addTab(self.entry, _("Enter forms"))
        self.tabs.addTab(self.results, _("Results"))
        self.tabs.addTab(self.questions_tab, _("Questions"))
        layout.addWidget(self.tabs, 1)

    def _build_entry(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Date of the forms")))
        self.answered_on = QDateEdit(QDate.currentDate())
        self.answered_on.setCalendarPopup(True)
        self.answered_on.setDisplayFormat("dd.MM.yyyy")
        row.addWidget(self.answered_on)
        row.addStretch(1)
        self.typed = QLabel()
        row.addWidget(self.typed)
        self.save_button = QPushButton(_("Save forms"))
        self.save_button.clicked.connect(self.save_forms)
        self.clear_button = QPushButton(_("Clear"))
        self.clear_button.clicked.connect(self._clear_grid)
        row.addWidget(self.save_button)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        self.entry_message = message_label()
        layout.addWidget(self.entry_message)
        self.grid = EntryGrid()
        self.grid.problem.connect(lambda text: say(self.entry_message, text))
        self.grid.edited.connect(self._count_typed)
        layout.addWidget(self.grid, 1)
        return box

    def _build_questions(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.add_question_button = QPushButton(_("Add question..."))
        self.add_question_button.clicked.connect(self.add_question)
        self.edit_question_button = QPushButton(_("Reword question..."))
        self.edit_question_button.clicked.connect(self.edit_question)
        self.remove_question_button = QPushButton(_("Remove question"))
        self.remove_question_button.clicked.connect(self.remove_question)
        for button in (
            self.add_question_button, self.edit_question_button, self.remove_question_button,
        ):  # fmt: skip
            button.setVisible(self.writable)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.questions_model = QuestionsModel()
        self.questions_view = make_table(self.questions_model, stretch=1)
        layout.addWidget(self.questions_view, 1)
        return box

    # -- loading --------------------------------------------------------------------------

    def on_shown(self) -> None:
        self.ctx.tasks.run_read(load_lookups, self._show_lookups)

    def on_changed(self, kinds: Any) -> None:
        if "surveys" in kinds:
            self.refresh_forms()
        if set(kinds) - HEARING_KINDS - FEEDBACK_KINDS - SURVEY_KINDS:
            self.on_shown()

    def _show_lookups(self, lookups: Lookups) -> None:
        self.lookups = lookups
        self.grid.set_villages(lookups.villages)
        self.refresh_forms()

    def refresh_forms(self) -> None:
        self.ctx.tasks.run_read(load_forms, self._show_forms)

    def _show_forms(self, forms: list[FormRow]) -> None:
        self.forms = forms
        fill_combo(self.form_combo, [(f.id, f.title) for f in forms])
        self._form_chosen()

    def _form_chosen(self, *_args: Any) -> None:
        form_id = self.form_combo.currentData()
        form = next((f for f in getattr(self, "forms", []) if f.id == form_id), None)
        self.service_label.setText(
            _("Service: {name}").format(name=self.lookups.service(form.service_id))
            if form and form.service_id
            else ""
        )
        self.scorecard_button.setEnabled(form_id is not None)
        self.add_question_button.setEnabled(form_id is not None)
        if form_id is None:
            self.questionnaire_id = None
            self.results.clear()
            self.questions_model.set_rows([])
            self.grid.set_questions([])
            return
        changed = form_id != self.questionnaire_id
        self.questionnaire_id = form_id
        self.ctx.tasks.run_read(
            lambda s: (form_id, load_questions(s, form_id)),
            lambda r: self._show_questions(r, reset=changed),
        )
        self.refresh_results()

    def _show_questions(self, result: tuple[uuid.UUID, list[QuestionRow]], reset: bool) -> None:
        form_id, questions = result
        if form_id != self.questionnaire_id:
            return
        self.questions_model.set_rows(questions)
        same = [(q.id, q.kind) for q in questions] == [(q.id, q.kind) for q in self.grid.questions]
        if reset or not same:
            self.grid.set_questions(questions)  # typed rows fit only the questions they were for
        self._show_legend()
        self._count_typed()

    def _show_legend(self) -> None:
        villages = ", ".join(
            f"{n} {name}" for n, (_id, name) in enumerate(self.lookups.villages, 1)
        )
        questions = "; ".join(f"{q.position}. {q.text}" for q in self.grid.questions)
        self.legend.setText(
            _(
                "Villages: {villages}. Gender: f or m. Scores: 1 to 5; yes/no: y or n. "
                "Space skips a question, Enter goes to the next form."
            ).format(villages=villages)
            + "\n"
            + questions
        )

    def refresh_results(self) -> None:
        form_id = self.questionnaire_id
        if form_id is None:
            return
        self.ctx.tasks.run_read(lambda s: load_results(s, form_id), self._show_results)

    def _show_results(self, results: Any) -> None:
        if results.questionnaire.id == self.questionnaire_id:
            self.results.show_results(results)

    def _count_typed(self) -> None:
        n = len(self.grid.forms())
        self.typed.setText(_("{n} forms typed").format(n=n))
        self.save_button.setEnabled(n > 0)

    def _clear_grid(self) -> None:
        self.grid.clear_forms()
        self._count_typed()
        self.grid.setFocus()

    # -- writing --------------------------------------------------------------------------

    def save_forms(self) -> None:
        from aimak_desktop.services.surveys import ResponseInput, record_responses

        if self.questionnaire_id is None:
            return
        day: dt.date = self.answered_on.date().toPython()
        forms = [
            ResponseInput(
                answers=f.answers, village_id=f.village_id, gender=f.gender, answered_on=day
            )
            for f in self.grid.forms()
        ]
        actor, form_id = self.ctx.actor, self.questionnaire_id
        say(self.entry_message, "")
        self.save_button.setEnabled(False)

        def saved(count: int) -> None:
            self.grid.clear_forms()
            self._count_typed()
            say(self.entry_message, _("{n} forms saved.").format(n=count), ok=True)
            self.grid.setFocus()
            self.refresh_results()

        def failed(exc: BaseException) -> None:
            self._count_typed()
            failure_handler(self.ctx, self.entry_message)(exc)

        self.ctx.tasks.run_write(
            lambda s: record_responses(s, actor, form_id, forms), saved, failed, kinds=SURVEY_KINDS
        )

    def new_questionnaire(self) -> NewQuestionnaireDialog:
        dialog = NewQuestionnaireDialog(self.ctx, self.lookups, self)
        dialog.accepted.connect(lambda: self._select_after_refresh(dialog.result_value))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _select_after_refresh(self, form_id: uuid.UUID) -> None:
        def show(forms: list[FormRow]) -> None:
            self._show_forms(forms)
            self.form_combo.setCurrentIndex(max(find_data(self.form_combo, form_id), 0))

        self.ctx.tasks.run_read(load_forms, show)

    def add_question(self) -> QuestionDialog | None:
        if self.questionnaire_id is None:
            return None
        return self._question_dialog(None)

    def edit_question(self) -> QuestionDialog | None:
        row = selected_row(self.questions_view)
        if row is None or self.questionnaire_id is None:
            say(self.message, _("Select a question first."))
            return None
        return self._question_dialog(row)

    def _question_dialog(self, row: QuestionRow | None) -> QuestionDialog:
        assert self.questionnaire_id is not None
        say(self.message, "")
        dialog = QuestionDialog(self.ctx, self.questionnaire_id, row, self)
        dialog.accepted.connect(self._form_chosen)
        self.dialog = dialog
        dialog.open()
        return dialog

    def remove_question(self) -> None:
        from aimak_desktop.services.surveys import archive_question

        row = selected_row(self.questions_view)
        if row is None:
            say(self.message, _("Select a question first."))
            return
        actor = self.ctx.actor
        self.ctx.tasks.run_write(
            lambda s: archive_question(s, actor, row.id),
            lambda _r: self._form_chosen(),
            failure_handler(self.ctx, self.message),
            kinds=SURVEY_KINDS,
        )

    def make_scorecard(self) -> None:
        from aimak_desktop.reports.survey_scorecard import render_scorecard

        form_id = self.questionnaire_id
        if form_id is None:
            return
        lang = self.lang.currentData()

        def render(session: Any, out: Path) -> Path:
            return render_scorecard(session, form_id, out, lang)

        def written(path: Path) -> None:
            self.last_scorecard = path

        name = f"scorecard-{form_id.hex[:8]}-{lang}.pdf"
        write_document(self.ctx, render, name, self.message, self.opener, written)
