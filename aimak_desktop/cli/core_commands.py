"""Foundation commands: demo, users, status, backup/restore, screenshot."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from aimak_desktop import paths
from aimak_desktop.cli.context import CliContext, Result, UsageError
from aimak_desktop.i18n import _


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help=_("create a demo office in an empty folder"))
    p.add_argument("--households", type=int, default=600, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("status", parents=[common], help=_("office, PC code and table counts"))
    p.set_defaults(func=cmd_status)

    users = sub.add_parser("users", parents=[common], help=_("list or add users"))
    users_sub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    p = users_sub.add_parser("list", parents=[common], help=_("list users"))
    p.set_defaults(func=cmd_users_list)
    p = users_sub.add_parser("add", parents=[common], help=_("add a user (administrator)"))
    p.add_argument("--username", required=True)
    p.add_argument("--full-name", required=True)
    p.add_argument(
        "--role", required=True, choices=("admin", "head", "accountant", "clerk", "mentor")
    )
    p.add_argument("--password", help=_("password of the new user (else asked)"))
    p.add_argument("--language", default="ky", choices=("ky", "ru", "en"))
    p.set_defaults(func=cmd_users_add)

    p = sub.add_parser("backup", parents=[common], help=_("make a backup copy now"))
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help=_("restore a backup copy"))
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--latest", action="store_true", help=_("the newest backup"))
    group.add_argument("--file", metavar="FILE", help=_("a backup file"))
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("screenshot", parents=[common], help=_("save every page as a PNG"))
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(func=cmd_screenshot)


def cmd_demo(ctx: CliContext) -> Result:
    from aimak_desktop.services.demo import DEMO_PASSWORD, create_demo_office
    from aimak_desktop.services.office import has_office

    if ctx.args.households < 1 or ctx.args.households > 500_000:
        raise UsageError(_("--households must be between 1 and 500000."))
    session = ctx.session()
    if has_office(session):
        raise UsageError(
            _("{folder} already holds an office. Choose an empty folder with --data-dir.").format(
                folder=paths.data_dir()
            )
        )
    summary = create_demo_office(session, ctx.args.households, ctx.args.seed)
    text = _(
        "Demo office {office} created in {folder}: {n} households. Users: admin, head, kassa, "
        "clerk, mentor; password {password}."
    ).format(
        office=summary["office"],
        folder=paths.data_dir(),
        n=summary["households"],
        password=DEMO_PASSWORD,
    )
    return Result({**summary, "data_dir": str(paths.data_dir())}, text)


def cmd_status(ctx: CliContext) -> Result:
    from aimak_desktop.db import SCHEMA_HEADS
    from aimak_desktop.services.office import get_local_device, get_office
    from aimak_desktop.sync.status import table_counts

    session = ctx.require_office()
    office = get_office(session)
    device = get_local_device(session)
    counts = table_counts(session)
    data = {
        "office": office.name_ky if office else None,
        "demo": bool(office and office.is_demo),
        "device_code": device.series,
        "device_id": str(device.device_id),
        "schema": sorted(SCHEMA_HEADS),
        "data_dir": str(paths.data_dir()),
        "counts": counts,
    }
    lines = [
        f"{_('Office')}: {data['office']}",
        f"{_('PC code')}: {data['device_code']}",
        f"{_('Data folder')}: {data['data_dir']}",
    ] + [f"  {name}: {count}" for name, count in sorted(counts.items())]
    return Result(data, "\n".join(lines))


def cmd_users_list(ctx: CliContext) -> Result:
    from aimak_desktop.services.users import list_users

    users = list_users(ctx.require_office())
    rows = [
        {"username": u.username, "full_name": u.full_name, "role": u.role, "active": u.active}
        for u in users
    ]
    text = "\n".join(
        f"{r['username']:<12} {r['role']:<11} {'' if r['active'] else '(-) '}{r['full_name']}"
        for r in rows
    )
    return Result({"users": rows}, text)


def cmd_users_add(ctx: CliContext) -> Result:
    import getpass

    from aimak_desktop.services.users import add_user

    actor = ctx.actor()
    password = ctx.args.password
    if password is None:
        password = getpass.getpass(_("Password for the new user: "))
    user = add_user(
        ctx.session(),
        actor,
        ctx.args.username,
        ctx.args.full_name,
        ctx.args.role,
        password,
        ctx.args.language,
    )
    return Result(
        {"username": user.username, "role": user.role, "id": str(user.id)},
        _("User {name} added.").format(name=user.username),
    )


def cmd_backup(ctx: CliContext) -> Result:
    from aimak_desktop import backup

    ctx.require_office()
    target = backup.make_backup(ctx.db.path, reason="manual")
    return Result({"backup": str(target)}, _("Backup saved: {path}").format(path=target))


def cmd_restore(ctx: CliContext) -> Result:
    from aimak_desktop.services.maintenance import restore_backup

    chosen: Path | None = Path(ctx.args.file) if ctx.args.file else None
    outcome = restore_backup(paths.data_dir(), chosen)
    return Result(
        {
            "restored": str(outcome.restored),
            "safety_copy": str(outcome.safety_copy),
            "device_code": outcome.device_code,
        },
        _(
            "Restored {name}. The previous file was kept as {safety}. This PC now uses the number "
            "series {code}."
        ).format(
            name=outcome.restored.name, safety=outcome.safety_copy.name, code=outcome.device_code
        ),
    )


def cmd_screenshot(ctx: CliContext) -> Result:
    from aimak_desktop.ui.screenshot import save_screenshots

    ctx.require_office()
    ctx.close()  # the window opens the office itself
    files = save_screenshots(Path(ctx.args.out))
    return Result({"files": [str(f) for f in files]}, "\n".join(str(f) for f in files))
