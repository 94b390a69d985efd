"""Dialogs of the tariff page: save a scenario, the justification PDF, propose as a new tariff.

Writes go through the write worker; a mistake (a missing toktom number, a date before the decision)
stays in the dialog with the service's message.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import N_, _
from aimak_desktop.models.tariff_study import SCENARIO_KIND_LABELS, ScenarioKind
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.tariff.inputs_form import ERROR_STYLE, number_edit
from aimak_desktop.ui.tariff.results_view import money

STUDY_KINDS = frozenset({"tariff_studies"})
TARIFF_KINDS = frozenset({"tariffs"})
DOC_LANGUAGES = {"ky": N_("Kyrgyz"), "ru": N_("Russian"), "both": N_("Kyrgyz and Russian")}


@dataclass(frozen=True)
class ScenarioInfo:
    id: uuid.UUID
    name: str
    kind: str
    tariff: Decimal


class _Dialog(QDialog):
    """A form, an inline message and OK/Cancel; subclasses fill `form` and define `save`."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.layout_.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def save(self) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _done(self, _result: Any) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, AimakError):
            self.show_message(exc.message)
        elif self.ctx.show_error is not None:
            self.ctx.show_error(exc)
        else:
            raise exc


class SaveScenarioDialog(_Dialog):
    """Save the inputs on screen as a scenario (a new study first when none is saved yet)."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        service_id: uuid.UUID,
        study_id: uuid.UUID | None,
        saved_inputs: dict[str, Any] | None,
        inputs: dict[str, Any],
        study_name: str = "",
        on_saved: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("Save scenario"), parent)
        self.service_id, self.study_id = service_id, study_id
        self.saved_inputs, self.inputs = saved_inputs, inputs
        self.on_saved = on_saved
        self.study_name = QLineEdit(study_name)
        if study_id is None:
            self.form.addRow(_("New study name"), self.study_name)
        self.kind = QComboBox()
        for kind in ScenarioKind:
            self.kind.addItem(_(SCENARIO_KIND_LABELS[kind]), kind.value)
        self.kind.setCurrentIndex(self.kind.findData(ScenarioKind.CUSTOM.value))
        self.name = QLineEdit()
        self.tariff = number_edit()
        self.tariff.setPlaceholderText(_("empty: the full-cost tariff"))
        self.form.addRow(_("Kind"), self.kind)
        self.form.addRow(_("Scenario name"), self.name)
        self.form.addRow(_("Tariff to test"), self.tariff)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self, *_args: Any) -> None:
        custom = self.kind.currentData() == ScenarioKind.CUSTOM.value
        self.tariff.setEnabled(custom)
        self.name.setPlaceholderText(self.kind.currentText())

    def overrides(self) -> dict[str, Any]:
        """The inputs on screen that differ from the saved study's (what the scenario changes).

        Raises:
            ValidationError: the inputs on screen are not valid.
        """
        from aimak_desktop.services.tariff_inputs import parse_inputs

        current = parse_inputs(self.inputs).to_dict()
        saved = self.saved_inputs or {}
        out: dict[str, Any] = {k: v for k, v in current.items() if saved.get(k) != v}
        # A key the screen no longer uses (volume after switching to per person) is cleared.
        out.update({k: None for k in saved if k not in current})
        if self.kind.currentData() == ScenarioKind.CUSTOM.value and self.tariff.text().strip():
            out["tariff"] = self.tariff.text().strip()
        return out

    def save(self) -> None:
        from aimak_desktop.services import tariff_studies as ts

        kind = str(self.kind.currentData())
        name = self.name.text().strip() or self.kind.currentText()
        actor = self.ctx.actor
        try:
            overrides = self.overrides()
        except AimakError as exc:
            self.show_message(exc.message)
            return
        study_id, service_id, inputs = self.study_id, self.service_id, self.inputs
        study_name = self.study_name.text()

        def write(session: Any) -> uuid.UUID:
            if study_id is not None:
                ts.add_scenario(session, actor, study_id, kind, name, overrides)
                return study_id
            study = ts.create_study(session, actor, service_id, study_name, inputs)
            # The new study already holds the current, full-cost and phased scenarios; only a
            # tariff to test makes a fourth one.
            if "tariff" in overrides:
                ts.add_scenario(
                    session, actor, study.id, kind, name, {"tariff": overrides["tariff"]}
                )
            return study.id

        self.buttons.setEnabled(False)
        self.ctx.tasks.run_write(write, self._saved, self._failed, kinds=STUDY_KINDS)

    def _saved(self, study_id: uuid.UUID) -> None:
        self._done(study_id)
        if self.on_saved is not None:
            self.on_saved(study_id)


def default_pdf_path(name: str) -> Path:
    """Documents/Aimak/<name>.pdf (the name made safe for a Windows file name)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    safe = re.sub(r'[<>:"/\\|?*\s]+', "-", name).strip("-.") or "tariff"
    return Path(folder or Path.home()) / "Aimak" / f"{safe[:80]}.pdf"


