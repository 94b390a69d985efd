"""Closing and reopening the office under the window: restore, and demo -> real office."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QDialog

from aimak_desktop import paths
from aimak_desktop.errors import AimakError
from aimak_desktop.services.auth import Actor
from aimak_desktop.services.office import OfficeProfile

if TYPE_CHECKING:
    from aimak_desktop.db import Database
    from aimak_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

DEMO_FOLDER = "demo-office"


@dataclass
class OfficeAnswers:
    """What the first-run wizard collected."""

    language: str
    profile: OfficeProfile
    device_code: str
    username: str
    full_name: str
    password: str


def create_real_office(db: Database, answers: OfficeAnswers) -> Actor:
    """Create the office and its first administrator in an empty database; returns the admin."""
    from aimak_desktop.services.auth import SYSTEM
    from aimak_desktop.services.office import create_office
    from aimak_desktop.services.users import actor_of, add_user

    with db.session() as session:
        create_office(session, answers.profile, answers.device_code)
        user = add_user(
            session,
            SYSTEM,
            answers.username,
            answers.full_name,
            "admin",
            answers.password,
            answers.language,
        )
        return actor_of(user)


def move_demo_aside(folder: Path) -> Path:
    """Move the demo office's files into <folder>/demo-office (never delete them)."""
    target = folder / DEMO_FOLDER
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{DEMO_FOLDER}-{n}"
    target.mkdir(parents=True)
    for name in (paths.DB_NAME, f"{paths.DB_NAME}-wal", f"{paths.DB_NAME}-shm", "backups"):
        source = folder / name
        if source.exists():
            shutil.move(str(source), str(target / name))
    return target


def put_demo_back(folder: Path, kept: Path) -> None:
    """Undo `move_demo_aside` after a failed set-up; the half-made new file holds no data."""
    for name in (paths.DB_NAME, f"{paths.DB_NAME}-wal", f"{paths.DB_NAME}-shm"):
        (folder / name).unlink(missing_ok=True)
    for item in list(kept.iterdir()):
        if not (folder / item.name).exists():
            shutil.move(str(item), str(folder / item.name))
    if not any(kept.iterdir()):
        kept.rmdir()


def replace_office(
    window: MainWindow,
    change: Callable[[Path], Any],
    actor_for: Callable[[Any], Actor | None] | None = None,
) -> bool:
    """Close the office, run `change(folder)` while it is closed, reopen it and rebuild the window.

    Args:
        window: the main window (its context gets the new database and task runner).
        change: the work done on the closed folder (restore a file, move the demo aside ...).
        actor_for: picks the user of the reopened office from the result of `change`; by
            default the same user if still active, else the log-in dialog asks.

    Returns:
        True when the office is open again (False: the window closed).
    """
    from aimak_desktop.db import open_database
    from aimak_desktop.ui.errors import show_error
    from aimak_desktop.ui.tasks import TaskRunner

    ctx = window.ctx
    folder = ctx.db.path.parent
    window.stop_background()
    ctx.tasks.wait_idle()
    QApplication.processEvents()
    ctx.tasks.shutdown()
    ctx.db.close()
    error: BaseException | None = None
    result: Any = None
    try:
        result = change(folder)
    except Exception as exc:
        error = exc
    try:
        ctx.db = open_database(folder)
    except AimakError as exc:
        show_error(None, exc).exec()
        window.close()
        return False
    ctx.tasks = TaskRunner(ctx.db.session)
    window.attach_tasks()
    actor = actor_for(result) if actor_for and error is None else None
    actor = actor or _same_user(ctx.db, ctx.actor)
    if actor is None:
        from aimak_desktop.ui.login import LoginDialog

        dialog = LoginDialog(ctx.db, parent=window)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
            window.close()
            return False
        actor = dialog.actor
    ctx.actor = actor
    window.rebuild()
    if error is not None:
        show_error(window, error)
    return True


def _same_user(db: Database, actor: Actor) -> Actor | None:
    from aimak_desktop.models.core import User
    from aimak_desktop.services.office import has_office
    from aimak_desktop.services.users import actor_of

    if actor.user_id is None:
        return None
    with db.session() as session:
        if not has_office(session):
            return None
        user = session.get(User, actor.user_id)
        return actor_of(user) if user is not None and user.active else None


def start_real_office_wizard(window: MainWindow) -> QDialog:
    """Open the first-run wizard; when finished, put the demo aside and open the new office."""
    from aimak_desktop import settings
    from aimak_desktop.ui.qt_setup import apply_language
    from aimak_desktop.ui.wizard import OfficeWizard

    wizard = OfficeWizard(window)

    def finished() -> None:
        answers = wizard.answers()
        settings.update(language=answers.language)
        window.ctx.settings["language"] = answers.language
        apply_language(answers.language)
        state: dict[str, Actor] = {}

        def change(folder: Path) -> None:
            from aimak_desktop.db import open_database

            kept = move_demo_aside(folder)
            log.info("demo office moved to %s", kept)
            try:
                with open_database(folder) as db:
                    state["actor"] = create_real_office(db, answers)
            except BaseException:
                put_demo_back(folder, kept)
                raise

        replace_office(window, change, lambda _result: state.get("actor"))

    wizard.accepted.connect(finished)
    wizard.open()
    return wizard
