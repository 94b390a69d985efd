"""Dialogs of the surveys page: a new questionnaire, and a question added or reworded."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.models.feedback import QUESTION_KIND_LABELS, QuestionKind
from aimak_desktop.ui.common import (
    SURVEY_KINDS,
    Lookups,
    failure_handler,
    fill_combo,
    message_label,
    say,
)
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.hearings.survey_grid import QuestionRow


def _kind_combo() -> QComboBox:
    combo = QComboBox()
    for kind in QuestionKind:
        combo.addItem(_(QUESTION_KIND_LABELS[kind]), kind.value)
    return combo


class _Dialog(QDialog):
    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.box = QVBoxLayout(self)
        self.form = QFormLayout()
        self.box.addLayout(self.form)
        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(520)

    def _finish(self) -> None:
        self.box.addWidget(self.message)
        self.box.addWidget(self.buttons)

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _run(self, fn: Any) -> None:
        say(self.message, "")
        self.buttons.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            failure_handler(self.ctx, self.message)(exc)

        def saved(value: Any) -> None:
            self.buttons.setEnabled(True)
            self.result_value = value
            self.accept()

        self.ctx.tasks.run_write(fn, saved, failed, kinds=SURVEY_KINDS)


class NewQuestionnaireDialog(_Dialog):
    """A questionnaire needs a title and its first question; more are added afterwards."""

    def __init__(self, ctx: AppContext, lookups: Lookups, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("New questionnaire"), parent)
        self.title = QLineEdit()
        self.service = QComboBox()
        fill_combo(self.service, lookups.services, _("(no service)"))
        self.question = QLineEdit()
        self.question.setPlaceholderText(_("e.g. How do you rate the water quality?"))
        self.kind = _kind_combo()
        self.form.addRow(_("Title"), self.title)
        self.form.addRow(_("Service"), self.service)
        self.form.addRow(_("First question"), self.question)
        self.form.addRow(_("Answer"), self.kind)
        self._finish()

    def save(self) -> None:
        from aimak_desktop.services.surveys import create_questionnaire

        actor, title, service = self.ctx.actor, self.title.text(), self.service.currentData()
        questions = [(self.question.text(), self.kind.currentData())]
        self._run(lambda s: create_questionnaire(s, actor, title, questions, service).id)


class QuestionDialog(_Dialog):
    """Add a question to a questionnaire, or reword one (`question` given)."""

    def __init__(
        self,
        ctx: AppContext,
        questionnaire_id: uuid.UUID,
        question: QuestionRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Question {n}").format(n=question.position) if question else _("New question")
        super().__init__(ctx, title, parent)
        self.questionnaire_id = questionnaire_id
        self.question = question
        self.text = QLineEdit(question.text if question else "")
        self.kind = _kind_combo()
        if question is not None:
            self.kind.setCurrentIndex(max(self.kind.findData(question.kind), 0))
        self.form.addRow(_("Question"), self.text)
        self.form.addRow(_("Answer"), self.kind)
        self._finish()

    def save(self) -> None:
        from aimak_desktop.services.surveys import add_question, edit_question

        actor, text, kind = self.ctx.actor, self.text.text(), self.kind.currentData()
        if self.question is None:
            form_id = self.questionnaire_id
            self._run(lambda s: add_question(s, actor, form_id, text, kind).id)
        else:
            question_id = self.question.id
            self._run(lambda s: edit_question(s, actor, question_id, text, kind).id)
