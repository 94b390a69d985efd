"""Hearing documents (text read back with pypdf) and the hearing CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from aimak_desktop.cli.main import main
from aimak_desktop.errors import ValidationError
from aimak_desktop.reports.hearing_minutes import render_minutes
from aimak_desktop.reports.hearing_poster import render_poster
from aimak_desktop.reports.hearing_sheets import render_attendance_sheet, render_proposals_report
from aimak_desktop.services import hearing_budget, hearing_proposals, hearings
from aimak_desktop.services.hearings import HearingInput, ParticipantInput


def _text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


@pytest.fixture
def held(office, admin):
    h = hearings.create_hearing(
        office,
        admin,
        HearingInput(
            kind="draft_budget",
            held_on=dt.date(2024, 7, 5),
            place="Маданият үйү",
            start_time="10:00",
            calling_act="Буйрук №17",
            draft_title="Бюджеттин долбоору",
            chair_name="Осмонов Бакыт",
            secretary_name="Сыдыкова Нургүл",
        ),
    )
    people = [ParticipantInput("Өмүрзакова Күмүш", "f", "youth")] * 3
    people += [ParticipantInput("Төлөгөнов Ңурлан", "m", "adult")] * 5
    hearings.add_participants(office, admin, h.id, people)
    hearings.add_speaker(
        office, admin, h.id, "Жээнбеков Үсөн", "Суу түтүктөрү эскирди, жаңы түтүк керек"
    )
    hearing_budget.add_budget_line(
        office, admin, h.id, "revenue", "Теңдештирүүчү грант", 500_000_00
    )
    hearing_budget.add_budget_line(office, admin, h.id, "expense", "Ичүүчү суу", 300_000_00)
    hearing_proposals.add_proposal(
        office, admin, h.id, "Көчө жарыгын орнотуу", votes=(5, 2, 1), priority=1
    )
    return h


def test_minutes_hold_statistics_and_kyrgyz_letters(office, held, tmp_path):
    out = render_minutes(office, held.id, tmp_path / "m.pdf", "ky")
    text = _text(out)
    assert "37.5%" in text  # 3 women of 8
    assert "Буйрук №17" in text and "Маданият үйү" in text
    assert "Көчө жарыгын орнотуу" in text and "Суу түтүктөрү эскирди" in text
    assert all(letter in text for letter in "өүң")
    assert "Осмонов Бакыт" in text and "Сыдыкова Нургүл" in text


def test_minutes_in_both_languages_and_bad_language(office, held, tmp_path):
    text = _text(render_minutes(office, held.id, tmp_path / "b.pdf", "both"))
    assert "5-июль 2024-ж. / 5 июля 2024 г." in text
    with pytest.raises(ValidationError, match="ky, ru or both"):
        render_minutes(office, held.id, tmp_path / "x.pdf", "de")
    assert not (tmp_path / "x.pdf").exists()


def test_poster_sheet_and_proposals_report(office, admin, held, tmp_path):
    poster = _text(render_poster(office, held.id, tmp_path / "p.pdf", "ky"))
    assert "500 000,00 сом" in poster and "Теңдештирүүчү грант" in poster
    sheet = render_attendance_sheet(office, held.id, tmp_path / "s.pdf", "ru", rows=40)
    assert "40" in _text(sheet).split() and len(PdfReader(sheet).pages) >= 1
    hearing_proposals.update_proposal(
        office,
        admin,
        hearing_proposals.proposals(office, held.id)[0].id,
        status="included",
        response="Бюджетке киргизилди",
        response_date=dt.date(2024, 8, 1),
    )
    report = _text(render_proposals_report(office, held.id, tmp_path / "r.pdf", "ky"))
    assert "01.08.2024: Бюджетке киргизилди" in report


def test_cli_hearing_list_stats_minutes(office, held, db, data_dir, capsys, tmp_path):
    office.close()
    db.close()  # the CLI opens the office itself
    assert main(["--lang", "en", "--data-dir", str(data_dir), "hearing", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["hearings"]
    ours = next(h for h in listed if h["id"] == str(held.id))
    assert (ours["attended"], ours["pct_women"]) == (8, "37.5")
    assert (
        main(
            [
                "--lang",
                "en",
                "--data-dir",
                str(data_dir),
                "hearing",
                "stats",
                "--id",
                str(held.id)[:13],
            ]
        )
        == 0
    )
    assert "Women: 3 (37.5%)" in capsys.readouterr().out
    out = tmp_path / "cli.pdf"
    args = ["--lang", "en", "--data-dir", str(data_dir), "hearing", "minutes", "--id", str(held.id)]
    assert main([*args, "--out", str(out), "--lang", "both", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["file"] == str(out)
    assert "37.5%" in _text(out)


def test_cli_unknown_hearing(office, db, data_dir, capsys):
    office.close()
    db.close()
    code = main(
        ["--lang", "en", "--data-dir", str(data_dir), "hearing", "stats", "--id", "nope", "--json"]
    )
    assert code == 1
    assert "No hearing with this id" in json.loads(capsys.readouterr().out)["error"]
