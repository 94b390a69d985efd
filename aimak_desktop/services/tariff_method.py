"""The sustainable tariff method (DOMAIN.md "Sustainable tariffs"): pure Decimal arithmetic.

Every step is kept as a named `Step` with its formula and the figures it used, so the page and the
justification PDF can trace each figure back to its inputs. Money is Decimal som rounded to the
tyiyn (0.01) half-up at each step; percentages are rounded to 0.01. Nothing here is ever a float.

Inputs are read from the JSON keys of the issue by `tariff_inputs.parse_inputs` (re-exported here);
bad input raises `ValidationError` naming the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.services.tariff_inputs import (
    CATEGORY_KEYS,
    COST_ITEMS,
    Asset,
    TariffInputs,
    parse_inputs,
)

__all__ = [
    "CATEGORY_KEYS",
    "COST_ITEMS",
    "Asset",
    "TariffInputs",
    "parse_inputs",
]

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
#: Average days in a month used for the typical metered bill (365 / 12, as the issue says).
DAYS_PER_MONTH = Decimal("30.4")

UNIT_LABELS = {
    "m3": N_("m³"),
    "person": N_("person-months"),
    "household": N_("household-months"),
}
TARIFF_UNIT_LABELS = {
    "m3": N_("per m³"),
    "person": N_("per person a month"),
    "household": N_("per household a month"),
}
CATEGORY_LABELS = {
    "population": N_("Population"),
    "budget_org": N_("Budget organisations"),
    "business": N_("Businesses"),
}


def money(value: Decimal) -> Decimal:
    """Round to the tyiyn (half up)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """`part` as a percentage of `whole`, rounded to 0.01 %."""
    return (part * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def to_tyiyn(som: Decimal) -> int:
    return int(money(som) * 100)


@dataclass(frozen=True)
class Figure:
    """A number with its kind, so each front end formats it the same way.

    Kinds: money (som), tariff (som per unit), pct, units (billable units), m3, ratio, number.
    """

    value: Decimal
    kind: str


@dataclass(frozen=True)
class Step:
    """One step of the method.

    `label` and `formula` are English source strings (translate where shown); `expression` is the
    formula with `{name}` placeholders for `operands`, e.g. "{om} × {pct}".
    """

    key: str
    label: str
    formula: str
    expression: str
    operands: dict[str, Figure]
    result: Figure


@dataclass(frozen=True)
class CategoryTariff:
    key: str
    share_pct: Decimal
    multiplier: Decimal
    tariff: Decimal
    revenue: Decimal


@dataclass(frozen=True)
class PhaseYear:
    year: int
    tariff: Decimal
    coverage_pct: Decimal
    monthly_bill: Decimal
    affordability_pct: Decimal


@dataclass(frozen=True)
class Affordability:
    """The typical bill of one household income group at one tariff."""

    group: str
    tariff_label: str
    tariff: Decimal
    monthly_bill: Decimal
    income: Decimal
    share_pct: Decimal
    affordable: bool


@dataclass(frozen=True)
class TariffResult:
    inputs: TariffInputs
    om: Decimal
    renewal_reserve: Decimal
    depreciation: Decimal
    loan_repayment: Decimal
    required_revenue: Decimal
    billable_units: Decimal
    paid_units: Decimal
    full_cost_tariff: Decimal
    coverage_pct: Decimal
    household_units: Decimal
    population_tariff: Decimal
    monthly_bill: Decimal
    affordability_pct: Decimal
    affordable: bool
    current_bill: Decimal
    current_affordability_pct: Decimal
    categories: tuple[CategoryTariff, ...]
    category_revenue: Decimal
    phases: tuple[PhaseYear, ...]
    affordability: tuple[Affordability, ...]
    steps: tuple[Step, ...] = field(repr=False)

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)

    def summary(self) -> dict[str, Any]:
        """The headline figures as JSON-safe values (Decimals as strings, never floats)."""
        return {
            "service": self.inputs.service,
            "unit": self.inputs.unit,
            "om": str(self.om),
            "renewal_reserve": str(self.renewal_reserve),
            "depreciation": str(self.depreciation),
            "loan_repayment": str(self.loan_repayment),
            "required_revenue": str(self.required_revenue),
            "billable_units": str(self.billable_units),
            "paid_units": str(self.paid_units),
            "full_cost_tariff": str(self.full_cost_tariff),
            "current_tariff": str(self.inputs.current_tariff),
            "coverage_pct": str(self.coverage_pct),
            "population_tariff": str(self.population_tariff),
            "household_units_month": str(self.household_units),
            "monthly_bill": str(self.monthly_bill),
            "affordability_pct": str(self.affordability_pct),
            "affordability_threshold_pct": str(self.inputs.affordability_threshold_pct),
            "affordable": self.affordable,
            "current_bill": str(self.current_bill),
            "current_affordability_pct": str(self.current_affordability_pct),
            "categories": [
                {
                    "category": c.key,
                    "share_pct": str(c.share_pct),
                    "multiplier": str(c.multiplier),
                    "tariff": str(c.tariff),
                    "revenue": str(c.revenue),
                }
                for c in self.categories
            ],
            "phases": [
                {
                    "year": p.year,
                    "tariff": str(p.tariff),
                    "coverage_pct": str(p.coverage_pct),
                    "monthly_bill": str(p.monthly_bill),
                    "affordability_pct": str(p.affordability_pct),
                }
                for p in self.phases
            ],
        }


