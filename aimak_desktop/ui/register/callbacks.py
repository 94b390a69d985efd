"""Callbacks for background tasks that do not keep their widget alive.

A task's callbacks travel to a worker thread and back. If a callback held the only strong
reference to a top-level widget (a card closed meanwhile), the worker thread could drop it last
and destroy the Qt object outside the GUI thread, which crashes. `weak(method, *args)` holds the
widget weakly; when the widget is gone the result is simply dropped.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any


def weak(method: Callable[..., Any], *args: Any) -> Callable[..., None]:
    """`method(*args, *more)` of an object that may be gone by the time the result arrives."""
    ref = weakref.WeakMethod(method)  # type: ignore[arg-type]

    def call(*more: Any) -> None:
        target = ref()
        if target is not None:
            target(*args, *more)

    return call
