"""Time-ordered UUIDs (version 7, RFC 9562) for every synced row.

Rows created on different offline PCs never collide, and ids sort roughly by creation time, which
keeps SQLite's B-trees append-friendly. Python 3.11 has no uuid7(), so we build it here.
"""

from __future__ import annotations

import os
import struct
import threading
import time
import uuid
from typing import Any

_lock = threading.Lock()
_last_ms = 0
_counter = 0

_MS_MASK = (1 << 48) - 1
_RAND_MASK = (1 << 62) - 1
#: Version 7 and the RFC 4122 variant bits, the same in every id.
_MARKS = (0x7 << 76) | (0b10 << 62)


def _reserve(n: int) -> int:
    """Take `n` consecutive (millisecond, counter) slots; return the first as ms << 12 | counter.

    A 12-bit counter numbers the ids made in the same millisecond; past 4096 it borrows the next
    millisecond. Both steps are +1 on `ms << 12 | counter`, so a batch is a plain range there.
    """
    global _last_ms, _counter
    with _lock:
        now = (time.time_ns() // 1_000_000) << 12
        first = max(now, ((_last_ms << 12) | _counter) + 1)
        last = first + n - 1
        _last_ms, _counter = last >> 12, last & 0xFFF
    return first


def _make(slot: int, rand: int) -> uuid.UUID:
    ms, counter = slot >> 12, slot & 0xFFF
    return _uuid_of(((ms & _MS_MASK) << 80) | (counter << 64) | _MARKS | (rand & _RAND_MASK))


_UUID = uuid.UUID
_new = object.__new__
_set = object.__setattr__
_UNKNOWN = uuid.SafeUUID.unknown


def _uuid_of(value: int) -> uuid.UUID:
    # What UUID.__setstate__ (unpickling) does: half the cost of UUID(int=...), whose checks a
    # value built from a 48-bit time, a 12-bit counter and 62 random bits never needs.
    u = _new(_UUID)
    _set(u, "int", value)
    _set(u, "is_safe", _UNKNOWN)
    return u


def new_id() -> uuid.UUID:
    """A UUIDv7: 48-bit Unix milliseconds, 12-bit counter for ids made in the same millisecond."""
    return _make(_reserve(1), int.from_bytes(os.urandom(8), "big"))


def new_ids(n: int) -> list[uuid.UUID]:
    """`n` UUIDv7s in increasing order, as `new_id()` called `n` times would give (bulk inserts)."""
    if n <= 0:
        return []
    first = _reserve(n)
    rands = struct.unpack(f">{n}Q", os.urandom(8 * n))
    return [_make(first + i, rand) for i, rand in enumerate(rands)]


def parse_id(value: str | uuid.UUID) -> uuid.UUID:
    """The UUID of an id read as stored (32 hex digits on SQLite; dashed text or a UUID elsewhere).

    Bulk reads select ids with `stored_id()` and turn into UUIDs only the ones they keep, at half
    the cost of `uuid.UUID(hex)`.
    """
    if type(value) is _UUID:
        return value
    text = str(value)
    if len(text) != 32:  # dashed text, or something unexpected: the checked constructor decides
        return uuid.UUID(text)
    return _uuid_of(int(text, 16))


def stored_id(column: Any) -> Any:
    """`column` selected as it is stored, without turning each value into a UUID object.

    Grouping keys and lookups of 100,000 rows need no UUID objects; `parse_id` makes one when
    needed. On PostgreSQL (native UUIDs) the value arrives as text.
    """
    from sqlalchemy import String, type_coerce

    return type_coerce(column, String)
