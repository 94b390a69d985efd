"""Register commands: households list/add, services list, tariffs list."""

from __future__ import annotations

import argparse
from typing import Any

from aimak_desktop.cli.context import CliContext, Result
from aimak_desktop.i18n import _


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands."""
    households = sub.add_parser("households", parents=[common], help=_("list or add households"))
    hh_sub = households.add_subparsers(dest="households_command", required=True, metavar="ACTION")
    p = hh_sub.add_parser("list", parents=[common], help=_("list households (first 50)"))
    p.add_argument("--search", metavar="TEXT", default="", help=_("name, account, address, phone"))
    p.add_argument("--village", metavar="NAME")
    p.add_argument("--archived", action="store_true", help=_("archived households only"))
    p.add_argument("--limit", type=int, default=50, metavar="N")
    p.set_defaults(func=cmd_households_list)

    p = hh_sub.add_parser("add", parents=[common], help=_("add a household"))
    p.add_argument("--name", required=True, help=_("head of household"))
    p.add_argument("--village", required=True, metavar="NAME")
    p.add_argument("--street", metavar="NAME")
    p.add_argument("--house", default="")
    p.add_argument("--residents", default="1", metavar="N")
    p.add_argument("--phone", default="")
    p.add_argument("--category", help=_("regular, pensioner, low_income ..."))
    p.add_argument("--gender", help=_("f or m"))
    p.add_argument("--account", help=_("account number (default: the next of this PC)"))
    p.set_defaults(func=cmd_households_add)

    services = sub.add_parser("services", parents=[common], help=_("the service catalogue"))
    sv_sub = services.add_subparsers(dest="services_command", required=True, metavar="ACTION")
    p = sv_sub.add_parser("list", parents=[common], help=_("list services"))
    p.set_defaults(func=cmd_services_list)

    tariffs = sub.add_parser("tariffs", parents=[common], help=_("tariffs of the services"))
    tf_sub = tariffs.add_subparsers(dest="tariffs_command", required=True, metavar="ACTION")
    p = tf_sub.add_parser("list", parents=[common], help=_("list tariffs with their history"))
    p.add_argument("--service", metavar="CODE")
    p.set_defaults(func=cmd_tariffs_list)


def cmd_households_list(ctx: CliContext) -> Result:
    from aimak_desktop.cli.context import UsageError
    from aimak_desktop.errors import NotFound
    from aimak_desktop.services.registers import find_village
    from aimak_desktop.services.search import count_households, search_households

    if not 1 <= ctx.args.limit <= 100_000:
        raise UsageError(_("--limit must be between 1 and 100000."))
    session = ctx.require_office()
    village_id = None
    if ctx.args.village:
        village = find_village(session, ctx.args.village)
        if village is None:
            raise NotFound(_("The village {name} does not exist.").format(name=ctx.args.village))
        village_id = village.id
    archived = bool(ctx.args.archived)
    rows = search_households(
        session, ctx.args.search, village_id=village_id, archived=archived, limit=ctx.args.limit
    )
    total = count_households(session, ctx.args.search, village_id=village_id, archived=archived)
    data = [
        {
            "id": str(r.id),
            "account_no": r.account_no,
            "head_name": r.head_name,
            "village": r.village,
            "street": r.street,
            "house": r.house,
            "residents": r.residents,
            "category": r.category,
            "phone": r.phone,
            "archived": r.archived,
        }
        for r in rows
    ]
    lines = [f"{r.account_no:<10} {r.head_name:<32} {r.address:<40} {r.phone}" for r in rows]
    lines.append(_("{shown} of {total} households").format(shown=len(rows), total=total))
    return Result({"total": total, "households": data}, "\n".join(lines))


def cmd_households_add(ctx: CliContext) -> Result:
    from aimak_desktop.services.registers import create_household

    actor = ctx.actor()
    args = ctx.args
    household = create_household(
        ctx.session(),
        actor,
        head_name=args.name,
        village=args.village,
        street=args.street,
        house=args.house,
        residents=args.residents,
        phone=args.phone,
        category=args.category,
        gender=args.gender,
        account_no=args.account,
    )
    return Result(
        {
            "id": str(household.id),
            "account_no": household.account_no,
            "head_name": household.head_name,
            "phone": household.phone,
            "residents": household.residents,
        },
        _("Household {account} added: {name}.").format(
            account=household.account_no, name=household.head_name
        ),
    )


def cmd_services_list(ctx: CliContext) -> Result:
    from aimak_desktop.models.catalog import PERIOD_LABELS, UNIT_LABELS, BillingUnit, Period
    from aimak_desktop.services.catalog import list_services

    services = list_services(ctx.require_office())
    data = [
        {
            "code": s.code,
            "name_ky": s.name_ky,
            "name_ru": s.name_ru,
            "provider_kind": s.provider_kind,
            "provider_name": s.provider_name,
            "billing_unit": s.billing_unit,
            "period": s.period,
            "penalty_enabled": s.penalty_enabled,
            "penalty_pct_per_month": str(s.penalty_pct_per_month),
            "penalty_grace_days": s.penalty_grace_days,
        }
        for s in services
    ]
    lines = [
        f"{s.code:<12} {s.name_ky:<36} {_(UNIT_LABELS[BillingUnit(s.billing_unit)])}, "
        f"{_(PERIOD_LABELS[Period(s.period)])}"
        for s in services
    ]
    return Result({"services": data}, "\n".join(lines))


def cmd_tariffs_list(ctx: CliContext) -> Result:
    from aimak_desktop.i18n import get_language
    from aimak_desktop.i18n.formatting import format_money, format_short_date
    from aimak_desktop.services.catalog import find_service, list_services, tariff_history

    session = ctx.require_office()
    services = (
        [find_service(session, ctx.args.service)] if ctx.args.service else list_services(session)
    )
    data: list[dict[str, Any]] = []
    lines: list[str] = []
    for service in services:
        for t in tariff_history(session, service.id):
            data.append(
                {
                    "service": service.code,
                    "category": t.category,
                    "tap_type": t.tap_type,
                    "amount": t.amount,
                    "valid_from": t.valid_from.isoformat(),
                    "valid_to": t.valid_to.isoformat() if t.valid_to else None,
                    "toktom_no": t.toktom_no,
                    "toktom_date": t.toktom_date.isoformat() if t.toktom_date else None,
                }
            )
            until = format_short_date(t.valid_to) if t.valid_to else "..."
            lines.append(
                f"{service.code:<12} {t.category:<12} {t.tap_type:<7} "
                f"{format_money(t.amount, get_language()):>14}  "
                f"{format_short_date(t.valid_from)} - {until:<10}  {_('toktom')} {t.toktom_no}"
            )
    return Result({"tariffs": data}, "\n".join(lines))
