"""Saved tariff studies: named scenarios per service, compared side by side, sent to the register.

A study keeps the validated inputs of the method; each scenario keeps overrides of those inputs
(plus an optional "tariff" to test) and its computed figures, so the page can list and compare
scenarios without recomputing. Every change goes through the write path.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import AimakError, NotFound, ValidationError
from aimak_desktop.i18n import N_, _
from aimak_desktop.models.base import utcnow
from aimak_desktop.models.core import Role
from aimak_desktop.models.register import Category, Household
from aimak_desktop.models.tariff_study import (
    SCENARIO_KIND_LABELS,
    ScenarioKind,
    TariffScenario,
    TariffStudy,
)
from aimak_desktop.services.auth import Actor, require_role
from aimak_desktop.services.tariff_inputs import parse_inputs, to_decimal
from aimak_desktop.services.tariff_method import (
    HUNDRED,
    TariffResult,
    calculate,
    money,
    percent,
    to_tyiyn,
)
from aimak_desktop.services.write_path import write

#: Roles that may save tariff studies (mentors stay read-only).
STUDY_ROLES = frozenset({Role.ADMIN, Role.HEAD, Role.ACCOUNTANT, Role.CLERK})
#: Roles that may turn an approved study into a tariff of the register.
PROPOSE_ROLES = frozenset({Role.ADMIN, Role.HEAD})
#: Tariff categories of the register for the study's categories ("all" = the population).
REGISTER_CATEGORY = {
    "population": "all",
    "budget_org": Category.BUDGET_ORG.value,
    "business": Category.BUSINESS.value,
}


def dumps(data: dict[str, Any]) -> str:
    """JSON text with Decimals as strings (exact, never a float)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def loads(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text or "{}", parse_float=Decimal)
    return data


# --- scenarios as pure calculations -------------------------------------------------------------


