"""What the sync page and the status bar show, read in a worker session as plain values.

Widgets never open a session: `load_view(session, urls)` runs through `ctx.tasks.run_read` and
its result is handed to the widgets. The list of targets lives in settings.json
(`sync_targets`, URLs only: passwords go to `sync.credentials`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_datetime, to_local

SETTINGS_KEY = "sync_targets"
#: Columns that name a row for a clerk, in order of preference.
_LABEL_COLUMNS = ("account_no", "name", "username", "code", "title", "name_ky", "full_name")


@dataclass
class TargetRow:
    url: str
    pending: int
    last_success: str = ""
    last_attempt: str = ""
    last_error: str = ""

    @property
    def is_folder(self) -> bool:
        return urlsplit(self.url).scheme in ("", "file")

    @property
    def shown_address(self) -> str:
        """A folder as a path (what the clerk picked), a server as its URL."""
        return folder_of(self.url) if self.is_folder else self.url


@dataclass
class DeviceRow:
    device_id: str
    code: str
    applied_seq: int
    held_back: int
    held_reason: str


@dataclass
class SyncView:
    own_ops: int = 0
    targets: list[TargetRow] = field(default_factory=list)
    devices: list[DeviceRow] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    rejected_files: int = 0
    #: (PC code, offset in ms; positive: that PC's clock is ahead).
    clock_warnings: list[tuple[str, int]] = field(default_factory=list)

    def pending(self) -> int | None:
        """Own operations not yet on any target (None: no target is set up)."""
        if not self.targets:
            return None
        return min(t.pending for t in self.targets)


def folder_of(url: str) -> str:
    """The local path of a `file://` URL."""
    from urllib.request import url2pathname

    parts = urlsplit(url)
    if parts.scheme != "file":
        return url
    return url2pathname(parts.path)


def local_time(moment: dt.datetime | str | None) -> str:
    """A naive UTC time (or its ISO text) as local "dd.mm.yyyy hh:mm"; "" for None."""
    if not moment:
        return ""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return format_datetime(to_local(moment))


def clock_offset_text(offset_ms: int) -> str:
    """ "3 days ahead", "2 hours behind", "15 minutes ahead"."""
    minutes = abs(offset_ms) // 60000
    if minutes >= 2 * 24 * 60:
        amount = _("{n} days").format(n=minutes // (24 * 60))
    elif minutes >= 120:
        amount = _("{n} hours").format(n=minutes // 60)
    else:
        amount = _("{n} minutes").format(n=max(minutes, 1))
    if offset_ms > 0:
        return _("{amount} ahead").format(amount=amount)
    return _("{amount} behind").format(amount=amount)


def device_codes(session: Any) -> dict[str, str]:
    from sqlalchemy import select

    from aimak_desktop.models.core import Device

    return {str(i): c for i, c in session.execute(select(Device.id, Device.code))}


def _row_labels(session: Any, items: list[dict[str, Any]]) -> None:
    """Give each conflict or quarantine entry a `row_label` a clerk recognises (account no ...)."""
    from aimak_desktop.models import Base, load_all

    load_all()
    tables = {getattr(m.local_table, "name", None): m for m in Base.registry.mappers}
    for item in items:
        item["row_label"] = str(item["row_id"])[:8]
        mapper = tables.get(item["table"])
        if mapper is None:
            continue
        try:
            row = session.get(mapper.class_, uuid.UUID(str(item["row_id"])))
        except ValueError:
            continue
        if row is None:
            continue
        for column in _LABEL_COLUMNS:
            value = getattr(row, column, None)
            if value not in (None, ""):
                item["row_label"] = str(value)
                break


def load_view(session: Any, urls: list[str]) -> SyncView:
    """Status, conflicts and quarantine; targets in the order of `urls` (the settings list)."""
    from aimak_desktop.sync.conflicts import list_conflicts, list_quarantine
    from aimak_desktop.sync.status import sync_status

    status = sync_status(session)
    codes = device_codes(session)
    known = {target["url"]: target for target in status["targets"]}
    view = SyncView(own_ops=status["own_ops"], rejected_files=status["rejected_files"])
    for url in urls:
        row = known.get(url)
        if row is None:  # never tried: every own operation is still to send
            view.targets.append(TargetRow(url=url, pending=status["own_ops"]))
            continue
        view.targets.append(
            TargetRow(
                url=url,
                pending=row["pending"],
                last_success=local_time(row["last_success_at"]),
                last_attempt=local_time(row["last_attempt_at"]),
                last_error=row["last_error"] or "",
            )
        )
    for d in status["devices"]:
        view.devices.append(
            DeviceRow(
                device_id=d["device_id"],
                code=codes.get(d["device_id"], "?"),
                applied_seq=d["applied_seq"],
                held_back=d["held_back"],
                held_reason=d["held_reason"] or "",
            )
        )
    view.clock_warnings = [
        (codes.get(w["device_id"], w["device_id"][:8]), w["offset_ms"])
        for w in status["clock_warnings"]
    ]
    view.conflicts = list_conflicts(session)
    view.quarantine = list_quarantine(session)
    for item in view.conflicts:
        item["theirs_code"] = codes.get(item["theirs_device"], "?")
    for item in view.quarantine:
        item["device_code"] = codes.get(item["device_id"], "?")
    _row_labels(session, view.conflicts + view.quarantine)
    session.commit()
    return view


# -- the target list in settings.json ---------------------------------------------------------


def configured_targets(values: dict[str, Any]) -> list[str]:
    urls = values.get(SETTINGS_KEY) or []
    return [str(u) for u in urls if isinstance(u, str) and u]


def save_targets(ctx: Any, urls: list[str]) -> None:
    """Remember the targets in settings.json and in the context's copy of the settings."""
    from aimak_desktop import settings

    values = settings.update(**{SETTINGS_KEY: list(urls)})
    ctx.settings.update(values)


