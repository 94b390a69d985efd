"""Register import and export: `aimak import-register FILE`, `aimak export-register --out FILE`.

Exit codes: 0 when the valid rows were imported (rejected rows are listed, and saved with
--rejected); 1 when the file itself cannot be used or no row at all can be imported.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from aimak_desktop.cli.context import CliContext, Result
from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import _, get_language

#: Rejected rows printed in text mode (--json and --rejected always carry all of them).
TEXT_ROWS = 50


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands."""
    p = sub.add_parser(
        "import-register", parents=[common], help=_("import households from .xlsx or .csv")
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--sheet", metavar="NAME", help=_("sheet of the workbook (default: the first)"))
    p.add_argument(
        "--dry-run", action="store_true", help=_("check the file and report; import nothing")
    )
    p.add_argument(
        "--create-villages", action="store_true", help=_("add villages the register does not have")
    )
    p.add_argument(
        "--rejected", metavar="OUT.xlsx", help=_("save the rejected rows with their reasons here")
    )
    p.set_defaults(func=cmd_import_register)

    p = sub.add_parser(
        "export-register", parents=[common], help=_("save the register as .xlsx, .csv or .pdf")
    )
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument(
        "--lang",
        dest="doc_lang",
        choices=("ky", "ru", "en", "both"),
        help=_("language of the document (default: the interface language)"),
    )
    p.set_defaults(func=cmd_export_register)


def cmd_import_register(ctx: CliContext) -> Result:
    from aimak_desktop.services import register_import as ri

    args = ctx.args
    session = ctx.require_office()
    actor = None if args.dry_run else ctx.actor()
    table = ri.read_table(args.file, args.sheet)
    mapping = ri.resolve_mapping(table)
    plan = ri.validate(session, table, mapping, create_villages=args.create_villages)
    rejected_file = None
    if args.rejected and plan.rejected:
        rejected_file = ri.write_rejected(plan, Path(args.rejected))
    issues = [{"row": i.row, "column": i.column, "reason": i.reason} for i in plan.issues]
    if not plan.households:
        first = plan.issues[0] if plan.issues else None
        hints = []
        if first is not None:
            hints.append(
                _("First: row {row}, {column}: {reason}").format(
                    row=first.row, column=first.column, reason=first.reason
                )
            )
        if rejected_file is not None:
            hints.append(_("Rejected rows saved to {path}").format(path=rejected_file))
        raise AimakError(
            _("No row can be imported: {n} rows have errors.").format(n=len(plan.rejected)),
            help=" ".join(hints) or None,
        )
    imported = 0
    villages_created = len(plan.new_villages)
    if not args.dry_run:
        assert actor is not None
        result = ri.commit(session, actor, plan)
        imported, villages_created = result.imported, result.villages_created
    data = {
        **plan.summary(),
        "sheet": table.sheet,
        "dry_run": bool(args.dry_run),
        "imported": imported,
        "villages_created": villages_created if not args.dry_run else 0,
        "rejected_rows": issues,
        "rejected_file": str(rejected_file) if rejected_file else None,
    }
    return Result(data, _import_text(plan, data, rejected_file))


def _import_text(plan: Any, data: dict[str, Any], rejected_file: Path | None) -> str:
    if data["dry_run"]:
        lines = [
            _("Checked {file}: {valid} rows can be imported, {rejected} rows have errors.").format(
                file=data["file"], valid=data["valid"], rejected=data["rejected"]
            )
        ]
    else:
        lines = [
            _("Imported {n} households from {file}; {rejected} rows rejected.").format(
                n=data["imported"], file=data["file"], rejected=data["rejected"]
            )
        ]
    if plan.new_villages:
        lines.append(_("New villages: {names}").format(names=", ".join(plan.new_villages)))
    for issue in plan.issues[:TEXT_ROWS]:
        lines.append(
            "  "
            + _("row {row}, {column}: {reason}").format(
                row=issue.row, column=issue.column, reason=issue.reason
            )
        )
    if len(plan.issues) > TEXT_ROWS:
        lines.append("  " + _("... and {n} more.").format(n=len(plan.issues) - TEXT_ROWS))
    if rejected_file is not None:
        lines.append(_("Rejected rows saved to {path}").format(path=rejected_file))
    return "\n".join(lines)


def cmd_export_register(ctx: CliContext) -> Result:
    from aimak_desktop.services.register_export import export_register

    session = ctx.require_office()
    out = Path(ctx.args.out)
    lang = ctx.args.doc_lang or get_language()
    count = export_register(session, out, lang)
    return Result(
        {"file": str(out), "households": count, "lang": lang},
        _("Register saved to {path}: {n} households.").format(path=out, n=count),
    )