def scenario_results(
    study_inputs: dict[str, Any], kind: str, overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One scenario: the method on the study inputs with `overrides`, at the scenario's tariff.

    The tariff is the current tariff (current), the full-cost population tariff (full_cost), the
    first phasing year's tariff (phased) or overrides["tariff"] (custom; full cost if absent).
    Expected revenue = tariff × units paid for × Σ share × multiplier, so the coverage of every
    scenario is measured against the same required revenue.

    Raises:
        ValidationError: bad inputs or overrides (the field is named).
    """
    kind = _kind(kind)
    overrides = dict(overrides or {})
    raw_tariff = overrides.pop("tariff", None)
    result = calculate(parse_inputs({**study_inputs, **overrides}))
    if kind is ScenarioKind.CURRENT:
        tariff = result.inputs.current_tariff
    elif kind is ScenarioKind.PHASED:
        tariff = result.phases[0].tariff
    elif kind is ScenarioKind.CUSTOM and raw_tariff not in (None, ""):
        tariff = money(to_decimal(raw_tariff, "tariff"))
        if tariff < 0:
            raise ValidationError(_("The tariff to test cannot be negative."), field="tariff")
    else:
        tariff = result.population_tariff
    return _figures(result, kind, tariff)


def _figures(result: TariffResult, kind: ScenarioKind, tariff: Decimal) -> dict[str, Any]:
    weight = sum(
        (c.share_pct / HUNDRED * c.multiplier for c in result.inputs.categories), Decimal(0)
    ) or Decimal(1)
    expected = money(tariff * result.paid_units * weight)
    bill = money(tariff * result.household_units)
    share = percent(bill, result.inputs.household_income_month)
    figures: dict[str, Any] = {
        "kind": kind.value,
        "tariff": tariff,
        "full_cost_tariff": result.full_cost_tariff,
        "population_tariff": result.population_tariff,
        "required_revenue": result.required_revenue,
        "expected_revenue": expected,
        "balance": expected - result.required_revenue,
        "coverage_pct": percent(expected, result.required_revenue),
        "monthly_bill": bill,
        "affordability_pct": share,
        "affordable": share <= result.inputs.affordability_threshold_pct,
    }
    if kind is ScenarioKind.PHASED:
        figures["phases"] = [
            {"year": p.year, "tariff": p.tariff, "coverage_pct": p.coverage_pct}
            for p in result.phases
        ]
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in figures.items()}


def standard_scenarios(study_inputs: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, name, results) of the current, full-cost and phased scenarios."""
    return [
        (kind.value, _(SCENARIO_KIND_LABELS[kind]), scenario_results(study_inputs, kind))
        for kind in (ScenarioKind.CURRENT, ScenarioKind.FULL_COST, ScenarioKind.PHASED)
    ]


@dataclass(frozen=True)
class ComparisonRow:
    label: str  # English source string: translate where shown
    kind: str  # money, tariff, pct, yesno
    values: list[Any]


@dataclass(frozen=True)
class Comparison:
    """Scenarios side by side: one column per scenario, one row per figure."""

    columns: list[str]
    rows: list[ComparisonRow]


COMPARISON_ROWS = (
    ("tariff", N_("Tariff"), "tariff"),
    ("coverage_pct", N_("Share of required revenue covered"), "pct"),
    ("expected_revenue", N_("Expected revenue a year"), "money"),
    ("required_revenue", N_("Required revenue a year"), "money"),
    ("balance", N_("Surplus (+) or deficit (−)"), "money"),
    ("monthly_bill", N_("Monthly bill of a typical household"), "money"),
    ("affordability_pct", N_("Bill as a share of income"), "pct"),
    ("affordable", N_("Affordable"), "yesno"),
)


def comparison_of(names: Sequence[str], results: Sequence[dict[str, Any]]) -> Comparison:
    rows = []
    for key, label, kind in COMPARISON_ROWS:
        values = [r.get(key) if kind == "yesno" else _as_decimal(r.get(key)) for r in results]
        rows.append(ComparisonRow(label, kind, values))
    return Comparison(list(names), rows)


def _as_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# --- saved studies ------------------------------------------------------------------------------


def create_study(
    session: Session,
    actor: Actor,
    service_id: uuid.UUID,
    name: str,
    inputs: dict[str, Any],
    *,
    with_standard_scenarios: bool = True,
) -> TariffStudy:
    """Save a study (and, by default, its current / full-cost / phased scenarios).

    Raises:
        PermissionDenied: a mentor or another role without the right.
        ValidationError: an empty name or bad inputs (the field is named).
    """
    require_role(actor, STUDY_ROLES)
    name = _name(name)
    clean = parse_inputs(inputs).to_dict()
    scenarios = standard_scenarios(clean) if with_standard_scenarios else []
    study = TariffStudy(
        service_id=service_id,
        name=name,
        inputs=dumps(clean),
        created_by=actor.user_id,
        created_by_name=actor.name,
    )
    with write(session, actor, "tariff_study.create", name, target=study):
        session.add(study)
        session.flush()
        for position, (kind, scenario_name, results) in enumerate(scenarios):
            session.add(
                TariffScenario(
                    study_id=study.id,
                    kind=kind,
                    name=scenario_name,
                    inputs="{}",
                    results=dumps(results),
                    position=position,
                )
            )
    return study


def update_study(
    session: Session,
    actor: Actor,
    study_id: uuid.UUID,
    *,
    name: str | None = None,
    inputs: dict[str, Any] | None = None,
) -> TariffStudy:
    """Rename a study or change its inputs; every scenario is recomputed in the same transaction."""
    require_role(actor, STUDY_ROLES)
    study = get_study(session, study_id)
    new_name = _name(name) if name is not None else study.name
    clean = parse_inputs(inputs).to_dict() if inputs is not None else loads(study.inputs)
    recomputed = [
        (s, scenario_results(clean, s.kind, loads(s.inputs)))
        for s in scenarios_of(session, study_id)
    ]
    with write(session, actor, "tariff_study.update", new_name) as unit:
        study = get_study(session, study_id)
        study.name = new_name
        study.inputs = dumps(clean)
        for scenario, results in recomputed:
            row = session.get(TariffScenario, scenario.id)
            assert row is not None
            row.results = dumps(results)
        unit.target = study
    return study


def add_scenario(
    session: Session,
    actor: Actor,
    study_id: uuid.UUID,
    kind: str,
    name: str,
    overrides: dict[str, Any] | None = None,
) -> TariffScenario:
    """Add a scenario; `overrides` change study inputs (same keys) and may give "tariff" to test."""
    require_role(actor, STUDY_ROLES)
    study = get_study(session, study_id)
    name = _name(name)
    overrides = dict(overrides or {})
    results = scenario_results(loads(study.inputs), kind, overrides)
    position = len(scenarios_of(session, study_id))
    scenario = TariffScenario(
        study_id=study.id,
        kind=_kind(kind).value,
        name=name,
        inputs=dumps(overrides),
        results=dumps(results),
        position=position,
    )
    with write(session, actor, "tariff_scenario.create", name, target=scenario):
        session.add(scenario)
    return scenario


def archive_scenario(session: Session, actor: Actor, scenario_id: uuid.UUID) -> None:
    require_role(actor, STUDY_ROLES)
    with write(session, actor, "tariff_scenario.archive") as unit:
        scenario = session.get(TariffScenario, scenario_id)
        if scenario is None or scenario.archived_at is not None:
            raise NotFound(_("This scenario no longer exists."))
        scenario.archived_at = utcnow()
        unit.target, unit.summary = scenario, scenario.name


def archive_study(session: Session, actor: Actor, study_id: uuid.UUID) -> None:
    require_role(actor, STUDY_ROLES)
    with write(session, actor, "tariff_study.archive") as unit:
        study = get_study(session, study_id)
        study.archived_at = utcnow()
        unit.target, unit.summary = study, study.name


def get_study(session: Session, study_id: uuid.UUID) -> TariffStudy:
    study = session.get(TariffStudy, study_id)
    if study is None or study.archived_at is not None:
        raise NotFound(_("This tariff study no longer exists."))
    return study


def list_studies(session: Session, service_id: uuid.UUID | None = None) -> list[TariffStudy]:
    query = select(TariffStudy).where(TariffStudy.archived_at.is_(None))
    if service_id is not None:
        query = query.where(TariffStudy.service_id == service_id)
    return list(session.scalars(query.order_by(TariffStudy.created_at)))


def scenarios_of(session: Session, study_id: uuid.UUID) -> list[TariffScenario]:
    return list(
        session.scalars(
            select(TariffScenario)
            .where(TariffScenario.study_id == study_id, TariffScenario.archived_at.is_(None))
            .order_by(TariffScenario.position, TariffScenario.created_at)
        )
    )


def study_result(study: TariffStudy) -> TariffResult:
    """The method's steps for the study's inputs (for the page and the PDF)."""
    return calculate(parse_inputs(loads(study.inputs)))


def compare_scenarios(session: Session, study_id: uuid.UUID) -> Comparison:
    """The study's scenarios side by side (see `Comparison`)."""
    scenarios = scenarios_of(session, study_id)
    return comparison_of([s.name for s in scenarios], [loads(s.results) for s in scenarios])


def _name(name: str) -> str:
    value = (name or "").strip()
    if not value:
        raise ValidationError(_("Please give the study or scenario a name."), field="name")
    return value[:200]


def _kind(kind: str) -> ScenarioKind:
    try:
        return ScenarioKind(kind)
    except ValueError:
        raise ValidationError(
            _("Unknown scenario kind {kind}: use current, full_cost, phased or custom.").format(
                kind=kind
            ),
            field="kind",
        ) from None


# --- figures from the office's own data ---------------------------------------------------------


@dataclass(frozen=True)
class OfficeDefaults:
    """Inputs the office's data can fill. `None` means: not known here, the user enters it.

    `collection_rate_pct` stays None until billing exists (the billing issue fills it from the
    last 12 months: (arrears at start + billed − arrears at end − written off) ÷ billed).
    """

    persons: int
    households: int
    collection_rate_pct: Decimal | None = None


def defaults_from_office(session: Session, service_id: uuid.UUID | None) -> OfficeDefaults:
    """Persons and households served, from the register.

    Counts the active households subscribed to the service when the register has subscriptions
    for it, otherwise every active household; budget organisations and businesses are not
    households and are left out. Persons = the sum of residents.
    """
    query = select(func.count(Household.id), func.coalesce(func.sum(Household.residents), 0)).where(
        Household.archived_at.is_(None),
        Household.category.not_in([Category.BUDGET_ORG.value, Category.BUSINESS.value]),
    )
    subscribed = _subscribed_households(session, service_id)
    if subscribed is not None:
        query = query.where(Household.id.in_(subscribed))
    households, persons = session.execute(query).one()
    return OfficeDefaults(persons=int(persons), households=int(households))


def _subscribed_households(session: Session, service_id: uuid.UUID | None) -> Any:
    """A subquery of households subscribed to the service today, or None if there are none."""
    if service_id is None:
        return None
    try:
        from aimak_desktop.models.catalog import Subscription
    except ImportError:  # the register area is not there yet
        return None
    today = dt.date.today()
    active = select(Subscription.household_id).where(
        Subscription.service_id == service_id,
        Subscription.start_date <= today,
        or_(Subscription.end_date.is_(None), Subscription.end_date >= today),
    )
    if session.scalar(select(func.count()).select_from(active.subquery())) == 0:
        return None
    return active


# --- propose as a new tariff of the register ----------------------------------------------------


def propose_tariff(
    session: Session,
    actor: Actor,
    study_id: uuid.UUID,
    toktom_no: str,
    toktom_date: dt.date,
    valid_from: dt.date,
    scenario_id: uuid.UUID | None = None,
) -> list[Any]:
    """After the council approved it, make the study's tariff a new tariff version of the register.

    The tariff is the chosen scenario's (default: the full-cost population tariff); with categories,
    budget organisations and businesses get their own versions at their multipliers. Calls
    `services.catalog.new_tariff_version` once per category.

    Returns:
        Whatever `new_tariff_version` returns, one per category.

    Raises:
        ValidationError: no toktom number, or the tariff would start before the decision.
        AimakError: the service register cannot take tariff versions yet.
    """
    require_role(actor, PROPOSE_ROLES)
    toktom = (toktom_no or "").strip()
    if not toktom:
        raise ValidationError(
            _("Enter the number of the council decision (toktom)."), field="toktom_no"
        )
    if valid_from < toktom_date:
        raise ValidationError(
            _("The new tariff cannot start before the council decision date."),
            field="valid_from",
        )
    new_version = _new_tariff_version()
    study = get_study(session, study_id)
    result = study_result(study)
    population = result.population_tariff
    if scenario_id is not None:
        scenario = session.get(TariffScenario, scenario_id)
        if scenario is None or scenario.study_id != study.id:
            raise NotFound(_("This scenario no longer exists."))
        population = Decimal(loads(scenario.results)["tariff"])
    amounts = {"population": population}
    for c in result.inputs.categories:
        if c.key != "population":
            amounts[c.key] = money(population * c.multiplier)
    # One register write per category: each version is checked by the register's own rules.
    return [
        new_version(
            session,
            actor,
            study.service_id,
            REGISTER_CATEGORY[key],
            to_tyiyn(amount),
            valid_from,
            toktom,
            toktom_date,
        )
        for key, amount in amounts.items()
    ]


def _new_tariff_version() -> Any:
    try:
        catalog = importlib.import_module("aimak_desktop.services.catalog")
    except ImportError:
        catalog = None
    function = getattr(catalog, "new_tariff_version", None)
    if function is None:
        raise AimakError(_("The service register cannot take new tariffs in this version yet."))
    return function
