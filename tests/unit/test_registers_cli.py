"""`aimak households|services|tariffs` commands, through the real entry point."""

from __future__ import annotations

import json

import pytest

from aimak_desktop.cli.main import main as _main


def main(argv: list[str]) -> int:
    """The CLI with English messages (the default language is Kyrgyz)."""
    return _main(["--lang", "en", *argv])


@pytest.fixture
def demo(capsys):
    assert main(["demo", "--households", "30", "--seed", "5"]) == 0
    capsys.readouterr()


def _json(capsys, argv: list[str], code: int = 0) -> dict:
    assert main([*argv, "--json"]) == code
    return json.loads(capsys.readouterr().out)


def test_households_list_search_and_village(demo, capsys):
    data = _json(capsys, ["households", "list"])
    assert data["total"] == 30 and len(data["households"]) == 30
    first = data["households"][0]
    found = _json(capsys, ["households", "list", "--search", first["account_no"].lower()])
    assert [h["account_no"] for h in found["households"]] == [first["account_no"]]
    in_village = _json(
        capsys, ["households", "list", "--village", first["village"], "--limit", "3"]
    )
    assert len(in_village["households"]) == 3
    assert {h["village"] for h in in_village["households"]} == {first["village"]}
    missing = _json(capsys, ["households", "list", "--village", "Атлантида"], code=1)
    assert missing == {"ok": False, "error": "The village Атлантида does not exist."}


def test_households_add_then_listed(demo, capsys):
    village = _json(capsys, ["households", "list", "--limit", "1"])["households"][0]["village"]
    added = _json(
        capsys,
        [
            "households",
            "add",
            "--name",
            "Токтогулова Ӊазира",
            "--village",
            village,
            "--street",
            "Жаңы",
            "--house",
            "4",
            "--residents",
            "3",
            "--phone",
            "0772 123 456",
            "--category",
            "pensioner",
            "--gender",
            "f",
        ],
    )
    assert added["account_no"] == "A000031" and added["phone"] == "+996 772 123 456"
    listed = _json(capsys, ["households", "list", "--search", "ңазира"])
    assert [h["head_name"] for h in listed["households"]] == ["Токтогулова Ӊазира"]
    assert main(["households", "list", "--search", "ңазира"]) == 0
    text = capsys.readouterr().out
    assert "A000031" in text and "1 of 1 households" in text


def test_households_add_bad_input_says_why(demo, capsys):
    bad = _json(
        capsys,
        ["households", "add", "--name", "Х", "--village", "Атлантида"],
        code=1,
    )
    assert bad["error"] == "The village Атлантида does not exist. Add it first."
    assert main(["households", "add", "--name", "Х", "--village", "x", "--residents", "2.5"]) == 1
    assert "whole number from 0 to 50" in capsys.readouterr().err


def test_mentor_cannot_add_households(demo, capsys, monkeypatch):
    monkeypatch.setenv("AIMAK_PASSWORD", "demo123")
    village = _json(capsys, ["households", "list", "--limit", "1"])["households"][0]["village"]
    refused = _json(
        capsys,
        ["--user", "mentor", "households", "add", "--name", "Х", "--village", village],
        code=1,
    )
    assert "does not allow this" in refused["error"]
    allowed = _json(
        capsys, ["--user", "clerk", "households", "add", "--name", "Х", "--village", village]
    )
    assert allowed["account_no"] == "A000031"


def test_services_and_tariffs_lists(demo, capsys):
    services = _json(capsys, ["services", "list"])["services"]
    assert [s["code"] for s in services] == ["hall", "irrigation", "waste", "water", "water_meter"]
    assert all(s["penalty_enabled"] is False for s in services if s["code"] != "waste")
    tariffs = _json(capsys, ["tariffs", "list", "--service", "waste"])["tariffs"]
    current = [t for t in tariffs if t["category"] == "all" and t["valid_to"] is None]
    assert [(t["amount"], t["toktom_no"], t["valid_from"]) for t in current] == [
        (2500, "23/4", "2023-03-01")
    ]
    assert main(["tariffs", "list", "--service", "water"]) == 0
    assert "20.00" in capsys.readouterr().out  # street tap, 20 som per person
    unknown = _json(capsys, ["tariffs", "list", "--service", "gas"], code=1)
    assert "no service with the code gas" in unknown["error"]
