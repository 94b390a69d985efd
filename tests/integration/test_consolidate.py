"""Consolidation into SQLite and PostgreSQL: same figures as each office's own database."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys

import pytest

from aimak_desktop.errors import AimakError
from aimak_desktop.services.indicators import indicators_for_office

TODAY = dt.date.today()
LAST_MONTH = (TODAY.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")


@pytest.fixture(params=["sqlite", "postgresql"])
def into_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'mentor.sqlite'}"
    else:
        yield request.getfixturevalue("pg_url")


def _own_figures(folder, period: str) -> dict:
    from aimak_desktop.db import open_database
    from aimak_desktop.services.office import get_office

    database = open_database(folder, lock=False)
    with database.session() as s:
        office_id = get_office(s).id
        data = indicators_for_office(s, period, today=TODAY)
    database.close()
    return {str(office_id): data}


def _consolidated_figures(url: str, period: str) -> dict:
    from aimak_desktop.sync.consolidate import list_offices, open_consolidated

    session = open_consolidated(url)
    try:
        return {
            str(o.office_id): indicators_for_office(session, period, o.office_id, today=TODAY)
            for o in list_offices(session)
        }
    finally:
        engine = session.get_bind()
        session.close()
        engine.dispose()


def test_same_figures_as_each_office_and_rerun_adds_nothing(three_offices, into_url):
    from aimak_desktop.sync.consolidate import consolidate

    first = consolidate([str(three_offices.bundles)], into_url, three_offices.keys)
    assert len(first.offices) == 3 and not first.skipped
    assert all(c["applied"] > 0 and not c["held"] for c in first.offices.values())
    own: dict = {}
    for folder in three_offices.folders:
        own |= _own_figures(folder, LAST_MONTH)
    assert _consolidated_figures(into_url, LAST_MONTH) == own
    assert all(o["collection_rate"]["value"] is not None for o in own.values())
    again = consolidate([str(three_offices.bundles)], into_url, three_offices.keys)
    assert all(c["received_files"] == 0 and c["applied"] == 0 for c in again.offices.values())


def test_bundles_without_a_key_are_skipped_and_reported(three_offices, tmp_path):
    from aimak_desktop.sync.consolidate import consolidate

    url = f"sqlite:///{tmp_path / 'mentor.sqlite'}"
    report = consolidate([str(three_offices.bundles)], url, three_offices.keys[:2])
    assert len(report.offices) == 2
    assert report.skipped and all(s["reason"] == "no key for this office" for s in report.skipped)


def test_comparison_has_every_office_and_no_personal_data(three_offices, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from aimak_desktop.reports.comparison_pdf import write_comparison_pdf
    from aimak_desktop.services.comparison import compare_offices, export_comparison_xlsx
    from aimak_desktop.sync.consolidate import consolidate, open_consolidated

    url = f"sqlite:///{tmp_path / 'mentor.sqlite'}"
    consolidate([str(three_offices.bundles)], url, three_offices.keys)
    session = open_consolidated(url)
    rows = compare_offices(session, LAST_MONTH, sort_by="collection_rate", descending=True)
    rates = [r.values["collection_rate"] for r in rows]
    assert len(rows) == 3 and rates == sorted(rates, reverse=True)
    oblast = rows[0].oblast
    assert all(r.oblast == oblast for r in compare_offices(session, LAST_MONTH, oblast=oblast))
    xlsx = export_comparison_xlsx(rows, tmp_path / "cmp.xlsx", LAST_MONTH)
    pdf = write_comparison_pdf(rows, tmp_path / "cmp.pdf", LAST_MONTH, "both")
    cells = " ".join(
        str(c) for row in load_workbook(xlsx).active.iter_rows(values_only=True) for c in row
    )
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    from aimak_desktop.db import open_database
    from aimak_desktop.models.register import Household

    database = open_database(three_offices.folders[0], lock=False)
    with database.session() as s:
        names = [h.head_name for h in s.query(Household).limit(10)]
        phones = [h.phone for h in s.query(Household).limit(10) if h.phone]
    database.close()
    for secret in names + phones:
        assert secret not in cells and secret not in text
    assert rows[0].name_ky in cells
    session.close()


_KILLER = """
import os, signal, sys
from aimak_desktop.sync import consolidate as c
done = []
def stop(line):
    done.append(line)
    os.kill(os.getpid(), signal.SIGKILL)   # killed after the first office, mid-run
c.consolidate([sys.argv[1]], sys.argv[2], sys.argv[3:], progress=stop)
"""


def test_a_killed_consolidation_resumes_to_the_same_figures(three_offices, into_url, tmp_path):
    from aimak_desktop.sync.consolidate import consolidate

    env = {**os.environ, "AIMAK_NO_KEYRING": "1"}
    run = subprocess.run(
        [sys.executable, "-c", _KILLER, str(three_offices.bundles), into_url]
        + [str(k) for k in three_offices.keys],
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert run.returncode == -signal.SIGKILL
    partial = _consolidated_figures(into_url, LAST_MONTH)
    assert len(partial) >= 1
    resumed = consolidate([str(three_offices.bundles)], into_url, three_offices.keys)
    assert sum(c["received_files"] for c in resumed.offices.values()) > 0
    clean_url = f"sqlite:///{tmp_path / 'clean.sqlite'}"
    consolidate([str(three_offices.bundles)], clean_url, three_offices.keys)
    assert _consolidated_figures(into_url, LAST_MONTH) == _consolidated_figures(
        clean_url, LAST_MONTH
    )


def test_bad_addresses_give_clear_messages(pg_url):
    from aimak_desktop.sync.consolidate import open_engine

    with pytest.raises(AimakError, match="does not answer"):
        open_engine("postgresql://aimak:aimak@127.0.0.1:1/nothing")
    wrong = pg_url.replace("aimak:aimak@", "aimak:wrong@")
    with pytest.raises(AimakError, match="refuses the login"):
        open_engine(wrong)
    with pytest.raises(AimakError, match="SQLite or PostgreSQL"):
        open_engine("mysql://x@127.0.0.1/db")
    with pytest.raises(AimakError, match="not a database address"):
        open_engine("not a url")


def test_cli_consolidate_and_indicators_of_every_office(three_offices, tmp_path, capsys):
    import json

    from aimak_desktop.cli.main import main

    url = f"sqlite:///{tmp_path / 'mentor.sqlite'}"
    argv = ["--lang", "en", "consolidate", "--from", str(three_offices.bundles), "--into", url]
    for key in three_offices.keys:
        argv += ["--key", str(key)]
    assert main([*argv, "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["offices"]) == 3
    assert main(["--lang", "en", "indicators", "--db", url, "--period", LAST_MONTH, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["offices"]) == 3
    assert all(o["indicators"]["arrears"]["value"] for o in data["offices"])