def _fig(value: Decimal, kind: str) -> Figure:
    return Figure(value, kind)


def calculate(inputs: TariffInputs) -> TariffResult:
    """Run the method on validated inputs (see `parse_inputs`)."""
    steps: list[Step] = []
    costs = inputs.costs

    om = money(sum((costs[k] for k in COST_ITEMS), Decimal(0)))
    steps.append(
        Step(
            "om",
            N_("Operation and maintenance (O&M) a year"),
            N_(
                "salaries + social fund + electricity + chemicals + repairs + administration + "
                "other"
            ),
            " + ".join("{" + k + "}" for k in COST_ITEMS),
            {k: _fig(costs[k], "money") for k in COST_ITEMS},
            _fig(om, "money"),
        )
    )

    reserve = money(om * inputs.renewal_reserve_pct / HUNDRED)
    steps.append(
        Step(
            "renewal_reserve",
            N_("Renewal reserve"),
            N_("O&M × renewal reserve %"),
            "{om} × {pct}",
            {"om": _fig(om, "money"), "pct": _fig(inputs.renewal_reserve_pct, "pct")},
            _fig(reserve, "money"),
        )
    )

    per_asset = [money(a.value / a.life_years) for a in inputs.assets]
    depreciation = money(sum(per_asset, Decimal(0)))
    steps.append(
        Step(
            "depreciation",
            N_("Depreciation a year"),
            N_("sum over assets of value ÷ useful life (years)"),
            " + ".join(f"{{v{i}}} ÷ {{l{i}}}" for i in range(len(inputs.assets))) or "0",
            {
                **{f"v{i}": _fig(a.value, "money") for i, a in enumerate(inputs.assets)},
                **{f"l{i}": _fig(a.life_years, "number") for i, a in enumerate(inputs.assets)},
            },
            _fig(depreciation, "money"),
        )
    )

    loan = inputs.loan_repayment
    required = money(om + reserve + depreciation + loan)
    steps.append(
        Step(
            "required_revenue",
            N_("Required revenue a year"),
            N_("O&M + renewal reserve + depreciation + loan repayment"),
            "{om} + {reserve} + {depreciation} + {loan}",
            {
                "om": _fig(om, "money"),
                "reserve": _fig(reserve, "money"),
                "depreciation": _fig(depreciation, "money"),
                "loan": _fig(loan, "money"),
            },
            _fig(required, "money"),
        )
    )

    ukind = "m3" if inputs.unit == "m3" else "units"
    billable = _billable_units(inputs, steps)
    paid = (billable * inputs.collection_rate_pct / HUNDRED).quantize(CENT, ROUND_HALF_UP)
    steps.append(
        Step(
            "paid_units",
            N_("Units paid for (billable units × collection rate)"),
            N_("billable units × collection rate %"),
            "{units} × {rate}",
            {"units": _fig(billable, ukind), "rate": _fig(inputs.collection_rate_pct, "pct")},
            _fig(paid, ukind),
        )
    )

    full_cost = money(required / paid)
    steps.append(
        Step(
            "full_cost_tariff",
            N_("Full-cost tariff"),
            N_("required revenue ÷ (billable units × collection rate)"),
            "{required} ÷ {paid}",
            {"required": _fig(required, "money"), "paid": _fig(paid, ukind)},
            _fig(full_cost, "tariff"),
        )
    )

    coverage = percent(inputs.current_tariff, full_cost)
    steps.append(
        Step(
            "coverage",
            N_("Cost coverage of the current tariff"),
            N_("current tariff ÷ full-cost tariff"),
            "{current} ÷ {full}",
            {"current": _fig(inputs.current_tariff, "tariff"), "full": _fig(full_cost, "tariff")},
            _fig(coverage, "pct"),
        )
    )

    categories, population, category_revenue = _category_tariffs(
        inputs, required, paid, full_cost, steps
    )

    hh_units = _household_units(inputs, steps)
    bill = money(population * hh_units)
    share = percent(bill, inputs.household_income_month)
    steps.append(
        Step(
            "monthly_bill",
            N_("Monthly bill of a typical household"),
            N_("tariff × units of a typical household a month"),
            "{tariff} × {units}",
            {"tariff": _fig(population, "tariff"), "units": _fig(hh_units, ukind)},
            _fig(bill, "money"),
        )
    )
    steps.append(
        Step(
            "affordability",
            N_("Affordability: bill as a share of household income"),
            N_("monthly bill ÷ monthly household income (threshold {threshold})"),
            "{bill} ÷ {income}",
            {
                "bill": _fig(bill, "money"),
                "income": _fig(inputs.household_income_month, "money"),
                "threshold": _fig(inputs.affordability_threshold_pct, "pct"),
            },
            _fig(share, "pct"),
        )
    )
    current_bill = money(inputs.current_tariff * hh_units)

    phases = _phases(inputs, population, hh_units, steps)
    return TariffResult(
        inputs=inputs,
        om=om,
        renewal_reserve=reserve,
        depreciation=depreciation,
        loan_repayment=loan,
        required_revenue=required,
        billable_units=billable,
        paid_units=paid,
        full_cost_tariff=full_cost,
        coverage_pct=coverage,
        household_units=hh_units,
        population_tariff=population,
        monthly_bill=bill,
        affordability_pct=share,
        affordable=share <= inputs.affordability_threshold_pct,
        current_bill=current_bill,
        current_affordability_pct=percent(current_bill, inputs.household_income_month),
        categories=categories,
        category_revenue=category_revenue,
        phases=phases,
        affordability=_affordability(inputs, population, hh_units),
        steps=tuple(steps),
    )


