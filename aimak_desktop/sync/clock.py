"""Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds plus a counter.

A stamp is one integer, `(milliseconds << 16) | counter`, so it sorts like the clock it stands for
and fits a 64-bit column. A PC whose clock jumps back keeps counting up from its last stamp: order
is never broken by a wrong clock, only flagged.
"""

from __future__ import annotations

import time

COUNTER_BITS = 16
_COUNTER_MASK = (1 << COUNTER_BITS) - 1


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def pack(ms: int, counter: int) -> int:
    return (ms << COUNTER_BITS) | counter


def physical_ms(stamp: int) -> int:
    return stamp >> COUNTER_BITS


def tick(last: int, wall_ms: int | None = None) -> int:
    """Stamp for a local event after `last`."""
    wall = now_ms() if wall_ms is None else wall_ms
    last_ms, last_counter = physical_ms(last), last & _COUNTER_MASK
    if wall > last_ms:
        return pack(wall, 0)
    if last_counter == _COUNTER_MASK:
        return pack(last_ms + 1, 0)
    return pack(last_ms, last_counter + 1)


def receive(last: int, remote: int, wall_ms: int | None = None) -> int:
    """Stamp after seeing a remote stamp: later than both the local and the remote one."""
    return tick(max(last, remote), wall_ms)
