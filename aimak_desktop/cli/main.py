"""`aimak [--data-dir DIR] [--lang ky|ru|en] [COMMAND] [--json]`; no command starts the GUI.

Every command prints one JSON object with --json. Errors exit non-zero with a one-line message in
the user's language: 1 for a known problem, 2 for bad usage, 3 for a bug (traceback in the log).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from aimak_desktop import APP_NAME, __version__, paths
from aimak_desktop.cli.context import CliContext, Result, UsageError
from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import LANGUAGES, N_, _, set_language

log = logging.getLogger(__name__)

#: Modules that add subcommands; each has `register(subparsers, common)`.
COMMAND_MODULES = (
    "aimak_desktop.cli.core_commands",
    "aimak_desktop.cli.register_commands",
    "aimak_desktop.cli.import_commands",
    "aimak_desktop.cli.hearing_commands",
    "aimak_desktop.cli.tariff_commands",
    "aimak_desktop.cli.sync_commands",
    "aimak_desktop.cli.billing_commands",
    "aimak_desktop.cli.billing_doc_commands",
    "aimak_desktop.cli.indicator_commands",
)

_ARGPARSE_MESSAGES = (
    (re.compile(r"unrecognized arguments: (.*)"), N_("Unknown option: {0}. See: aimak --help")),
    (
        re.compile(r"argument (\S+): invalid choice: '?([^' ]*)'?"),
        N_("{0}: {1} is not one of the choices. See: aimak --help"),
    ),
    (
        re.compile(r"argument (\S+): invalid (\w+) value: '?([^']*)'?"),
        N_("{0}: {2} is not a valid value."),
    ),
    (re.compile(r"argument (\S+): expected one argument"), N_("{0} needs a value.")),
    (re.compile(r"the following arguments are required: (.*)"), N_("Missing: {0}.")),
    (re.compile(r"invalid choice: '?([^' ]*)'?"), N_("Unknown command: {0}. See: aimak --help")),
)


class Parser(argparse.ArgumentParser):
    """argparse with messages in the user's language and no exit inside parsing."""

    def error(self, message: str) -> NoReturn:
        for pattern, template in _ARGPARSE_MESSAGES:
            m = pattern.search(message)
            if m:
                raise UsageError(_(template).format(*m.groups()))
        raise UsageError(_("Wrong command line: {detail}").format(detail=message))


def build_parser() -> Parser:
    common = Parser(add_help=False)
    common.add_argument("--json", action="store_true", help=_("print one JSON object"))
    parser = Parser(
        prog="aimak",
        description=_("Aimak Desktop: registers, payments, hearings, feedback."),
        parents=[common],
    )
    parser.add_argument("--version", action="store_true", help=_("print the version and exit"))
    parser.add_argument("--data-dir", metavar="DIR", help=_("office data folder"))
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language of messages"))
    parser.add_argument(
        "--user", metavar="NAME", help=_("user name (password from AIMAK_PASSWORD)")
    )
    sub = parser.add_subparsers(dest="command", parser_class=Parser, metavar="COMMAND")
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


#: Global options that take a value (the pre-scan must skip their values).
_VALUE_OPTIONS = ("--data-dir", "--lang", "--user")


def _preparse_lang(argv: Sequence[str]) -> None:
    """Pick the message language before parsing, so parse errors are translated too.

    Only options before the command count: a command's own `--lang` (a document's language)
    does not change the language of messages.
    """
    lang = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, _eq, inline = arg.partition("=")
        if name in _VALUE_OPTIONS:
            value = inline if _eq else (argv[i + 1] if i + 1 < len(argv) else "")
            i += 1 if _eq else 2
            if name == "--lang":
                lang = value
            elif name == "--data-dir":
                paths.set_data_dir(value)
            continue
        if not arg.startswith("-"):
            break  # the command: what follows belongs to it
        i += 1
    if lang not in LANGUAGES:
        from aimak_desktop import settings

        lang = settings.load().get("language", "ky")
    set_language(lang if lang in LANGUAGES else "ky")


def _emit(result: Result, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"ok": True, **result.data}, ensure_ascii=False, default=str))
    elif result.text:
        print(result.text)


def _fail(message: str, as_json: bool, code: int) -> int:
    line = " ".join(message.split())
    if as_json:
        print(json.dumps({"ok": False, "error": line}, ensure_ascii=False))
    else:
        print(f"aimak: {line}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    _preparse_lang(argv)
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        return _fail(exc.message, as_json, 2)
    as_json = bool(args.json)
    if args.version:
        _emit(Result({"version": __version__}, f"{APP_NAME} {__version__}"), as_json)
        return 0
    paths.set_data_dir(args.data_dir)
    if args.command is None:
        from aimak_desktop.ui.app import run_gui

        return run_gui(args)
    ctx = CliContext(args)
    try:
        from aimak_desktop.db import translate_errors

        with translate_errors():
            result: Result = args.func(ctx)
        _emit(result, as_json)
        return 0
    except AimakError as exc:
        text = exc.message + (f" {exc.help}" if exc.help else "")
        return _fail(text, as_json, 2 if isinstance(exc, UsageError) else 1)
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        return 0
    except KeyboardInterrupt:
        return _fail(_("Interrupted."), as_json, 130)
    except Exception as exc:  # a bug: keep the traceback in the log, not on the clerk's screen
        from aimak_desktop.logging_setup import setup_logging

        log_file = setup_logging()
        log.exception("command %s failed", args.command)
        return _fail(
            _("Internal error: {error}. Details are in {log}.").format(
                error=type(exc).__name__, log=log_file or "-"
            ),
            as_json,
            3,
        )
    finally:
        ctx.close()
