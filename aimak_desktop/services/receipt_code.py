"""Verification codes printed on receipts (and in their QR code).

A code is HMAC-SHA256 over "receipt number|amount in tyiyn|YYYY-MM-DD" with a key derived from the
office key (LocalDevice.office_key, shared by the office's PCs), shortened to CODE_LENGTH base32
characters (50 bits: guessing one is hopeless, typing one is easy). Anyone holding a receipt can
have it checked with `aimak verify-receipt`; a changed amount, date or number gives another code.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac

__all__ = ["CODE_LENGTH", "normalise_code", "receipt_code", "verify_code"]

CODE_LENGTH = 10
# Derive a key for this one purpose, so the office key is never used directly.
_PURPOSE = b"aimak receipt code v1"
# People read codes off paper: forgive the letters a base32 code never contains.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B", "9": "G"})


def _key(office_key: bytes) -> bytes:
    if not office_key:
        raise ValueError("the office key is empty")
    return hmac.new(bytes(office_key), _PURPOSE, hashlib.sha256).digest()


def _message(receipt_no: str, amount: int, day: dt.date) -> bytes:
    if isinstance(day, dt.datetime):  # the code is per calendar day, not per second
        day = day.date()
    return f"{receipt_no.strip()}|{int(amount)}|{day.isoformat()}".encode()


def receipt_code(office_key: bytes, receipt_no: str, amount: int, day: dt.date) -> str:
    """The printed code of a receipt, e.g. "K7QJ2M4XRA".

    Args:
        office_key: LocalDevice.office_key.
        receipt_no: the receipt number as printed.
        amount: the receipt total in tyiyn.
        day: the date of the receipt (a datetime counts by its date).
    """
    digest = hmac.new(_key(office_key), _message(receipt_no, amount, day), hashlib.sha256)
    return base64.b32encode(digest.digest()).decode("ascii")[:CODE_LENGTH]


def normalise_code(code: str) -> str:
    """Upper case, no spaces or dashes, and 0/1/8/9 read as O/I/B/G."""
    cleaned = "".join(ch for ch in code.upper() if ch not in " -\t\u00a0")
    return cleaned.translate(_LOOKALIKES)


def verify_code(office_key: bytes, receipt_no: str, amount: int, day: dt.date, code: str) -> bool:
    """True if `code` is the code of that receipt number, amount and date."""
    expected = receipt_code(office_key, receipt_no, amount, day)
    return hmac.compare_digest(expected, normalise_code(code))
