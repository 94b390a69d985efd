"""Export, import and a full sync run against one target.

This PC keeps a local store of bundle files beside its database (`<data folder>/sync-store`):
its own bundles are sealed there once, and every verified bundle received from elsewhere is kept
there verbatim. Exporting copies to a target every stored file it lacks, so a PC (or a mentor's
laptop) relays other devices' bundles without ever writing into their names: each device's folder
only ever holds files that device sealed.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import _
from aimak_desktop.models.base import utcnow
from aimak_desktop.models.core import LocalDevice, Office, OplogEntry
from aimak_desktop.models.sync_state import (
    ClockWarning,
    SchemaHold,
    SyncExport,
    SyncProgress,
    SyncRejection,
    SyncSeenBundle,
    SyncTarget,
)
from aimak_desktop.sync import bundles, clock, crypto, versions
from aimak_desktop.sync.apply import ApplyReport, apply_pending, local_identities
from aimak_desktop.sync.sqlite_rows import store_operations
from aimak_desktop.sync.transport import Target, normalise_url, open_target
from aimak_desktop.sync.versions import insert_ignore

STORE_DIR = "sync-store"
#: A device whose clock differs from ours by more than this is flagged (never blocked).
CLOCK_TOLERANCE_MS = 5 * 60 * 1000


@dataclass
class SyncReport:
    """What one import, export or run did (printed by the CLI, shown by the sync page)."""

    target: str
    received_files: int = 0
    received_ops: int = 0
    rejected: list[dict[str, str]] = field(default_factory=list)
    sent_files: int = 0
    replaced_files: int = 0
    applied: int = 0
    quarantined: int = 0
    conflicts: int = 0
    held: dict[str, str] = field(default_factory=dict)
    attachments_sent: int = 0
    attachments_received: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def data_folder(session: Session) -> Path:
    """The folder of the session's database file."""
    database = session.get_bind().engine.url.database
    if not database:
        raise AimakError("sync needs a database file")
    return Path(database).resolve().parent


def store_path(session: Session) -> Path:
    return data_folder(session) / STORE_DIR


def office_context(
    session: Session, office_id: uuid.UUID | None = None
) -> tuple[uuid.UUID, uuid.UUID, bytes]:
    """(office id, this PC's device id, bundle key); `office_id` for a PC still joining.

    Raises:
        AimakError: the data folder holds no office yet.
    """
    device = session.execute(select(LocalDevice.device_id, LocalDevice.office_key)).first()
    office_id = office_id or session.scalar(select(Office.id).order_by(Office.created_at).limit(1))
    if device is None or office_id is None:
        raise AimakError(_("This data folder holds no office yet."))
    return office_id, device.device_id, crypto.bundle_key(device.office_key)


def schema_revisions() -> list[str]:
    from aimak_desktop.db import SCHEMA_HEADS

    return sorted(SCHEMA_HEADS)


# -- the local store -------------------------------------------------------------------------


def _store_files(store: Path, office: str) -> dict[str, int]:
    result: dict[str, int] = {}
    base = store / bundles.ROOT / office
    if not base.is_dir():
        return result
    for device_dir in base.iterdir():
        if not device_dir.is_dir():
            continue
        for entry in os.scandir(device_dir):
            rel = f"{bundles.ROOT}/{office}/{device_dir.name}/{entry.name}"
            if bundles.parse_name(rel) is not None:
                result[rel] = entry.stat().st_size
    return result


def _store_write(store: Path, rel: str, data: bytes) -> None:
    path = store / rel
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".tmp-{uuid.uuid4().hex}")
    with open(temp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temp, path)


def seal_own_operations(session: Session, store: Path | None = None) -> list[str]:
    """Seal this PC's operations not yet in a bundle into the local store; new paths."""
    store = store or store_path(session)
    office, _me, key = office_context(session)
    stored = _store_files(store, str(office))
    written: list[str] = []
    for device in sorted(local_identities(session), key=str):
        done = max(
            (n.last for n in map(bundles.parse_name, stored) if n and n.device == str(device)),
            default=0,
        )
        chunk: list[dict[str, Any]] = []
        size = 0
        result = session.execute(
            select(
                OplogEntry.seq,
                OplogEntry.hlc,
                OplogEntry.kind,
                OplogEntry.payload,
                OplogEntry.created_at,
            )
            .where(OplogEntry.device_id == device, OplogEntry.seq > done)
            .order_by(OplogEntry.seq)
            .execution_options(yield_per=1000)
        )
        for row in result:
            if chunk and chunk[-1]["s"] + 1 != row.seq:
                break  # never seal across a gap (cannot happen for own operations)
            chunk.append(bundles.op_line(row.seq, row.hlc, row.kind, row.payload, row.created_at))
            size += len(row.payload)
            if len(chunk) >= bundles.CHUNK_OPS or size >= bundles.CHUNK_BYTES:
                written.append(_seal(store, key, office, device, chunk))
                chunk, size = [], 0
        if chunk:
            written.append(_seal(store, key, office, device, chunk))
    session.commit()
    return written