def calculate_dict(data: dict[str, Any]) -> TariffResult:
    """Validate a JSON-like dict (the keys of the issue) and run the method."""
    return calculate(parse_inputs(data))


def _billable_units(inputs: TariffInputs, steps: list[Step]) -> Decimal:
    if inputs.unit == "m3":
        assert inputs.volume_produced_m3 is not None
        billable = (inputs.volume_produced_m3 * (HUNDRED - inputs.losses_pct) / HUNDRED).quantize(
            CENT, ROUND_HALF_UP
        )
        steps.append(
            Step(
                "billable_units",
                N_("Billable units a year (m³ sold)"),
                N_("volume produced × (1 − losses %)"),
                "{volume} × (1 − {losses})",
                {
                    "volume": _fig(inputs.volume_produced_m3, "m3"),
                    "losses": _fig(inputs.losses_pct, "pct"),
                },
                _fig(billable, "m3"),
            )
        )
        return billable
    count = inputs.persons if inputs.unit == "person" else inputs.households
    assert count is not None
    billable = Decimal(count) * 12
    steps.append(
        Step(
            "billable_units",
            N_("Billable units a year (person-months)")
            if inputs.unit == "person"
            else N_("Billable units a year (household-months)"),
            N_("persons × 12 months") if inputs.unit == "person" else N_("households × 12 months"),
            "{count} × 12",
            {"count": _fig(Decimal(count), "number")},
            _fig(billable, "units"),
        )
    )
    return billable


def _household_units(inputs: TariffInputs, steps: list[Step]) -> Decimal:
    """Units a typical household pays for in a month (m³, persons or 1 household)."""
    if inputs.unit == "m3":
        assert inputs.persons_per_household is not None
        assert inputs.litres_per_person_day is not None
        units = (
            inputs.persons_per_household * inputs.litres_per_person_day * DAYS_PER_MONTH / 1000
        ).quantize(Decimal("0.001"), ROUND_HALF_UP)
        steps.append(
            Step(
                "household_units",
                N_("Water used by a typical household a month (m³)"),
                N_("persons × litres a day × 30.4 days ÷ 1000"),
                "{persons} × {litres} × {days} ÷ 1000",
                {
                    "persons": _fig(inputs.persons_per_household, "number"),
                    "litres": _fig(inputs.litres_per_person_day, "number"),
                    "days": _fig(DAYS_PER_MONTH, "number"),
                },
                _fig(units, "m3"),
            )
        )
        return units
    if inputs.unit == "person":
        assert inputs.persons_per_household is not None
        units = inputs.persons_per_household
        steps.append(
            Step(
                "household_units",
                N_("Persons billed in a typical household"),
                N_("persons per household"),
                "{persons}",
                {"persons": _fig(units, "number")},
                _fig(units, "number"),
            )
        )
        return units
    return Decimal(1)


