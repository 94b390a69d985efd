"""Sync targets as fsspec file systems: a folder (USB stick, network share) or a WebDAV server.

URLs: a plain path or `file:///path`; `webdav://host:port/path` (plain HTTP, e.g. a server on the
office network) or `webdavs://host/path` (HTTPS, e.g. Nextcloud:
`webdavs://cloud.example.org/remote.php/dav/files/USER/aimak`). Credentials come from
`sync.credentials`. Only bundle files are read or written; a file is written under a temporary
name, its size checked, then renamed, so a reader never sees half a file under a bundle name.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import _
from aimak_desktop.sync import bundles

TEMP_PREFIX = ".tmp-"


class TransportError(AimakError):
    """The target cannot be reached or written (offline, wrong address, no permission)."""


def normalise_url(url: str) -> str:
    """The key a target is remembered by: absolute `file://` URLs for folders."""
    text = url.strip()
    scheme = urlsplit(text).scheme.lower()
    if scheme in ("", "file") or (len(scheme) == 1 and os.name == "nt"):  # C:\... on Windows
        path = unquote(urlsplit(text).path) if scheme == "file" else text
        return Path(path).expanduser().resolve().as_uri()
    return text.rstrip("/")


@dataclass
class Target:
    """An opened target: an fsspec file system and the root folder on it."""

    url: str
    fs: Any
    root: str

    def _abs(self, rel: str) -> str:
        return posixpath.join(self.root, rel) if self.root else rel

    def list_bundles(self, office: str | None = None) -> dict[str, int]:
        """Relative path -> size of every well-named bundle file (others are ignored)."""
        base = bundles.ROOT if office is None else f"{bundles.ROOT}/{office}"
        try:
            if not self.fs.exists(self._abs(base)):
                return {}
            found = self.fs.find(self._abs(base), detail=True)
        except FileNotFoundError:
            return {}
        except Exception as exc:
            raise self._error(exc) from exc
        result: dict[str, int] = {}
        prefix = self.root.rstrip("/") + "/" if self.root else ""
        for full, info in found.items():
            rel = full[len(prefix) :] if prefix and full.startswith(prefix) else full
            rel = rel.lstrip("/")
            if bundles.parse_name(rel) is not None:
                result[rel] = int(info.get("size") or 0)
        return result

    def read(self, rel: str) -> bytes:
        try:
            return bytes(self.fs.cat_file(self._abs(rel)))
        except Exception as exc:
            raise self._error(exc) from exc

    def write_new(self, rel: str, data: bytes) -> None:
        """Write a file that does not exist yet: temporary name, size check, rename.

        Raises:
            TransportError: the write failed or the stored size differs (a cut-short upload);
                the temporary file is removed and the bundle name is left untouched.
        """
        final = self._abs(rel)
        folder = posixpath.dirname(final)
        temp = posixpath.join(folder, f"{TEMP_PREFIX}{uuid.uuid4().hex}")
        try:
            self.fs.makedirs(folder, exist_ok=True)
            self.fs.pipe_file(temp, data)
            size = int(self.fs.info(temp).get("size") or 0)
            if size != len(data):
                raise TransportError(
                    _("The upload of {name} was cut short ({got} of {want} bytes).").format(
                        name=posixpath.basename(rel), got=size, want=len(data)
                    )
                )
            self.fs.mv(temp, final)
        except TransportError:
            self._discard(temp)
            raise
        except Exception as exc:
            self._discard(temp)
            raise self._error(exc) from exc

    def replace(self, rel: str, data: bytes) -> None:
        """Replace a damaged copy of one of this PC's own bundles (same name, same content)."""
        self.remove(rel)
        self.write_new(rel, data)

    def remove(self, rel: str) -> None:
        try:
            self.fs.rm_file(self._abs(rel))
        except FileNotFoundError:
            pass
        except Exception as exc:
            raise self._error(exc) from exc

    def _discard(self, path: str) -> None:
        # Best effort: readers ignore a stray temporary file.
        with contextlib.suppress(Exception):
            self.fs.rm_file(path)

    def _error(self, exc: BaseException) -> TransportError:
        return TransportError(
            _("Cannot use the sync target {url}: {reason}").format(
                url=self.url, reason=str(exc) or type(exc).__name__
            )
        )


def open_target(url: str, *, data_dir: Path | None = None) -> Target:
    """Open a target URL (see the module docstring).

    Raises:
        TransportError: an unknown kind of address, or the folder cannot be created.
    """
    key = normalise_url(url)
    parts = urlsplit(key)
    scheme = parts.scheme.lower()
    if scheme == "file":
        from fsspec.implementations.local import LocalFileSystem

        root = unquote(parts.path)
        if os.name == "nt" and root.startswith("/") and root[2:3] == ":":
            root = root[1:]
        return Target(key, LocalFileSystem(), Path(root).as_posix())
    if scheme in ("webdav", "webdavs", "dav", "davs"):
        from webdav4.fsspec import WebdavFileSystem

        from aimak_desktop.sync.credentials import load_credentials

        http = "https" if scheme.endswith("s") else "http"
        base = f"{http}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        user, password = parts.username, parts.password
        if user and password is None:
            password = load_credentials(key, data_dir)
        elif not user:
            stored = load_credentials(key, data_dir)
            if stored is not None:
                user, _sep, password = stored.partition("\n")
        auth = (unquote(user), unquote(password or "")) if user else None
        fs = WebdavFileSystem(base, auth=auth, timeout=30)
        return Target(key, fs, unquote(parts.path).strip("/"))
    raise TransportError(
        _(
            "Unknown kind of sync address {url}. Use a folder (a path or file://) "
            "or a WebDAV server (webdav:// or webdavs://)."
        ).format(url=url)
    )
