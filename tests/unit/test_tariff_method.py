"""The tariff method on hand-computed examples: every step, for m³, person and household units."""

from __future__ import annotations

from decimal import Decimal as D

from aimak_desktop.services.tariff_format import fill_expression, format_figure
from aimak_desktop.services.tariff_method import calculate_dict


def m3_inputs(**changes):
    data = {
        "service": "Ичүүчү суу",
        "unit": "m3",
        "costs": {
            "salaries": 100000,
            "social_fund": 17250,
            "electricity": 50000,
            "chemicals": 10000,
            "repairs": 20000,
            "admin": 2750,
            "other": 0,
        },
        "renewal_reserve_pct": 10,
        "assets": [
            {"name": "Pipes", "value": 900000, "life_years": 30},
            {"name": "Pump", "value": 100000, "life_years": 10},
        ],
        "loan_repayment": 12000,
        "volume_produced_m3": 40000,
        "losses_pct": 40,
        "collection_rate_pct": 80,
        "litres_per_person_day": 40,
        "persons_per_household": 5,
        "household_income_month": 10000,
        "current_tariff": 10,
        "affordability_threshold_pct": 3,
        "phase_years": 2,
    }
    data.update(changes)
    return data


def test_metered_water_every_step():
    r = calculate_dict(m3_inputs())
    # O&M 100000 + 17250 + 50000 + 10000 + 20000 + 2750 + 0
    assert r.om == D("200000.00")
    assert r.renewal_reserve == D("20000.00")  # 10 % of O&M
    assert r.depreciation == D("40000.00")  # 900000/30 + 100000/10
    assert r.loan_repayment == D("12000")
    assert r.required_revenue == D("272000.00")
    assert r.billable_units == D("24000.00")  # 40000 m³ × (1 − 40 %)
    assert r.paid_units == D("19200.00")  # × 80 % collected
    assert r.full_cost_tariff == D("14.17")  # 272000 / 19200 = 14.1666…
    assert r.coverage_pct == D("70.57")  # 10 / 14.17
    assert r.household_units == D("6.080")  # 5 × 40 l × 30.4 / 1000
    assert r.monthly_bill == D("86.15")  # 14.17 × 6.08 = 86.1536
    assert r.affordability_pct == D("0.86")  # 86.15 / 10000
    assert r.affordable is True
    assert r.current_bill == D("60.80")
    # Phasing in 2 steps: (14.17 − 10) / 2 = 2.085 → 12.09, then full cost.
    assert [(p.year, p.tariff, p.coverage_pct) for p in r.phases] == [
        (1, D("12.09"), D("85.32")),
        (2, D("14.17"), D("100.00")),
    ]
    assert r.step("phase_step").result.value == D("2.09")


def test_every_step_is_traced_to_its_figures():
    r = calculate_dict(m3_inputs())
    keys = [s.key for s in r.steps]
    assert keys[:8] == [
        "om",
        "renewal_reserve",
        "depreciation",
        "required_revenue",
        "billable_units",
        "paid_units",
        "full_cost_tariff",
        "coverage",
    ]
    assert fill_expression(r.step("renewal_reserve"), "en") == "200,000.00\u00a0som × 10\u00a0%"
    assert fill_expression(r.step("full_cost_tariff"), "ru") == (
        "272\u00a0000,00\u00a0сом ÷ 19\u00a0200\u00a0m³"
    )
    assert format_figure(r.step("full_cost_tariff").result, "ky") == "14,17\u00a0сом"
    assert "30" in fill_expression(r.step("depreciation"), "en")


def test_per_person_every_step():
    r = calculate_dict(
        {
            "service": "Таштанды",
            "unit": "person",
            "costs": {"salaries": 60000},
            "persons": 1000,
            "collection_rate_pct": 50,
            "persons_per_household": "4.5",
            "household_income_month": 9000,
            "current_tariff": 5,
            "phase_years": 1,
        }
    )
    assert r.om == D("60000.00")
    assert r.renewal_reserve == D("0.00")
    assert r.depreciation == D("0.00")
    assert r.required_revenue == D("60000.00")
    assert r.billable_units == D("12000")  # 1000 persons × 12 months
    assert r.paid_units == D("6000.00")  # × 50 %
    assert r.full_cost_tariff == D("10.00")
    assert r.coverage_pct == D("50.00")
    assert r.household_units == D("4.5")
    assert r.monthly_bill == D("45.00")  # 4.5 persons × 10
    assert r.affordability_pct == D("0.50")
    assert [(p.tariff, p.coverage_pct) for p in r.phases] == [(D("10.00"), D("100.00"))]