def _category_tariffs(
    inputs: TariffInputs,
    required: Decimal,
    paid: Decimal,
    full_cost: Decimal,
    steps: list[Step],
) -> tuple[tuple[CategoryTariff, ...], Decimal, Decimal]:
    """Solve the population tariff P so that Σ share × multiplier × P × paid units = required.

    Returns the category tariffs, the population tariff and the revenue they bring together (equal
    to the required revenue up to rounding to the tyiyn).
    """
    if not inputs.categories:
        return (), full_cost, required
    weight = sum((c.share_pct / HUNDRED * c.multiplier for c in inputs.categories), Decimal(0))
    population = money(required / (paid * weight))
    steps.append(
        Step(
            "population_tariff",
            N_("Population tariff with cross-subsidy"),
            N_("required revenue ÷ (units paid for × Σ share × multiplier)"),
            "{required} ÷ ({paid} × {weight})",
            {
                "required": _fig(required, "money"),
                "paid": _fig(paid, "m3" if inputs.unit == "m3" else "units"),
                "weight": _fig(weight.quantize(Decimal("0.0001")), "ratio"),
            },
            _fig(population, "tariff"),
        )
    )
    rows = []
    for c in inputs.categories:
        tariff = money(population * c.multiplier)
        revenue = money(tariff * paid * c.share_pct / HUNDRED)
        rows.append(CategoryTariff(c.key, c.share_pct, c.multiplier, tariff, revenue))
    total = money(sum((r.revenue for r in rows), Decimal(0)))
    steps.append(
        Step(
            "category_revenue",
            N_("Revenue of all categories (keeps the required revenue)"),
            N_("Σ category tariff × units paid for × share"),
            " + ".join("{" + r.key + "}" for r in rows),
            {r.key: _fig(r.revenue, "money") for r in rows},
            _fig(total, "money"),
        )
    )
    return tuple(rows), population, total


def _phases(
    inputs: TariffInputs, target: Decimal, hh_units: Decimal, steps: list[Step]
) -> tuple[PhaseYear, ...]:
    """Equal yearly steps from the current tariff to the target (full cost or population)."""
    years = inputs.phase_years
    increment = (target - inputs.current_tariff) / years
    out = []
    for year in range(1, years + 1):
        tariff = target if year == years else money(inputs.current_tariff + increment * year)
        bill = money(tariff * hh_units)
        out.append(
            PhaseYear(
                year,
                tariff,
                percent(tariff, target),
                bill,
                percent(bill, inputs.household_income_month),
            )
        )
    steps.append(
        Step(
            "phase_step",
            N_("Yearly increase when phasing"),
            N_("(target tariff − current tariff) ÷ number of years"),
            "({target} − {current}) ÷ {years}",
            {
                "target": _fig(target, "tariff"),
                "current": _fig(inputs.current_tariff, "tariff"),
                "years": _fig(Decimal(years), "number"),
            },
            _fig(money(increment), "tariff"),
        )
    )
    return tuple(out)


def _affordability(
    inputs: TariffInputs, population: Decimal, hh_units: Decimal
) -> tuple[Affordability, ...]:
    groups = [(N_("Typical household"), inputs.household_income_month)] + [
        (g.name, g.household_income_month) for g in inputs.income_groups
    ]
    proposed = N_("Population tariff") if inputs.categories else N_("Full-cost tariff")
    tariffs = [(N_("Current tariff"), inputs.current_tariff), (proposed, population)]
    out = []
    for group, income in groups:
        for label, tariff in tariffs:
            bill = money(tariff * hh_units)
            share = percent(bill, income)
            out.append(
                Affordability(
                    group,
                    label,
                    tariff,
                    bill,
                    income,
                    share,
                    share <= inputs.affordability_threshold_pct,
                )
            )
    return tuple(out)
