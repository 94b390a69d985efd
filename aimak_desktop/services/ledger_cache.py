"""Figures derived from the ledger, kept in memory and brought up to date by its new rows.

The ledger tables (charges, allocations, payments, voids) are append-only: a row, once written,
never changes and is never deleted, and SQLite numbers rows in the order they are written
(`rowid`). So "what changed since I last looked" is exactly the rows after the last rowid seen,
whoever wrote them (the cash desk, an accrual run, a sync import on the fast path). A cached
figure remembers the last rowid and id of each table (its `LedgerMark`); the next time it is
asked for, it reads only the newer rows and updates what they touch:

- `debt_positions(session, day)`: every household's debts on `day` split by age. New rows that
  count on that day name their households; only those are recomputed from the ledger (all of
  them again when too many changed). A 100,000-household office recomputes in seconds, so the
  debtors list and the dashboard are computed once and then follow the cash desk in milliseconds.
- `ledger_totals(session)`: charges per period and service, money per day and money allocated
  per day and service: the sums behind collection rates, their trend and the billed and
  collected figures. The totals of new rows are simply added.

Figures of the registers (rows that change in place) are kept by `until_written` until the
next write of any kind (`data_stamp`).

The cache can always be thrown away: it is rebuilt from the ledger (tests compare it with a fresh
computation after every kind of write). If the remembered row is no longer at its rowid (a backup
restored over the file, another office opened at the same path) everything is recomputed. Only
SQLite files are cached; other databases (a consolidated PostgreSQL) are read directly.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import func, select, text, true
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from aimak_desktop.models.billing import Allocation, Charge, Payment, Void
from aimak_desktop.models.ids import parse_id, stored_id
from aimak_desktop.services.debt_positions import Positions, compute_positions, counts_on
from aimak_desktop.services.write_path import in_write

#: The append-only tables whose rows move debts and collection figures, in a fixed order.
LEDGER_TABLES = ("charges", "allocations", "payments", "voids")
#: Above this many households touched by new rows, recomputing everything is quicker.
RECOMPUTE_ALL_ABOVE = 5_000
#: Cached days of debt positions per database (today, the month shown and the month before).
KEEP_DAYS = 4
#: Entries kept in all (a program has one database open; tests open hundreds).
KEEP_ENTRIES = 24

T = TypeVar("T")


class LedgerMark(NamedTuple):
    """The last (rowid, stored id) of each ledger table, in LEDGER_TABLES order."""

    rows: tuple[tuple[int, str | None], ...]

    def behind(self, other: LedgerMark) -> bool:
        """True when `other` holds rows this mark has not seen."""
        return any(a[0] < b[0] for a, b in zip(self.rows, other.rows, strict=True))


def ledger_mark(conn: Connection) -> LedgerMark:
    """The newest row of each ledger table: four index lookups."""
    rows = []
    for table in LEDGER_TABLES:
        last = conn.execute(
            text(f"SELECT rowid, id FROM {table} ORDER BY rowid DESC LIMIT 1")
        ).first()
        rows.append((int(last[0]), str(last[1])) if last else (0, None))
    return LedgerMark(tuple(rows))


def _same_history(conn: Connection, mark: LedgerMark) -> bool:
    """Whether the rows a mark remembers are still where they were (the file was not replaced)."""
    for table, (rowid, row_id) in zip(LEDGER_TABLES, mark.rows, strict=True):
        if row_id is None:
            continue
        found = conn.execute(
            text(f"SELECT id FROM {table} WHERE rowid = :r"),
            {"r": rowid},
        ).scalar()
        if found is None or str(found) != row_id:
            return False
    return True


def _database_key(conn: Connection) -> tuple[str, str]:
    device = conn.execute(text("SELECT device_id FROM local_device LIMIT 1")).scalar()
    return str(conn.engine.url.database), str(device)


@dataclass
class _Entry:
    """One cached figure: its value, the ledger it was computed from, a lock for updating it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    mark: Any = None  # a LedgerMark, or a data stamp
    value: Any = None


