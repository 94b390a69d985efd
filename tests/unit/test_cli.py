"""The command line: JSON output, clear one-line errors, exit codes."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from aimak_desktop.cli.main import main
from tests.conftest import PYTHON, REPO


def run_json(capsys, *argv):
    code = main(["--lang", "en", *argv, "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1, out  # one JSON object, nothing else
    return code, json.loads(out[0])


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("Aimak Desktop ")


def test_demo_status_users_as_json(capsys, data_dir):
    code, data = run_json(
        capsys, "--data-dir", str(data_dir), "demo", "--households", "25", "--seed", "4"
    )
    assert code == 0 and data["ok"] and data["households"] == 25
    code, status = run_json(capsys, "--data-dir", str(data_dir), "status")
    assert code == 0 and status["counts"]["households"] == 25 and status["device_code"] == "A"
    code, users = run_json(capsys, "--data-dir", str(data_dir), "users", "list")
    assert {u["username"] for u in users["users"]} >= {"admin", "kassa", "mentor"}
    code, added = run_json(
        capsys,
        "--data-dir",
        str(data_dir),
        "users",
        "add",
        "--username",
        "aibek",
        "--full-name",
        "Айбек Токоев",
        "--role",
        "clerk",
        "--password",
        "secret-9",
    )
    assert code == 0 and added["username"] == "aibek"


def test_demo_is_deterministic_for_a_seed(capsys, tmp_path):
    from aimak_desktop.db import open_database
    from aimak_desktop.models import Household

    names = []
    for n in (1, 2):
        folder = tmp_path / f"o{n}"
        assert main(["--data-dir", str(folder), "demo", "--households", "40", "--seed", "9"]) == 0
        with open_database(folder) as database, database.session() as s:
            names.append(
                [
                    (h.account_no, h.head_name, h.residents, h.phone)
                    for h in s.query(Household).order_by(Household.account_no)
                ]
            )
    assert names[0] == names[1]
    assert any(ch in "".join(n for _, n, _, _ in names[0]) for ch in "ңөү")


def test_demo_refuses_a_folder_with_an_office(capsys, data_dir):
    assert main(["--data-dir", str(data_dir), "demo", "--households", "5"]) == 0
    capsys.readouterr()
    code, data = run_json(capsys, "--data-dir", str(data_dir), "demo", "--households", "5")
    assert code == 2 and not data["ok"] and "already holds an office" in data["error"]


def test_unknown_option_is_one_clear_line(capsys):
    assert main(["--lang", "en", "--bogus"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "aimak: Unknown option: --bogus. See: aimak --help"


def test_unknown_command_json(capsys):
    code, data = run_json(capsys, "frobnicate")
    assert code == 2 and "frobnicate" in data["error"]


def test_status_without_office(capsys, data_dir):
    code, data = run_json(capsys, "--data-dir", str(data_dir), "status")
    assert code == 1 and "no office" in data["error"]


def test_data_dir_is_a_file(capsys, tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    code, data = run_json(capsys, "--data-dir", str(f), "status")
    assert code == 1 and "is a file" in data["error"]


def test_real_office_needs_a_user(capsys, data_dir):
    from aimak_desktop.db import open_database
    from aimak_desktop.services.office import OfficeProfile, create_office

    with open_database(data_dir) as database, database.session() as s:
        create_office(
            s, OfficeProfile("Арал айыл өкмөтү", "АО Арал", "Ысык-Көл", "Тоң", "Арал"), "B"
        )
    code, data = run_json(
        capsys,
        "--data-dir",
        str(data_dir),
        "users",
        "add",
        "--username",
        "x1",
        "--full-name",
        "X",
        "--role",
        "clerk",
        "--password",
        "secret-1",
    )
    assert code == 1 and "--user" in data["error"]


def test_second_instance_from_another_process(data_dir):
    """The office open in one process (the GUI) makes the CLI refuse clearly, without traceback."""
    from aimak_desktop.db import open_database

    assert main(["--data-dir", str(data_dir), "demo", "--households", "3"]) == 0
    holder = open_database(data_dir)
    try:
        out = subprocess.run(
            [PYTHON, "-m", "aimak_desktop", "--data-dir", str(data_dir), "--lang", "en", "status"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            env=os.environ.copy(),
        )
    finally:
        holder.close()
    assert out.returncode == 1
    assert "already open in another Aimak Desktop window" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_errors_speak_the_users_language(capsys, lang):
    assert main(["--lang", lang, "--bogus"]) == 2
    err = capsys.readouterr().err
    assert "--bogus" in err and "Unknown option" not in err


def test_bug_is_reported_in_one_line_with_log(capsys, data_dir, monkeypatch):
    from aimak_desktop.cli import core_commands

    assert main(["--data-dir", str(data_dir), "demo", "--households", "3"]) == 0
    capsys.readouterr()

    def broken(ctx):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(core_commands, "cmd_status", broken)
    code = main(["--data-dir", str(data_dir), "--lang", "en", "status"])
    err = capsys.readouterr().err
    assert code == 3 and "Internal error: ZeroDivisionError" in err and "Traceback" not in err
    log = (data_dir / "logs" / "aimak.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: boom" in log
