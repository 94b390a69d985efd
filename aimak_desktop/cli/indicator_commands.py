"""`aimak indicators`, `aimak report council`, `aimak consolidate`, `aimak compare`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from aimak_desktop.cli.context import CliContext, Result
from aimak_desktop.i18n import _


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands (and `council` to the `report` group, wherever it comes from)."""
    p = sub.add_parser("indicators", parents=[common], help=_("office indicators"))
    p.add_argument("--period", metavar="YYYY-MM", help=_("month, quarter or year; default: now"))
    p.add_argument("--db", metavar="URL", help=_("a consolidated database: every office"))
    p.set_defaults(func=cmd_indicators)

    report = sub.choices.get("report")
    if report is None:
        report = sub.add_parser("report", parents=[common], help=_("reports"))
        report.add_subparsers(dest="report_command", required=True, metavar="REPORT")
    r_sub = next(a for a in report._actions if isinstance(a, argparse._SubParsersAction))
    p = r_sub.add_parser("council", parents=[common], help=_("council report (PDF)"))
    p.add_argument("--period", required=True, metavar="YYYY-MM|YYYY-Qn|YYYY")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--lang", dest="doc_lang", default="ky", choices=("ky", "ru", "both"))
    p.set_defaults(func=cmd_report_council)

    p = sub.add_parser(
        "consolidate", parents=[common], help=_("import many offices' bundles into one database")
    )
    p.add_argument("--from", dest="sources", action="append", required=True, metavar="DIR_OR_URL")
    p.add_argument("--key", dest="keys", action="append", required=True, metavar="FILE")
    p.add_argument("--into", required=True, metavar="URL")
    p.set_defaults(func=cmd_consolidate)

    p = sub.add_parser("compare", parents=[common], help=_("compare offices (.xlsx, PDF)"))
    p.add_argument("--db", required=True, metavar="URL")
    p.add_argument("--period", metavar="YYYY-MM")
    p.add_argument("--oblast")
    p.add_argument("--rayon")
    p.add_argument("--sort", default="name")
    p.add_argument("--desc", action="store_true")
    p.add_argument("--out", metavar="FILE.xlsx|FILE.pdf")
    p.add_argument("--lang", dest="doc_lang", default="ky", choices=("ky", "ru", "both"))
    p.set_defaults(func=cmd_compare)


def _figure_text(name: str, data: dict[str, Any]) -> str:
    value = data.get("value")
    return f"  {name}: {_('no data') if value is None else value}"


def cmd_indicators(ctx: CliContext) -> Result:
    from aimak_desktop.services.indicators import indicators_for_office, parse_period

    period = parse_period(ctx.args.period)
    if ctx.args.db:
        from aimak_desktop.sync.consolidate import list_offices, open_consolidated

        session = open_consolidated(ctx.args.db)
        try:
            offices = []
            for office in list_offices(session):
                data = indicators_for_office(session, period, office.office_id)
                offices.append(
                    {
                        "office_id": str(office.office_id),
                        "name": office.name_ky,
                        "oblast": office.oblast,
                        "rayon": office.rayon,
                        "indicators": data,
                    }
                )
        finally:
            bind = session.get_bind()
            session.close()
            bind.dispose()  # type: ignore[union-attr]
        lines = []
        for o in offices:
            lines.append(f"{o['name']} ({o['oblast']}, {o['rayon']})")
            for key in ("collection_rate", "arrears"):
                lines.append(_figure_text(key, o["indicators"][key]))
        return Result({"period": period.label, "offices": offices}, "\n".join(lines))
    data = indicators_for_office(ctx.require_office(), period)
    lines = [_("Indicators for {period}").format(period=period.label)]
    for key, value in data.items():
        if isinstance(value, dict) and "value" in value:
            lines.append(_figure_text(key, value))
    return Result({"period": period.label, "indicators": data}, "\n".join(lines))


def cmd_report_council(ctx: CliContext) -> Result:
    from aimak_desktop.reports.council_report import write_council_report
    from aimak_desktop.services.indicators import parse_period

    period = parse_period(ctx.args.period)
    out = write_council_report(ctx.require_office(), period, Path(ctx.args.out), ctx.args.doc_lang)
    return Result({"path": str(out), "period": period.label}, str(out))


def cmd_consolidate(ctx: CliContext) -> Result:
    from aimak_desktop.sync.consolidate import consolidate

    report = consolidate(ctx.args.sources, ctx.args.into, [Path(k) for k in ctx.args.keys])
    lines = [
        _("{office}: {files} new files, {ops} operations applied").format(
            office=office, files=c["received_files"], ops=c["applied"]
        )
        for office, c in report.offices.items()
    ]
    lines += [
        _("skipped {path}: {reason}").format(path=s["path"], reason=s["reason"])
        for s in report.skipped
    ]
    return Result(report.as_dict(), "\n".join(lines) or _("Nothing to import."))


def cmd_compare(ctx: CliContext) -> Result:
    from aimak_desktop.services.comparison import compare_offices, export_comparison_xlsx
    from aimak_desktop.services.indicators import parse_period
    from aimak_desktop.sync.consolidate import open_consolidated

    period = parse_period(ctx.args.period)
    session = open_consolidated(ctx.args.db)
    try:
        rows = compare_offices(
            session,
            period,
            oblast=ctx.args.oblast,
            rayon=ctx.args.rayon,
            sort_by=ctx.args.sort,
            descending=ctx.args.desc,
        )
    finally:
        bind = session.get_bind()
        session.close()
        bind.dispose()  # type: ignore[union-attr]
    data: dict[str, Any] = {"period": period.label, "offices": [r.as_json() for r in rows]}
    if ctx.args.out:
        out = Path(ctx.args.out)
        if out.suffix.lower() == ".pdf":
            from aimak_desktop.reports.comparison_pdf import write_comparison_pdf

            write_comparison_pdf(rows, out, period.label, ctx.args.doc_lang)
        else:
            export_comparison_xlsx(rows, out, period.label, ctx.args.doc_lang)
        data["path"] = str(out)
    text = "\n".join(f"{r.name_ky}: {r.values.get('collection_rate')}" for r in rows)
    return Result(data, text)