class _Cache:
    """Entries by key (database path, device, kind, ...); beyond `keep` of a kind in a database,
    the least recently used goes first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()

    def entry(self, key: tuple[Any, ...], keep: int) -> _Entry:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                found = self._entries[key] = _Entry()
                same_kind = [k for k in self._entries if k[:3] == key[:3]]
                for old in same_kind[:-keep]:
                    del self._entries[old]
            self._entries.move_to_end(key)
            while len(self._entries) > KEEP_ENTRIES:
                self._entries.popitem(last=False)
            return found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_cache = _Cache()


def clear() -> None:
    """Forget every cached figure (tests; nothing else needs it)."""
    _cache.clear()


def _cached(
    conn: Connection,
    key: tuple[Any, ...],
    keep: int,
    build: Callable[[], T],
    update: Callable[[T, LedgerMark, LedgerMark], T | None],
) -> T:
    """The entry's value, built or brought up to date under its lock.

    `update(value, old mark, new mark)` returns the updated value, or None to rebuild.
    """
    entry = _cache.entry(key, keep)
    with entry.lock:
        mark = ledger_mark(conn)
        if entry.mark is not None and mark.behind(entry.mark):
            # This reader's snapshot is older than the cache (rare: two reads racing a write).
            # Answer for the snapshot and leave the cache as it is.
            return build()
        if entry.mark is None or not _same_history(conn, entry.mark):
            entry.value, entry.mark = build(), mark
        elif mark != entry.mark:
            updated = update(entry.value, entry.mark, mark)
            entry.value = build() if updated is None else updated
            entry.mark = mark
        return entry.value  # type: ignore[no-any-return]


# -- debt positions ----------------------------------------------------------------------------


def _touched(conn: Connection, old: LedgerMark, new: LedgerMark, day: dt.date) -> set[str]:
    """Households of the rows written between two marks that count on `day`."""
    past = counts_on(day)
    found: set[str] = set()
    for table, (since, _id), (upto, _id2) in zip(LEDGER_TABLES, old.rows, new.rows, strict=True):
        if upto <= since:
            continue
        if past:
            cut = "period <= :cut" if table == "charges" else "day <= :cut"
            value: Any = day.strftime("%Y-%m") if table == "charges" else day.isoformat()
        else:
            cut, value = "1 = 1", None
        rows = conn.execute(
            text(
                f"SELECT DISTINCT household_id FROM {table} "
                f"WHERE rowid > :since AND rowid <= :upto AND {cut}"
            ),
            {"since": since, "upto": upto, "cut": value},
        )
        found.update(str(h) for (h,) in rows)
    return found


def _cacheable(session: Session, conn: Connection) -> bool:
    # Inside a write its uncommitted rows would enter the cache; other databases have no rowid;
    # a database in memory has no path to tell it from another.
    return (
        conn.dialect.name == "sqlite"
        and conn.engine.url.database not in (None, "", ":memory:")
        and not in_write(session)
    )


def debt_positions(session: Session, day: dt.date) -> Positions:
    """Every household's debts on `day` (see `services.debt_positions`), from the cache.

    The result is shared: read it, never change it.
    """
    conn = session.connection()
    if not _cacheable(session, conn):
        return compute_positions(conn, day)

    def update(value: Positions, old: LedgerMark, new: LedgerMark) -> Positions | None:
        touched = _touched(conn, old, new, day)
        if len(touched) > RECOMPUTE_ALL_ABOVE:
            return None
        if not touched:
            return value
        fresh = compute_positions(conn, day, [parse_id(h) for h in touched])
        updated = dict(value)  # readers may hold the old dict: never change it in place
        for household in touched:
            updated.pop(household, None)
        updated.update(fresh)
        return updated

    key = (*_database_key(conn), "debts", day, counts_on(day))
    return _cached(conn, key, KEEP_DAYS, lambda: compute_positions(conn, day), update)


# -- period and day totals ---------------------------------------------------------------------


#: (rows, amount) of a group of ledger rows.
Count = tuple[int, int]


@dataclass(frozen=True)
class LedgerTotals:
    """The whole ledger summed, in groups of a few dozen periods and a few hundred days.

    Attributes:
        charges: (period key "YYYY-MM" or "YYYY", stored service id) -> (rows, net amount).
        money: business day -> payments - voided payments of that day.
        allocated: (business day, stored service id) -> (rows, money allocated net of voids).
    """

    charges: dict[tuple[str, str], Count]
    money: dict[dt.date, int]
    allocated: dict[tuple[dt.date, str], Count]

    def charges_by_period(self) -> dict[str, Count]:
        out: dict[str, Count] = {}
        for (period, _service), (rows, amount) in self.charges.items():
            had = out.get(period, (0, 0))
            out[period] = (had[0] + rows, had[1] + amount)
        return out

    def plus(self, more: LedgerTotals) -> LedgerTotals:
        """These totals with `more` added (the totals of newer rows)."""
        return LedgerTotals(
            _added(self.charges, more.charges),
            {d: self.money.get(d, 0) + more.money.get(d, 0) for d in {*self.money, *more.money}},
            _added(self.allocated, more.allocated),
        )


def _added(a: dict[Any, Count], b: dict[Any, Count]) -> dict[Any, Count]:
    out = dict(a)
    for key, (rows, amount) in b.items():
        had = out.get(key, (0, 0))
        out[key] = (had[0] + rows, had[1] + amount)
    return out


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _sum_totals(
    conn: Connection, since: LedgerMark | None, upto: LedgerMark | None
) -> LedgerTotals:
    """Totals of all rows, or of the rows between two marks."""

    def rows_of(model: Any) -> Any:
        if since is None or upto is None:
            return true()
        index = LEDGER_TABLES.index(model.__tablename__)
        return text(
            f"{model.__tablename__}.rowid > :since AND {model.__tablename__}.rowid <= :upto"
        ).bindparams(since=since.rows[index][0], upto=upto.rows[index][0])

    charges: dict[tuple[str, str], Count] = {}
    for key, service, count, amount in conn.execute(
        select(Charge.period, stored_id(Charge.service_id), func.count(), func.sum(Charge.amount))
        .where(rows_of(Charge))
        .group_by(Charge.period, Charge.service_id)
    ):
        charges[(str(key), service)] = (int(count), int(amount))
    money: dict[dt.date, int] = defaultdict(int)
    for model, sign in ((Payment, 1), (Void, -1)):
        for day, amount in conn.execute(
            select(model.day, func.sum(model.amount)).where(rows_of(model)).group_by(model.day)
        ):
            money[_as_date(day)] += sign * int(amount)
    allocated: dict[tuple[dt.date, str], Count] = {}
    for day, service, count, amount in conn.execute(
        select(
            Allocation.day,
            stored_id(Allocation.service_id),
            func.count(),
            func.sum(Allocation.amount),
        )
        .where(rows_of(Allocation))
        .group_by(Allocation.day, Allocation.service_id)
    ):
        allocated[(_as_date(day), service)] = (int(count), int(amount))
    return LedgerTotals(charges, dict(money), allocated)


def compute_totals(conn: Connection) -> LedgerTotals:
    """The totals computed from the whole ledger, without the cache."""
    return _sum_totals(conn, None, None)


def ledger_totals(session: Session) -> LedgerTotals:
    """Charges per period and money per day over the whole ledger, from the cache."""
    conn = session.connection()
    if not _cacheable(session, conn):
        return compute_totals(conn)

    def update(value: LedgerTotals, old: LedgerMark, new: LedgerMark) -> LedgerTotals:
        return value.plus(_sum_totals(conn, old, new))

    key = (*_database_key(conn), "totals")
    return _cached(conn, key, 1, lambda: compute_totals(conn), update)


# -- anything else: until the next write ---------------------------------------------------------


def data_stamp(conn: Connection) -> tuple[int, int]:
    """Changes whenever anything is written: this PC's operations (every write goes through
    the write path, which counts them) and operations applied from other PCs (counted per PC
    by the sync importer, in the same transaction as the rows)."""
    own = conn.execute(text("SELECT last_seq FROM local_device LIMIT 1")).scalar()
    applied = conn.execute(text("SELECT coalesce(sum(applied_seq), 0) FROM sync_progress")).scalar()
    return int(own or 0), int(applied or 0)


def until_written(session: Session, key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """`build()`, remembered until the next write to the database (for figures of the
    registers, whose rows change in place: households, subscriptions)."""
    conn = session.connection()
    if not _cacheable(session, conn):
        return build()
    entry = _cache.entry((*_database_key(conn), "stamped", *key), KEEP_DAYS)
    with entry.lock:
        stamp = data_stamp(conn)
        if entry.mark != stamp:
            entry.value, entry.mark = build(), stamp
        return entry.value  # type: ignore[no-any-return]


__all__ = [
    "LEDGER_TABLES",
    "LedgerMark",
    "LedgerTotals",
    "clear",
    "compute_totals",
    "data_stamp",
    "debt_positions",
    "ledger_mark",
    "ledger_totals",
    "until_written",
]
