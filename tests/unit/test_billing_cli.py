"""`aimak billing run|pay|void|day-close|report debtors` through the real entry point."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from aimak_desktop.cli.main import main as _main


def main(argv: list[str]) -> int:
    return _main(["--lang", "en", *argv])


@pytest.fixture
def demo(capsys):
    assert main(["demo", "--households", "30", "--seed", "5"]) == 0
    capsys.readouterr()


def _json(capsys, argv: list[str], code: int = 0) -> dict:
    assert main([*argv, "--json"]) == code
    return json.loads(capsys.readouterr().out)


def test_run_pay_void_close_and_debtors(demo, capsys, tmp_path):
    period = dt.date.today().strftime("%Y-%m")
    preview = _json(capsys, ["billing", "run", "--period", period, "--dry-run"])
    assert preview["dry_run"] and preview["count"] > 0
    done = _json(capsys, ["billing", "run", "--period", period])
    assert (done["count"], done["total"]) == (preview["count"], preview["total"])
    again = _json(capsys, ["billing", "run", "--period", period], code=1)
    assert again["error"] == f"{period} is already billed: nothing new to charge."

    paid = _json(capsys, ["pay", "--account", "A000003", "--amount", "150,50", "--method", "qr"])
    assert paid["amount"] == 15050 and paid["method"] == "qr"
    assert paid["receipt_no"].startswith(f"A-{dt.date.today().year}-")
    bad = _json(capsys, ["pay", "--account", "A000003", "--amount", "1,234"], code=1)
    assert "at most two digits after the decimal mark" in bad["error"]
    huge = _json(capsys, ["pay", "--account", "A000003", "--amount", "2000000"], code=1)
    assert "Check it and confirm" in huge["error"]
    assert _json(capsys, ["pay", "--account", "A000003", "--amount", "2000000", "--confirm"])["ok"]

    void = _json(capsys, ["void", "--number", paid["receipt_no"], "--reason", "wrong account"])
    assert void == {
        "ok": True,
        "receipt_no": paid["receipt_no"],
        "amount": 15050,
        "reason": "wrong account",
    }
    closed = _json(capsys, ["day-close"])
    assert closed["receipts"] == 2 and [v["receipt_no"] for v in closed["voids"]] == [
        paid["receipt_no"]
    ]
    twice = _json(capsys, ["day-close"], code=1)
    assert "already closed" in twice["error"]

    out = tmp_path / "debtors.xlsx"
    report = _json(capsys, ["report", "debtors", "--out", str(out)])
    assert report["households"] > 0 and out.exists()
    assert load_workbook(out).active.max_row >= report["rows"] + 2
