"""Hearing materials travel beside the bundles: encrypted, by content hash, never overwritten."""

from __future__ import annotations

import hashlib
import os
import uuid

import pytest

from aimak_desktop.sync.attachments import exchange_attachments, local_files
from aimak_desktop.sync.transport import open_target

OFFICE = uuid.UUID("01900000-0000-7000-8000-000000000001")


def store(folder, data: bytes) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256(data).hexdigest()
    (folder / sha).write_bytes(data)
    return sha


def test_files_cross_through_a_usb_folder_both_ways(tmp_path):
    key = os.urandom(32)
    pc_a, pc_b, stick = tmp_path / "a", tmp_path / "b", tmp_path / "usb"
    poster = store(pc_a, "Бюджет 2027: Көк-Жар, сугат, өрүк".encode())
    minutes = store(pc_b, b"%PDF-1.4 minutes")
    target = open_target(str(stick))

    first = exchange_attachments(target, pc_a, OFFICE, key)
    assert (first.sent, first.received) == (1, 0)
    second = exchange_attachments(target, pc_b, OFFICE, key)
    assert (second.sent, second.received) == (1, 1)
    third = exchange_attachments(target, pc_a, OFFICE, key)
    assert (third.sent, third.received) == (0, 1)

    assert set(local_files(pc_a)) == set(local_files(pc_b)) == {poster, minutes}
    assert (pc_a / minutes).read_bytes() == b"%PDF-1.4 minutes"
    # The stick holds only sealed copies: the text is not readable there.
    sealed = list((stick / "attachments" / str(OFFICE)).iterdir())
    assert all("Көк-Жар".encode() not in p.read_bytes() for p in sealed)
    again = exchange_attachments(target, pc_a, OFFICE, key)
    assert (again.sent, again.received, again.rejected) == (0, 0, [])


@pytest.mark.parametrize("damage", ["wrong key", "edited"])
def test_a_bad_copy_is_rejected_and_nothing_is_written(tmp_path, damage):
    key = os.urandom(32)
    pc_a, pc_b, stick = tmp_path / "a", tmp_path / "b", tmp_path / "usb"
    sha = store(pc_a, b"hearing poster")
    target = open_target(str(stick))
    exchange_attachments(target, pc_a, OFFICE, key)
    if damage == "edited":
        path = stick / "attachments" / str(OFFICE) / f"{sha}.enc"
        data = bytearray(path.read_bytes())
        data[-1] ^= 1
        path.write_bytes(bytes(data))
        used = key
    else:
        used = os.urandom(32)
    report = exchange_attachments(target, pc_b, OFFICE, used)
    assert report.received == 0 and len(report.rejected) == 1
    assert local_files(pc_b) == {}


def test_sync_run_carries_a_hearing_attachment_to_the_second_pc(tmp_path):
    """The file attached on one PC can be opened on the other after both synced."""
    from aimak_desktop.db import open_database
    from aimak_desktop.services.demo import create_demo_office
    from aimak_desktop.sync.exchange import sync_run
    from aimak_desktop.sync.join import export_office_key, join_office

    pc_a, pc_b, stick = tmp_path / "a", tmp_path / "b", tmp_path / "usb"
    with open_database(pc_a) as db_a, db_a.session() as s:
        create_demo_office(s, households=5, seed=2)
        sha = store(pc_a / "attachments", "Угуунун протоколу".encode())
        sync_run(s, str(stick))
        export_office_key(s, tmp_path / "office.key")
    join_office(pc_b, tmp_path / "office.key", str(stick), "B")
    with open_database(pc_b) as db_b, db_b.session() as s:
        report = sync_run(s, str(stick))
    assert (pc_b / "attachments" / sha).read_text(encoding="utf-8") == "Угуунун протоколу"
    assert report.attachments_received == 1