def test_per_household_every_step_and_threshold():
    r = calculate_dict(
        {
            "service": "Таштанды",
            "unit": "household",
            "costs": {"other": 36000},
            "renewal_reserve_pct": 5,
            "assets": [{"name": "Truck", "value": 240000, "life_years": 8}],
            "households": 300,
            "collection_rate_pct": 90,
            "household_income_month": 15000,
            "current_tariff": 12,
            "affordability_threshold_pct": "0.1",
            "phase_years": 3,
        }
    )
    assert r.om == D("36000.00")
    assert r.renewal_reserve == D("1800.00")
    assert r.depreciation == D("30000.00")
    assert r.required_revenue == D("67800.00")
    assert r.billable_units == D("3600")  # 300 households × 12
    assert r.paid_units == D("3240.00")
    assert r.full_cost_tariff == D("20.93")  # 67800 / 3240 = 20.9259…
    assert r.coverage_pct == D("57.33")
    assert r.monthly_bill == D("20.93")  # one household pays one tariff a month
    assert r.affordability_pct == D("0.14")
    assert r.affordable is False  # above the 0.1 % threshold given
    # (20.93 − 12) / 3 = 2.9766…: 14.98, 17.95, then exactly full cost
    assert [p.tariff for p in r.phases] == [D("14.98"), D("17.95"), D("20.93")]


def test_cross_subsidy_keeps_required_revenue_exactly():
    r = calculate_dict(
        {
            "service": "Суу",
            "unit": "person",
            "costs": {"salaries": 144000},
            "persons": 1000,
            "collection_rate_pct": 100,
            "persons_per_household": 5,
            "household_income_month": 20000,
            "categories": {
                "population": {"share_pct": 80, "multiplier": 1},
                "budget_org": {"share_pct": 10, "multiplier": "1.5"},
                "business": {"share_pct": 10, "multiplier": "2.5"},
            },
        }
    )
    # weight 0.8 + 0.15 + 0.25 = 1.2; P = 144000 / (12000 × 1.2) = 10
    assert r.full_cost_tariff == D("12.00")
    assert r.population_tariff == D("10.00")
    assert [(c.key, c.tariff, c.revenue) for c in r.categories] == [
        ("population", D("10.00"), D("96000.00")),
        ("budget_org", D("15.00"), D("18000.00")),
        ("business", D("25.00"), D("30000.00")),
    ]
    assert r.category_revenue == r.required_revenue == D("144000.00")
    # Households pay the population tariff, and phasing aims at it.
    assert r.monthly_bill == D("50.00")
    assert r.phases[-1].tariff == D("10.00")


def test_cross_subsidy_with_rounding_stays_within_a_tyiyn_per_unit():
    data = m3_inputs(
        categories={
            "population": {"share_pct": 80},
            "budget_org": {"share_pct": 10, "multiplier": "1.5"},
            "business": {"share_pct": 10, "multiplier": "2.5"},
        }
    )
    r = calculate_dict(data)
    assert r.population_tariff == D("11.81")  # 272000 / (19200 × 1.2) = 11.8055…
    assert r.population_tariff < r.full_cost_tariff
    # Each tariff is rounded to the tyiyn, so the total may differ by less than a tyiyn per unit.
    assert abs(r.category_revenue - r.required_revenue) < r.paid_units * D("0.01")


def test_decimal_throughout_no_float_noise():
    r = calculate_dict(m3_inputs(losses_pct=0.1, collection_rate_pct=99.9))
    assert r.billable_units == D("39960.00")
    assert isinstance(r.full_cost_tariff, D)
    assert r.summary()["full_cost_tariff"] == str(r.full_cost_tariff)
