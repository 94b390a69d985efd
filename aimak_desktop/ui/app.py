"""`run_gui(args)`: start the desktop program.

Start-up speed matters on old office PCs: nothing heavy (ReportLab, Alembic, openpyxl, argon2,
Babel) is imported on the way to the first paint; pages are built when first shown and the home
page loads its numbers in the background. The daily backup starts after the first paint.
"""

from __future__ import annotations

import argparse
import logging
import os
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from aimak_desktop import APP_NAME, paths
from aimak_desktop.errors import AimakError, DatabaseCorrupt
from aimak_desktop.i18n import LANGUAGES, _
from aimak_desktop.ui.main_window import EXIT_AFTER_PAINT

log = logging.getLogger(__name__)


def run_gui(args: argparse.Namespace | None = None) -> int:
    """Run the program until the main window closes; returns the process exit code."""
    from aimak_desktop import settings
    from aimak_desktop.logging_setup import setup_logging
    from aimak_desktop.ui.errors import install_excepthook
    from aimak_desktop.ui.qt_setup import apply_language, ensure_app

    bench = os.environ.get(EXIT_AFTER_PAINT) == "1"
    app = ensure_app()
    values = settings.load()
    lang = getattr(args, "lang", None) or values.get("language", "ky")
    apply_language(lang if lang in LANGUAGES else "ky")
    setup_logging()
    install_excepthook()

    db = open_office()
    if db is None:
        return 1
    try:
        return _run(app, db, values, bench)
    finally:
        db.close()


def open_office() -> Any:
    """Open the office of the data folder, explaining known problems; None means exit."""
    from aimak_desktop.db import open_database

    try:
        return open_database()
    except DatabaseCorrupt as exc:
        return _offer_restore(exc)
    except AimakError as exc:
        _message(exc)
        return None


def _message(exc: AimakError) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, exc.message)
    if exc.help:
        box.setInformativeText(exc.help)
    box.exec()


def _offer_restore(exc: DatabaseCorrupt) -> Any:
    from aimak_desktop.db import open_database
    from aimak_desktop.services.maintenance import restore_backup

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, exc.message)
    if exc.help:
        box.setInformativeText(exc.help)
    restore: QPushButton | None = None
    if exc.backup is not None:
        restore = box.addButton(_("Restore the newest backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if restore is None or box.clickedButton() is not restore:
        return None
    try:
        restore_backup(paths.data_dir())
        return open_database()
    except AimakError as again:
        _message(again)
        return None


def _run(app: QApplication, db: Any, values: dict[str, Any], bench: bool) -> int:
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.main_window import MainWindow
    from aimak_desktop.ui.startup import active_user, read_identity
    from aimak_desktop.ui.tasks import TaskRunner

    with db.session() as session:
        identity = read_identity(session)
        if identity is None:
            # A demo office on the very first start, so there is something to look at at once.
            from aimak_desktop.services.demo import create_demo_office

            create_demo_office(session, households=600, seed=1)
            identity = read_identity(session)
        # The demo office logs in as its administrator, without a password (no argon2 at start).
        actor = active_user(session, "admin") if identity and identity.is_demo else None
        office_name = identity.office_name if identity else ""
    if actor is None:
        from aimak_desktop.ui.login import LoginDialog

        dialog = LoginDialog(db, office_name)
        if not dialog.exec() or dialog.actor is None:
            return 0
        actor = dialog.actor
    tasks = TaskRunner(db.session)
    ctx = AppContext(db=db, actor=actor, tasks=tasks, settings=values)
    window = MainWindow(ctx)
    if not bench:
        window.first_painted.connect(lambda: QTimer.singleShot(500, lambda: _daily_backup(ctx)))
    window.show()
    code = app.exec()
    window.stop_background()
    ctx.tasks.wait_idle()
    ctx.tasks.shutdown()
    if not bench and values.get("backup_on_exit", True) and window.ctx.db is not None:
        _exit_backup(ctx)
    if ctx.db is not db:  # the office was reopened (restore, set-up): close the new one too
        ctx.db.close()
    return int(code)


def _daily_backup(ctx: Any) -> None:
    from aimak_desktop import backup

    folder = ctx.db.path.parent
    if not backup.backup_due(folder):
        return
    db_file = ctx.db.path

    def work() -> None:
        backup.make_backup(db_file, reason="daily")
        backup.rotate(folder)

    ctx.tasks.run_plain(work, lambda _r: ctx.tasks.changed.emit(frozenset({"backups"})))


def _exit_backup(ctx: Any) -> None:
    from aimak_desktop import backup

    try:
        backup.make_backup(ctx.db.path, reason="exit")
        backup.rotate(ctx.db.path.parent)
    except Exception:  # never lose the exit over a failed copy; the log says why
        log.exception("backup on exit failed")
