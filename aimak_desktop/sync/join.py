"""The office key file, joining a new PC to an office, and the mentor's courier.

The key file holds the office id, the 32-byte office key and a check code (five groups to compare
by eye on both PCs). Whoever holds it can read the office's bundles: keep it like a safe key.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import AimakError, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.core import Device, LocalDevice, Office
from aimak_desktop.models.ids import new_id
from aimak_desktop.services.auth import SYSTEM
from aimak_desktop.services.office import get_office, has_office, normalise_device_code
from aimak_desktop.services.write_path import write
from aimak_desktop.sync import crypto, versions
from aimak_desktop.sync.transport import open_target

KEY_FILE_KIND = "aimak-office-key"


def office_key_data(session: Session) -> dict[str, Any]:
    device = session.scalar(select(LocalDevice))
    office = get_office(session)
    if device is None or office is None:
        raise AimakError(_("This data folder holds no office yet."))
    data = {
        "kind": KEY_FILE_KIND,
        "version": 1,
        "office_id": str(office.id),
        "office_name": office.name_ky,
        "key": base64.b32encode(device.office_key).decode("ascii").rstrip("="),
        "check": crypto.check_code(device.office_key),
    }
    session.commit()
    return data


def office_key_text(session: Session) -> str:
    """The printable form: the same fields as the file, one per line, the key in groups."""
    data = office_key_data(session)
    key = data["key"]
    groups = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
    return "\n".join(
        [
            _("Aimak Desktop office key"),
            f"{_('Office')}: {data['office_name']}",
            f"office: {data['office_id']}",
            f"key: {groups}",
            f"check: {data['check']}",
        ]
    )


def export_office_key(session: Session, path: Path) -> dict[str, Any]:
    """Write the key file (readable only by the user where the system allows); returns its data."""
    data = office_key_data(session)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
    return {k: v for k, v in data.items() if k != "key"}


def read_office_key(path: Path) -> tuple[uuid.UUID, bytes]:
    """(office id, office key) from a key file in JSON or printed text form.

    Raises:
        ValidationError: unreadable, not a key file, or the check code does not match.
    """
    bad = ValidationError(
        _("{path} is not an Aimak office key file, or it is damaged.").format(path=path),
        field="key_file",
    )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise bad from exc
    try:
        data = json.loads(text)
    except ValueError:
        data = {}
        for line in text.splitlines():
            name, _sep, value = line.partition(":")
            if name.strip() in ("office", "key", "check"):
                data[{"office": "office_id"}.get(name.strip(), name.strip())] = value.strip()
    try:
        office_id = uuid.UUID(str(data["office_id"]))
        raw = str(data["key"]).replace(" ", "").upper()
        key = base64.b32decode(raw + "=" * (-len(raw) % 8))
    except (KeyError, ValueError, TypeError) as exc:
        raise bad from exc
    if len(key) != 32 or data.get("check") != crypto.check_code(key):
        raise bad
    return office_id, key


def join_office(data_dir: Path, key_file: Path, from_url: str, device_code: str) -> dict[str, Any]:
    """Build a new PC's database from the office's bundles, with its own device identity.

    Raises:
        ValidationError: the folder already holds an office, the key file or code is bad, or the
            code is used by another PC of the office.
        AimakError: no bundles of this office were found at `from_url`.
        TransportError: the address cannot be read.
    """
    from aimak_desktop.db import open_database
    from aimak_desktop.sync.exchange import import_bundles

    code = normalise_device_code(device_code)
    office_id, key = read_office_key(key_file)
    open_target(from_url, data_dir=data_dir)  # a bad address fails before anything is written
    with open_database(data_dir) as db, db.session() as session:
        if has_office(session):
            raise ValidationError(_("This data folder already holds an office."))
        with versions.begin(session):
            session.add(LocalDevice(device_id=new_id(), code=code, office_key=key))
        try:
            report = import_bundles(session, from_url, data_dir=data_dir, office_id=office_id)
            if session.get(Office, office_id) is None:
                raise AimakError(
                    _("No data of this office was found at {url}.").format(url=from_url)
                )
            taken = session.scalar(select(Device.id).where(Device.code == code))
            if taken is not None:
                raise ValidationError(
                    _("The PC code {code} is used by another PC of this office.").format(code=code),
                    field="device_code",
                )
        except BaseException:
            session.rollback()
            with versions.begin(session):
                session.execute(delete(LocalDevice))
            raise
        with write(session, SYSTEM, "device.join", code) as unit:
            session.add(Device(id=unit.device_id, code=code, label="joined"))
        device_id = unit.device_id
        office = get_office(session)
        summary = {
            "office": office.name_ky if office else "",
            "office_id": str(office_id),
            "device_id": str(device_id),
            "device_code": code,
            "received_ops": report.received_ops,
            "applied": report.applied,
        }
        session.commit()
        return summary


def carry(src_url: str, dst_url: str) -> list[str]:
    """Copy every bundle file at `src_url` that `dst_url` lacks, verbatim (all offices).

    Nothing is overwritten or deleted; each copy is written under a temporary name and renamed.
    A mentor carries bundles between offices this way, without any key.
    """
    src, dst = open_target(src_url), open_target(dst_url)
    have = dst.list_bundles()
    copied = []
    for rel in sorted(src.list_bundles()):
        if rel not in have:
            dst.write_new(rel, src.read(rel))
            copied.append(rel)
    return copied
