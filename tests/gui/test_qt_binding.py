"""The Qt binding itself must not corrupt the interpreter during a long working day."""

from __future__ import annotations

import sys

import pytest

pytestmark = pytest.mark.gui


def test_void_qt_calls_do_not_leak_references_to_none(qapp):
    """PySide6 6.12.0 dropped a reference to None on each call of a void method: after a few
    thousand calls (a morning at the cash desk) Python aborted with "deallocating None"."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QLabel

    size, label = QSize(1, 1), QLabel()
    before = sys.getrefcount(None)
    for i in range(20_000):
        size.setWidth(i)
        label.setText("Көк-Жар")
    assert sys.getrefcount(None) - before < 100
