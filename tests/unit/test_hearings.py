"""Hearings: planning, status workflow, budget lines, participants, tallies, proposals, files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aimak_desktop.errors import NotFound, PermissionDenied, ValidationError
from aimak_desktop.services import attachments, hearing_budget, hearing_proposals, hearings
from aimak_desktop.services.hearings import HearingInput, ParticipantInput
from tests.conftest import actor_for


def _hearing(session, actor, **kw):
    data = {"kind": "draft_budget", "held_on": dt.date(2024, 7, 1), "place": "Маданият үйү"}
    data.update(kw)
    return hearings.create_hearing(session, actor, HearingInput(**data))


def _people(n: int, gender: str = "f", age: str = "adult") -> list[ParticipantInput]:
    return [ParticipantInput(f"Асанова Айгүл {i}", gender, age) for i in range(n)]


def test_create_hearing_defaults_year_and_starts_planned(office, admin):
    h = _hearing(office, admin, start_time="9.30")
    assert (h.year, h.status, h.start_time) == (2025, "planned", "09:30")
    assert hearings.list_hearings(office)[0].held_on >= h.held_on


def test_hearing_without_place_is_refused(office, admin):
    with pytest.raises(ValidationError, match="place of the hearing"):
        _hearing(office, admin, place="  ")


def test_status_moves_forward_only(office, admin):
    h = _hearing(office, admin)
    hearings.set_hearing_status(office, admin, h.id, "held", today=dt.date(2024, 7, 2))
    hearings.set_hearing_status(office, admin, h.id, "minutes_signed", today=dt.date(2024, 7, 2))
    with pytest.raises(ValidationError, match="cannot go back"):
        hearings.set_hearing_status(office, admin, h.id, "held", today=dt.date(2024, 7, 2))
    assert office.get(type(h), h.id).status == "minutes_signed"


def test_future_hearing_cannot_be_marked_held(office, admin):
    h = _hearing(office, admin, held_on=dt.date(2030, 6, 1))
    with pytest.raises(ValidationError, match="in the future: it cannot be marked as held"):
        hearings.set_hearing_status(office, admin, h.id, "held", today=dt.date(2029, 1, 1))
    assert hearings.get_hearing(office, h.id).status == "planned"


def test_mentor_and_accountant_cannot_write_hearings(office):
    for user in ("mentor", "kassa"):
        with pytest.raises(PermissionDenied):
            _hearing(office, actor_for(office, user))
    assert _hearing(office, actor_for(office, "clerk")).status == "planned"


def test_negative_tally_is_refused_and_nothing_saved(office, admin):
    h = _hearing(office, admin)
    with pytest.raises(ValidationError, match="cannot be negative"):
        hearings.add_tally(office, admin, h.id, {"women_youth": 5, "men_adult": -2})
    assert hearings.tallies(office, h.id) == []


def test_participants_are_appended_and_voided(office, admin):
    h = _hearing(office, admin)
    ids = hearings.add_participants(office, admin, h.id, _people(3))
    hearings.void_participant(office, admin, ids[0], "entered twice")
    assert [p.id for p in hearings.participants(office, h.id)] == ids[1:]
    with pytest.raises(ValidationError, match="Participant 2: please fill in the full name"):
        hearings.add_participants(
            office, admin, h.id, [*_people(1), ParticipantInput(" ", "f", "youth")]
        )
    assert len(hearings.participants(office, h.id)) == 2


def test_empty_proposal_is_refused(office, admin):
    h = _hearing(office, admin)
    with pytest.raises(ValidationError, match="text of the proposal: it cannot be empty"):
        hearing_proposals.add_proposal(office, admin, h.id, "   ")
    assert hearing_proposals.proposals(office, h.id) == []


def test_votes_above_attendance_are_refused(office, admin):
    h = _hearing(office, admin)
    hearings.add_participants(office, admin, h.id, _people(4))
    hearings.add_tally(office, admin, h.id, {"men_adult": 6})
    with pytest.raises(ValidationError, match="add up to 11, but only 10 people attended"):
        hearing_proposals.add_proposal(office, admin, h.id, "Суу түтүгү", votes=(6, 3, 2))
    p = hearing_proposals.add_proposal(office, admin, h.id, "Суу түтүгү", votes=(6, 3, 1))
    with pytest.raises(ValidationError, match="only 10 people attended"):
        hearing_proposals.update_proposal(office, admin, p.id, votes_for=9)
    assert hearing_proposals.get_proposal(office, p.id).votes_for == 6


def test_proposal_history_keeps_latest_state(office, admin):
    h = _hearing(office, admin)
    line = hearing_budget.add_budget_line(office, admin, h.id, "expense", "Суу", "120 000")
    p = hearing_proposals.add_proposal(
        office, admin, h.id, "Көчө жарыгы", author="Төлөгөнов Бакыт", budget_line_id=line.id
    )
    hearing_proposals.update_proposal(office, admin, p.id, status="included", priority=2)
    view = hearing_proposals.update_proposal(
        office,
        admin,
        p.id,
        status="implemented",
        response="Аткарылды",
        response_date=dt.date(2024, 9, 1),
    )
    assert (view.status, view.progress, view.priority, view.budget_line) == (
        "implemented",
        100,
        2,
        "Суу",
    )
    assert view.response_date == dt.date(2024, 9, 1)
    with pytest.raises(ValidationError, match="0 to 100"):
        hearing_proposals.update_proposal(office, admin, p.id, progress=120)


def test_budget_lines_typed_and_imported_from_xlsx(office, admin, tmp_path: Path):
    from openpyxl import Workbook

    h = _hearing(office, admin)
    hearing_budget.add_budget_line(
        office, admin, h.id, "revenue", "Теңдештирүүчү грант", "1 234,50"
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["Түрү", "Берене", "Сумма"])
    sheet.append(["Доходы", "Жайыт үчүн төлөм", 5000])
    sheet.append(["Чыгашалар", "Таштанды чыгаруу", "2 500,75"])
    book.save(tmp_path / "budget.xlsx")
    assert hearing_budget.import_budget_xlsx(office, admin, h.id, tmp_path / "budget.xlsx") == 2
    lines = {(b.direction, b.name): b.planned for b in hearing_budget.budget_lines(office, h.id)}
    assert lines == {
        ("revenue", "Теңдештирүүчү грант"): 123450,
        ("revenue", "Жайыт үчүн төлөм"): 500000,
        ("expense", "Таштанды чыгаруу"): 250075,
    }
    sheet.append(["expense", "Жол", "abc"])
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(ValidationError, match="Row 4: abc is not an amount"):
        hearing_budget.import_budget_xlsx(office, admin, h.id, tmp_path / "bad.xlsx")
    assert len(hearing_budget.budget_lines(office, h.id)) == 3


def test_attachments_stored_by_hash_listed_and_opened(office, admin, tmp_path: Path):
    h = _hearing(office, admin)
    scan = tmp_path / "буйрук.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned order")
    a1 = attachments.attach_to_hearing(office, admin, h.id, scan)
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(scan.read_bytes())
    attachments.attach_to_hearing(office, admin, h.id, copy)
    listed = attachments.list_attachments(office, h.id)
    assert [a.filename for a in listed] == ["буйрук.pdf", "copy.pdf"]
    path = attachments.attachment_path(office, a1.id)
    assert path.name == a1.sha256 and path.read_bytes() == scan.read_bytes()
    assert len([p for p in path.parent.iterdir() if not p.name.startswith(".")]) == 1


def test_unreadable_attachment_gives_clear_message(office, admin, tmp_path: Path):
    h = _hearing(office, admin)
    with pytest.raises(ValidationError, match="cannot be read"):
        attachments.attach_to_hearing(office, admin, h.id, tmp_path / "missing.pdf")
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    with pytest.raises(ValidationError, match="cannot be read"):
        attachments.attach_to_hearing(office, admin, h.id, folder)
    assert attachments.list_attachments(office, h.id) == []


def test_attachment_missing_on_this_pc(office, admin, tmp_path: Path):
    h = _hearing(office, admin)
    scan = tmp_path / "act.png"
    scan.write_bytes(b"png")
    a = attachments.attach_to_hearing(office, admin, h.id, scan)
    attachments.stored_path(a.sha256).unlink()
    with pytest.raises(NotFound, match="not on this PC"):
        attachments.attachment_path(office, a.id)
