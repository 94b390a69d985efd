"""Background sync: every few minutes with each reachable target, backing off after failures.

One timer, one sync at a time. A round first checks cheaply (in the pool) which targets are
there now (the folder exists, the WebDAV root answers), then syncs with those on the write
worker, so it never competes with a clerk's write. The state shown in the status bar is read
from the database after every change, so a "Sync now" on the sync page counts as well.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from aimak_desktop.i18n import _
from aimak_desktop.models.base import utcnow
from aimak_desktop.ui.sync.data import (
    RunOutcome,
    configured_targets,
    data_dir_of,
    reachable,
    sync_targets,
)

log = logging.getLogger(__name__)

SYNCED = "synced"
PENDING = "pending"
OFFLINE = "offline"
ERROR = "error"

DEFAULT_INTERVAL_MINUTES = 10
#: Back-off after failures, in minutes: 1, 2, 4 ... never more than an hour.
MAX_BACKOFF_MINUTES = 60
#: While no target is reachable, look again this often (a USB stick may be plugged in any time).
OFFLINE_RECHECK_MINUTES = 1
#: Kinds announced after a round that brought nothing new (only the sync page cares).
SYNC_KIND = "sync"


def backoff_minutes(failures: int) -> int:
    """Minutes to wait after `failures` failed rounds in a row (1, 2, 4 ... 60)."""
    return int(min(MAX_BACKOFF_MINUTES, 2 ** max(0, failures - 1)))


class SyncScheduler(QObject):
    """Runs sync rounds in the background and says how things stand.

    `state_changed(state, detail)`: state is "synced", "pending" (detail: the number of own
    operations not yet on any target), "offline" (detail: why) or "error" (detail: the reason).
    """

    state_changed = Signal(str, str)

    def __init__(
        self, ctx: Any, interval_minutes: float | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        minutes = interval_minutes or ctx.settings.get(
            "sync_interval_minutes", DEFAULT_INTERVAL_MINUTES
        )
        self.interval_ms = int(float(minutes) * 60_000)
        self.failures = 0
        self.running = False
        self.stopped = True  # no timer rounds until start()
        self.halted = False  # stop() was called: no rounds at all until start()
        self.state, self.detail = OFFLINE, _("No sync target is set up.")
        #: Delay chosen for the next round (ms), for the sync page and tests.
        self.next_delay_ms = self.interval_ms
        #: When the last reachability check found no target (None: some target was there).
        self._offline_at: dt.datetime | None = None
        self._refreshing = False
        self._refresh_again = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)
        ctx.tasks.changed.connect(self._on_changed)
        self._listening = True

    # -- control --------------------------------------------------------------------------

    def start(self, delay_ms: int = 3000) -> None:
        """Begin: the first round after `delay_ms` (after start-up, not during it)."""
        self.stopped = self.halted = False
        if not self._listening:
            self.ctx.tasks.changed.connect(self._on_changed)
            self._listening = True
        self.refresh()
        self._timer.start(delay_ms)

    def stop(self) -> None:
        """No more rounds; a round already running finishes but schedules nothing."""
        self.stopped = self.halted = True
        self._timer.stop()
        if self._listening:
            self._listening = False
            self.ctx.tasks.changed.disconnect(self._on_changed)

    def is_active(self) -> bool:
        return self._timer.isActive()

    def sync_now(self) -> bool:
        """Start a round now; False if one is already running (never two at once) or stopped."""
        if self.running or self.halted:
            return False
        urls = configured_targets(self.ctx.settings)
        if not urls:
            self._offline_at = utcnow()
            self._set(OFFLINE, _("No sync target is set up."))
            self._schedule(self.interval_ms)
            return False
        self.running = True
        folder = data_dir_of(self.ctx)
        self.ctx.tasks.run_plain(
            lambda: [u for u in urls if reachable(u, folder)], self._on_checked, self._on_failed
        )
        return True

    # -- a round ---------------------------------------------------------------------------

    def _on_checked(self, urls: list[str]) -> None:
        if self.halted:  # stopped meanwhile (office closing): no sync now
            self.running = False
            return
        if not urls:
            self.running = False
            self._offline_at = utcnow()
            self._set(OFFLINE, _("No sync target can be reached."))
            self._schedule(min(self.interval_ms, OFFLINE_RECHECK_MINUTES * 60_000))
            return
        self._offline_at = None
        folder = data_dir_of(self.ctx)
        self.ctx.tasks.run_write(
            lambda session: sync_targets(session, urls, folder), self._on_synced, self._on_failed
        )

    def _on_synced(self, outcomes: list[RunOutcome]) -> None:
        self.running = False
        errors = [o.error for o in outcomes if o.error]
        if errors:
            self.failures += 1
            self._schedule(backoff_minutes(self.failures) * 60_000)
        else:
            self.failures = 0
            self._schedule(self.interval_ms)
        news = any(o.report and (o.report["received_ops"] or o.report["applied"]) for o in outcomes)
        # Everything may have changed when operations came in; otherwise only sync figures.
        self.ctx.tasks.changed.emit(frozenset({"*"} if news else {SYNC_KIND}))

    def _on_failed(self, exc: BaseException) -> None:
        # Not an AimakError from a target (those are outcomes): a bug or a broken database.
        self.running = False
        self.failures += 1
        log.error("background sync failed", exc_info=exc)
        self._set(ERROR, str(exc) or type(exc).__name__)
        self._schedule(backoff_minutes(self.failures) * 60_000)

    def _schedule(self, delay_ms: int) -> None:
        self.next_delay_ms = delay_ms
        if not self.stopped:
            self._timer.start(delay_ms)

    # -- the state -------------------------------------------------------------------------

    def _on_changed(self, _kinds: Any) -> None:
        # Any write adds an operation to send; a sync changes what is pending.
        self.refresh()

    def refresh(self) -> None:
        """Read the state from the database (in the pool) and announce it if it changed."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        from aimak_desktop.sync.status import sync_status

        self.ctx.tasks.run_read(sync_status, self._on_status, self._on_status_failed)

    def _on_status_failed(self, exc: BaseException) -> None:
        self._refreshing = False
        log.warning("sync status could not be read: %s", exc)

    def _on_status(self, status: dict[str, Any]) -> None:
        self._refreshing = False
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()
        self._set(*state_of(status, configured_targets(self.ctx.settings), self._offline_at))

    def _set(self, state: str, detail: str) -> None:
        if (state, detail) == (self.state, self.detail):
            return
        self.state, self.detail = state, detail
        self.state_changed.emit(state, detail)


def state_of(
    status: dict[str, Any], urls: list[str], offline_at: dt.datetime | None
) -> tuple[str, str]:
    """(state, detail) from `sync.status.sync_status` for the configured targets."""
    if not urls:
        return OFFLINE, _("No sync target is set up.")
    rows = {target["url"]: target for target in status["targets"]}
    mine = [rows[u] for u in urls if u in rows]
    successes = [
        dt.datetime.fromisoformat(target["last_success_at"])
        for target in mine
        if target["last_success_at"]
    ]
    if offline_at is not None and not any(s > offline_at for s in successes):
        return OFFLINE, _("No sync target can be reached.")
    attempted = [target for target in mine if target["last_attempt_at"]]
    if attempted:
        latest = max(attempted, key=lambda target: target["last_attempt_at"])
        if latest["last_error"]:
            return ERROR, latest["last_error"]
    pending = min(rows[u]["pending"] if u in rows else status["own_ops"] for u in urls)
    if pending:
        return PENDING, str(pending)
    return SYNCED, ""
