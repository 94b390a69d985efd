"""A process killed (SIGKILL) in the middle of an accrual run or of a payment leaves all or none.

The child patches a step inside the transaction (rows written, not committed) to kill itself,
so the kill lands exactly mid-operation every time.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only"),
]

RUN_KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from aimak_desktop.db import open_database
    from aimak_desktop.services import billing_run, write_path
    from aimak_desktop.services.auth import SYSTEM

    billing_run._CHUNK = 10  # many inserts, so the kill lands between two of them
    insert_columns = write_path.WriteUnit.insert_columns
    calls = []

    def dying_insert(self, model, columns):
        done = insert_columns(self, model, columns)
        calls.append(model.__name__)
        if sys.argv[3] == "kill" and calls.count("Charge") == 3:
            os.kill(os.getpid(), signal.SIGKILL)
        return done

    write_path.WriteUnit.insert_columns = dying_insert
    db = open_database(Path(sys.argv[1]), lock=False)
    billing_run.commit_run(db.session(), SYSTEM, sys.argv[2])
    print("done")
    """
)

PAY_KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from sqlalchemy import select
    from aimak_desktop.db import open_database
    from aimak_desktop.models.register import Household
    from aimak_desktop.services import payments
    from aimak_desktop.services.auth import SYSTEM

    kill_at, count = int(sys.argv[2]), int(sys.argv[3])
    next_no = payments.next_receipt_no
    taken = []

    def dying_next(session, year):
        number = next_no(session, year)
        taken.append(number)
        if len(taken) == kill_at:  # number allocated, payment not yet committed
            os.kill(os.getpid(), signal.SIGKILL)
        return number

    payments.next_receipt_no = dying_next
    db = open_database(Path(sys.argv[1]), lock=False)
    session = db.session()
    ids = session.scalars(select(Household.id).where(Household.archived_at.is_(None))).all()
    for i in range(count):
        t = payments.take_payment(session, SYSTEM, ids[i % len(ids)], 1000 + i)
        print(t.receipt_no, flush=True)
    print("not killed")
    """
)


def _child(tmp_path, script, *args):
    path = tmp_path / "killer.py"
    path.write_text(script)
    return subprocess.run(
        [sys.executable, str(path), *map(str, args)], capture_output=True, text=True, timeout=300
    )


def _db(data_dir):
    return sqlite3.connect(data_dir / "aimak.sqlite")


def test_killed_accrual_run_leaves_nothing_then_runs_whole(office, data_dir, tmp_path):
    import datetime as dt

    office.close()
    period = dt.date.today().strftime("%Y-%m")  # the demo billed up to last month
    with _db(data_dir) as con:
        before = con.execute("select count(*) from charges").fetchone()[0]
        runs = con.execute("select count(*) from billing_runs").fetchone()[0]
    proc = _child(tmp_path, RUN_KILLER, data_dir, period, "kill")
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    with _db(data_dir) as con:
        assert con.execute("select count(*) from charges").fetchone()[0] == before
        assert con.execute("select count(*) from billing_runs").fetchone()[0] == runs
    done = _child(tmp_path, RUN_KILLER, data_dir, period, "live")
    assert done.returncode == 0, done.stdout + done.stderr
    with _db(data_dir) as con:
        added = con.execute("select count(*) from charges").fetchone()[0] - before
        in_run = con.execute(
            "select rows from billing_runs order by created_at desc limit 1"
        ).fetchone()[0]
    assert added == in_run > 30


def test_killed_payment_loses_no_number_and_duplicates_none(office, data_dir, tmp_path):
    office.close()
    with _db(data_dir) as con:
        payments_before = con.execute("select count(*) from payments").fetchone()[0]
    proc = _child(tmp_path, PAY_KILLER, data_dir, 7, 12)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    printed = proc.stdout.split()
    assert len(printed) == 6  # the seventh payment died inside its transaction
    with _db(data_dir) as con:
        rows = con.execute("select receipt_no, series, year, seq from payments").fetchall()
        allocated_to_missing = con.execute(
            "select count(*) from allocations where payment_id not in (select id from payments)"
        ).fetchone()[0]
    assert len(rows) == payments_before + 6
    assert allocated_to_missing == 0
    assert set(printed) <= {r[0] for r in rows}
    assert len({r[0] for r in rows}) == len(rows)  # no duplicate number
    by_year: dict[tuple[str, int], list[int]] = {}
    for _no, series, year, seq in rows:
        by_year.setdefault((series, year), []).append(seq)
    for seqs in by_year.values():
        assert sorted(seqs) == list(range(1, len(seqs) + 1))  # gap-free in each series
    # the next payment takes the number the killed one never got to keep
    again = _child(tmp_path, PAY_KILLER, data_dir, 0, 2)
    assert again.returncode == 0, again.stderr
    first = again.stdout.split()[0]
    last_seq = max(int(p.rsplit("-", 1)[1]) for p in printed)
    assert int(first.rsplit("-", 1)[1]) == last_seq + 1
