"""Participation statistics: exact percentages from known inputs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from aimak_desktop.services import hearing_stats, hearings
from aimak_desktop.services.hearing_stats import percent
from aimak_desktop.services.hearings import HearingInput, ParticipantInput


def _hearing(session, actor, day: dt.date):
    return hearings.create_hearing(
        session, actor, HearingInput(kind="execution_report", held_on=day, place="Зал")
    )


def test_percent_rounds_half_up_to_one_place():
    assert percent(1, 8) == Decimal("12.5")
    assert percent(49, 400) == Decimal("12.3")  # 12.25 -> 12.3 (half up, not to even)
    assert percent(2, 3) == Decimal("66.7")
    assert percent(0, 0) == Decimal("0.0")


def test_named_plus_tallied_gives_exact_shares(office, admin):
    from sqlalchemy import select

    from aimak_desktop.models.register import Village

    first, second = office.scalars(select(Village).order_by(Village.name).limit(2)).all()
    h = _hearing(office, admin, dt.date(2024, 2, 10))
    people = [ParticipantInput("Айгүл", "f", "youth", first.id)] * 3
    people += [ParticipantInput("Бакыт", "m", "senior", first.id, flags=("pensioner",))] * 2
    people += [ParticipantInput("Нурлан", "m", "adult", second.id, role="deputy")] * 3
    hearings.add_participants(office, admin, h.id, people)
    hearings.add_tally(
        office,
        admin,
        h.id,
        {"women_youth": 4, "women_adult": 10, "men_adult": 15, "men_youth": 2},
        village_id=second.id,
    )
    s = hearing_stats.participation(office, h.id)
    assert (s.total, s.named, s.tallied) == (39, 8, 31)
    assert (s.women, s.men, s.youth, s.seniors) == (17, 22, 9, 2)
    assert s.pct_women == Decimal("43.6")  # 17/39 = 43.589...
    assert s.pct_youth == Decimal("23.1")  # 9/39 = 23.076...
    assert s.vulnerable == 2 and s.by_role["deputy"] == 3
    assert [(v.name, v.count, v.share) for v in s.by_village] == [
        (second.name, 34, Decimal("87.2")),
        (first.name, 5, Decimal("12.8")),
    ]


def test_comparison_with_earlier_hearings(office, admin):
    for demo in hearings.list_hearings(office):  # leave only this test's hearings
        hearings.archive_hearing(office, admin, demo.id)
    early = _hearing(office, admin, dt.date(2023, 2, 1))
    hearings.add_tally(office, admin, early.id, {"women_adult": 1, "men_adult": 3})
    late = _hearing(office, admin, dt.date(2024, 2, 1))
    hearings.add_tally(office, admin, late.id, {"women_youth": 2, "men_adult": 2})
    rows = hearing_stats.compare_with_earlier(office, late.id)
    assert [(r.total, r.pct_women, r.pct_youth) for r in rows] == [
        (4, Decimal("25.0"), Decimal("0.0")),
        (4, Decimal("50.0"), Decimal("50.0")),
    ]
    assert rows[0].change_women is None
    assert (rows[1].change_women, rows[1].change_youth) == (Decimal("25.0"), Decimal("50.0"))


def test_demo_hearings_and_feedback_look_real(office):
    import statistics

    from aimak_desktop.services import feedback

    held = [h for h in hearings.list_hearings(office) if h.status != "planned"]
    assert sorted(h.kind for h in held) == ["draft_budget"] * 2 + ["execution_report"] * 2
    for h in held:
        s = hearing_stats.participation(office, h.id)
        assert s.named and s.tallied
        assert Decimal("33") <= s.pct_women <= Decimal("43"), s.pct_women
        assert Decimal("18") <= s.pct_youth <= Decimal("31"), s.pct_youth
    views = feedback.list_feedback(office)
    assert 140 <= len(views) <= 160
    days = [v.days_to_close for v in views if v.status == "resolved"]
    assert len(days) > len(views) * 0.7 and 6 <= statistics.median(days) <= 11
    assert any(v.is_overdue() for v in views)
