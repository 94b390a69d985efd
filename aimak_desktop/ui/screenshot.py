"""`aimak screenshot --out DIR`: every page of the window saved as DIR/<key>.png.

Used to look at the program without a screen (documentation, reviews, CI artefacts).
"""

from __future__ import annotations

import os
from pathlib import Path

WIDTH, HEIGHT = 1280, 800


def save_screenshots(out_dir: Path) -> list[Path]:
    """Open the office of the data folder as its first active administrator and save each page."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from aimak_desktop import settings
    from aimak_desktop.db import open_database
    from aimak_desktop.errors import NotFound
    from aimak_desktop.i18n import _
    from aimak_desktop.models.core import Role
    from aimak_desktop.services.users import actor_of, list_users
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.main_window import MainWindow
    from aimak_desktop.ui.qt_setup import ensure_app
    from aimak_desktop.ui.tasks import TaskRunner

    ensure_app()
    out_dir.mkdir(parents=True, exist_ok=True)
    db = open_database()
    tasks = None
    window = None
    try:
        with db.session() as session:
            admins = [u for u in list_users(session) if u.role == Role.ADMIN and u.active]
            if not admins:
                raise NotFound(_("This office has no active administrator."))
            actor = actor_of(admins[0])
        tasks = TaskRunner(db.session)
        ctx = AppContext(db=db, actor=actor, tasks=tasks, settings=settings.load())
        window = MainWindow(ctx)
        window.resize(WIDTH, HEIGHT)
        window.show()
        files = []
        for index, spec in enumerate(window.specs):
            window.select_index(index)
            settle(ctx.tasks)
            target = out_dir / f"{spec.key}.png"
            window.grab().save(str(target))
            files.append(target)
        return files
    finally:
        if window is not None:
            window.close()
            window.deleteLater()
        if tasks is not None:
            settle(tasks)
            tasks.shutdown()
        db.close()
        QApplication.processEvents()


def settle(tasks: object) -> None:
    """Wait until background loads are done and their results are on screen."""
    from PySide6.QtWidgets import QApplication

    for _round in range(50):
        QApplication.processEvents()
        tasks.wait_idle()  # type: ignore[attr-defined]
        QApplication.processEvents()
        if not tasks.pending():  # type: ignore[attr-defined]
            break
    QApplication.processEvents()
