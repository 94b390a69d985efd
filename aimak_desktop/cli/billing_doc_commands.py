"""Billing documents on the command line.

`aimak receipt --number N --pdf FILE [--format 80mm|58mm|a4] [--lang ky|ru|both]` (a reprint,
marked as a copy), `aimak verify-receipt --number N --code CODE [--amount SOM] [--date DATE]`
(exit 0 genuine, 1 not) and `aimak bills --period YYYY-MM [--village NAME] --out FILE.pdf
[--format a4|80mm] [--lang ky|ru|both]`. The data comes from services.billing_views.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

from aimak_desktop.cli.context import CliContext, Result
from aimak_desktop.errors import AimakError, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_money, parse_money

DOC_LANGS = ("ky", "ru", "both")
_PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("receipt", parents=[common], help=_("print a copy of a receipt (PDF)"))
    p.add_argument("--number", required=True, metavar="N", help=_("receipt number"))
    p.add_argument("--pdf", required=True, metavar="FILE", help=_("PDF file to write"))
    p.add_argument("--format", dest="paper", default="80mm", choices=("80mm", "58mm", "a4"))
    p.add_argument("--lang", dest="doc_lang", default="ky", choices=DOC_LANGS)
    p.set_defaults(func=cmd_receipt)

    p = sub.add_parser(
        "verify-receipt", parents=[common], help=_("check the verification code of a receipt")
    )
    p.add_argument("--number", required=True, metavar="N", help=_("receipt number"))
    p.add_argument("--code", required=True, metavar="CODE", help=_("code printed on the receipt"))
    p.add_argument("--amount", metavar="SOM", help=_("amount printed on the receipt"))
    p.add_argument("--date", metavar="YYYY-MM-DD", help=_("date printed on the receipt"))
    p.set_defaults(func=cmd_verify_receipt)

    p = sub.add_parser("bills", parents=[common], help=_("monthly bills for delivery (PDF)"))
    p.add_argument("--period", required=True, metavar="YYYY-MM", help=_("billing month"))
    p.add_argument("--village", metavar="NAME", help=_("only this village"))
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("PDF file to write"))
    p.add_argument("--format", dest="paper", default="a4", choices=("a4", "80mm"))
    p.add_argument("--lang", dest="doc_lang", default="ky", choices=DOC_LANGS)
    p.set_defaults(func=cmd_bills)


def _views() -> Any:
    from aimak_desktop.services import billing_views

    return billing_views


def _receipt(ctx: CliContext, number: str, *, is_copy: bool = False) -> Any:
    """The receipt's data; billing_views raises NotFound for an unknown number."""
    return _views().receipt_data(ctx.require_office(), number.strip(), is_copy=is_copy)


def cmd_receipt(ctx: CliContext) -> Result:
    from aimak_desktop.reports.receipt_pdf import write_receipt_pdf

    ctx.actor()
    # Any receipt printed from here is a reprint: the original came out when the money was taken.
    data = dataclasses.replace(_receipt(ctx, ctx.args.number, is_copy=True), is_copy=True)
    out = write_receipt_pdf(data, Path(ctx.args.pdf), ctx.args.paper, ctx.args.doc_lang)
    return Result(
        {
            "file": str(out),
            "receipt_no": data.receipt_no,
            "amount": data.total_paid,
            "format": ctx.args.paper,
            "lang": ctx.args.doc_lang,
            "copy": True,
            "voided": data.voided,
        },
        _("Copy of receipt {number} written to {file}").format(number=data.receipt_no, file=out),
    )


def _parse_day(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        _("{text} is not a date. Write it like 2026-03-15.").format(text=text), field="date"
    )


def cmd_verify_receipt(ctx: CliContext) -> Result:
    from aimak_desktop.services.office import get_local_device
    from aimak_desktop.services.receipt_code import normalise_code, verify_code

    data = _receipt(ctx, ctx.args.number)
    key = get_local_device(ctx.require_office()).office_key
    amount, day = data.total_paid, data.issued_at.date()
    if ctx.args.amount is not None:
        try:
            amount = parse_money(ctx.args.amount)
        except ValueError as exc:
            raise ValidationError(str(exc), field="amount") from exc
    if ctx.args.date is not None:
        day = _parse_day(ctx.args.date)
    code = normalise_code(ctx.args.code)
    if not verify_code(key, data.receipt_no, amount, day, code):
        raise AimakError(
            _(
                "Receipt {number}: the code {code} does NOT match {amount} of {date}. "
                "The receipt is not genuine or was altered."
            ).format(
                number=data.receipt_no,
                code=ctx.args.code.strip(),
                amount=format_money(amount),
                date=day.strftime("%d.%m.%Y"),
            )
        )
    if data.voided:
        raise AimakError(
            _("Receipt {number} is genuine but was VOIDED: it is no proof of payment.").format(
                number=data.receipt_no
            )
        )
    return Result(
        {
            "valid": True,
            "receipt_no": data.receipt_no,
            "amount": data.total_paid,
            "date": data.issued_at.date().isoformat(),
            "payer": data.payer,
            "account": data.account,
        },
        _("Receipt {number} is genuine: {amount} on {date}, paid by {payer} ({account}).").format(
            number=data.receipt_no,
            amount=format_money(data.total_paid),
            date=data.issued_at.strftime("%d.%m.%Y"),
            payer=data.payer,
            account=data.account,
        ),
    )


def cmd_bills(ctx: CliContext) -> Result:
    from aimak_desktop.reports.bills_pdf import write_bills_pdf

    period = ctx.args.period.strip()
    if not _PERIOD.fullmatch(period):
        raise ValidationError(
            _("{period} is not a month. Write it like 2026-03.").format(period=period),
            field="period",
        )
    ctx.actor()
    bills = _views().bill_data(ctx.require_office(), period, ctx.args.village)
    if not bills:
        where = ctx.args.village or _("this office")
        raise AimakError(
            _("No bills for {period} in {where}: run the billing for that month first.").format(
                period=period, where=where
            )
        )
    out = write_bills_pdf(bills, Path(ctx.args.out), ctx.args.paper, ctx.args.doc_lang)
    total = sum(b.total_due for b in bills)
    return Result(
        {
            "file": str(out),
            "period": period,
            "village": ctx.args.village,
            "bills": len(bills),
            "total_due": total,
            "format": ctx.args.paper,
            "lang": ctx.args.doc_lang,
        },
        _("{count} bills for {period} written to {file} (to pay in all: {total}).").format(
            count=len(bills), period=period, file=out, total=format_money(total)
        ),
    )
