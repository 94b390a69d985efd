"""Bundle encryption: AES-256-GCM under a key derived from the office key.

Bundles carry names, phones and money and travel on USB sticks that get lost, so every bundle is
encrypted and authenticated. The key is derived explicitly with HKDF-SHA256 from the office key
(`LocalDevice.office_key`, 32 random bytes shared by the office's PCs) with a fixed label, so the
office key itself is never used directly and other uses can derive their own keys.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

BUNDLE_KEY_LABEL = b"aimak-desktop/bundle-key/v1"
CHECK_CODE_LABEL = b"aimak-desktop/check-code/v1"
NONCE_BYTES = 12


class AuthenticationFailed(Exception):
    """The data was not sealed with this key, or it was changed or cut short."""


def derive(office_key: bytes, label: bytes) -> bytes:
    """HKDF-SHA256(office_key, info=label) -> 32 bytes."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(office_key)


def bundle_key(office_key: bytes) -> bytes:
    return derive(office_key, BUNDLE_KEY_LABEL)


def seal(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """nonce || AES-GCM(plaintext) with `associated` bound (not stored) as associated data."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def unseal(key: bytes, sealed: bytes, associated: bytes) -> bytes:
    """Raises AuthenticationFailed for a wrong key, an edited or a truncated input."""
    if len(sealed) < NONCE_BYTES + 16:
        raise AuthenticationFailed("too short")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated)
    except InvalidTag as exc:
        raise AuthenticationFailed("authentication failed") from exc


def check_code(office_key: bytes) -> str:
    """A short code two PCs can compare by eye to know they hold the same office key.

    Five groups of four letters/digits ("K7QF-3M2P-..."); it reveals nothing usable of the key.
    """
    digest = derive(office_key, CHECK_CODE_LABEL)
    text = base64.b32encode(digest).decode("ascii")[:20]
    return "-".join(text[i : i + 4] for i in range(0, 20, 4))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
