"""The one place that knows where data, backups, logs and settings live.

The data folder is chosen, in order, by `--data-dir`, the AIMAK_DATA_DIR environment variable,
or the platform's user data folder. Everything the program writes goes below it, so a mentor
can keep one folder per office and tests never touch the real home folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from aimak_desktop.errors import DataDirError
from aimak_desktop.i18n import _

ENV_VAR = "AIMAK_DATA_DIR"
DB_NAME = "aimak.sqlite"

_override: Path | None = None


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    global _override
    _override = Path(path).expanduser().resolve() if path else None


def data_dir() -> Path:
    if _override is not None:
        return _override
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("AimakDesktop", appauthor=False))


def db_path() -> Path:
    return data_dir() / DB_NAME


def logs_dir() -> Path:
    return data_dir() / "logs"


def attachments_dir() -> Path:
    return data_dir() / "attachments"


def settings_path() -> Path:
    return data_dir() / "settings.json"


def resources_dir() -> Path:
    """Fonts and icons: beside the package in a checkout, inside the bundle when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def ensure_data_dir(path: Path | None = None) -> Path:
    """Create the data folder if needed and check that we can write there.

    Raises:
        DataDirError: the path is a file, or the folder cannot be written.
    """
    folder = path or data_dir()
    if folder.exists() and not folder.is_dir():
        raise DataDirError(
            _("The data folder {path} is a file, not a folder. Choose another folder.").format(
                path=folder
            )
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise DataDirError(
            _("Cannot write to the data folder {path}: {reason}").format(
                path=folder, reason=exc.strerror or exc
            )
        ) from exc
    return folder
