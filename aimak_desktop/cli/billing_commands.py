"""Billing commands: accrual run, payments, voids, day close, debtors list (.xlsx).

Documents (receipt/bill/Z-report PDFs) are added by cli/billing_doc_commands.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from aimak_desktop.cli.context import CliContext, Result, UsageError
from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_money


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands."""
    billing = sub.add_parser("billing", parents=[common], help=_("monthly charges"))
    b_sub = billing.add_subparsers(dest="billing_command", required=True, metavar="ACTION")
    p = b_sub.add_parser("run", parents=[common], help=_("charge a month (YYYY-MM)"))
    p.add_argument("--period", required=True, metavar="YYYY-MM")
    p.add_argument("--dry-run", action="store_true", help=_("only show what would be charged"))
    p.set_defaults(func=cmd_billing_run)

    p = sub.add_parser("pay", parents=[common], help=_("take a payment and issue a receipt"))
    p.add_argument("--account", required=True, metavar="NO")
    p.add_argument("--amount", required=True, metavar="SOM")
    p.add_argument("--service", metavar="CODE", help=_("pay this service only"))
    p.add_argument("--method", default="cash", choices=("cash", "bank", "qr"))
    p.add_argument("--note", default="")
    p.add_argument("--confirm", action="store_true", help=_("confirm a very large amount"))
    p.set_defaults(func=cmd_pay)

    p = sub.add_parser("void", parents=[common], help=_("void a receipt (reason required)"))
    p.add_argument("--number", required=True, metavar="N")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.set_defaults(func=cmd_void)

    p = sub.add_parser("day-close", parents=[common], help=_("close the cash day (Z-report)"))
    p.add_argument("--date", metavar="YYYY-MM-DD", help=_("default: today"))
    p.add_argument("--pdf", metavar="FILE", help=_("also write the Z-report PDF"))
    p.add_argument(
        "--lang",
        dest="doc_lang",
        choices=("ky", "ru", "both"),
        default="both",
        help=_("language of the document"),
    )
    p.set_defaults(func=cmd_day_close)

    report = sub.add_parser("report", parents=[common], help=_("billing reports"))
    r_sub = report.add_subparsers(dest="report_command", required=True, metavar="REPORT")
    p = r_sub.add_parser(
        "debtors", parents=[common], help=_("debtors list with ageing (.xlsx or .pdf)")
    )
    p.add_argument("--out", metavar="FILE")
    p.add_argument(
        "--lang",
        dest="doc_lang",
        choices=("ky", "ru", "both"),
        default="both",
        help=_("language of the PDF"),
    )
    p.add_argument("--date", metavar="YYYY-MM-DD", help=_("default: today"))
    p.add_argument("--village", metavar="NAME")
    p.add_argument("--service", metavar="CODE")
    p.set_defaults(func=cmd_report_debtors)


def _date(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            _("{text} is not a date. Write it as YYYY-MM-DD.").format(text=text)
        ) from None


def cmd_billing_run(ctx: CliContext) -> Result:
    from aimak_desktop.services.billing_run import commit_run, preview_run

    session = ctx.require_office()
    if ctx.args.dry_run:
        summary = preview_run(session, ctx.args.period)
    else:
        summary = commit_run(session, ctx.actor(), ctx.args.period)
    lines = [
        f"{line.service_code:<14} {line.village:<20} {line.count:>7} {format_money(line.total)}"
        for line in summary.lines
    ]
    head = (
        _("{period}: would charge {n} subscriptions, {total}.")
        if ctx.args.dry_run
        else _("{period}: charged {n} subscriptions, {total}.")
    ).format(period=summary.period, n=summary.count, total=format_money(summary.total))
    if summary.already_charged:
        lines.append(_("Already charged: {n}.").format(n=summary.already_charged))
    if summary.penalties:
        lines.append(
            _("Late-payment penalties: {n}, {total}.").format(
                n=summary.penalties, total=format_money(summary.penalty_total)
            )
        )
    data = summary.as_dict() | {"dry_run": bool(ctx.args.dry_run)}
    return Result(data, "\n".join([head, *lines]))


