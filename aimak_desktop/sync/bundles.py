"""Bundle files: naming, the manifest, sealing and verification.

A bundle holds a gap-free range of one device's operations::

    bundles/<office id>/<device id>/<first>-<last>.jsonl.gz.enc

The file is the manifest (one line of JSON: office, device, first/last seq, count, sha256 of the
plaintext, schema revisions, time) followed by the sealed body (gzip of one JSON line per
operation, AES-GCM with the office's bundle key). The manifest travels as the file's header so a
bundle and its manifest appear together with one rename. The file's path and the manifest are
bound as associated data: moving a file to another name, editing the manifest, cutting the file
short or using another office's key all fail authentication. A name always means the same
content (a device's operations never change), so files are never rewritten with other data.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from aimak_desktop.sync import crypto

ROOT = "bundles"
SUFFIX = ".jsonl.gz.enc"
MAGIC = b"AIMAK-BUNDLE 1\n"
FORMAT_VERSION = 1
#: Operations per bundle, and a plaintext size that also ends a bundle (bulk writes are big).
CHUNK_OPS = 5000
CHUNK_BYTES = 16 * 1024 * 1024

_NAME = re.compile(r"^(\d{1,12})-(\d{1,12})" + re.escape(SUFFIX) + "$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class BundleError(Exception):
    """A bundle that must not be applied; the message says why (for the sync report)."""


@dataclass(frozen=True)
class BundleName:
    """A parsed relative path `bundles/<office>/<device>/<first>-<last>...`."""

    office: str
    device: str
    first: int
    last: int

    @property
    def path(self) -> str:
        return f"{ROOT}/{self.office}/{self.device}/{self.first}-{self.last}{SUFFIX}"

    @property
    def device_id(self) -> uuid.UUID:
        return uuid.UUID(self.device)


def parse_name(path: str) -> BundleName | None:
    """The bundle a relative path names, or None for anything else (ignored, never an error)."""
    parts = path.strip("/").split("/")
    if len(parts) != 4 or parts[0] != ROOT:
        return None
    _, office, device, name = parts
    m = _NAME.match(name)
    if not m or not _UUID.match(office) or not _UUID.match(device):
        return None
    first, last = int(m.group(1)), int(m.group(2))
    if first < 1 or last < first:
        return None
    return BundleName(office, device, first, last)


def op_line(seq: int, hlc: int, kind: str, payload: str, created_at: dt.datetime) -> dict[str, Any]:
    return {"s": seq, "h": hlc, "k": kind, "p": payload, "c": created_at.isoformat()}


def seal_bundle(
    key: bytes,
    office: uuid.UUID,
    device: uuid.UUID,
    ops: list[dict[str, Any]],
    schema: list[str],
) -> tuple[str, bytes]:
    """(relative path, file bytes) of a bundle for `ops` (gap-free, ascending seq)."""
    name = BundleName(str(office), str(device), ops[0]["s"], ops[-1]["s"])
    plain = "".join(
        json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n" for o in ops
    ).encode("utf-8")
    manifest = {
        "v": FORMAT_VERSION,
        "office": name.office,
        "device": name.device,
        "first": name.first,
        "last": name.last,
        "count": len(ops),
        "sha256": crypto.sha256_hex(plain),
        "schema": sorted(schema),
        "created_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(),
    }
    header = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode("utf-8")
    body = crypto.seal(key, gzip.compress(plain, compresslevel=6, mtime=0), _aad(name, header))
    return name.path, MAGIC + header + b"\n" + body


def _aad(name: BundleName, header: bytes) -> bytes:
    return name.path.encode("utf-8") + b"\0" + header


def read_manifest(path: str, data: bytes) -> tuple[BundleName, dict[str, Any], bytes, bytes]:
    """(name, manifest, header bytes, sealed body) without decrypting.

    Raises:
        BundleError: not a bundle, or the manifest does not match its file name.
    """
    name = parse_name(path)
    if name is None:
        raise BundleError(f"not a bundle name: {path}")
    if not data.startswith(MAGIC):
        raise BundleError("not a bundle file (empty or damaged start)")
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        raise BundleError("the file is cut short (no manifest)")
    header = data[len(MAGIC) : end]
    try:
        manifest = json.loads(header)
    except ValueError as exc:
        raise BundleError("the manifest is damaged") from exc
    expected = (name.office, name.device, name.first, name.last)
    found = tuple(manifest.get(k) for k in ("office", "device", "first", "last"))
    if found != expected:
        raise BundleError("the manifest does not match the file name")
    return name, manifest, header, data[end + 1 :]


def open_bundle(key: bytes, path: str, data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Verify and decode a bundle: (manifest, operations).

    Raises:
        BundleError: wrong key, edited, truncated, hash or count mismatch, sequence not gap-free.
    """
    name, manifest, header, sealed = read_manifest(path, data)
    try:
        packed = crypto.unseal(key, sealed, _aad(name, header))
    except crypto.AuthenticationFailed as exc:
        raise BundleError(
            "the bundle failed authentication (another office's key, or the file was changed "
            "or cut short)"
        ) from exc
    try:
        plain = gzip.decompress(packed)
    except (OSError, EOFError) as exc:  # cannot happen after authentication, unless a bug
        raise BundleError("the bundle does not unpack") from exc
    if crypto.sha256_hex(plain) != manifest.get("sha256"):
        raise BundleError("the bundle content does not match its manifest (sha256)")
    # "\n" only: str.splitlines also breaks at U+2028, U+0085..., which JSON leaves unescaped.
    ops = [json.loads(line) for line in plain.decode("utf-8").split("\n") if line]
    if len(ops) != manifest.get("count"):
        raise BundleError("the bundle holds a different number of operations than its manifest")
    if [o["s"] for o in ops] != list(range(name.first, name.last + 1)):
        raise BundleError("the bundle's operations are not the range its name says")
    return manifest, ops
