"""Sync commands: sync run/export/import/status/fingerprint, conflicts, office key and joining."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from aimak_desktop import paths
from aimak_desktop.cli.context import CliContext, Result
from aimak_desktop.i18n import _


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    sync = sub.add_parser("sync", parents=[common], help=_("exchange data with other PCs"))
    sync_sub = sync.add_subparsers(dest="sync_command", required=True, metavar="ACTION")
    p = sync_sub.add_parser("run", parents=[common], help=_("import, then export"))
    p.add_argument("--target", required=True, metavar="URL")
    p.set_defaults(func=cmd_run)
    p = sync_sub.add_parser("export", parents=[common], help=_("write this PC's bundles"))
    p.add_argument("--to", required=True, metavar="DIR")
    p.set_defaults(func=cmd_export)
    p = sync_sub.add_parser("import", parents=[common], help=_("read other PCs' bundles"))
    p.add_argument("--from", dest="source", required=True, metavar="DIR")
    p.set_defaults(func=cmd_import)
    p = sync_sub.add_parser("status", parents=[common], help=_("pending, progress, problems"))
    p.set_defaults(func=cmd_status)
    p = sync_sub.add_parser("fingerprint", parents=[common], help=_("hash of the office data"))
    p.set_defaults(func=cmd_fingerprint)
    p = sync_sub.add_parser("carry", parents=[common], help=_("copy bundles between folders"))
    p.add_argument("--from", dest="source", required=True, metavar="URL")
    p.add_argument("--to", required=True, metavar="URL")
    p.set_defaults(func=cmd_carry)

    conflicts = sub.add_parser("conflicts", parents=[common], help=_("sync conflicts"))
    c_sub = conflicts.add_subparsers(dest="conflicts_command", required=True, metavar="ACTION")
    p = c_sub.add_parser("list", parents=[common], help=_("open conflicts and quarantine"))
    p.set_defaults(func=cmd_conflicts_list)

    office = sub.add_parser("office", parents=[common], help=_("office key and joining"))
    o_sub = office.add_subparsers(dest="office_command", required=True, metavar="ACTION")
    p = o_sub.add_parser("export-key", parents=[common], help=_("save the office key"))
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=cmd_export_key)
    p = o_sub.add_parser("join", parents=[common], help=_("join this PC to an office"))
    p.add_argument("--key", required=True, metavar="FILE")
    p.add_argument("--from", dest="source", required=True, metavar="URL")
    p.add_argument("--code", default="B", metavar="C", help=_("this PC's code (B, C ...)"))
    p.set_defaults(func=cmd_join)


def _report_text(data: dict[str, Any]) -> str:
    lines = [
        _("Received {files} files ({ops} operations), applied {applied}.").format(
            files=data["received_files"], ops=data["received_ops"], applied=data["applied"]
        ),
        _("Sent {files} files.").format(files=data["sent_files"]),
    ]
    for item in data["rejected"]:
        lines.append(_("Rejected {path}: {reason}").format(**item))
    for device, reason in data["held"].items():
        lines.append(_("Held back from {device}: {reason}").format(device=device, reason=reason))
    if data["conflicts"] or data["quarantined"]:
        lines.append(
            _("{c} conflicts and {q} quarantined changes: see aimak conflicts list.").format(
                c=data["conflicts"], q=data["quarantined"]
            )
        )
    return "\n".join(lines)


def cmd_run(ctx: CliContext) -> Result:
    from aimak_desktop.sync.exchange import sync_run

    report = sync_run(ctx.require_office(), ctx.args.target, data_dir=paths.data_dir())
    data = report.as_dict()
    return Result(data, _report_text(data))


def cmd_export(ctx: CliContext) -> Result:
    from aimak_desktop.sync.exchange import export_bundles

    report = export_bundles(ctx.require_office(), ctx.args.to, data_dir=paths.data_dir())
    data = report.as_dict()
    return Result(data, _("Sent {files} files.").format(files=data["sent_files"]))


def cmd_import(ctx: CliContext) -> Result:
    from aimak_desktop.sync.exchange import import_bundles

    report = import_bundles(ctx.require_office(), ctx.args.source, data_dir=paths.data_dir())
    data = report.as_dict()
    return Result(data, _report_text(data))


def cmd_status(ctx: CliContext) -> Result:
    from aimak_desktop.sync.credentials import credential_storage_note
    from aimak_desktop.sync.status import sync_status

    data = sync_status(ctx.require_office())
    data["credentials"] = credential_storage_note(paths.data_dir())
    lines = [
        f"{target['url']}: {_('{n} pending').format(n=target['pending'])}, "
        f"{_('last success')}: {target['last_success_at'] or '-'}"
        + (f" ({target['last_error']})" if target["last_error"] else "")
        for target in data["targets"]
    ]
    lines += [
        f"{d['device_id']}: {d['applied_seq']}"
        + (f", {_('held back')} {d['held_back']} ({d['held_reason']})" if d["held_back"] else "")
        for d in data["devices"]
    ]
    lines.append(
        _("Conflicts: {c}. Quarantine: {q}.").format(
            c=data["conflicts_open"], q=data["quarantine_open"]
        )
    )
    for w in data["clock_warnings"]:
        lines.append(
            _("Clock of PC {device} differs by {minutes} minutes.").format(
                device=w["device_id"], minutes=w["offset_ms"] // 60000
            )
        )
    return Result(data, "\n".join(lines))


def cmd_fingerprint(ctx: CliContext) -> Result:
    from aimak_desktop.sync.status import fingerprint

    value = fingerprint(ctx.require_office())
    return Result({"fingerprint": value}, value)


def cmd_carry(ctx: CliContext) -> Result:
    from aimak_desktop.sync.join import carry

    copied = carry(ctx.args.source, ctx.args.to)
    return Result({"copied": copied}, _("Copied {n} files.").format(n=len(copied)))


def cmd_conflicts_list(ctx: CliContext) -> Result:
    from aimak_desktop.sync.conflicts import list_conflicts, list_quarantine

    session = ctx.require_office()
    conflicts, quarantine = list_conflicts(session), list_quarantine(session)
    lines = [
        f"#{c['id']} {c['table']}.{c['field']} {c['row_id']}: "
        f"{_('mine')}={c['mine']!r} {_('theirs')}={c['theirs']!r} ({_('kept')}: {c['winner']})"
        for c in conflicts
    ] + [f"Q{q['id']} {q['table']} {q['row_id']}: {q['reason']}" for q in quarantine]
    return Result(
        {"conflicts": conflicts, "quarantine": quarantine},
        "\n".join(lines) or _("No conflicts."),
    )


def cmd_export_key(ctx: CliContext) -> Result:
    from aimak_desktop.sync.join import export_office_key

    data = export_office_key(ctx.require_office(), Path(ctx.args.out))
    return Result(
        {**data, "file": ctx.args.out},
        _("Office key saved to {path}. Check code: {check}. Keep it safe.").format(
            path=ctx.args.out, check=data["check"]
        ),
    )


def cmd_join(ctx: CliContext) -> Result:
    from aimak_desktop.sync.join import join_office

    summary = join_office(paths.data_dir(), Path(ctx.args.key), ctx.args.source, ctx.args.code)
    return Result(
        summary,
        _("This PC joined {office} as PC {code}.").format(
            office=summary["office"], code=summary["device_code"]
        ),
    )