def cmd_pay(ctx: CliContext) -> Result:
    from aimak_desktop.errors import NotFound
    from aimak_desktop.services.catalog import find_service
    from aimak_desktop.services.payments import parse_amount, take_payment
    from aimak_desktop.services.registers import find_household

    session = ctx.require_office()
    amount = parse_amount(ctx.args.amount)
    household = find_household(session, ctx.args.account)
    if household is None:
        raise NotFound(_("There is no account {account}.").format(account=ctx.args.account))
    service_id = find_service(session, ctx.args.service).id if ctx.args.service else None
    taken = take_payment(
        session,
        ctx.actor(),
        household.id,
        amount,
        ctx.args.method,
        service_id,
        ctx.args.note,
        confirm=ctx.args.confirm,
    )
    data = {
        "receipt_no": taken.receipt_no,
        "account": household.account_no,
        "amount": taken.payment.amount,
        "method": taken.payment.method,
        "advance": taken.advance,
        "allocations": [
            {
                "service_id": str(s.service_id),
                "amount": s.amount,
                "period_from": s.period_from,
                "period_to": s.period_to,
            }
            for s in taken.shares
        ],
    }
    text = _("Receipt {number}: {amount} from {account}.").format(
        number=taken.receipt_no,
        amount=format_money(taken.payment.amount),
        account=household.account_no,
    )
    return Result(data, text)


def cmd_void(ctx: CliContext) -> Result:
    from aimak_desktop.services.payments import void_receipt

    session = ctx.require_office()
    void = void_receipt(session, ctx.actor(), ctx.args.number, ctx.args.reason)
    data = {"receipt_no": void.receipt_no, "amount": void.amount, "reason": void.reason}
    return Result(data, _("Receipt {number} is voided.").format(number=void.receipt_no))


def cmd_day_close(ctx: CliContext) -> Result:
    from aimak_desktop.services.day_close import close_day, day_summary

    session = ctx.require_office()
    day = _date(ctx.args.date)
    actor = ctx.actor()
    close_day(session, actor, day)
    summary = day_summary(session, actor.user_id, day, actor.name)
    text = _("Cash day {day} closed: {n} receipts, {total}, first {first}, last {last}.").format(
        day=day.isoformat(),
        n=summary.receipts,
        total=format_money(summary.total),
        first=summary.first_receipt_no or "-",
        last=summary.last_receipt_no or "-",
    )
    data = summary.as_dict()
    if ctx.args.pdf:
        from aimak_desktop.reports.day_close_pdf import write_day_close_pdf
        from aimak_desktop.services.billing_views import day_close_data

        pdf = Path(ctx.args.pdf)
        write_day_close_pdf(
            day_close_data(session, day, actor.user_id, actor.name), pdf, ctx.args.doc_lang
        )
        data["pdf"] = str(pdf)
        text += " " + _("Saved to {path}.").format(path=pdf)
    return Result(data, text)


def cmd_report_debtors(ctx: CliContext) -> Result:
    from aimak_desktop.services.debts import debtors_report, export_debtors_xlsx

    session = ctx.require_office()
    report = debtors_report(session, _date(ctx.args.date), ctx.args.village, ctx.args.service)
    data = report.as_dict()
    if ctx.args.out:
        out = Path(ctx.args.out)
        if out.suffix.lower() == ".pdf":
            from aimak_desktop.reports.debtors_pdf import write_debtors_pdf
            from aimak_desktop.services.billing_views import debtors_data

            pdf_data = debtors_data(
                session, _date(ctx.args.date), ctx.args.village, ctx.args.service
            )
            write_debtors_pdf(pdf_data, out, ctx.args.doc_lang)
        elif out.suffix.lower() == ".xlsx":
            from aimak_desktop.i18n import get_language

            export_debtors_xlsx(report, out, get_language())
        else:
            raise UsageError(_("--out must be an .xlsx or .pdf file."))
        data["out"] = str(out)
    text = _("{n} households owe {total}.").format(
        n=report.households, total=format_money(sum(report.totals))
    )
    if ctx.args.out:
        text += " " + _("Saved to {path}.").format(path=ctx.args.out)
    return Result(data, text)
