"""Export, import, verification and delivery problems through a USB folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from aimak_desktop.models import AuditEntry, Household, Village
from aimak_desktop.models.core import OplogEntry
from aimak_desktop.services.write_path import write
from aimak_desktop.sync import bundles
from aimak_desktop.sync.exchange import export_bundles, import_bundles


def add_villages(pc, names):
    admin = pc.admin()
    for name in names:
        with write(pc.session, admin, "village.create", name):
            pc.session.add(Village(name=name))


def bundle_files(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "bundles").rglob("*") if p.name.endswith(bundles.SUFFIX))


def test_second_pc_joins_and_both_converge(make_pc, tmp_path):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    assert b.count(Household) == a.count(Household) == 60
    add_villages(a, ["Ак-Суу"])
    add_villages(b, ["Кара-Суу", "Көк-Жар"])
    b.run(usb)
    a.run(usb)
    b.run(usb)
    assert a.fingerprint() == b.fingerprint()
    assert a.count(Village, Village.name.in_(["Ак-Суу", "Кара-Суу", "Көк-Жар"])) == 3
    # Nothing new: a second run changes nothing.
    report = a.run(usb)
    assert (report.received_files, report.sent_files, report.applied) == (0, 0, 0)


def test_text_with_unicode_line_breaks_travels(make_pc, tmp_path):
    """A bundle holds one operation per line: text that Unicode counts as a line break (pasted
    from a word processor) stays inside its operation."""
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    names = ["Биринчи\u2028экинчи", "Бир\u2029эки\x85үч\x1cтөрт"]
    add_villages(a, names)
    a.run(usb)
    report = b.run(usb)
    assert report.applied > 0 and not report.rejected
    assert b.count(Village, Village.name.in_(names)) == 2


def test_duplicate_delivery_over_two_transports_and_overlapping_ranges(make_pc, tmp_path):
    usb, share = tmp_path / "usb", tmp_path / "share"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    add_villages(a, ["V1", "V2"])
    export_bundles(a.session, str(usb), data_dir=a.folder)
    shutil.copytree(usb, share)
    add_villages(a, ["V3"])
    # An overlapping range: seal everything again from seq 1 under a fresh store.
    shutil.rmtree(a.folder / "sync-store")
    export_bundles(a.session, str(share), data_dir=a.folder)
    audits = b.count(AuditEntry)
    for source in (usb, share, usb, share):
        import_bundles(b.session, str(source), data_dir=b.folder)
    assert b.count(Village, Village.name.in_(["V1", "V2", "V3"])) == 3
    assert b.count(AuditEntry) == audits + 3  # each write's audit row exactly once
    b.run(usb)
    a.run(usb)
    assert a.fingerprint() == b.fingerprint()


def test_out_of_order_delivery_waits_for_the_gap(make_pc, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    monkeypatch.setattr(bundles, "CHUNK_OPS", 1)
    add_villages(a, ["G1", "G2", "G3"])
    a.run(usb)
    files = bundle_files(usb)[-3:]
    middle = files[1]
    hidden = tmp_path / middle.name
    shutil.move(middle, hidden)
    report = import_bundles(b.session, str(usb), data_dir=b.folder)
    assert b.count(Village, Village.name == "G1") == 1
    assert b.count(Village, Village.name.in_(["G2", "G3"])) == 0
    assert any("gap" in r for r in report.held.values())
    shutil.move(hidden, middle)
    import_bundles(b.session, str(usb), data_dir=b.folder)
    assert b.count(Village, Village.name.in_(["G1", "G2", "G3"])) == 3


def test_truncated_file_on_usb_is_rejected_then_resent(make_pc, tmp_path):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    add_villages(a, ["T1"])
    a.run(usb)
    newest = bundle_files(usb)[-1]
    newest.write_bytes(newest.read_bytes()[:-40])
    report = b.run(usb)
    assert report.rejected and "failed authentication" in report.rejected[0]["reason"]
    assert b.count(Village, Village.name == "T1") == 0
    assert a.run(usb).replaced_files == 1  # the sender notices the short copy and sends again
    b.run(usb)
    assert b.count(Village, Village.name == "T1") == 1
    assert a.fingerprint() == b.fingerprint()


def test_tampered_and_wrong_key_bundles_are_rejected(make_pc, tmp_path, _office_template):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    add_villages(a, ["Secret"])
    a.run(usb)
    newest = bundle_files(usb)[-1]
    original = newest.read_bytes()
    tampered = bytearray(original)
    tampered[-100] ^= 0x01
    newest.write_bytes(bytes(tampered))
    report = import_bundles(b.session, str(usb), data_dir=b.folder)
    assert len(report.rejected) == 1
    assert b.count(Village, Village.name == "Secret") == 0
    # Another office's key (same office id, different key): rejected too.
    newest.write_bytes(original)
    b.session.commit()
    from sqlalchemy import update

    from aimak_desktop.models import LocalDevice

    with b.session.begin():
        b.session.execute(update(LocalDevice).values(office_key=b"\x01" * 32))
    report = import_bundles(b.session, str(usb), data_dir=b.folder)
    assert "failed authentication" in report.rejected[0]["reason"]
    assert b.count(Village, Village.name == "Secret") == 0
    # The plaintext is not readable on the stick.
    assert b"Secret" not in original


def test_empty_or_wrong_folder_deletes_nothing(make_pc, tmp_path):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    before = (a.fingerprint(), a.count(OplogEntry))
    empty = tmp_path / "empty"
    empty.mkdir()
    wrong = tmp_path / "wrong"
    (wrong / "bundles" / "not-an-office").mkdir(parents=True)
    (wrong / "bundles" / "x.txt").write_text("hello")
    for folder in (empty, wrong):
        report = import_bundles(a.session, str(folder), data_dir=a.folder)
        assert report.received_files == 0 and not report.rejected
    assert (a.fingerprint(), a.count(OplogEntry)) == before
    assert (wrong / "bundles" / "x.txt").read_text() == "hello"


def test_bundle_from_newer_schema_is_kept_and_applied_after_upgrade(make_pc, tmp_path, monkeypatch):
    from aimak_desktop import db
    from aimak_desktop.sync import exchange

    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    monkeypatch.setattr(exchange, "schema_revisions", lambda: ["0001", "9999"])
    add_villages(a, ["Future"])
    a.run(usb)
    report = b.run(usb)
    assert report.received_ops == 1 and report.applied == 0
    assert any("newer schema" in r for r in report.held.values())
    assert b.count(Village, Village.name == "Future") == 0
    stored = b.count(
        OplogEntry, OplogEntry.device_id == a.session.scalar(select(OplogEntry.device_id))
    )
    assert stored > 0
    monkeypatch.setattr(db, "KNOWN_REVISIONS", db.KNOWN_REVISIONS | {"9999"})
    b.run(usb)
    assert b.count(Village, Village.name == "Future") == 1
