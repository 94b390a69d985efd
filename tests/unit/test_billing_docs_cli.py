"""`aimak receipt`, `aimak verify-receipt` and `aimak bills` through the real entry point.

They read their data from services.billing_views (the ledger's read side); until it exists the
tests that need it skip with the reason.
"""

from __future__ import annotations

import json

import pytest

from aimak_desktop.cli.main import main as _main
from aimak_desktop.reports.doc_common import translate
from tests.unit.test_billing_docs import page_count, pdf_text

VIEWS = "aimak_desktop.services.billing_views"
NO_VIEWS = "services/billing_views.py (the ledger's read side) is not written yet"


def main(argv: list[str]) -> int:
    return _main(["--lang", "en", *argv])


def _json(capsys, argv: list[str], code: int = 0) -> dict:
    assert main([*argv, "--json"]) == code
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def receipt(request, office, admin):
    """A payment taken in the demo office: (receipt number, amount, day, office key)."""
    pytest.importorskip(VIEWS, reason=NO_VIEWS)
    from sqlalchemy import select

    from aimak_desktop.models.register import Household
    from aimak_desktop.services.office import get_local_device
    from aimak_desktop.services.payments import take_payment

    household = office.scalars(select(Household).order_by(Household.account_no)).first()
    taken = take_payment(office, admin, household.id, 123450)
    key = get_local_device(office).office_key
    _release(request, office)
    return taken.receipt_no, 123450, taken.payment.day, key


def _release(request, session) -> None:
    """Close the test's own connection so the command can open the office (one opener only)."""
    session.close()
    request.getfixturevalue("db").close()


def test_bad_period_is_refused_before_anything_else(capsys):
    data = _json(capsys, ["bills", "--period", "2026-13", "--out", "x.pdf"], code=1)
    assert data == {"ok": False, "error": "2026-13 is not a month. Write it like 2026-03."}


def test_receipt_reprint_is_marked_as_a_copy(receipt, capsys, tmp_path):
    number, amount, _day, _key = receipt
    out = tmp_path / "copy.pdf"
    data = _json(
        capsys,
        ["receipt", "--number", number, "--pdf", str(out), "--format", "58mm", "--lang", "both"],
    )
    assert data["copy"] is True and data["receipt_no"] == number and data["amount"] == amount
    text = pdf_text(out)
    assert translate("both", "COPY") in text
    assert number in text and "1 234,50" in " ".join(text.split())


def test_verify_receipt_accepts_the_printed_code_only(receipt, capsys):
    from aimak_desktop.services.receipt_code import receipt_code

    number, amount, day, key = receipt
    code = receipt_code(key, number, amount, day)
    good = _json(capsys, ["verify-receipt", "--number", number, "--code", code.lower()])
    assert good["valid"] is True and good["amount"] == amount
    # the code of another amount, and the real code against an altered amount
    forged = receipt_code(key, number, amount + 10000, day)
    bad = _json(capsys, ["verify-receipt", "--number", number, "--code", forged], code=1)
    assert "does NOT match" in bad["error"] and number in bad["error"]
    altered = ["verify-receipt", "--number", number, "--code", code, "--amount", "1334,50"]
    assert "not genuine" in _json(capsys, altered, code=1)["error"]


def test_verify_unknown_receipt_says_so(request, office, capsys):
    pytest.importorskip(VIEWS, reason=NO_VIEWS)
    _release(request, office)
    data = _json(capsys, ["verify-receipt", "--number", "ZZ-2026-999999", "--code", "AAAA"], 1)
    assert data["error"] == "There is no receipt number ZZ-2026-999999."


def test_bills_for_a_billed_month(request, office, capsys, tmp_path):
    views = pytest.importorskip(VIEWS, reason=NO_VIEWS)
    from sqlalchemy import func, select

    from aimak_desktop.models.billing import Charge

    period = office.scalar(select(func.max(Charge.period)).where(func.length(Charge.period) == 7))
    if period is None:
        pytest.skip("the demo office has no monthly charges yet")
    expected = len(views.bill_data(office, period, None))
    _release(request, office)
    out = tmp_path / "bills.pdf"
    data = _json(capsys, ["bills", "--period", period, "--out", str(out)])
    assert data["bills"] == expected > 0
    assert page_count(out) == -(-expected // 3)
