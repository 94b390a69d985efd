"""The floor for start-up: the least a PySide6 + SQLAlchemy program does before its first paint.

Imports Qt Widgets and the SQLAlchemy ORM, shows an empty main window, prints AIMAK_PAINTED on
its first paint and quits. `bench.figures.startup` times it exactly like the real program.
"""

from __future__ import annotations

import sys

import sqlalchemy.orm  # noqa: F401  (the import cost is part of the floor)
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QMainWindow


class FloorWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            print("AIMAK_PAINTED", flush=True)
            QApplication.exit(0)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = FloorWindow()
    window.resize(1024, 700)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
