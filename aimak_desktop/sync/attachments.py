"""Attached files (hearing materials) travel beside the bundles, by content hash.

A file stored as DATA/attachments/<sha256> is sent as `attachments/<office>/<sha256>.enc`, sealed
with a key derived from the office key (the file name is bound as associated data). Content
addressing makes the exchange trivially idempotent: a name always means the same bytes, nothing
is ever overwritten or deleted, and a received file is accepted only when its hash matches its
name. A file that cannot be sent or read is reported and tried again at the next sync.
"""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from aimak_desktop.sync import crypto
from aimak_desktop.sync.transport import Target, TransportError

ROOT = "attachments"
ATTACHMENT_KEY_LABEL = b"aimak attachments v1"
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class AttachmentReport:
    sent: int = 0
    received: int = 0
    rejected: list[dict[str, str]] = field(default_factory=list)


def attachment_key(office_key: bytes) -> bytes:
    return crypto.derive(office_key, ATTACHMENT_KEY_LABEL)


def local_files(folder: Path) -> dict[str, Path]:
    """sha256 -> path of every content-addressed file in the local attachments folder."""
    if not folder.is_dir():
        return {}
    return {p.name: p for p in folder.iterdir() if p.is_file() and _SHA.match(p.name)}


def remote_files(target: Target, office_id: uuid.UUID) -> set[str]:
    """sha256 of every attachment the target holds for this office (other names are ignored)."""
    base = target._abs(f"{ROOT}/{office_id}")
    try:
        if not target.fs.exists(base):
            return set()
        names = [str(n).rsplit("/", 1)[-1] for n in target.fs.ls(base, detail=False)]
    except FileNotFoundError:
        return set()
    except Exception as exc:
        raise target._error(exc) from exc
    return {n[:-4] for n in names if n.endswith(".enc") and _SHA.match(n[:-4])}


def exchange_attachments(
    target: Target, folder: Path, office_id: uuid.UUID, office_key: bytes
) -> AttachmentReport:
    """Send the files the target lacks and fetch the files this PC lacks."""
    report = AttachmentReport()
    key = attachment_key(office_key)
    mine = local_files(folder)
    theirs = remote_files(target, office_id)
    for sha in sorted(set(mine) - theirs):
        rel = f"{ROOT}/{office_id}/{sha}.enc"
        try:
            target.write_new(rel, crypto.seal(key, mine[sha].read_bytes(), rel.encode()))
            report.sent += 1
        except (OSError, TransportError) as exc:
            report.rejected.append({"file": rel, "reason": str(exc)})
    for sha in sorted(theirs - set(mine)):
        rel = f"{ROOT}/{office_id}/{sha}.enc"
        try:
            data = crypto.unseal(key, target.read(rel), rel.encode())
        except (crypto.AuthenticationFailed, TransportError) as exc:
            report.rejected.append({"file": rel, "reason": str(exc)})
            continue
        if crypto.sha256_hex(data) != sha:
            report.rejected.append({"file": rel, "reason": "content does not match its name"})
            continue
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".receiving-{sha}"
        temp.write_bytes(data)
        os.replace(temp, folder / sha)
        report.received += 1
    return report