class PdfDialog(_Dialog):
    """Language and file of the justification PDF; the page writes it in the background."""

    def __init__(self, ctx: AppContext, name: str, on_accept: Any, parent: QWidget | None) -> None:
        super().__init__(ctx, _("Justification PDF"), parent)
        self.on_accept = on_accept
        self.language = QComboBox()
        for code, label in DOC_LANGUAGES.items():
            self.language.addItem(_(label), code)
        self.path = QLineEdit(str(default_pdf_path(name)))
        browse = QPushButton(_("Browse..."))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.form.addRow(_("Language"), self.language)
        self.form.addRow(_("File"), row)
        self.setMinimumWidth(560)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the PDF as"), self.path.text(), _("PDF files (*.pdf)")
        )
        if chosen:
            self.path.setText(chosen)

    def save(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.show_message(_("Choose where to save the PDF."))
            return
        path = Path(text)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        self.accept()
        self.on_accept(str(self.language.currentData()), path)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def first_of_next_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


class ProposeDialog(_Dialog):
    """After the council approved it: the toktom and the start date of the new tariff."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        study_id: uuid.UUID,
        scenarios: list[ScenarioInfo],
        unit: str,
        on_done: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("Propose as new tariff"), parent)
        self.study_id = study_id
        self.on_done_ = on_done
        intro = QLabel(
            _(
                "After the council (aiyl kenesh) approved the tariff, enter its decision. "
                "The register gets a new tariff version from the chosen date."
            )
        )
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)
        self.scenario = QComboBox()
        self.scenario.addItem(_("Full cost (the study's calculation)"), None)
        for s in scenarios:
            self.scenario.addItem(f"{s.name}: {money(s.tariff)} {unit}", s.id)
        today = dt.date.today()
        self.toktom_no = QLineEdit()
        self.toktom_no.setPlaceholderText("23/4")
        self.toktom_date = QDateEdit(_qdate(today))
        self.valid_from = QDateEdit(_qdate(first_of_next_month(today)))
        for edit in (self.toktom_date, self.valid_from):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
        self.form.addRow(_("Tariff"), self.scenario)
        self.form.addRow(_("Toktom number"), self.toktom_no)
        self.form.addRow(_("Toktom date"), self.toktom_date)
        self.form.addRow(_("Valid from"), self.valid_from)

    def save(self) -> None:
        from aimak_desktop.services.tariff_studies import propose_tariff

        actor, study_id = self.ctx.actor, self.study_id
        scenario_id = self.scenario.currentData()
        toktom = self.toktom_no.text()
        toktom_date = self.toktom_date.date().toPython()
        valid_from = self.valid_from.date().toPython()

        def write(session: Any) -> int:
            return len(
                propose_tariff(
                    session, actor, study_id, toktom, toktom_date, valid_from, scenario_id
                )
            )

        self.buttons.setEnabled(False)
        self.ctx.tasks.run_write(write, self._proposed, self._failed, kinds=TARIFF_KINDS)

    def _proposed(self, count: int) -> None:
        self._done(count)
        if self.on_done_ is not None:
            self.on_done_(count)
