"""The tariff calculator page (issue 7): inputs, live results, charts, scenarios and the council.

The method is pure arithmetic (services.tariff_method), so results are recalculated on the GUI
thread ~150 ms after the last keystroke. Reading studies, saving scenarios, proposing a tariff and
writing the justification PDF go through the background runner.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import AimakError, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.services.tariff_method import TARIFF_UNIT_LABELS, TariffResult, calculate
from aimak_desktop.services.tariff_studies import PROPOSE_ROLES, STUDY_ROLES, Comparison
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.tariff.charts import AffordabilityBars, CostPie, ScenarioBars
from aimak_desktop.ui.tariff.dialogs import (
    PdfDialog,
    ProposeDialog,
    SaveScenarioDialog,
    ScenarioInfo,
)
from aimak_desktop.ui.tariff.inputs_form import ERROR_STYLE, InputsForm
from aimak_desktop.ui.tariff.results_view import ComparisonTable, ResultsView

DEBOUNCE_MS = 150
#: Writes of other pages (or this one) after which the studies and scenarios are read again.
WATCHED_KINDS = frozenset({"tariff_studies", "tariffs", "services", "households"})


@dataclass
class StudyInfo:
    id: uuid.UUID
    name: str
    inputs: dict[str, Any]


@dataclass
class ServiceInfo:
    id: uuid.UUID
    name: str
    #: Inputs of a new study: the service's unit, persons and households from the register.
    defaults: dict[str, Any]
    studies: list[StudyInfo] = field(default_factory=list)


def load_services(session: Any) -> list[ServiceInfo]:
    """Active services with their saved studies and the office's figures for a new study."""
    from aimak_desktop.services import catalog
    from aimak_desktop.services import tariff_studies as ts

    today = dt.date.today()
    out = []
    for service in catalog.list_services(session):
        counts = ts.defaults_from_office(session, service.id)
        unit = service.billing_unit if service.billing_unit in ("m3", "person") else "household"
        defaults: dict[str, Any] = {
            "service": service.name_ky,
            "unit": unit,
            "costs": {},
            "persons": counts.persons or None,
            "households": counts.households or None,
            "renewal_reserve_pct": 10,
            "losses_pct": 0,
            "affordability_threshold_pct": 3,
            "phase_years": 3,
        }
        if counts.collection_rate_pct is not None:
            defaults["collection_rate_pct"] = counts.collection_rate_pct
        if counts.households:
            defaults["persons_per_household"] = (
                Decimal(counts.persons) / counts.households
            ).quantize(Decimal("0.1"))
        tariff = catalog.current_tariff(session, service.id, "all", today)
        if tariff is not None:
            defaults["current_tariff"] = Decimal(tariff.amount) / 100
        studies = [
            StudyInfo(s.id, s.name, ts.loads(s.inputs))
            for s in ts.list_studies(session, service.id)
        ]
        out.append(ServiceInfo(service.id, service.name_ky, defaults, studies))
    return out


def load_scenarios(session: Any, study_id: uuid.UUID) -> tuple[Comparison, list[ScenarioInfo]]:
    from aimak_desktop.services import tariff_studies as ts

    scenarios = [
        ScenarioInfo(s.id, s.name, s.kind, Decimal(ts.loads(s.results)["tariff"]))
        for s in ts.scenarios_of(session, study_id)
    ]
    return ts.compare_scenarios(session, study_id), scenarios


def write_pdf(
    session: Any,
    path: Path,
    result: TariffResult,
    lang: str,
    study_id: uuid.UUID | None,
    title: str,
) -> Path:
    """The justification PDF of the figures on screen, with the study's saved scenarios."""
    from aimak_desktop.reports.tariff_pdf import write_tariff_pdf
    from aimak_desktop.services.office import get_office
    from aimak_desktop.services.tariff_studies import compare_scenarios

    comparison = compare_scenarios(session, study_id) if study_id is not None else None
    if comparison is not None and not comparison.columns:
        comparison = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AimakError(
            _("Cannot create the folder {path}: {reason}").format(
                path=path.parent, reason=exc.strerror or exc
            )
        ) from exc
    return write_tariff_pdf(
        path, result, lang=lang, office=get_office(session), comparison=comparison, title=title
    )


class TariffCalcPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.services: list[ServiceInfo] = []
        self.result: TariffResult | None = None
        self.scenarios: list[ScenarioInfo] = []
        self.dialog: Any = None
        self.problem = ""  # the message of the input that stops the calculation, if any
        self.last_pdf: Path | None = None
        #: Open a written PDF in the system viewer (tests switch it off).
        self.open_documents = True
        self._form_key: tuple[Any, Any] | None = None  # (service, study) the form shows
        self._request = 0
        self.can_save = ctx.actor.role in STUDY_ROLES
        self.can_propose = ctx.actor.role in PROPOSE_ROLES
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.recalculate)
        self.form.edited.connect(self._timer.start)
        for keys, slot in (
            (QKeySequence.StandardKey.Save, self.save_scenario),
            (QKeySequence.StandardKey.Print, self.make_pdf),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_buttons()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        self.service = QComboBox()
        self.study = QComboBox()
        # Long names must not widen the page past the window; the open list shows them whole.
        for combo, chars in ((self.service, 12), (self.study, 20)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(chars)
        service_label, study_label = QLabel(_("Service")), QLabel(_("Study"))
        service_label.setBuddy(self.service)
        study_label.setBuddy(self.study)
        self.save_button = QPushButton(_("Save scenario..."))
        self.pdf_button = QPushButton(_("Justification PDF..."))
        self.propose_button = QPushButton(_("Propose as new tariff..."))
        self.save_button.setToolTip(_("Save the inputs on screen as a scenario (Ctrl+S)"))
        self.pdf_button.setToolTip(_("The document the council reads (Ctrl+P)"))
        for widget in (service_label, self.service, study_label, self.study):
            bar.addWidget(widget)
        bar.addStretch(1)
        for button in (self.save_button, self.pdf_button, self.propose_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)

        self.form = InputsForm()
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The form never gets narrower than its fields (there is no horizontal scroll bar).
        scroll.setMinimumWidth(
            self.form.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 6
        )
        self.results = ResultsView()
        self.cost_chart = CostPie()
        self.affordability_chart = AffordabilityBars()
        charts = QWidget()
        charts_layout = QHBoxLayout(charts)
        charts_layout.addWidget(self.cost_chart, 1)
        charts_layout.addWidget(self.affordability_chart, 1)
        self.comparison = ComparisonTable()
        self.scenario_chart = ScenarioBars()
        scenarios = QWidget()
        scenarios_layout = QVBoxLayout(scenarios)
        self.comparison_note = QLabel(_("Save a scenario to compare it here (Ctrl+S)."))
        self.comparison_note.setWordWrap(True)
        scenarios_layout.addWidget(self.comparison_note)
        scenarios_layout.addWidget(self.comparison, 1)
        scenarios_layout.addWidget(self.scenario_chart, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.results, _("Calculation"))
        self.tabs.addTab(charts, _("Charts"))
        self.tabs.addTab(scenarios, _("Scenarios"))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([scroll.minimumWidth(), 2000])
        layout.addWidget(splitter, 1)

        self.service.currentIndexChanged.connect(self._service_changed)
        self.study.currentIndexChanged.connect(self._study_changed)
        self.save_button.clicked.connect(self.save_scenario)
        self.pdf_button.clicked.connect(self.make_pdf)
        self.propose_button.clicked.connect(self.propose)

    def _update_buttons(self) -> None:
        has_service = self.current_service() is not None
        self.save_button.setEnabled(self.can_save and has_service)
        self.propose_button.setEnabled(self.can_propose and self.current_study_id() is not None)
        self.pdf_button.setEnabled(self.result is not None)
        if not self.can_save:
            self.save_button.setToolTip(_("Your role can look and print, not save."))
        if not self.can_propose:
            self.propose_button.setToolTip(
                _("Only the head of office or an administrator proposes tariffs.")
            )
        elif self.current_study_id() is None:
            self.propose_button.setToolTip(_("Save the study first (Save scenario)."))
        else:
            self.propose_button.setToolTip("")

    # -- loading --------------------------------------------------------------------------

    def on_shown(self) -> None:
        self.reload()

    def on_changed(self, kinds: Any) -> None:
        if WATCHED_KINDS & set(kinds):
            self.reload()

    def reload(self, select_study: uuid.UUID | None = None) -> None:
        self._request += 1
        request = self._request
        self.ctx.tasks.run_read(
            load_services, lambda services: self._show_services(request, services, select_study)
        )

    def current_service(self) -> ServiceInfo | None:
        index = self.service.currentIndex()
        return self.services[index] if 0 <= index < len(self.services) else None

    def current_study(self) -> StudyInfo | None:
        service = self.current_service()
        index = self.study.currentIndex()
        if service is None or not 0 <= index < len(service.studies):
            return None  # the last item is "New study"
        return service.studies[index]

    def current_study_id(self) -> uuid.UUID | None:
        study = self.current_study()
        return study.id if study else None

    def _show_services(
        self, request: int, services: list[ServiceInfo], select_study: uuid.UUID | None
    ) -> None:
        if request != self._request:
            return
        old = self.current_service()
        old_study = select_study or self.current_study_id()
        self.services = services
        self.service.blockSignals(True)
        self.service.clear()
        for s in services:
            self.service.addItem(s.name, s.id)
        index = next((i for i, s in enumerate(services) if old and s.id == old.id), -1)
        if index < 0:  # first time: the first service with a saved study
            index = next((i for i, s in enumerate(services) if s.studies), 0)
        self.service.setCurrentIndex(index if services else -1)
        self.service.blockSignals(False)
        if not services:
            self.status.setText(_("Add a service in Services and tariffs first."))
            self.status.show()
        self._fill_studies(old_study)

    def _service_changed(self, *_args: Any) -> None:
        self._fill_studies(None)

    def _fill_studies(self, select: uuid.UUID | None) -> None:
        service = self.current_service()
        self.study.blockSignals(True)
        self.study.clear()
        if service is not None:
            for s in service.studies:
                self.study.addItem(s.name, s.id)
            self.study.addItem(_("New study (figures of the office)"), None)
            # By position: Qt cannot compare UUID objects stored as item data.
            index = next((i for i, s in enumerate(service.studies) if s.id == select), 0)
            self.study.setCurrentIndex(index)
        self.study.blockSignals(False)
        self._study_changed()

    def _study_changed(self, *_args: Any) -> None:
        service, study = self.current_service(), self.current_study()
        key = (service.id if service else None, study.id if study else None)
        if key != self._form_key:
            # A reload after a save keeps what the user typed; another study replaces it.
            self._form_key = key
            if service is not None:
                self.form.set_values(study.inputs if study else service.defaults)
            self.recalculate()
        self._update_buttons()
        self.load_comparison()

    def load_comparison(self) -> None:
        study_id = self.current_study_id()
        if study_id is None:
            self._show_comparison(None, Comparison([], []), [])
            return
        self.ctx.tasks.run_read(
            lambda session: load_scenarios(session, study_id),
            lambda data: self._show_comparison(study_id, *data),
        )

    def _show_comparison(
        self, study_id: uuid.UUID | None, comparison: Comparison, scenarios: list[ScenarioInfo]
    ) -> None:
        if study_id != self.current_study_id():
            return  # the user moved on to another study meanwhile
        self.scenarios = scenarios
        self.comparison.show_comparison(comparison)
        self.comparison_note.setVisible(not scenarios)
        self._show_scenario_chart()

    def _show_scenario_chart(self) -> None:
        names = [s.name for s in self.scenarios]
        tariffs = [s.tariff for s in self.scenarios]
        if self.result is not None:
            names.append(_("On screen (full cost)"))
            tariffs.append(self.result.population_tariff)
        self.scenario_chart.update_scenarios(names, tariffs)

    # -- live results ---------------------------------------------------------------------

    def recalculate(self) -> None:
        """Run the method on the inputs on screen; a bad input is marked where it was typed."""
        from aimak_desktop.services.tariff_inputs import parse_inputs

        self._timer.stop()
        if self.current_service() is None:
            return
        try:
            result = calculate(parse_inputs(self.form.values()))
        except ValidationError as exc:
            self.form.show_error(exc.field, exc.message)
            self.results.show_problem()
            self.pdf_button.setEnabled(False)
            self.problem = exc.message
            return
        self.problem = ""
        self.form.clear_errors()
        self.result = result
        self.results.show_result(result)
        self.cost_chart.update_result(result)
        self.affordability_chart.update_result(result)
        self._show_scenario_chart()
        self._update_buttons()

    def flush(self) -> None:
        """Apply typing now instead of after the debounce (before saving or printing)."""
        if self._timer.isActive():
            self.recalculate()

    # -- actions --------------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)
        self.status.show()

    def save_scenario(self) -> SaveScenarioDialog | None:
        service = self.current_service()
        if not self.save_button.isEnabled() or service is None:
            return None
        self.flush()
        study = self.current_study()
        self.dialog = SaveScenarioDialog(
            self.ctx,
            service_id=service.id,
            study_id=study.id if study else None,
            saved_inputs=study.inputs if study else None,
            inputs=self.form.values(),
            study_name=_("{service} tariff {year}").format(
                service=service.name, year=dt.date.today().year
            ),
            on_saved=self._saved,
            parent=self,
        )
        self.dialog.open()
        return self.dialog

    def _saved(self, study_id: uuid.UUID) -> None:
        service = self.current_service()
        # The new study was made from the inputs on screen: keep them, just select the study.
        self._form_key = (service.id if service else None, study_id)
        self._say(_("Scenario saved."))
        self.reload(select_study=study_id)

    def make_pdf(self) -> PdfDialog | None:
        self.flush()
        if self.result is None or self.problem:
            self._say(_("Fix the marked input before making the PDF."), error=True)
            return None
        study = self.current_study()
        name = study.name if study else self.result.inputs.service
        self.dialog = PdfDialog(self.ctx, name, self.write_pdf, self)
        self.dialog.open()
        return self.dialog

    def write_pdf(self, lang: str, path: Path) -> None:
        """Write the justification PDF in the background and open it when done."""
        result, study = self.result, self.current_study()
        if result is None:
            return
        study_id, title = (study.id, study.name) if study else (None, "")
        self._say(_("Writing the PDF..."))
        self.ctx.tasks.run_read(
            lambda session: write_pdf(session, path, result, lang, study_id, title),
            self._pdf_written,
            self._pdf_failed,
        )

    def _pdf_written(self, path: Path) -> None:
        self.last_pdf = path
        self._say(_("PDF saved: {path}").format(path=path))
        if self.open_documents:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _pdf_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AimakError):
            self._say(exc.message, error=True)
        elif self.ctx.show_error is not None:
            self.ctx.show_error(exc)
        else:
            raise exc

    def propose(self) -> ProposeDialog | None:
        study_id = self.current_study_id()
        if not self.propose_button.isEnabled() or study_id is None or self.result is None:
            return None
        self.dialog = ProposeDialog(
            self.ctx,
            study_id=study_id,
            scenarios=self.scenarios,
            unit=_(TARIFF_UNIT_LABELS[self.result.inputs.unit]),
            on_done=self._proposed,
            parent=self,
        )
        self.dialog.open()
        return self.dialog

    def _proposed(self, count: int) -> None:
        self._say(
            _("The register has the new tariff ({n} versions added).").format(n=count)
            if count > 1
            else _("The register has the new tariff.")
        )
