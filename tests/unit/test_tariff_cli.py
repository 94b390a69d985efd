"""`aimak tariff calc` on the documented example file."""

from __future__ import annotations

import json

from aimak_desktop.cli.main import main
from tests.unit.test_tariff_pdf import EXAMPLE


def test_calc_prints_the_headline_figures(capsys):
    assert main(["--lang", "en", "tariff", "calc", "--input", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ")
    assert "Required revenue a year: 875,848.00 som" in out
    assert "Full-cost tariff: 32.44 som per m³" in out
    assert "cost coverage 46.24 %" in out
    assert "Monthly bill of a typical household: 224.12 som" in out
    assert "0.90 % of household income (threshold 3 %): affordable" in out
    assert "year 1: 19.83 som" in out and "year 3: 29.49 som (covers 100 %)" in out


def test_calc_json_and_pdf(capsys, tmp_path):
    pdf = tmp_path / "out" / "tariff.pdf"
    code = main(
        [
            "--lang",
            "en",
            "tariff",
            "calc",
            "--input",
            str(EXAMPLE),
            "--out",
            str(pdf),
            "--lang",
            "both",
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    assert data["required_revenue"] == "875848.00"
    assert data["full_cost_tariff"] == "32.44"
    assert data["coverage_pct"] == "46.24"
    assert data["monthly_bill"] == "224.12"
    assert data["affordability_pct"] == "0.90" and data["affordable"] is True
    assert [p["tariff"] for p in data["phases"]] == ["19.83", "24.66", "29.49"]
    assert data["pdf"] == str(pdf) and pdf.stat().st_size > 10_000


def test_bad_input_is_one_line_naming_the_field(capsys, tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["losses_pct"] = 140
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--lang", "en", "tariff", "calc", "--input", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "aimak: Losses, % (losses_pct) must be between 0 and 100%."

    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["tarif"] = 3
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--lang", "en", "tariff", "calc", "--input", str(bad), "--json"]) == 1
    reply = json.loads(capsys.readouterr().out)
    assert reply["ok"] is False and "Unknown key tarif" in reply["error"]


def test_unreadable_or_broken_file(capsys, tmp_path):
    assert main(["--lang", "en", "tariff", "calc", "--input", str(tmp_path / "none.json")]) == 1
    assert "Cannot read" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{"unit": ', encoding="utf-8")
    assert main(["--lang", "en", "tariff", "calc", "--input", str(broken)]) == 1
    assert "is not valid JSON (line 1" in capsys.readouterr().err
