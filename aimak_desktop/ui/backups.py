"""Backup actions shared by the File menu and the settings page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from aimak_desktop.i18n import _

if TYPE_CHECKING:
    from aimak_desktop.ui.main_window import MainWindow

BACKUP_KINDS = frozenset({"backups"})


def backup_now(window: MainWindow) -> None:
    """Copy the office file in the background; the status bar says where it went."""
    from aimak_desktop import backup

    ctx = window.ctx
    db_file = ctx.db.path

    def done(target: Path) -> None:
        window.statusBar().showMessage(_("Backup saved: {path}").format(path=target), 8000)
        ctx.tasks.changed.emit(BACKUP_KINDS)

    ctx.tasks.run_plain(lambda: backup.make_backup(db_file, reason="manual"), done)


def choose_backup(window: MainWindow) -> QMessageBox | None:
    """Pick a backup file in the backups folder, then confirm the restore."""
    from aimak_desktop import backup

    folder = backup.folder_of(window.ctx.db.path.parent)
    name, _filter = QFileDialog.getOpenFileName(
        window, _("Restore a backup"), str(folder), _("Aimak backups (*.sqlite)")
    )
    return ask_restore(window, Path(name)) if name else None


def ask_restore(window: MainWindow, chosen: Path) -> QMessageBox:
    """Ask before restoring `chosen`; on Yes close the office, restore, reopen (non-blocking)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Restore a backup"),
        _("Restore the backup {name}?").format(name=chosen.name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        window,
    )
    box.setInformativeText(
        _(
            "The current office file is kept as a backup first, so nothing is lost. "
            "After the restore this PC gets a new number series for receipts."
        )
    )
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def answered(_result: int) -> None:
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            restore(window, chosen)

    box.finished.connect(answered)
    box.open()
    return box


def restore(window: MainWindow, chosen: Path) -> bool:
    """Restore `chosen` into the open office's folder and reopen it."""
    from aimak_desktop.services.maintenance import restore_backup
    from aimak_desktop.ui.office_switch import replace_office

    outcome: dict[str, object] = {}

    def change(folder: Path) -> None:
        outcome["result"] = restore_backup(folder, chosen)

    ok = replace_office(window, change)
    result = outcome.get("result")
    if ok and result is not None:
        window.statusBar().showMessage(
            _("Restored {name}. This PC now uses the number series {code}.").format(
                name=chosen.name,
                code=result.device_code,  # type: ignore[attr-defined]
            ),
            15000,
        )
    return ok
