"""Background work: one serial executor for writes, a pool for reads, PDFs, imports and sync.

Like Anki's taskman: a widget calls `run_write(fn, on_done)`; `fn(session)` runs off the GUI thread
with its own session and its result (or error) comes back on the GUI thread through a signal.
Writes are serialised on a single worker, which removes a whole class of locking bugs; after each
successful write the application-wide `changed(kinds)` signal fires once.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class _Bridge(QObject):
    """Lives in the GUI thread; signals emitted from workers are delivered there (queued)."""

    finished = Signal(object, object, object, object)  # token, result, error, work function


class TaskRunner(QObject):
    #: Emitted on the GUI thread after a write succeeded, with the kinds of data it touched.
    changed = Signal(object)
    #: Emitted with True while any task runs (the window shows a busy indicator).
    busy = Signal(bool)

    def __init__(self, session_factory: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sessions = session_factory
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aimak-write")
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="aimak-work")
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._deliver)
        self._running = 0
        self._closed = False
        # Callbacks stay on the GUI thread, keyed by a token: if a worker held the last reference
        # to a closed dialog's slot, the dialog would be destroyed in the worker thread (a crash).
        self._callbacks: dict[int, tuple[Any, Any]] = {}
        self._tokens = itertools.count()
        self._futures: set[Future[Any]] = set()
        self._futures_lock = threading.Lock()  # workers discard finished futures
        #: Error handler used when a task has no on_error (the window shows the error dialog).
        self.default_error: Callable[[BaseException], None] = lambda exc: log.error(
            "background task failed", exc_info=exc
        )

    def run_write(
        self,
        fn: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        kinds: Iterable[str] = (),
    ) -> Future[Any]:
        """Run `fn(session)` on the single write worker; announce `kinds` as changed on success."""
        kinds = frozenset(kinds)

        def done(result: Any) -> None:
            if kinds:
                self.changed.emit(kinds)
            if on_done is not None:
                on_done(result)

        return self._submit(self._writer, fn, done, on_error)

    def run_read(
        self,
        fn: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[Any]:
        """Run `fn(session)` in the pool (queries, PDFs, exports)."""
        return self._submit(self._pool, fn, on_done, on_error)

    def run_plain(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[Any]:
        """Run `fn()` with no session in the pool (file work, network)."""
        return self._submit(self._pool, lambda _session: fn(), on_done, on_error, session=False)

    def _submit(self, executor, fn, on_done, on_error, session: bool = True) -> Future[Any]:
        if self._closed:
            # A timer or late click after the office was closed: there is no office to work on.
            future: Future[Any] = Future()
            future.cancel()
            return future
        self._running += 1
        if self._running == 1:
            self.busy.emit(True)
        token = next(self._tokens)
        self._callbacks[token] = (on_done, on_error)
        holder = [fn]  # the job keeps no reference of its own once it has run

        def job() -> None:
            work = holder.pop()
            result, error = None, None
            try:
                if session:
                    with self._sessions() as s:
                        result = work(s)
                else:
                    result = work(None)
            except BaseException as exc:  # handed to the GUI thread, never lost in the worker
                error = exc
            # The work function travels back too, so that whatever it holds is released on the
            # GUI thread, never in the worker.
            self._bridge.finished.emit(token, result, error, work)
            del work

        future = executor.submit(job)
        with self._futures_lock:
            self._futures.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[Any]) -> None:
        with self._futures_lock:
            self._futures.discard(future)

    def _deliver(self, token: int, result: Any, error: BaseException | None, _work: Any) -> None:
        self._running -= 1
        if self._running == 0:
            self.busy.emit(False)
        on_done, on_error = self._callbacks.pop(token, (None, None))
        if self._closed:
            return  # the office was closed (restore, exit): nobody waits for this result
        try:
            if error is not None:
                (on_error or self.default_error)(_known(error))
            elif on_done is not None:
                on_done(result)
        except RuntimeError as exc:
            # The widget that asked was deleted meanwhile (page rebuilt after a language switch,
            # window closed): its result has nowhere to go. Anything else is a real error.
            if "deleted" not in str(exc):  # "already deleted", "Signal source has been deleted"
                raise
            log.debug("result for a deleted widget dropped: %s", exc)

    def wait_idle(self) -> None:
        """Block until queued work is done (shutdown and tests only).

        Results are delivered on the GUI thread afterwards: process events (or use `pending()`)
        to see the callbacks run.
        """
        from concurrent.futures import wait

        while True:
            with self._futures_lock:
                running = list(self._futures)
            if not running:
                return
            wait(running)

    def pending(self) -> int:
        """Tasks started whose result has not yet been delivered on the GUI thread."""
        return self._running

    def shutdown(self) -> None:
        self._closed = True
        self._writer.shutdown(wait=True)
        self._pool.shutdown(wait=True)


def _known(error: BaseException) -> BaseException:
    """Map SQLite environment failures to AimakError; leave bugs as they are."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(error, DBAPIError):
        from aimak_desktop.db import classify

        return classify(error)
    return error
