"""Restoring a backup: put the file in place, then give this PC a new identity."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aimak_desktop import backup
from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import _


@dataclass
class RestoreOutcome:
    restored: Path
    safety_copy: Path
    device_code: str


def restore_backup(data_folder: Path, chosen: Path | None = None) -> RestoreOutcome:
    """Restore `chosen` (or the newest backup) into `data_folder`, which must not be open.

    The restored PC takes a new device id and number series: receipts issued after the backup
    was taken must never be issued again.

    Raises:
        AimakError: no backup exists, or the chosen file is not a backup.
        DatabaseBusy: the office is open in another window.
    """
    from aimak_desktop.db import InstanceLock, open_database
    from aimak_desktop.services.office import reidentify_device

    if chosen is None:
        latest = backup.latest_backup(data_folder)
        if latest is None:
            raise AimakError(
                _("There is no backup in {folder}.").format(folder=backup.folder_of(data_folder))
            )
        chosen = latest.path
    if not chosen.is_file():
        raise AimakError(_("The backup file {path} does not exist.").format(path=chosen))
    lock = InstanceLock(data_folder)
    lock.acquire()
    try:
        safety = backup.restore_file(chosen, data_folder / "aimak.sqlite")
    finally:
        lock.release()
    with open_database(data_folder) as db, db.session() as session:
        device = reidentify_device(session)
        code = device.series
    return RestoreOutcome(chosen, safety, code)
