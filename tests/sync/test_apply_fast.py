"""The SQLite fast path of the importer gives exactly what the portable path gives.

Two copies of one PC import the same bundles, one with the fast path and one with the portable
path (`apply_pending(fast=False)`, which PostgreSQL uses): same data, same conflicts, same
quarantine, same progress and hold-backs, same field stamps.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from aimak_desktop.models import AuditEntry, Household, Street, Village
from aimak_desktop.models.core import LocalDevice
from aimak_desktop.services.search import fill_derived
from aimak_desktop.services.users import add_user
from aimak_desktop.services.write_path import write
from aimak_desktop.sync import schema
from aimak_desktop.sync.apply import apply_pending
from aimak_desktop.sync.conflicts import list_conflicts, list_quarantine
from aimak_desktop.sync.exchange import export_bundles, import_bundles
from aimak_desktop.sync.sqlite_rows import stored_converter

from .conftest import PC


def households(pc: PC, n: int = 2) -> list[Household]:
    rows = list(pc.session.scalars(select(Household).order_by(Household.account_no).limit(n)))
    pc.session.commit()
    return rows


def edit(pc: PC, model: Any, row_id: uuid.UUID, **fields: Any) -> None:
    with write(pc.session, pc.admin(), "edit"):
        row = pc.session.get(model, row_id)
        for key, value in fields.items():
            setattr(row, key, value)


def state(pc: PC) -> dict[str, Any]:
    """Everything an import decides, without ids and times of the bookkeeping rows."""
    result = {
        "fingerprint": pc.fingerprint(),
        "conflicts": [
            {k: v for k, v in c.items() if k not in ("id", "at")}
            for c in list_conflicts(pc.session)
        ],
        "quarantine": [
            {k: v for k, v in q.items() if k not in ("id", "at")}
            for q in list_quarantine(pc.session)
        ],
    }
    conn = pc.session.connection()
    result |= {
        "progress": conn.execute(
            text("SELECT device_id, applied_seq, held_reason FROM sync_progress ORDER BY 1")
        ).all(),
        "versions": conn.execute(
            text("SELECT * FROM sync_field_versions ORDER BY table_name, row_id, field")
        ).all(),
        # hlc is left out of the fingerprint; the stored rows must agree on it too.
        "hlc": conn.execute(
            text("SELECT id, hlc, origin_device FROM households ORDER BY id")
        ).all(),
    }
    pc.session.commit()
    return result


def twins(pc: PC, tmp_path: Path) -> tuple[PC, PC]:
    """`pc` closed and reopened, and an identical copy of its data folder (same device)."""
    pc.close()
    copy = tmp_path / f"{pc.folder.name}-twin"
    shutil.copytree(pc.folder, copy)
    return PC(pc.folder), PC(copy)


def import_both(fast: PC, portable: PC, url: Path, batch_ops: int | None) -> tuple[Any, Any]:
    reports = []
    for pc, use_fast in ((fast, True), (portable, False)):
        import_bundles(pc.session, str(url), data_dir=pc.folder, apply=False)
        report = apply_pending(pc.session, batch_ops, fast=use_fast)
        reports.append((report.applied, report.quarantined, report.conflicts, report.held))
    return reports[0], reports[1]


@pytest.mark.parametrize("batch_ops", [None, 3])
def test_mixed_batch_gives_the_same_result_on_both_paths(make_pc, tmp_path, batch_ops):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    first, second = households(a)
    admin_b = b.admin()
    # B's local work: an edit that will lose, a user and an account number A also takes.
    # (A's audit rows ride along with every operation: most operations have several rows.)
    edit(b, Household, first.id, phone="+996 555 000 001")
    add_user(b.session, admin_b, "aziz", "Aziz B", "clerk", "secret2")
    with write(b.session, admin_b, "village.create"):
        village_b = Village(name="Б айыл")
        b.session.add(village_b)
    with write(b.session, admin_b, "household.create") as unit:
        unit.insert_rows(
            Household,
            [fill_derived({"account_no": "CLASH-1", "head_name": "Б", "village_id": village_b.id})],
        )
    # A's work, all in one bundle: edits of existing rows (one conflicting), a unique clash,
    # new parents and children in one operation and in separate ones, bulk inserts (rows
    # lacking optional columns), an edit of a row inserted earlier in the same batch.
    edit(a, Household, first.id, phone="+996 700 000 002", house="12")
    edit(a, Household, second.id, notes="checked")
    add_user(a.session, a.admin(), "aziz", "Aziz A", "clerk", "secret1")
    admin_a = a.admin()
    with write(a.session, admin_a, "village.create"):
        village = Village(name="Жаңы-Жол")
        a.session.add(village)
        a.session.flush()
        a.session.add(Street(village_id=village.id, name="Ленин"))
    with write(a.session, admin_a, "street.create"):
        a.session.add(Street(village_id=village.id, name="Токтогул"))
    new_rows = [
        fill_derived({"account_no": f"N{i:03d}", "head_name": f"Үй {i}", "village_id": village.id})
        for i in range(12)
    ]
    new_rows.append(
        fill_derived({"account_no": "CLASH-1", "head_name": "А", "village_id": village.id})
    )
    with write(a.session, admin_a, "household.import") as unit:
        unit.insert_rows(Household, new_rows)
    for i in range(5):
        with write(a.session, admin_a, "household.create") as unit:
            unit.insert_rows(
                Household,
                [
                    fill_derived(
                        {
                            "account_no": f"S{i}",
                            "head_name": f"Бир {i}",
                            "village_id": village.id,
                            "residents": i + 1,
                            "gender": "f",
                            "street_id": None,
                            "archived_at": None,
                        }
                    )
                ],
            )
    edit(a, Household, new_rows[3]["id"], phone="0555 123 456", residents=7)
    edit(
        a,
        Household,
        a.session.scalar(select(Household.id).where(Household.account_no == "S3")),
        house="3A",
    )
    # Rows B already holds under the same ids: one identical (a union), one forged.
    for kind in ("note.same", "note.forged"):
        with write(a.session, admin_a, kind, "original"):
            pass
    for kind, summary in (("note.same", "original"), ("note.forged", "forged")):
        audit = a.session.scalars(select(AuditEntry).where(AuditEntry.kind == kind)).one()
        copy = {c.key: getattr(audit, c.key) for c in AuditEntry.__mapper__.column_attrs}
        with write(b.session, admin_b, "copy"):
            b.session.add(AuditEntry(**{**copy, "summary": summary, "hlc": 0}))
    export_bundles(a.session, str(usb), data_dir=a.folder)

    fast, portable = twins(b, tmp_path)
    try:
        fast_report, portable_report = import_both(fast, portable, usb, batch_ops)
        assert fast_report == portable_report
        got = state(fast)
        assert got == state(portable)
        # The batch really held what it should: a lost edit, two clashes, new rows.
        assert [(c["field"], c["winner"]) for c in got["conflicts"]] == [("phone", "theirs")]
        reasons = sorted(q["reason"] for q in got["quarantine"])
        assert len(reasons) == 3
        assert "account_no=CLASH-1 is already used" in reasons[0]
        assert "same id, different content (summary)" in reasons[1]
        assert "username=aziz is already used" in reasons[2]
        assert fast.count(Household, Household.account_no.like("N%")) == 12
        assert fast.session.get(Household, new_rows[3]["id"]).residents == 7
        # The operations are stored exactly as SQLAlchemy stored them on A.
        query = text(
            "SELECT device_id, seq, hlc, kind, payload, created_at FROM oplog "
            "WHERE device_id = :d ORDER BY seq"
        )
        device = str(first.origin_device).replace("-", "")
        theirs = a.session.connection().execute(query, {"d": device}).all()
        ours = fast.session.connection().execute(query, {"d": device}).all()
        assert ours == theirs and len(ours) > 10
    finally:
        fast.close()
        portable.close()


def test_rows_waiting_for_another_device_hold_back_alike(make_pc, tmp_path):
    """C adds streets in A's new village; the twins get C's bundles before A's."""
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
    with write(c.session, c.admin(), "street.create"):  # one row per operation
        c.session.add(Street(village_id=village.id, name="Сынак-1"))
    with write(c.session, c.admin(), "street.create"):  # several
        c.session.add(Street(village_id=village.id, name="Сынак-2"))
        c.session.add(Street(village_id=village.id, name="Сынак-3"))
    c.run(usb)
    only_c = tmp_path / "only-c"
    c_device = str(c.session.scalar(select(LocalDevice.device_id)))
    c.session.commit()
    for path in (usb / "bundles").rglob("*"):
        if path.is_file() and c_device in str(path):
            target = only_c / path.relative_to(usb)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)

    fast, portable = twins(b, tmp_path)
    try:
        fast_report, portable_report = import_both(fast, portable, only_c, None)
        assert fast_report == portable_report
        assert any("waiting for row" in reason for reason in fast_report[3].values())
        assert state(fast) == state(portable)
        assert fast.count(Street, Street.name.like("Сынак-%")) == 0
        import_both(fast, portable, usb, None)
        assert state(fast) == state(portable)
        assert fast.count(Street, Street.name.like("Сынак-%")) == 3
    finally:
        fast.close()
        portable.close()


