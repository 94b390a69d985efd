"""Catalog tool: `python -m aimak_desktop.i18n.tool extract|update|compile|check|todo|apply`.

Typical round after new strings were added to the code::

    python -m aimak_desktop.i18n.tool update          # aimak.pot + merge into ky/ru/en .po
    python -m aimak_desktop.i18n.tool todo --lang ky -o /tmp/ky.po   # what is left, as a .po
    (fill in the msgstr lines of /tmp/ky.po)
    python -m aimak_desktop.i18n.tool apply /tmp/ky.po --lang ky
    python -m aimak_desktop.i18n.tool compile
    python -m aimak_desktop.i18n.tool check           # exit code 1 lists what is still wrong
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aimak_desktop.i18n import LANGUAGES, catalogs


def _extract(args: argparse.Namespace) -> int:
    template = catalogs.extract_template()
    changed = catalogs.write_template(template)
    state = "written" if changed else "unchanged"
    print(f"{catalogs.POT_PATH}: {len(template)} msgids ({state})")
    return 0


def _update(args: argparse.Namespace) -> int:
    template = catalogs.extract_template()
    changed = catalogs.update_catalogs(template)
    print(f"{len(template)} msgids in the code")
    for path in changed:
        print(f"updated {path}")
    for lang in catalogs.REQUIRED:
        left = len(catalogs.untranslated(template, catalogs.load_po(lang)))
        print(f"{lang}: {left} untranslated")
    if args.compile:
        return _compile(args)
    return 0


def _compile(args: argparse.Namespace) -> int:
    written = catalogs.compile_catalogs(force=args.force)
    for path in written:
        print(f"compiled {path}")
    if not written:
        print("all .mo files are up to date")
    return 0


def _check(args: argparse.Namespace) -> int:
    problems = catalogs.check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s); see `python -m aimak_desktop.i18n.tool --help`")
        return 1
    print("catalogs OK")
    return 0


def _todo(args: argparse.Namespace) -> int:
    template = catalogs.extract_template()
    langs = [args.lang] if args.lang else list(catalogs.REQUIRED)
    out = []
    for lang in langs:
        text = catalogs.todo_text(lang, template)
        count = len(catalogs.todo_catalog(lang, template))
        out.append(f"# ===== {lang}: {count} untranslated =====\n{text}")
    if args.output:
        if len(langs) != 1:
            print("--output needs --lang", file=sys.stderr)
            return 2
        Path(args.output).write_text(catalogs.todo_text(langs[0], template), encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write("\n".join(out))
    return 0


def _apply(args: argparse.Namespace) -> int:
    done = catalogs.apply_translations(args.lang, Path(args.file))
    print(f"{args.lang}: {len(done)} translation(s) taken from {args.file}")
    if done and not args.no_compile:
        catalogs.compile_catalogs()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m aimak_desktop.i18n.tool",
        description="Keep the ky/ru/en gettext catalogs in step with the code.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="write aimak.pot from the marked strings").set_defaults(
        run=_extract
    )
    update = sub.add_parser("update", help="extract, then merge new msgids into every .po")
    update.add_argument("--compile", action="store_true", help="also compile the .mo files")
    update.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    update.set_defaults(run=_update)
    compile_ = sub.add_parser("compile", help="write the .mo next to each .po that changed")
    compile_.add_argument("--force", action="store_true", help="rewrite every .mo")
    compile_.set_defaults(run=_compile)
    sub.add_parser(
        "check", help="exit 1 on untranslated ky/ru msgids, placeholder mismatches, stale .mo"
    ).set_defaults(run=_check)
    todo = sub.add_parser("todo", help="print the untranslated msgids as a .po snippet")
    todo.add_argument("--lang", choices=LANGUAGES)
    todo.add_argument("-o", "--output", help="write a .po to fill in (needs --lang)")
    todo.set_defaults(run=_todo)
    apply = sub.add_parser("apply", help="take filled-in translations from a todo .po")
    apply.add_argument("file")
    apply.add_argument("--lang", choices=LANGUAGES, required=True)
    apply.add_argument("--no-compile", action="store_true", help="do not rebuild the .mo")
    apply.set_defaults(run=_apply)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
