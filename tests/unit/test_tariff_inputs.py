"""Bad tariff inputs give a clear message naming the field, never a crash."""

from __future__ import annotations

import pytest

from aimak_desktop.errors import ValidationError
from aimak_desktop.services.tariff_inputs import parse_inputs
from tests.unit.test_tariff_method import m3_inputs


def _costs(**items):
    return {**m3_inputs()["costs"], **items}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"costs": _costs(salaries=-1)}, "costs.salaries", "cannot be negative"),
        ({"costs": _costs(fuel=5)}, "costs.fuel", "Unknown cost item costs.fuel"),
        ({"costs": None}, "costs", "missing"),
        ({"volume_produced_m3": None}, "volume_produced_m3", "missing"),
        ({"volume_produced_m3": 0}, "volume_produced_m3", "more than zero"),
        ({"losses_pct": 120}, "losses_pct", "between 0 and 100%"),
        ({"losses_pct": -5}, "losses_pct", "between 0 and 100%"),
        ({"losses_pct": 100}, "losses_pct", "less than 100%"),
        ({"collection_rate_pct": 0}, "collection_rate_pct", "more than zero"),
        ({"collection_rate_pct": "101"}, "collection_rate_pct", "between 0 and 100%"),
        ({"collection_rate_pct": None}, "collection_rate_pct", "missing"),
        ({"loan_repayment": -100}, "loan_repayment", "cannot be negative"),
        ({"current_tariff": "abc"}, "current_tariff", "must be a number"),
        ({"household_income_month": 0}, "household_income_month", "more than zero"),
        ({"phase_years": "1.5"}, "phase_years", "whole number"),
        ({"phase_years": 50}, "phase_years", "between 1 and 20"),
        ({"unit": "litre"}, "unit", "m3, person, household"),
        ({"tarif": 12}, "tarif", "Unknown key tarif"),
        (
            {"assets": [{"name": "Pump", "value": 400000, "life_years": 0}]},
            "assets[0].life_years",
            "Useful life of Pump, years (assets[0].life_years) must be more than zero years",
        ),
        (
            {"assets": [{"name": "Pump", "value": -1, "life_years": 10}]},
            "assets[0].value",
            "cannot be negative",
        ),
        ({"assets": [{"name": "Pump", "value": 1}]}, "assets[0].life_years", "missing"),
        (
            {
                "categories": {
                    "population": {"share_pct": 90},
                    "business": {"share_pct": 5, "multiplier": 2},
                }
            },
            "categories",
            "add up to 100%",
        ),
        (
            {
                "categories": {
                    "population": {"share_pct": 50},
                    "business": {"share_pct": 50, "multiplier": 4},
                }
            },
            "categories.business.multiplier",
            "between 1 and 3",
        ),
        (
            {"categories": {"shops": {"share_pct": 100}}},
            "categories.shops",
            "Unknown category categories.shops",
        ),
    ],
)
def test_bad_input_names_the_field(changes, field, words):
    with pytest.raises(ValidationError) as info:
        parse_inputs(m3_inputs(**changes))
    assert info.value.field == field
    assert words in info.value.message
    assert field.split(".")[0].split("[")[0] in info.value.message


def test_zero_or_missing_units_for_person_and_household():
    person = {
        "service": "Таштанды",
        "unit": "person",
        "costs": {"salaries": 1000},
        "collection_rate_pct": 90,
        "persons_per_household": 5,
        "household_income_month": 9000,
    }
    with pytest.raises(ValidationError, match=r"Persons served \(persons\) is missing") as info:
        parse_inputs(person)
    assert info.value.field == "persons"
    with pytest.raises(ValidationError, match="more than zero"):
        parse_inputs({**person, "persons": 0})
    household = {**person, "unit": "household"}
    with pytest.raises(ValidationError) as info:
        parse_inputs(household)
    assert info.value.field == "households"


def test_all_zero_costs_are_refused():
    zero = dict.fromkeys(m3_inputs()["costs"], 0)
    with pytest.raises(ValidationError, match="enter at least one cost") as info:
        parse_inputs(m3_inputs(costs=zero, assets=[], loan_repayment=0))
    assert info.value.field == "costs"


def test_inputs_round_trip_through_json_text():
    inputs = parse_inputs(m3_inputs())
    assert parse_inputs(inputs.to_dict()) == inputs
