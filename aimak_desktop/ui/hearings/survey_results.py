"""Results of a questionnaire: per question, by village and by gender."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from aimak_desktop.i18n import N_, _
from aimak_desktop.models.feedback import QUESTION_KIND_LABELS, QuestionKind
from aimak_desktop.models.register import GENDER_LABELS, Gender
from aimak_desktop.ui.common import RowsModel, make_table


def load_results(session: Any, questionnaire_id: uuid.UUID) -> Any:
    from aimak_desktop.services.surveys import survey_results

    return survey_results(session, questionnaire_id)


class QuestionResultsModel(RowsModel):
    HEADERS = (N_("No."), N_("Question"), N_("Answer"), N_("Answers"), N_("Result"))
    NUMERIC = frozenset({0, 3, 4})

    def text(self, q: Any, column: int) -> str:
        if column == 0:
            return str(q.position)
        if column == 1:
            return q.text
        if column == 2:
            return _(QUESTION_KIND_LABELS[QuestionKind(q.kind)])
        if column == 3:
            return str(q.answers)
        if q.kind == QuestionKind.YES_NO:
            return _("{value}% yes").format(value=q.value)
        return _("{value} of 5").format(value=q.value)


class GroupsModel(RowsModel):
    HEADERS = (N_("Group"), N_("Forms"), N_("Mean score"), N_("Yes"))
    NUMERIC = frozenset({1, 2, 3})

    def __init__(self, first: str) -> None:
        super().__init__()
        self.first = first

    def headerData(self, section: int, orientation: Any, role: int = 0) -> Any:
        value = super().headerData(section, orientation, role)
        return _(self.first) if section == 0 and value is not None else value

    def text(self, g: Any, column: int) -> str:
        if column == 0:
            if g.label in (Gender.FEMALE, Gender.MALE):
                return _(GENDER_LABELS[Gender(g.label)])
            return g.label or _("(not known)")
        if column == 1:
            return str(g.forms)
        if column == 2:
            return str(g.mean_score) if g.score_answers else ""
        return _("{value}%").format(value=g.pct_yes) if g.yes_no_answers else ""


class ResultsView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QGridLayout(self)
        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary, 0, 0, 1, 2)
        self.questions = QuestionResultsModel()
        layout.addWidget(make_table(self.questions, stretch=1), 1, 0, 1, 2)
        self.villages = GroupsModel(N_("Village"))
        self.genders = GroupsModel(N_("Gender"))
        layout.addWidget(QLabel(_("By village")), 2, 0)
        layout.addWidget(QLabel(_("By gender")), 2, 1)
        layout.addWidget(make_table(self.villages, stretch=0), 3, 0)
        layout.addWidget(make_table(self.genders, stretch=0), 3, 1)
        layout.setRowStretch(1, 3)
        layout.setRowStretch(3, 2)

    def show_results(self, results: Any) -> None:
        overall = results.overall
        parts = [_("{n} forms").format(n=results.forms)]
        if overall.score_answers:
            parts.append(_("mean score {value} of 5").format(value=overall.mean_score))
        if overall.yes_no_answers:
            parts.append(_("{value}% yes").format(value=overall.pct_yes))
        self.summary.setText(", ".join(parts))
        self.questions.set_rows(results.questions)
        self.villages.set_rows(results.by_village)
        self.genders.set_rows(results.by_gender)

    def clear(self) -> None:
        self.summary.clear()
        for model in (self.questions, self.villages, self.genders):
            model.set_rows([])
