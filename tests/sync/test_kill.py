"""An importer killed with SIGKILL part-way resumes to the same result as one clean import."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from aimak_desktop.models import Village
from aimak_desktop.services.write_path import write

KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    os.environ["AIMAK_NO_KEYRING"] = "1"
    from aimak_desktop.db import open_database
    from aimak_desktop.sync import apply, exchange

    folder, usb, kill_after = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    apply.BATCH_OPS = 4
    flush = apply._Merger._flush
    flushed = []

    def dying_flush(self):
        flush(self)  # rows written, transaction not yet committed
        flushed.append(1)
        if len(flushed) * apply.BATCH_OPS >= kill_after:
            os.kill(os.getpid(), signal.SIGKILL)

    apply._Merger._flush = dying_flush
    db = open_database(folder, lock=False)
    exchange.import_bundles(db.session(), usb, data_dir=folder)
    print("not killed")
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_killed_import_resumes_to_the_clean_result(make_pc, tmp_path):
    usb = tmp_path / "usb"
    a = make_pc("a")
    a.run(usb)
    b = make_pc("b", join=usb)
    c = make_pc("c", join=usb)
    for i in range(30):
        with write(a.session, a.admin(), "village.create"):
            a.session.add(Village(name=f"K{i}"))
    a.run(usb)
    b.close()
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    proc = subprocess.run(
        [sys.executable, str(script), str(b.folder), str(usb), "13"],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    b.__init__(b.folder)  # reopen the killed PC's database
    partial = b.count(Village, Village.name.like("K%"))
    assert 0 < partial < 30  # some batches were committed before the kill
    b.run(usb)
    c.run(usb)
    b.run(usb)  # B and C also exchange their own join records
    assert b.count(Village, Village.name.like("K%")) == 30
    assert b.fingerprint() == c.fingerprint()
