"""Indicators on hand-built data with known answers, "no data" periods, the CLI and the PDF."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from aimak_desktop.errors import ValidationError
from aimak_desktop.models.billing import Allocation, Charge, Payment, Void
from aimak_desktop.models.catalog import Service, Subscription
from aimak_desktop.models.feedback import FeedbackEntry, FeedbackUpdate
from aimak_desktop.models.register import Household, Village
from aimak_desktop.services.auth import SYSTEM
from aimak_desktop.services.indicators import collect_figures, indicators_for_office, parse_period
from aimak_desktop.services.office import OfficeProfile, create_office
from aimak_desktop.services.write_path import write

TODAY = dt.date(2025, 4, 10)
_receipt = iter(range(1, 1000))


def _payment(household, amount: int, day: dt.date) -> dict:
    seq = next(_receipt)
    return {
        "household_id": household,
        "amount": amount,
        "day": day,
        "receipt_no": f"A-2025-{seq:06d}",
        "series": "A",
        "year": 2025,
        "seq": seq,
    }


@pytest.fixture
def ledger(session):
    """Four households (one archived), water for two of them, three months of ledger.

    Feb: billed 100 som + 100 som; March: 100 + 100 (due 25 March). Household 1 pays 100 in
    March (allocated), household 2 pays 50 in March then it is voided.
    """
    create_office(
        session,
        OfficeProfile(name_ky="Тест", name_ru="Тест", oblast="Нарын", rayon="Ат-Башы", aimak="Т"),
        device_code="A",
    )
    with write(session, SYSTEM, "test.ledger", "hand-built") as unit:
        village = {"name": "Ак-Муз"}
        unit.insert_rows(Village, [village])
        homes = [
            {
                "account_no": f"A{i}",
                "head_name": f"H{i}",
                "village_id": village["id"],
                "archived_at": None,
            }
            for i in range(4)
        ]
        homes[3]["archived_at"] = dt.datetime(2025, 1, 5)
        unit.insert_rows(Household, homes)
        water = {"code": "water", "name_ky": "Суу", "name_ru": "Вода", "billing_unit": "household"}
        unit.insert_rows(Service, [water])
        unit.insert_rows(
            Subscription,
            [
                {
                    "household_id": homes[i]["id"],
                    "service_id": water["id"],
                    "start_date": dt.date(2024, 1, 1),
                }
                for i in (0, 1)
            ],
        )
        charges = []
        for month, due in (("2025-02", dt.date(2025, 2, 25)), ("2025-03", dt.date(2025, 3, 25))):
            for i in (0, 1):
                charges.append(
                    {
                        "household_id": homes[i]["id"],
                        "service_id": water["id"],
                        "period": month,
                        "amount": 10000,
                        "due_date": due,
                    }
                )
        unit.insert_rows(Charge, charges)
        pay1 = _payment(homes[0]["id"], 10000, dt.date(2025, 3, 10))
        pay2 = _payment(homes[1]["id"], 5000, dt.date(2025, 3, 12))
        unit.insert_rows(Payment, [pay1, pay2])
        unit.insert_rows(
            Allocation,
            [
                {
                    "payment_id": pay1["id"],
                    "household_id": homes[0]["id"],
                    "service_id": water["id"],
                    "amount": 10000,
                    "day": dt.date(2025, 3, 10),
                }
            ],
        )
        unit.insert_rows(
            Void,
            [
                {
                    "payment_id": pay2["id"],
                    "receipt_no": pay2["receipt_no"],
                    "household_id": homes[1]["id"],
                    "amount": 5000,
                    "reason": "error",
                    "day": dt.date(2025, 3, 13),
                }
            ],
        )
        entries = [
            {
                "kind": "complaint",
                "channel": "visit",
                "received_on": dt.date(2025, 3, 1),
                "due_on": dt.date(2025, 3, 15),
            },
            {
                "kind": "complaint",
                "channel": "visit",
                "received_on": dt.date(2025, 3, 2),
                "due_on": dt.date(2025, 3, 16),
            },
            {
                "kind": "question",
                "channel": "phone",
                "received_on": dt.date(2025, 3, 20),
                "due_on": dt.date(2025, 4, 3),
            },
        ]
        unit.insert_rows(FeedbackEntry, entries)
        unit.insert_rows(
            FeedbackUpdate,
            [
                {
                    "entry_id": entries[0]["id"],
                    "status": "resolved",
                    "response_date": dt.date(2025, 3, 5),
                    "created_at": dt.datetime(2025, 3, 5),
                },
                {
                    "entry_id": entries[1]["id"],
                    "status": "resolved",
                    "response_date": dt.date(2025, 3, 20),
                    "created_at": dt.datetime(2025, 3, 20),
                },
            ],
        )
    return session


def test_collection_rate_follows_the_formula(ledger):
    figures = collect_figures(ledger, parse_period("2025-03"), TODAY)
    rate = figures["collection_rate"]
    # start: Feb charges 200 som owed; billed 200; end: 400 - 100 paid = 300; collected 100.
    assert rate.parts == {
        "arrears_start": 20000,
        "billed": 20000,
        "arrears_end": 30000,
        "written_off": 0,
        "collected": 10000,
    }
    assert rate.value == Decimal("50.0")
    assert figures["billed_by_service"]["water"].value == 20000
    assert figures["collected_by_service"]["water"].value == 10000


def test_a_period_without_billing_says_no_data(ledger):
    data = indicators_for_office(ledger, "2024-06", today=TODAY)
    assert data["collection_rate"]["value"] is None
    assert data["arrears"]["value"] is None
    assert data["feedback"]["resolved_on_time"]["value"] is None
    assert data["satisfaction"]["water"]["value"] is None
    assert data["last_hearing"]["value"] is None
    assert data["proposals"]["value"] is None


def test_arrears_by_age_match_the_debtors_list(ledger):
    from aimak_desktop.services.debts import debtors_report

    arrears = collect_figures(ledger, parse_period("2025-03"), TODAY)["arrears"]
    # On 31 March: household 1 owes Feb's 100 (34 days) minus its 100 -> pays the oldest: owes
    # March's 100 (6 days); household 2 owes both (6 and 34 days).
    assert arrears.value == 30000
    assert arrears.parts["0-30"] == 20000 and arrears.parts["31-90"] == 10000
    report = debtors_report(ledger, dt.date(2025, 3, 31))
    assert sum(report.totals) == arrears.value
    assert report.totals[:2] == [20000, 10000]


def test_coverage_counts_active_households(ledger):
    coverage = collect_figures(ledger, parse_period("2025-03"), TODAY)["coverage"]["water"]
    assert coverage.parts["households"] == 3  # the archived one left in January
    assert coverage.value == Decimal("66.7")


def test_payments_today_and_month_net_of_voids(ledger):
    figures = collect_figures(ledger, parse_period("2025-03"), dt.date(2025, 3, 13))
    assert figures["payments_today"].value == -5000  # only the void falls on that day
    assert figures["payments_month"].value == 10000
    assert figures["payments_month"].parts["receipts"] == 2


def test_feedback_handling_at_the_period_end(ledger):
    fb = collect_figures(ledger, parse_period("2025-03"), TODAY)["feedback"]
    assert fb["received"].value == 3
    assert fb["open"].value == 1 and fb["overdue"].value == 0  # due 3 April
    # entry 1 on time, entry 2 late; entry 3 not judged yet
    assert fb["resolved_on_time"].value == Decimal("50.0")
    assert fb["median_days"].value == Decimal("11.0")  # 4 and 18 days


def test_period_texts():
    assert parse_period("2025-Q2").first == dt.date(2025, 4, 1)
    assert parse_period("2025-Q1").previous().label == "2024-Q4"
    assert parse_period("2024").previous().label == "2023"
    assert parse_period("2025-03").previous().label == "2025-02"
    with pytest.raises(ValidationError, match="YYYY-MM"):
        parse_period("March")


@pytest.fixture
def office_file(data_dir, _office_template):
    """The small demo office copied into the data folder, not held open (the CLI opens it)."""
    import shutil

    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_office_template, data_dir / "aimak.sqlite")


def test_cli_indicators_json(office_file, capsys):
    from aimak_desktop.cli.main import main

    today = dt.date.today()
    last = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    assert main(["--lang", "en", "indicators", "--period", last, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["period"] == last
    assert Decimal(data["indicators"]["collection_rate"]["value"]) > 0


def test_council_report_pdf_in_both_languages(office_file, tmp_path):
    from pypdf import PdfReader

    from aimak_desktop.cli.main import main

    out = tmp_path / "council.pdf"
    year = str(dt.date.today().year)
    assert (
        main(
            [
                "--lang",
                "en",
                "report",
                "council",
                "--period",
                year,
                "--out",
                str(out),
                "--lang",
                "both",
            ]
        )
        == 0
    )
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert year in text and str(int(year) - 1) in text
    assert "ө" in text  # Kyrgyz letters render (the office name)
