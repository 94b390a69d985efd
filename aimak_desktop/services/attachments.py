"""Attached files stored by content hash in DATA/attachments/<sha256>, and hearing attachments.

The same bytes are stored once whatever their name; the database row keeps the file name shown to
the user. Rows travel by sync, bytes do not (yet): a PC that lacks the file says so clearly.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from aimak_desktop import paths
from aimak_desktop.errors import NotFound, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.base import utcnow
from aimak_desktop.models.hearings import HearingAttachment
from aimak_desktop.services.auth import Actor, require_role
from aimak_desktop.services.hearings import HEARING_ROLES, get_hearing
from aimak_desktop.services.write_path import write

#: Largest file accepted (scans and spreadsheets are far smaller; videos do not belong here).
MAX_BYTES = 50 * 1024 * 1024
_CHUNK = 1024 * 1024


def store_file(source: Path) -> tuple[str, int]:
    """Copy `source` into the attachments folder under its SHA-256; returns (sha256, size).

    The copy goes to a temporary name first and is renamed, so a half-copied file never carries
    a valid name.

    Raises:
        ValidationError: the file cannot be read, is a folder, is empty or too large.
    """
    source = Path(source)
    unreadable = _(
        "The file {name} cannot be read. Check that it exists and is not open in "
        "another program, then try again."
    ).format(name=source.name)
    if not source.is_file():
        raise ValidationError(unreadable, field="file")
    try:
        size = source.stat().st_size
        if size == 0:
            raise ValidationError(
                _("The file {name} is empty.").format(name=source.name), field="file"
            )
        if size > MAX_BYTES:
            raise ValidationError(
                _("The file {name} is larger than 50 MB.").format(name=source.name), field="file"
            )
        folder = paths.attachments_dir()
        folder.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".incoming-")
        try:
            with source.open("rb") as src, os.fdopen(fd, "wb") as dst:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
            sha = digest.hexdigest()
            target = folder / sha
            if target.exists():
                os.unlink(tmp_name)
            else:
                os.replace(tmp_name, target)
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise
    except OSError as exc:
        raise ValidationError(unreadable, field="file") from exc
    return sha, size


def stored_path(sha256: str) -> Path:
    return paths.attachments_dir() / sha256


def attach_to_hearing(
    session: Session, actor: Actor, hearing_id: uuid.UUID, source: Path, description: str = ""
) -> HearingAttachment:
    """Store a file and list it under the hearing.

    Raises:
        ValidationError: unreadable, empty or too large file.
        NotFound: no such hearing.
    """
    require_role(actor, HEARING_ROLES)
    hearing = get_hearing(session, hearing_id)
    sha, size = store_file(Path(source))
    attachment = HearingAttachment(
        hearing_id=hearing.id,
        sha256=sha,
        filename=Path(source).name[:255],
        size=size,
        description=description.strip()[:300],
    )
    with write(session, actor, "hearing.attach", attachment.filename) as unit:
        session.add(attachment)
        unit.target = attachment
    return attachment


def list_attachments(session: Session, hearing_id: uuid.UUID) -> Sequence[HearingAttachment]:
    return session.scalars(
        select(HearingAttachment)
        .where(HearingAttachment.hearing_id == hearing_id, HearingAttachment.archived_at.is_(None))
        .order_by(HearingAttachment.created_at)
    ).all()


def attachment_path(session: Session, attachment_id: uuid.UUID) -> Path:
    """The stored file to open (the UI hands it to the system viewer).

    Raises:
        NotFound: no such attachment, or its file is not on this PC.
    """
    attachment = session.get(HearingAttachment, attachment_id)
    if attachment is None:
        raise NotFound(_("This attachment does not exist."))
    path = stored_path(attachment.sha256)
    if not path.is_file():
        raise NotFound(
            _(
                "The file {name} is not on this PC (it was attached on another computer). "
                "Copy it from there and attach it again."
            ).format(name=attachment.filename)
        )
    return path


def export_attachment(session: Session, attachment_id: uuid.UUID, folder: Path) -> Path:
    """Copy an attachment out under its original name (for e-mail or a USB stick)."""
    source = attachment_path(session, attachment_id)
    attachment = session.get(HearingAttachment, attachment_id)
    assert attachment is not None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / attachment.filename
    shutil.copyfile(source, target)
    return target


def archive_attachment(session: Session, actor: Actor, attachment_id: uuid.UUID) -> None:
    """Hide an attachment from the list (the stored bytes stay: other rows may share them)."""
    require_role(actor, HEARING_ROLES)
    attachment = session.get(HearingAttachment, attachment_id)
    if attachment is None:
        raise NotFound(_("This attachment does not exist."))
    with write(session, actor, "hearing.attachment_archive", attachment.filename) as unit:
        attachment = session.get(HearingAttachment, attachment_id)
        assert attachment is not None
        attachment.archived_at = utcnow()
        unit.target = attachment
