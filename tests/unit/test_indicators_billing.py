"""Billing indicators computed in one pass: the trend, quarters/years and ageing by date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from aimak_desktop.models.billing import Charge
from aimak_desktop.models.catalog import Service
from aimak_desktop.models.register import Household
from aimak_desktop.services import indicators_billing as bill
from aimak_desktop.services.auth import SYSTEM
from aimak_desktop.services.debts import debtors_report
from aimak_desktop.services.indicators import parse_period
from aimak_desktop.services.write_path import write
from tests.unit.test_indicators import ledger  # noqa: F401 - the hand-built ledger fixture


def test_the_trend_shows_each_month_rate_from_one_pass(ledger):  # noqa: F811
    trend = bill.collection_trend(ledger, parse_period("2025-04"), months=4)
    assert [f.parts["month"] for f in trend] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    # January and April: nothing billed; February: 200 som billed, nothing paid.
    assert [f.value for f in trend] == [None, Decimal("0.0"), Decimal("50.0"), None]
    assert trend[2].parts["arrears_start"] == 20000 and trend[2].parts["arrears_end"] == 30000
    for figure in trend:
        alone = bill.collection_rate(ledger, parse_period(figure.parts["month"]))
        assert (alone.value, {**alone.parts, "month": figure.parts["month"]}) == (
            figure.value,
            figure.parts,
        )


def test_a_yearly_charge_counts_in_january_and_in_its_quarter(ledger):  # noqa: F811
    household = ledger.scalar(select(Household.id).where(Household.account_no == "A0"))
    water = ledger.scalar(select(Service.id))
    with write(ledger, SYSTEM, "test.yearly", "yearly fee") as unit:
        unit.insert_rows(
            Charge,
            [
                {
                    "household_id": household,
                    "service_id": water,
                    "period": "2025",
                    "amount": 6000,
                    "due_date": dt.date(2025, 1, 25),
                }
            ],
        )
    january = bill.collection_rate(ledger, parse_period("2025-01"))
    assert january.parts["billed"] == 6000 and january.value == Decimal("0.0")
    quarter = bill.collection_rate(ledger, parse_period("2025-Q1"))
    # 60 + 400 som billed; 100 + 50 paid, 50 voided: 100 som collected.
    assert quarter.parts == {
        "arrears_start": 0,
        "billed": 46000,
        "arrears_end": 36000,
        "written_off": 0,
        "collected": 10000,
    }
    assert quarter.value == Decimal("21.7")
    assert bill.collection_rate(ledger, parse_period("2025")).parts["billed"] == 46000
    assert bill.collection_rate(ledger, parse_period("2024")).value is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # household 1 owes March (due 25 March), household 2 February (25 Feb) and March
        (dt.date(2025, 4, 30), {"0-30": 0, "31-90": 30000, "91-180": 0, "180+": 0}),
        (dt.date(2025, 5, 31), {"0-30": 0, "31-90": 20000, "91-180": 10000, "180+": 0}),
        (dt.date(2025, 9, 30), {"0-30": 0, "31-90": 0, "91-180": 0, "180+": 30000}),
    ],
)
def test_arrears_age_as_the_debtors_list_on_any_day(ledger, day, expected):  # noqa: F811
    figure = bill.arrears(ledger, day)
    assert {k: figure.parts[k] for k in expected} == expected
    assert figure.value == 30000 and figure.parts["households"] == 2
    assert debtors_report(ledger, day).totals == list(expected.values())
