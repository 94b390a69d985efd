"""Hearing and feedback commands: list, minutes, stats, monthly feedback report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from aimak_desktop.cli.context import CliContext, Result
from aimak_desktop.i18n import _


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `aimak hearing ...` and `aimak feedback ...`."""
    hearing = sub.add_parser("hearing", parents=[common], help=_("budget hearings"))
    hsub = hearing.add_subparsers(dest="hearing_command", required=True, metavar="ACTION")
    p = hsub.add_parser("list", parents=[common], help=_("list hearings, newest first"))
    p.add_argument("--year", type=int, metavar="YYYY", help=_("only this budget year"))
    p.set_defaults(func=cmd_hearing_list)
    p = hsub.add_parser("minutes", parents=[common], help=_("print the minutes of a hearing"))
    p.add_argument("--id", required=True, metavar="ID", help=_("hearing id (or its start)"))
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--lang", dest="doc_lang", default="ky", choices=("ky", "ru", "both"))
    p.set_defaults(func=cmd_hearing_minutes)
    p = hsub.add_parser("stats", parents=[common], help=_("participation statistics"))
    p.add_argument("--id", required=True, metavar="ID", help=_("hearing id (or its start)"))
    p.set_defaults(func=cmd_hearing_stats)

    feedback = sub.add_parser("feedback", parents=[common], help=_("citizen feedback"))
    fsub = feedback.add_subparsers(dest="feedback_command", required=True, metavar="ACTION")
    p = fsub.add_parser("report", parents=[common], help=_("monthly feedback report (PDF)"))
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--lang", dest="doc_lang", default="ky", choices=("ky", "ru", "both"))
    p.set_defaults(func=cmd_feedback_report)


def cmd_hearing_list(ctx: CliContext) -> Result:
    from aimak_desktop.models.hearings import HEARING_KIND_LABELS, HEARING_STATUS_LABELS
    from aimak_desktop.services.hearing_stats import participation
    from aimak_desktop.services.hearings import list_hearings

    session = ctx.require_office()
    rows = []
    for h in list_hearings(session, ctx.args.year):
        stats = participation(session, h.id)
        rows.append(
            {
                "id": str(h.id),
                "date": h.held_on.isoformat(),
                "time": h.start_time,
                "kind": h.kind,
                "year": h.year,
                "status": h.status,
                "place": h.place,
                "attended": stats.total,
                "pct_women": str(stats.pct_women),
                "pct_youth": str(stats.pct_youth),
            }
        )
    labels = {**HEARING_KIND_LABELS, **HEARING_STATUS_LABELS}
    text = "\n".join(
        f"{r['id'][:13]}  {r['date']}  {_(labels[r['kind']])} {r['year']}  "  # type: ignore[index]
        f"[{_(labels[r['status']])}]  {r['attended']}"  # type: ignore[index]
        for r in rows
    ) or _("No hearings yet.")
    return Result({"hearings": rows}, text)


def cmd_hearing_minutes(ctx: CliContext) -> Result:
    from aimak_desktop.reports.hearing_minutes import render_minutes
    from aimak_desktop.services.hearings import find_hearing

    session = ctx.require_office()
    hearing = find_hearing(session, ctx.args.id)
    out = render_minutes(session, hearing.id, Path(ctx.args.out), ctx.args.doc_lang)
    return Result(
        {"file": str(out), "hearing": str(hearing.id), "lang": ctx.args.doc_lang},
        _("Minutes saved: {path}").format(path=out),
    )


def cmd_hearing_stats(ctx: CliContext) -> Result:
    from aimak_desktop.services.hearing_stats import compare_with_earlier, participation
    from aimak_desktop.services.hearings import find_hearing

    session = ctx.require_office()
    hearing = find_hearing(session, ctx.args.id)
    stats = participation(session, hearing.id)
    trend = [
        {
            "id": str(r.hearing_id),
            "date": r.held_on.isoformat(),  # type: ignore[attr-defined]
            "total": r.total,
            "pct_women": str(r.pct_women),
            "pct_youth": str(r.pct_youth),
        }
        for r in compare_with_earlier(session, hearing.id)
    ]
    data = {"hearing": str(hearing.id), **stats.as_dict(), "trend": trend}
    lines = [
        _("Attended: {total} (named {named}, counted {tallied})").format(
            total=stats.total, named=stats.named, tallied=stats.tallied
        ),
        _("Women: {n} ({pct}%)").format(n=stats.women, pct=stats.pct_women),
        _("Youth: {n} ({pct}%)").format(n=stats.youth, pct=stats.pct_youth),
    ] + [
        f"  {v.name or _('Village not recorded')}: {v.count} ({v.share}%)" for v in stats.by_village
    ]
    return Result(data, "\n".join(lines))


def cmd_feedback_report(ctx: CliContext) -> Result:
    from aimak_desktop.reports.feedback_report import render_feedback_report
    from aimak_desktop.services.feedback import monthly_report, parse_month

    session = ctx.require_office()
    year, month = parse_month(ctx.args.month)
    out = render_feedback_report(session, year, month, Path(ctx.args.out), ctx.args.doc_lang)
    data = monthly_report(session, year, month).as_dict()
    return Result(
        {"file": str(out), **data},
        _("Feedback report saved: {path}").format(path=out),
    )
