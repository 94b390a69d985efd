"""Restore from backup takes a new identity; the sync commands work end to end with --json."""

from __future__ import annotations

import json

from sqlalchemy import select

from aimak_desktop import backup
from aimak_desktop.cli.main import main
from aimak_desktop.models import LocalDevice, Village
from aimak_desktop.services.maintenance import restore_backup
from aimak_desktop.services.write_path import write


def add_village(pc, name):
    with write(pc.session, pc.admin(), "village.create"):
        pc.session.add(Village(name=name))


def test_restored_pc_gets_a_new_identity_and_loses_nothing(make_pc, tmp_path):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    old_id = a.session.scalar(select(LocalDevice.device_id))
    a.session.commit()
    backup.make_backup(a.folder / "aimak.sqlite", reason="test")
    add_village(a, "After the backup")  # exported, then the PC's disk dies
    a.run(usb)
    a.close()
    restore_backup(a.folder)
    a.__init__(a.folder)
    new_id = a.session.scalar(select(LocalDevice.device_id))
    assert new_id != old_id
    add_village(a, "After the restore")
    a.run(usb)  # gets its own lost write back from the old identity's bundles
    b.run(usb)
    a.run(usb)
    for pc in (a, b):
        assert pc.count(Village, Village.name.in_(["After the backup", "After the restore"])) == 2
    assert a.fingerprint() == b.fingerprint()


def run_cli(capsys, *args):
    code = main(["--lang", "en", *args, "--json"])
    out = json.loads(capsys.readouterr().out)
    return code, out


def test_sync_commands_with_json(make_pc, tmp_path, capsys):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.close()
    folder = str(a.folder)
    code, out = run_cli(capsys, "--data-dir", folder, "sync", "export", "--to", str(usb))
    assert code == 0 and out["sent_files"] == 1
    code, out = run_cli(
        capsys, "--data-dir", folder, "office", "export-key", "--out", str(tmp_path / "k.json")
    )
    assert code == 0 and len(out["check"]) == 24 and "key" not in out
    b_dir = str(tmp_path / "b")
    code, out = run_cli(
        capsys,
        "--data-dir",
        b_dir,
        "office",
        "join",
        "--key",
        str(tmp_path / "k.json"),
        "--from",
        str(usb),
        "--code",
        "B",
    )
    assert code == 0 and out["device_code"] == "B"
    code, out = run_cli(capsys, "--data-dir", b_dir, "sync", "run", "--target", str(usb))
    assert code == 0 and out["sent_files"] >= 1
    code, out = run_cli(capsys, "--data-dir", folder, "sync", "import", "--from", str(usb))
    assert code == 0 and out["applied"] >= 1
    prints = [
        run_cli(capsys, "--data-dir", d, "sync", "fingerprint")[1]["fingerprint"]
        for d in (folder, b_dir)
    ]
    assert prints[0] == prints[1]
    code, out = run_cli(capsys, "--data-dir", folder, "sync", "status")
    assert code == 0 and out["devices"][0]["held_back"] == 0 and out["credentials"]
    code, out = run_cli(capsys, "--data-dir", folder, "conflicts", "list")
    assert code == 0 and out["conflicts"] == [] and out["quarantine"] == []
    code, out = run_cli(
        capsys,
        "--data-dir",
        b_dir,
        "office",
        "join",
        "--key",
        str(tmp_path / "k.json"),
        "--from",
        str(usb),
    )
    assert code == 1 and "already holds an office" in out["error"]
    code, out = run_cli(capsys, "--data-dir", folder, "sync", "run", "--target", "ftp://x/y")
    assert code == 1 and "Unknown kind of sync address" in out["error"]