def _seal(
    store: Path, key: bytes, office: uuid.UUID, device: uuid.UUID, ops: list[dict[str, Any]]
) -> str:
    rel, data = bundles.seal_bundle(key, office, device, ops, schema_revisions())
    _store_write(store, rel, data)
    return rel


# -- import ----------------------------------------------------------------------------------


def import_bundles(
    session: Session,
    url: str,
    *,
    data_dir: Path | None = None,
    apply: bool = True,
    office_id: uuid.UUID | None = None,
) -> SyncReport:
    """Fetch, verify, store and apply the bundles of this office found at `url`.

    A file that fails verification is reported (and recorded), never applied; it is tried again
    next time, so a good copy sent later is taken. Files never seen as missing mean nothing.

    Raises:
        TransportError: the target cannot be read.
    """
    target = open_target(url, data_dir=data_dir)
    report = SyncReport(target.url)
    _import_from(session, target, report, office_id)
    if apply:
        _merge(report, apply_pending(session))
    return report


def _merge(report: SyncReport, applied: ApplyReport) -> None:
    report.applied += applied.applied
    report.quarantined += applied.quarantined
    report.conflicts += applied.conflicts
    report.held = applied.held


def _import_from(
    session: Session, target: Target, report: SyncReport, office_id: uuid.UUID | None = None
) -> None:
    office, me, key = office_context(session, office_id)
    store = store_path(session)
    listing = target.list_bundles(str(office))
    session.commit()
    seen = set(session.scalars(select(SyncSeenBundle.path)))
    todo = []
    for rel in listing:
        name = bundles.parse_name(rel)
        if name is None or name.device == str(me) or rel in seen:
            continue
        todo.append((name.device, name.first, rel))
    newest: dict[uuid.UUID, tuple[int, dt.datetime]] = {}
    for _device, _first, rel in sorted(todo):
        data = target.read(rel)
        try:
            manifest, ops = bundles.open_bundle(key, rel, data)
        except bundles.BundleError as exc:
            _reject(session, target.url, rel, str(exc), report)
            continue
        _store_write(store, rel, data)
        name = bundles.parse_name(rel)
        assert name is not None
        _receive(session, name, manifest, ops, len(data))
        report.received_files += 1
        report.received_ops += len(ops)
        last = ops[-1]
        stamp = (int(last["h"]), dt.datetime.fromisoformat(last["c"]))
        if name.device_id not in newest or stamp[0] > newest[name.device_id][0]:
            newest[name.device_id] = stamp
    if newest:
        _observe_clocks(session, newest)


def _reject(session: Session, source: str, rel: str, reason: str, report: SyncReport) -> None:
    report.rejected.append({"path": rel, "reason": reason})
    with versions.begin(session):
        session.add(SyncRejection(source=source, path=rel, reason=reason))


def _receive(
    session: Session,
    name: bundles.BundleName,
    manifest: dict[str, Any],
    ops: list[dict[str, Any]],
    size: int,
) -> None:
    device = name.device_id
    with versions.begin(session):
        conn = session.connection()
        if session.get(SyncProgress, device) is None:
            # Operations of this device already here were written on this PC (an earlier
            # identity restored from a backup): they count as applied.
            local_max = session.scalar(
                select(func.max(OplogEntry.seq)).where(OplogEntry.device_id == device)
            )
            session.add(SyncProgress(device_id=device, applied_seq=local_max or 0))
            session.flush()
        store_operations(conn, device, ops)
        revisions = [str(r) for r in manifest.get("schema", [])]
        from aimak_desktop.sync.apply import known_revisions

        if not set(revisions) <= known_revisions():
            insert_ignore(
                conn,
                SchemaHold.__table__,
                [
                    {
                        "device_id": device,
                        "first_seq": name.first,
                        "last_seq": name.last,
                        "revisions": ",".join(revisions),
                    }
                ],
            )
        insert_ignore(
            conn, SyncSeenBundle.__table__, [{"path": name.path, "size": size, "seen_at": utcnow()}]
        )
        # Later local stamps must sort after everything seen (a far-ahead clock is flagged).
        last = session.scalar(select(LocalDevice.last_hlc)) or 0
        top = max(int(o["h"]) for o in ops)
        conn.execute(update(LocalDevice).values(last_hlc=clock.receive(last, top)))


