"""Passwords of sync targets: the OS keyring where one works, else a file only the user can read.

Windows has its Credential Manager and macOS its Keychain; a Linux PC without a running Secret
Service falls back to `<data folder>/sync-credentials.json` with permissions 600.
`credential_storage_note()` says which one is used, for the sync page.
"""

from __future__ import annotations

import contextlib
import json
import os
from functools import cache
from pathlib import Path

from aimak_desktop import paths
from aimak_desktop.i18n import _

SERVICE = "aimak-desktop-sync"
FILE_NAME = "sync-credentials.json"


@cache
def _keyring_usable() -> bool:
    if os.environ.get("AIMAK_NO_KEYRING"):
        return False
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) < 1:
            return False
        # Some backends only fail when used (locked or absent Secret Service): probe once.
        keyring.get_password(SERVICE, "__probe__")
        return True
    except Exception:  # any keyring failure means "use the file"
        return False


def _file(data_dir: Path | None) -> Path:
    return (data_dir or paths.data_dir()) / FILE_NAME


def credential_storage_note(data_dir: Path | None = None) -> str:
    """One sentence for the UI: where target passwords are kept."""
    if _keyring_usable():
        return _("Passwords of sync targets are kept in the system's password store.")
    return _(
        "No system password store is available: passwords of sync targets are kept in {path}, "
        "readable only by your user account."
    ).format(path=_file(data_dir))


def save_credentials(url: str, secret: str, data_dir: Path | None = None) -> None:
    """Store the secret ("user\\npassword" or a password) of a target URL."""
    if _keyring_usable():
        import keyring

        keyring.set_password(SERVICE, url, secret)
        return
    path = _file(data_dir)
    store = _read(path)
    store[url] = secret
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(store, fh)
    with contextlib.suppress(OSError):
        os.chmod(temp, 0o600)
    os.replace(temp, path)


def load_credentials(url: str, data_dir: Path | None = None) -> str | None:
    if _keyring_usable():
        import keyring

        return keyring.get_password(SERVICE, url)
    return _read(_file(data_dir)).get(url)


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