def data_dir_of(ctx: Any) -> Path:
    """The office's data folder (credentials file, local bundle store)."""
    return Path(ctx.db.path).resolve().parent


# -- background work (run in the task runner's workers) ---------------------------------------


@dataclass
class RunOutcome:
    """One target's result in a "sync now" run."""

    url: str
    report: dict[str, Any] | None = None
    error: str = ""


def sync_targets(session: Any, urls: list[str], data_dir: Path) -> list[RunOutcome]:
    """Sync with each target in turn; one target failing does not stop the others."""
    from aimak_desktop.errors import AimakError
    from aimak_desktop.sync.exchange import sync_run

    outcomes = []
    for url in urls:
        folder = folder_of(url) if urlsplit(url).scheme == "file" else None
        if folder is not None and not Path(folder).is_dir():
            # Exporting would create the folder on this PC's own disk, not on the stick.
            outcomes.append(RunOutcome(url, error=missing_folder_text(folder)))
            continue
        try:
            report = sync_run(session, url, data_dir=data_dir)
        except AimakError as exc:
            outcomes.append(RunOutcome(url, error=exc.message))
        else:
            outcomes.append(RunOutcome(url, report=report.as_dict()))
    return outcomes


def missing_folder_text(folder: str) -> str:
    return _(
        "The folder {path} is not there. Plug in the USB stick or connect the network share."
    ).format(path=folder)


def reachable(url: str, data_dir: Path) -> bool:
    """A cheap check that a target is there now: the folder exists, the server answers."""
    from aimak_desktop.errors import AimakError
    from aimak_desktop.sync.transport import open_target

    try:
        target = open_target(url, data_dir=data_dir)
        if urlsplit(target.url).scheme == "file":
            return Path(target.root).is_dir()
        return bool(target.fs.exists(target.root or "/"))
    except AimakError:
        return False
    except Exception:  # any network failure (refused, timeout, DNS) means "not now"
        return False


def outcome_text(outcomes: list[RunOutcome]) -> tuple[str, bool]:
    """A short summary of a run for the page's message line, and whether all went well."""
    lines = []
    ok = True
    for item in outcomes:
        if item.report is None:
            ok = False
            lines.append(item.error)
            continue
        r = item.report
        text = _("Received files: {files} ({ops} operations). Sent files: {sent}.").format(
            files=r["received_files"], ops=r["received_ops"], sent=r["sent_files"]
        )
        if r["rejected"]:
            text += " " + _("Rejected files: {n}.").format(n=len(r["rejected"]))
        if r["conflicts"] or r["quarantined"]:
            text += " " + _("Conflicts: {c}. Quarantined: {q}.").format(
                c=r["conflicts"], q=r["quarantined"]
            )
        if len(outcomes) > 1:
            text = f"{TargetRow(item.url, 0).shown_address}: {text}"
        lines.append(text)
    return "\n".join(lines), ok
