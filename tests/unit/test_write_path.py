"""The one write path: business rows, one oplog row and one audit row succeed or fail together."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from aimak_desktop.errors import ValidationError
from aimak_desktop.models import AuditEntry, Household, LocalDevice, OplogEntry, Village
from aimak_desktop.services.auth import SYSTEM
from aimak_desktop.services.write_path import WritePathError, write
from aimak_desktop.sync.changes import decode_payload


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_write_commits_row_oplog_and_audit_together(office, admin):
    before = (count(office, Village), count(office, OplogEntry), count(office, AuditEntry))
    with write(office, admin, "village.create", "Жаңы-Айыл") as unit:
        village = Village(name="Жаңы-Айыл")
        office.add(village)
        unit.target = village
    after = (count(office, Village), count(office, OplogEntry), count(office, AuditEntry))
    assert after == (before[0] + 1, before[1] + 1, before[2] + 1)

    op = office.scalar(select(OplogEntry).order_by(OplogEntry.seq.desc()).limit(1))
    changes = decode_payload(op.payload)
    tables = sorted(c.table for c in changes)
    assert tables == ["audit_log", "villages"]
    village_change = next(c for c in changes if c.table == "villages")
    assert village_change.fields["name"] == "Жаңы-Айыл"
    assert village_change.row_id == str(village.id)
    audit = office.scalar(select(AuditEntry).where(AuditEntry.target_id == village.id))
    assert audit.actor_name == admin.name and audit.kind == "village.create"
    assert village.hlc == op.hlc and village.origin_device == op.device_id


def test_error_rolls_back_rows_oplog_audit_and_sequence(office, admin):
    device_before = office.get(LocalDevice, 1).last_seq
    before = (count(office, Village), count(office, OplogEntry), count(office, AuditEntry))
    with pytest.raises(ValidationError), write(office, admin, "village.create"):
        office.add(Village(name="Будет отменено"))
        office.flush()
        raise ValidationError("no")
    office.expire_all()
    assert (count(office, Village), count(office, OplogEntry), count(office, AuditEntry)) == before
    assert office.get(LocalDevice, 1).last_seq == device_before


def test_sequence_has_no_gaps_and_hlc_grows(office, admin):
    for i in range(5):
        with write(office, admin, "village.create"):
            office.add(Village(name=f"V{i}"))
    ops = office.scalars(select(OplogEntry).order_by(OplogEntry.seq)).all()
    seqs = [o.seq for o in ops]
    assert seqs == list(range(1, len(seqs) + 1))
    hlcs = [o.hlc for o in ops]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)


def test_update_records_only_changed_fields(office, admin):
    household = office.scalars(select(Household).limit(1)).one()
    with write(office, admin, "household.update", target=household):
        household.phone = "+996 700 111 222"
    op = office.scalar(select(OplogEntry).order_by(OplogEntry.seq.desc()).limit(1))
    change = next(c for c in decode_payload(op.payload) if c.table == "households")
    assert change.op == "u"
    assert change.fields == {"phone": "+996 700 111 222"}


def test_synced_rows_cannot_be_written_outside_the_write_path(office):
    office.add(Village(name="Тыйылган"))
    with pytest.raises(WritePathError):
        office.flush()
    office.rollback()


def test_append_only_rows_refuse_updates_and_nothing_is_deleted(office, admin):
    entry = office.scalars(select(AuditEntry).limit(1)).one()
    with pytest.raises(WritePathError), write(office, admin, "audit.edit"):
        entry.summary = "changed"
    office.rollback()
    village = office.scalars(select(Village).limit(1)).one()
    with pytest.raises(WritePathError), write(office, admin, "village.delete"):
        office.delete(village)
    office.rollback()
    assert office.get(Village, village.id) is not None


def test_bulk_insert_is_captured(office, admin):
    with write(office, SYSTEM, "bulk") as unit:
        rows = [{"name": f"Bulk {i}"} for i in range(3)]
        unit.insert_rows(Village, rows)
    op = office.scalar(select(OplogEntry).order_by(OplogEntry.seq.desc()).limit(1))
    payload = json.loads(op.payload)
    names = [c["f"]["name"] for c in payload["changes"] if c["t"] == "villages"]
    assert names == ["Bulk 0", "Bulk 1", "Bulk 2"]
    assert all(r["id"] for r in rows)
    assert count(office, Village) >= 3
