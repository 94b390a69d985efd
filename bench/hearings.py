"""Hearing documents: `minutes_pdf_500`.

The minutes of a hearing with 500 named participants (plus a tally), 60 proposals with votes and
responses and 8 speakers, rendered to PDF in Kyrgyz. Target <= 1 s (1000 ms). The office is
built once per benchmark run in its own folder; each measurement renders the PDF again.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.core import Figure, workdir

PARTICIPANTS = 500
PROPOSALS = 60


@functools.cache
def _office() -> tuple[Any, Any, Any]:
    """(database, session, hearing id) of a small demo office with the big hearing."""
    import random

    from aimak_desktop.db import open_database
    from aimak_desktop.models.hearings import AgeGroup, ParticipantRole
    from aimak_desktop.models.register import Gender
    from aimak_desktop.services import hearing_proposals, hearings
    from aimak_desktop.services.auth import SYSTEM
    from aimak_desktop.services.demo import create_demo_office, person_name

    folder = Path(tempfile.mkdtemp(prefix="hearing-bench-", dir=workdir()))
    db = open_database(folder, lock=False)
    session = db.session()
    create_demo_office(session, households=60, seed=3)
    rng = random.Random(5)
    hearing = hearings.create_hearing(
        session,
        SYSTEM,
        hearings.HearingInput(
            kind="draft_budget",
            held_on=dt.date(2024, 7, 10),
            place="Маданият үйү",
            start_time="10:00",
            calling_act="Буйрук №12",
            draft_title="2025-жылдын бюджети",
            chair_name="Осмонов Бакыт",
            secretary_name="Сыдыкова Нургүл",
        ),
    )
    people = [
        hearings.ParticipantInput(
            person_name(rng, gender),
            gender.value,
            rng.choice(list(AgeGroup)).value,
            role=rng.choice(list(ParticipantRole)).value,
        )
        for gender in (rng.choice(list(Gender)) for _ in range(PARTICIPANTS))
    ]
    hearings.add_participants(session, SYSTEM, hearing.id, people)
    hearings.add_tally(session, SYSTEM, hearing.id, {"women_adult": 40, "men_adult": 60})
    for i in range(8):
        hearings.add_speaker(
            session,
            SYSTEM,
            hearing.id,
            f"Баяндамачы {i + 1}",
            "Суу түтүктөрү, көчө жарыгы жана таштанды чыгаруу боюнча ой-пикирлер. " * 3,
        )
    for i in range(PROPOSALS):
        proposal = hearing_proposals.add_proposal(
            session,
            SYSTEM,
            hearing.id,
            f"Сунуш №{i + 1}: көчөлөрдү жарыктандыруу жана оңдоо",
            author=person_name(rng, Gender.FEMALE),
            votes=(300, 100, 50),
            priority=i + 1,
        )
        hearing_proposals.update_proposal(
            session, SYSTEM, proposal.id, status="included", response="Бюджетке киргизилди."
        )
    return db, session, hearing.id


def measure_minutes() -> float:
    """Seconds to render the minutes PDF once."""
    from aimak_desktop.reports.hearing_minutes import render_minutes

    _db, session, hearing_id = _office()
    out = Path(tempfile.mkdtemp(prefix="minutes-", dir=workdir())) / "minutes.pdf"
    start = time.perf_counter()
    render_minutes(session, hearing_id, out, "ky")
    return time.perf_counter() - start


def run() -> float:
    """One measurement in seconds (for callers outside the harness)."""
    return measure_minutes()


def _figure() -> tuple[float, float | None]:
    return measure_minutes() * 1000, None


FIGURES = (
    Figure(
        id="minutes_pdf_500",
        unit="ms",
        target="<= 1000",
        run=_figure,
        description="minutes PDF: 500 named participants, 60 proposals",
    ),
)


if __name__ == "__main__":  # quick look without the harness: python -m bench.hearings
    print(f"minutes_pdf_500 {measure_minutes():.3f} s")
