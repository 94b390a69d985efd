"""Wrong clocks (years ahead, behind, jumping back) are flagged, never block, copies converge."""

from __future__ import annotations

import time

from sqlalchemy import select

from aimak_desktop.models import Household, Village
from aimak_desktop.services.write_path import write
from aimak_desktop.sync import clock
from aimak_desktop.sync.status import sync_status

YEAR_MS = 365 * 24 * 3600 * 1000


def set_clock(monkeypatch, offset_ms: int) -> None:
    monkeypatch.setattr(clock, "now_ms", lambda: time.time_ns() // 1_000_000 + offset_ms)


def test_clock_years_ahead_behind_and_jumping_back(make_pc, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    hh = a.session.scalars(select(Household).limit(1)).one().id
    a.session.commit()

    set_clock(monkeypatch, 3 * YEAR_MS)  # A's clock is three years ahead
    with write(a.session, a.admin(), "household.update"):
        a.session.get(Household, hh).phone = "ahead"
    a.run(usb)
    set_clock(monkeypatch, -2 * YEAR_MS)  # ... then jumps back two years behind
    with write(a.session, a.admin(), "village.create"):
        a.session.add(Village(name="written after the jump"))
    with write(a.session, a.admin(), "household.update"):
        a.session.get(Household, hh).phone = "after the jump"
    a.run(usb)
    monkeypatch.undo()

    report = b.run(usb)
    assert report.applied > 0 and not report.held
    warnings = sync_status(b.session)["clock_warnings"]
    assert warnings and warnings[0]["offset_ms"] > YEAR_MS  # flagged as far ahead
    # B's own clock is right; its edit still gets a later stamp than everything it saw.
    with write(b.session, b.admin(), "household.update"):
        b.session.get(Household, hh).phone = "B last"
    b.run(usb)
    a.run(usb)
    assert a.session.get(Household, hh).phone == b.session.get(Household, hh).phone == "B last"
    assert a.count(Village, Village.name == "written after the jump") == 1
    assert a.fingerprint() == b.fingerprint()
