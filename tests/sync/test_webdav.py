"""A real WebDAV server on 127.0.0.1: two PCs and a mentor laptop, a cut-short upload."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aimak_desktop.models import Household, Village
from aimak_desktop.models.sync_state import SyncTarget
from aimak_desktop.services.write_path import write
from aimak_desktop.sync.join import carry
from aimak_desktop.sync.transport import TransportError


def add_village(pc, name):
    with write(pc.session, pc.admin(), "village.create"):
        pc.session.add(Village(name=name))


def test_two_pcs_and_a_mentor_converge_over_usb_and_webdav(make_pc, tmp_path, webdav):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    mentor = make_pc("m", join=usb)  # the mentor laptop holds the office too
    b = make_pc("b", join=usb)
    add_village(a, "From A")
    add_village(b, "From B")
    with write(b.session, b.admin(), "household.update"):
        hh = b.session.scalars(select(Household).limit(1)).one()
        hh.phone = "+996 777 123 456"
    # A only reaches the USB stick; B only the office WebDAV; the mentor visits both.
    a.run(usb)
    b.run(webdav.url)
    mentor.run(usb)
    mentor.run(webdav.url)
    mentor.run(usb)
    a.run(usb)
    b.run(webdav.url)
    mentor.run(webdav.url)
    mentor.run(usb)
    a.run(usb)
    assert a.fingerprint() == b.fingerprint() == mentor.fingerprint()
    assert a.count(Village, Village.name.in_(["From A", "From B"])) == 2
    assert (webdav.root / "bundles").is_dir()


def test_cut_short_upload_is_not_renamed_and_is_sent_again(make_pc, tmp_path, webdav):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    add_village(a, "Upload")
    webdav.truncate_next = True
    with pytest.raises(TransportError, match="cut short"):
        a.run(webdav.url)
    b.run(webdav.url)
    assert b.count(Village, Village.name == "Upload") == 0
    a.run(webdav.url)  # sent again
    b.run(webdav.url)
    assert b.count(Village, Village.name == "Upload") == 1
    assert a.session.scalar(select(SyncTarget.last_error)) == ""  # the error is cleared


def test_courier_copies_only_what_is_missing_and_never_overwrites(make_pc, tmp_path, webdav):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    copied = carry(str(usb), webdav.url)
    assert copied and all(p.startswith("bundles/") for p in copied)
    assert carry(str(usb), webdav.url) == []
    back = carry(webdav.url, str(tmp_path / "laptop"))
    assert sorted(back) == sorted(copied)
    files = sorted((tmp_path / "laptop").rglob("*.enc"))
    assert [f.read_bytes() for f in files] == [
        (usb / f.relative_to(tmp_path / "laptop")).read_bytes() for f in files
    ]