def _observe_clocks(session: Session, newest: dict[uuid.UUID, tuple[int, dt.datetime]]) -> None:
    """Flag devices whose clocks are far ahead or behind (never blocks anything).

    Ahead: its stamps are later than this PC's clock now. Behind: its own wall clock (the time
    it wrote on the operation) is far earlier than the stamp it gave, i.e. it had already seen
    later stamps from other PCs than its clock shows.
    """
    now = clock.now_ms()
    with versions.begin(session):
        for device, (hlc, created) in newest.items():
            stamp_ms = clock.physical_ms(hlc)
            wall_ms = int(created.replace(tzinfo=dt.UTC).timestamp() * 1000)
            offset = 0
            if stamp_ms - now > CLOCK_TOLERANCE_MS:
                offset = stamp_ms - now
            elif stamp_ms - wall_ms > CLOCK_TOLERANCE_MS:
                offset = wall_ms - stamp_ms
            warning = session.get(ClockWarning, device)
            if offset:
                if warning is None:
                    session.add(ClockWarning(device_id=device, offset_ms=offset))
                else:
                    warning.offset_ms, warning.seen_at = offset, utcnow()
            elif warning is not None:
                session.delete(warning)


# -- export ----------------------------------------------------------------------------------


def export_bundles(session: Session, url: str, *, data_dir: Path | None = None) -> SyncReport:
    """Seal new own operations and copy every stored bundle the target lacks to it.

    Own bundles whose copy on the target has the wrong size (cut short) are sent again.

    Raises:
        TransportError: the target cannot be written.
    """
    target = open_target(url, data_dir=data_dir)
    report = SyncReport(target.url)
    _export_to(session, target, report)
    return report


def _export_to(session: Session, target: Target, report: SyncReport) -> None:
    store = store_path(session)
    seal_own_operations(session, store)
    office, _me, _key = office_context(session)
    mine = {str(d) for d in local_identities(session)}
    there = target.list_bundles(str(office))
    ordered = sorted(
        _store_files(store, str(office)).items(),
        key=lambda item: (bundles.parse_name(item[0]).device, bundles.parse_name(item[0]).first),  # type: ignore[union-attr]
    )
    for rel, size in ordered:
        name = bundles.parse_name(rel)
        assert name is not None
        if rel not in there:
            target.write_new(rel, (store / rel).read_bytes())
            report.sent_files += 1
            there[rel] = size
        elif there[rel] != size and name.device in mine:
            target.replace(rel, (store / rel).read_bytes())
            report.replaced_files += 1
            there[rel] = size
    exported: dict[str, int] = {}
    for rel in there:
        name = bundles.parse_name(rel)
        if name and name.device in mine:
            exported[name.device] = max(exported.get(name.device, 0), name.last)
    with versions.begin(session):
        for device, seq in exported.items():
            row = session.get(SyncExport, (target.url, uuid.UUID(device)))
            if row is None:
                session.add(
                    SyncExport(target=target.url, device_id=uuid.UUID(device), exported_seq=seq)
                )
            elif row.exported_seq != seq:
                row.exported_seq = seq


# -- a full run ------------------------------------------------------------------------------


def sync_run(session: Session, url: str, *, data_dir: Path | None = None) -> SyncReport:
    """Import from `url`, apply, then export to it; the outcome is remembered for the status.

    Raises:
        TransportError: the target cannot be reached (recorded as the target's last error).
    """
    key = normalise_url(url)
    _touch_target(session, key, error=None, attempt=True)
    try:
        target = open_target(url, data_dir=data_dir)
        report = SyncReport(target.url)
        _import_from(session, target, report)
        _merge(report, apply_pending(session))
        _export_to(session, target, report)
        _exchange_attachments(session, target, report)
    except AimakError as exc:
        session.rollback()
        _touch_target(session, key, error=str(exc))
        raise
    _touch_target(session, key, error="")
    return report


def _exchange_attachments(session: Session, target: Target, report: SyncReport) -> None:
    """Hearing materials travel beside the bundles (see sync.attachments)."""
    from aimak_desktop.sync.attachments import exchange_attachments

    database = session.get_bind().engine.url.database
    office_key = session.scalar(select(LocalDevice.office_key))
    if not database or office_key is None:  # not an office's own file (a consolidation target)
        return
    office_id, _me, _key = office_context(session)
    folder = Path(database).parent / "attachments"
    done = exchange_attachments(target, folder, office_id, office_key)
    report.attachments_sent += done.sent
    report.attachments_received += done.received
    report.rejected.extend(done.rejected)


def _touch_target(session: Session, url: str, *, error: str | None, attempt: bool = False) -> None:
    session.commit()
    with versions.begin(session):
        row = session.get(SyncTarget, url)
        if row is None:
            row = SyncTarget(url=url, last_error="")
            session.add(row)
        now = utcnow()
        if attempt:
            row.last_attempt_at = now
        if error is not None:
            row.last_error = error
            if not error:
                row.last_success_at = now
