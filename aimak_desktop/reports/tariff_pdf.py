"""The tariff justification the council reads: inputs, each step of the method, scenarios,
affordability, charts and a draft council decision (токтом) with blanks for number and date.

`lang` is "ky", "ru" or "both" (bilingual labels "Кыргызча / Русский", see reports.doc_common).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.reports.doc_common import (
    build_pdf,
    check_lang,
    data_table,
    doc_date,
    frame_width,
    heading,
    key_values,
    name_in,
    para,
    styles,
    translate,
)
from aimak_desktop.services.tariff_format import fill_expression, format_figure
from aimak_desktop.services.tariff_inputs import COST_ITEMS, FIELD_LABELS
from aimak_desktop.services.tariff_method import (
    CATEGORY_LABELS,
    TARIFF_UNIT_LABELS,
    Figure,
    TariffResult,
)
from aimak_desktop.services.tariff_studies import Comparison


def _num_lang(lang: str) -> str:
    return "ru" if lang == "ru" else "ky"


def write_tariff_pdf(
    out: Path,
    result: TariffResult,
    *,
    lang: str = "ky",
    office: Any = None,
    comparison: Comparison | None = None,
    title: str = "",
    today: dt.date | None = None,
) -> Path:
    """Write the justification PDF.

    Args:
        result: the method's figures (services.tariff_method.calculate).
        office: the Office row for the header (None: no header, e.g. a calculation from a file).
        comparison: scenarios side by side; the standard current / full-cost / phased ones if None.
        title: the study's name, shown under the document title.

    Raises:
        ValidationError: `lang` is not ky, ru or both.
        AimakError: the folder cannot be written.
    """
    from reportlab.platypus import CondPageBreak, PageBreak, Spacer

    lang = check_lang(lang)
    T = lambda text: translate(lang, text)  # noqa: E731 - short local alias keeps lines readable
    nl = _num_lang(lang)
    st = styles()
    today = today or dt.date.today()
    inputs = result.inputs
    unit = T(TARIFF_UNIT_LABELS[inputs.unit])
    if comparison is None:
        comparison = _standard_comparison(result, lang)
    office_name = name_in(lang, office.name_ky, office.name_ru) if office is not None else ""

    story: list[Any] = []
    if office is not None:
        story.append(para(office_name, st.subtitle))
        place = ", ".join(p for p in (office.oblast, office.rayon, office.address) if p)
        story.append(para(place, st.small))
    story.append(para(T(N_("Justification of the tariff")), st.title))
    story.append(para(f"{inputs.service}{' — ' + title if title else ''}", st.subtitle))
    story.append(para(doc_date(lang, today), st.subtitle))

    story.append(heading(T(N_("Summary"))))
    story.append(key_values(_summary_pairs(result, T, nl, unit), label_width=230))

    story.append(heading(T(N_("1. Inputs"))))
    story.append(_inputs_table(result, T, nl))

    story.append(CondPageBreak(200))
    story.append(heading(T(N_("2. The calculation step by step"))))
    story.append(_steps_table(result, T, nl))
    story.append(Spacer(1, 8))
    story.append(_cost_chart(result, T, nl))

    if result.categories:
        story.append(CondPageBreak(140))
        story.append(heading(T(N_("3. Tariffs by category (cross-subsidy)"))))
        story.append(_categories_table(result, T, nl, unit))

    story.append(CondPageBreak(220))
    story.append(heading(T(N_("4. Scenarios"))))
    story.append(_comparison_table(comparison, T, nl))
    story.append(Spacer(1, 8))
    story.append(_scenario_chart(comparison, result, T, nl))

    story.append(CondPageBreak(160))
    story.append(heading(T(N_("5. Phasing: reaching full cost step by step"))))
    story.append(_phases_table(result, T, nl))

    story.append(CondPageBreak(240))
    story.append(heading(T(N_("6. Affordability"))))
    story.append(_affordability_table(result, T, nl))
    story.append(Spacer(1, 8))
    story.append(_affordability_chart(result, T, nl))

    story.append(PageBreak())
    story.extend(_decision(result, T, nl, unit, office))
    return build_pdf(
        out,
        story,
        title=f"{T(N_('Justification of the tariff'))}: {inputs.service}",
        header=f"{office_name} · {T(N_('Justification of the tariff'))}: {inputs.service}",
    )


def _money(value: Decimal, nl: str) -> str:
    return format_figure(Figure(value, "money"), nl)


def _pct(value: Decimal, nl: str) -> str:
    return format_figure(Figure(value, "pct"), nl)


def _summary_pairs(result: TariffResult, T: Any, nl: str, unit: str) -> list[tuple[str, str]]:
    inputs = result.inputs
    pairs = [
        (T(N_("Required revenue a year")), _money(result.required_revenue, nl)),
        (T(N_("Full-cost tariff")), f"{_money(result.full_cost_tariff, nl)} {unit}"),
        (T(N_("Current tariff")), f"{_money(inputs.current_tariff, nl)} {unit}"),
        (T(N_("Cost coverage of the current tariff")), _pct(result.coverage_pct, nl)),
    ]
    if result.categories:
        pairs.append(
            (
                T(N_("Population tariff with cross-subsidy")),
                f"{_money(result.population_tariff, nl)} {unit}",
            )
        )
    verdict = T(N_("affordable")) if result.affordable else T(N_("above the threshold"))
    pairs += [
        (T(N_("Monthly bill of a typical household")), _money(result.monthly_bill, nl)),
        (
            T(N_("Bill as a share of income")),
            f"{_pct(result.affordability_pct, nl)} "
            f"({T(N_('threshold'))} {_pct(inputs.affordability_threshold_pct, nl)}: {verdict})",
        ),
    ]
    return pairs


def _inputs_table(result: TariffResult, T: Any, nl: str) -> Any:
    inputs = result.inputs
    w = frame_width()
    rows: list[list[object]] = [[T(N_("Input")), T(N_("Value"))]]
    for item in COST_ITEMS:
        rows.append([T(FIELD_LABELS[f"costs.{item}"]), _money(inputs.costs[item], nl)])
    rows.append([T(FIELD_LABELS["renewal_reserve_pct"]), _pct(inputs.renewal_reserve_pct, nl)])
    for asset in inputs.assets:
        rows.append(
            [
                f"{T(N_('Asset'))}: {asset.name}",
                f"{_money(asset.value, nl)} / "
                f"{format_figure(Figure(asset.life_years, 'number'), nl)} {T(N_('years'))}",
            ]
        )
    rows.append([T(FIELD_LABELS["loan_repayment"]), _money(inputs.loan_repayment, nl)])
    numbers: list[tuple[str, Decimal | int | None, str]] = [
        ("volume_produced_m3", inputs.volume_produced_m3, "m3"),
        ("losses_pct", inputs.losses_pct if inputs.unit == "m3" else None, "pct"),
        ("persons", inputs.persons, "number"),
        ("households", inputs.households, "number"),
        ("collection_rate_pct", inputs.collection_rate_pct, "pct"),
        ("litres_per_person_day", inputs.litres_per_person_day, "number"),
        ("persons_per_household", inputs.persons_per_household, "number"),
        ("household_income_month", inputs.household_income_month, "money"),
        ("current_tariff", inputs.current_tariff, "money"),
        ("affordability_threshold_pct", inputs.affordability_threshold_pct, "pct"),
        ("phase_years", inputs.phase_years, "number"),
    ]
    for key, value, kind in numbers:
        if value is not None:
            rows.append([T(FIELD_LABELS[key]), format_figure(Figure(Decimal(value), kind), nl)])
    return data_table(rows, [w * 0.6, w * 0.4], right=(1,))


def _steps_table(result: TariffResult, T: Any, nl: str) -> Any:
    w = frame_width()
    rows: list[list[object]] = [
        ["#", T(N_("Step")), T(N_("Formula")), T(N_("Figures")), T(N_("Result"))]
    ]
    for i, step in enumerate(result.steps, start=1):
        formula = T(step.formula)
        if "{threshold}" in formula:
            formula = formula.replace("{threshold}", format_figure(step.operands["threshold"], nl))
        rows.append(
            [
                str(i),
                T(step.label),
                formula,
                fill_expression(step, nl),
                format_figure(step.result, nl),
            ]
        )
    return data_table(rows, [w * 0.04, w * 0.22, w * 0.24, w * 0.34, w * 0.16], right=(4,))


def _categories_table(result: TariffResult, T: Any, nl: str, unit: str) -> Any:
    w = frame_width()
    rows: list[list[object]] = [
        [
            T(N_("Category")),
            T(N_("Share of units")),
            T(N_("Multiplier")),
            f"{T(N_('Tariff'))} ({unit})",
            T(N_("Revenue a year")),
        ]
    ]
    for c in result.categories:
        rows.append(
            [
                T(CATEGORY_LABELS[c.key]),
                _pct(c.share_pct, nl),
                format_figure(Figure(c.multiplier, "number"), nl),
                _money(c.tariff, nl),
                _money(c.revenue, nl),
            ]
        )
    rows.append(
        [T(N_("Total")), "", "", "", _money(result.category_revenue, nl)],
    )
    rows.append([T(N_("Required revenue a year")), "", "", "", _money(result.required_revenue, nl)])
    return data_table(
        rows,
        [w * 0.3, w * 0.15, w * 0.13, w * 0.2, w * 0.22],
        right=(1, 2, 3, 4),
        bold_rows=(len(rows) - 2,),
    )


def _comparison_table(comparison: Comparison, T: Any, nl: str) -> Any:
    w = frame_width()
    n = max(1, len(comparison.columns))
    label_w = w * 0.3
    rows: list[list[object]] = [[T(N_("Scenario")), *comparison.columns]]
    for row in comparison.rows:
        cells: list[object] = [T(row.label)]
        for value in row.values:
            if value is None:
                cells.append("")
            elif row.kind == "yesno":
                cells.append(T(N_("yes")) if value else T(N_("no")))
            else:
                cells.append(format_figure(Figure(value, row.kind), nl))
        rows.append(cells)
    return data_table(rows, [label_w] + [(w - label_w) / n] * n, right=tuple(range(1, n + 1)))


def _phases_table(result: TariffResult, T: Any, nl: str) -> Any:
    w = frame_width()
    rows: list[list[object]] = [
        [
            T(N_("Year")),
            T(N_("Tariff")),
            T(N_("Share of required revenue covered")),
            T(N_("Monthly bill of a typical household")),
            T(N_("Bill as a share of income")),
        ],
        [
            T(N_("Now")),
            _money(result.inputs.current_tariff, nl),
            _pct(_coverage_now(result), nl),
            _money(result.current_bill, nl),
            _pct(result.current_affordability_pct, nl),
        ],
    ]
    for p in result.phases:
        rows.append(
            [
                str(p.year),
                _money(p.tariff, nl),
                _pct(p.coverage_pct, nl),
                _money(p.monthly_bill, nl),
                _pct(p.affordability_pct, nl),
            ]
        )
    return data_table(rows, [w * 0.12, w * 0.2, w * 0.2, w * 0.26, w * 0.22], right=(1, 2, 3, 4))


def _coverage_now(result: TariffResult) -> Decimal:
    from aimak_desktop.services.tariff_method import percent

    return percent(result.inputs.current_tariff, result.population_tariff)


def _affordability_table(result: TariffResult, T: Any, nl: str) -> Any:
    w = frame_width()
    rows: list[list[object]] = [
        [
            T(N_("Household")),
            T(N_("Tariff")),
            T(N_("Monthly bill")),
            T(N_("Household income a month")),
            T(N_("Share of income")),
            T(N_("Affordable")),
        ]
    ]
    for a in result.affordability:
        rows.append(
            [
                f"{T(a.group)} — {T(a.tariff_label)}",
                _money(a.tariff, nl),
                _money(a.monthly_bill, nl),
                _money(a.income, nl),
                _pct(a.share_pct, nl),
                T(N_("yes")) if a.affordable else T(N_("no")),
            ]
        )
    return data_table(
        rows, [w * 0.3, w * 0.13, w * 0.14, w * 0.17, w * 0.13, w * 0.13], right=(1, 2, 3, 4)
    )


def _cost_chart(result: TariffResult, T: Any, nl: str) -> Any:
    from aimak_desktop.reports.tariff_charts import cost_structure

    items = [(T(FIELD_LABELS[f"costs.{k}"]), result.inputs.costs[k]) for k in COST_ITEMS]
    items += [
        (T(N_("Renewal reserve")), result.renewal_reserve),
        (T(N_("Depreciation")), result.depreciation),
        (T(N_("Loan repayment")), result.loan_repayment),
    ]
    return cost_structure(
        items,
        T(N_("Structure of the required revenue")),
        frame_width(),
        lambda v: _money(v, nl),
    )


def _scenario_chart(comparison: Comparison, result: TariffResult, T: Any, nl: str) -> Any:
    from aimak_desktop.reports.tariff_charts import horizontal_bars

    tariffs = next(r.values for r in comparison.rows if r.label == "Tariff")
    coverage = next(
        r.values for r in comparison.rows if r.label == "Share of required revenue covered"
    )
    names = [
        f"{name} ({_pct(c, nl)})" if c is not None else name
        for name, c in zip(comparison.columns, coverage, strict=True)
    ]
    return horizontal_bars(
        names,
        [(T(N_("Tariff")), [t or Decimal(0) for t in tariffs])],
        T(N_("Tariff of each scenario (share of required revenue covered)")),
        frame_width(),
        value_text=lambda v: _money(v, nl),
        reference=(T(N_("full cost")), result.population_tariff),
    )


def _affordability_chart(result: TariffResult, T: Any, nl: str) -> Any:
    from aimak_desktop.reports.tariff_charts import horizontal_bars

    groups: list[str] = []
    for a in result.affordability:
        if a.group not in groups:
            groups.append(a.group)
    labels: list[str] = []
    for a in result.affordability:
        if a.tariff_label not in labels:
            labels.append(a.tariff_label)
    series = [
        (
            T(label),
            [
                next(
                    a.share_pct
                    for a in result.affordability
                    if a.group == g and a.tariff_label == label
                )
                for g in groups
            ],
        )
        for label in labels
    ]
    threshold = result.inputs.affordability_threshold_pct
    return horizontal_bars(
        [T(g) for g in groups],
        series,
        T(N_("Monthly bill as a share of household income")),
        frame_width(),
        value_text=lambda v: _pct(v, nl),
        reference=(f"{T(N_('threshold'))} {_pct(threshold, nl)}", threshold),
    )


def _decision(result: TariffResult, T: Any, nl: str, unit: str, office: Any) -> list[Any]:
    """The draft toktom: the council fills in the number and the dates by hand."""
    from reportlab.platypus import Spacer

    st = styles()
    inputs = result.inputs
    aimak = office.aimak if office is not None else "________"
    out: list[Any] = [
        para(T(N_("DRAFT")), st.subtitle),
        para(T(N_("DECISION (TOKTOM) OF THE AIYL KENESH")), st.title),
        para(T(N_("of the aiyl aimak {aimak}")).format(aimak=aimak), st.subtitle),
        para(T(N_("No. ____ of «__» ______ 20__")), st.subtitle),
        Spacer(1, 6),
        para(
            T(N_("On the tariff for the service «{service}»")).format(service=inputs.service),
            st.heading,
        ),
        para(
            T(
                N_(
                    "Having considered the calculation of the full-cost tariff (required revenue "
                    "{required} a year, full-cost tariff {full}, current tariff {current} covering "
                    "{coverage} of the cost), the aiyl kenesh DECIDES:"
                )
            ).format(
                required=_money(result.required_revenue, nl),
                full=f"{_money(result.full_cost_tariff, nl)} {unit}",
                current=_money(inputs.current_tariff, nl),
                coverage=_pct(result.coverage_pct, nl),
            )
        ),
    ]
    points: list[str] = []
    first = result.phases[0]
    points.append(
        T(N_("To set the tariff for «{service}» at {tariff} {unit} from «__» ______ 20__.")).format(
            service=inputs.service, tariff=_money(first.tariff, nl), unit=unit
        )
    )
    for c in result.categories:
        if c.key != "population":
            points.append(
                T(N_("For {category}: {tariff} {unit} (multiplier {multiplier}).")).format(
                    category=T(CATEGORY_LABELS[c.key]).lower(),
                    tariff=_money(money_times(first.tariff, c.multiplier), nl),
                    unit=unit,
                    multiplier=format_figure(Figure(c.multiplier, "number"), nl),
                )
            )
    if len(result.phases) > 1:
        steps = "; ".join(
            T(N_("year {year}: {tariff}")).format(year=p.year, tariff=_money(p.tariff, nl))
            for p in result.phases
        )
        points.append(
            T(N_("To reach the full-cost tariff in {years} yearly steps: {steps}.")).format(
                years=len(result.phases), steps=steps
            )
        )
    points += [
        T(N_("The head of the aiyl okmotu shall inform the residents and publish this decision.")),
        T(
            N_(
                "Control over this decision is entrusted to the standing commission of the aiyl "
                "kenesh on budget and finance."
            )
        ),
    ]
    out += [para(f"{i}. {text}") for i, text in enumerate(points, start=1)]
    out.append(Spacer(1, 30))
    out.append(
        key_values(
            [
                (T(N_("Chair of the aiyl kenesh")), "____________________  ____________________"),
                (T(N_("Secretary")), "____________________  ____________________"),
            ],
            label_width=200,
        )
    )
    return out


def money_times(tariff: Decimal, multiplier: Decimal) -> Decimal:
    from aimak_desktop.services.tariff_method import money

    return money(tariff * multiplier)


def _standard_comparison(result: TariffResult, lang: str) -> Comparison:
    from aimak_desktop.models.tariff_study import SCENARIO_KIND_LABELS, ScenarioKind
    from aimak_desktop.services.tariff_studies import comparison_of, scenario_results

    data = result.inputs.to_dict()
    kinds = (ScenarioKind.CURRENT, ScenarioKind.FULL_COST, ScenarioKind.PHASED)
    return comparison_of(
        [translate(lang, SCENARIO_KIND_LABELS[k]) for k in kinds],
        [scenario_results(data, k) for k in kinds],
    )