def test_stored_forms_are_what_sqlalchemy_binds(session):
    """Every converter of the fast path against SQLAlchemy's decoder + bind processor."""
    dialect = session.get_bind().dialect
    samples: dict[str, list[Any]] = {
        "Uuid": [
            "0190f0c2-7a3b-7c4d-8e5f-0123456789ab",
            "0190F0C2-7A3B-7C4D-8E5F-0123456789AB",
            "0190f0c27a3b7c4d8e5f0123456789ab",
        ],
        "DateTime": [
            "2024-02-29T23:59:58.000001",
            "2024-02-29T23:59:58",
            "2024-02-29 23:59:58.5",
            "2024-02-29T23:59:58+05:00",
        ],
        "Date": ["2024-02-29", "2024-02-29T00:00:00"],
        "Boolean": [True, False],
        "String": ["ң ө ү", ""],
        "BigInteger": [0, 10**15],
    }
    checked = 0
    for info in schema.synced_tables().values():
        for column in info.table.columns:
            convert = stored_converter(column, dialect)
            bind = column.type._cached_bind_processor(dialect)
            decode = schema.decoder_for(column)
            for value in samples.get(type(column.type).__name__, []):
                expected = decode(value)
                expected = bind(expected) if bind is not None else expected
                got = convert(value) if convert is not None else value
                assert got == expected, (info.name, column.name, value)
                checked += 1
    assert checked > 100
    with pytest.raises(ValueError):
        stored_converter(Household.__table__.c.id, dialect)("not-a-uuid")  # type: ignore[misc]
