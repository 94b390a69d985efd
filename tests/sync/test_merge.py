"""Merge rules: last writer wins per field, conflicts, quarantine, rows arriving out of order."""

from __future__ import annotations

import shutil

from sqlalchemy import select

from aimak_desktop.models import AuditEntry, Household, Street, User, Village
from aimak_desktop.services.users import add_user
from aimak_desktop.services.write_path import write
from aimak_desktop.sync.conflicts import (
    KEEP_MINE,
    list_conflicts,
    list_quarantine,
    resolve_conflict,
)
from aimak_desktop.sync.exchange import import_bundles


def first_household(pc) -> Household:
    row = pc.session.scalars(select(Household).order_by(Household.account_no).limit(1)).one()
    pc.session.commit()
    return row


def edit(pc, household_id, **fields):
    with write(pc.session, pc.admin(), "household.update"):
        row = pc.session.get(Household, household_id)
        for key, value in fields.items():
            setattr(row, key, value)


def test_concurrent_edits_merge_per_field_and_the_loser_is_listed(make_pc, tmp_path):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    hh = first_household(a).id
    edit(a, hh, phone="+996 700 000 001")
    edit(b, hh, phone="+996 555 000 002", house="99")  # later stamp: B's phone wins
    a.run(usb)
    b.run(usb)
    a.run(usb)
    assert a.fingerprint() == b.fingerprint()
    merged = (a.session.get(Household, hh).phone, a.session.get(Household, hh).house)
    assert merged == ("+996 555 000 002", "99")
    # A's phone lost: A's clerk sees it; B kept its own value and also lists A's lost one.
    lost = list_conflicts(a.session)
    assert [(c["field"], c["mine"], c["theirs"], c["winner"]) for c in lost] == [
        ("phone", "+996 700 000 001", "+996 555 000 002", "theirs")
    ]
    assert [(c["field"], c["winner"]) for c in list_conflicts(b.session)] == [("phone", "mine")]
    # A keeps its value after all: a normal write that wins everywhere.
    resolve_conflict(a.session, a.admin(), lost[0]["id"], KEEP_MINE)
    a.run(usb)
    b.run(usb)
    assert b.session.get(Household, hh).phone == "+996 700 000 001"
    assert list_conflicts(a.session) == []
    assert a.fingerprint() == b.fingerprint()


def test_sequential_edits_are_not_conflicts(make_pc, tmp_path):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    hh = first_household(a).id
    edit(a, hh, phone="1")
    a.run(usb)
    b.run(usb)
    edit(b, hh, phone="2")  # B saw A's value, then changed it
    b.run(usb)
    a.run(usb)
    assert a.session.get(Household, hh).phone == "2"
    assert list_conflicts(a.session) == [] and list_conflicts(b.session) == []


def test_same_id_different_content_is_quarantined(make_pc, tmp_path):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    with write(a.session, a.admin(), "note", "original") as unit:
        pass
    a.session.commit()
    audit = a.session.scalars(select(AuditEntry).where(AuditEntry.kind == "note")).one()
    copy = {c.key: getattr(audit, c.key) for c in AuditEntry.__mapper__.column_attrs}
    copy["summary"] = "forged"
    with write(b.session, b.admin(), "other") as unit:
        b.session.add(AuditEntry(**{k: v for k, v in copy.items() if k != "hlc"}))
    del unit
    a.run(usb)
    b.run(usb)
    a.run(usb)
    quarantined = list_quarantine(b.session)
    assert len(quarantined) == 1
    assert quarantined[0]["table"] == "audit_log"
    assert "same id, different content (summary)" in quarantined[0]["reason"]
    assert b.session.get(AuditEntry, audit.id).summary == "forged"  # the first copy stays
    assert len(list_quarantine(a.session)) == 1


def test_unique_clash_is_quarantined_not_fatal(make_pc, tmp_path):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    add_user(a.session, a.admin(), "aziz", "Aziz A", "clerk", "secret1")
    add_user(b.session, b.admin(), "aziz", "Aziz B", "clerk", "secret2")
    with write(b.session, b.admin(), "village.create"):
        b.session.add(Village(name="After the clash"))
    a.run(usb)
    b.run(usb)
    a.run(usb)
    (reason,) = [q["reason"] for q in list_quarantine(a.session)]
    assert "username=aziz is already used" in reason
    assert a.count(Village, Village.name == "After the clash") == 1  # the rest still applied
    assert a.count(User, User.username == "aziz") == 1


def test_row_from_another_device_arriving_first_waits(make_pc, tmp_path):
    """C adds a street in A's new village; B gets C's bundle before A's."""
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    c = make_pc("c", join=usb)
    with write(a.session, a.admin(), "village.create"):
        village = Village(name="Жаңы")
        a.session.add(village)
    a.run(usb)
    c.run(usb)
    with write(c.session, c.admin(), "street.create"):
        c.session.add(Street(village_id=village.id, name="Ленин"))
    c.run(usb)
    only_c = tmp_path / "only-c"
    c_device = c.session.execute(select(Street.origin_device)).scalars().all()[-1]
    for path in (usb / "bundles").rglob("*"):
        if path.is_file() and str(c_device) in str(path):
            target = only_c / path.relative_to(usb)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    report = import_bundles(b.session, str(only_c), data_dir=b.folder)
    assert any("waiting for row" in reason for reason in report.held.values())
    assert b.count(Street, Street.name == "Ленин") == 0
    b.run(usb)
    assert b.count(Street, Street.name == "Ленин") == 1
    a.run(usb)
    assert a.fingerprint() == b.fingerprint()
