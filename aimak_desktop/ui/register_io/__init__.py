"""Register import (wizard) and export (dialog); the register page opens them through these."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.register_io.export_dialog import ExportDialog
    from aimak_desktop.ui.register_io.wizard import ImportWizard


def open_import_wizard(ctx: AppContext, parent: QWidget | None = None) -> ImportWizard:
    """Open the import wizard (window-modal, non-blocking) and return it.

    After an import it announces `{"households", "register"}` through `ctx.tasks.changed`.
    """
    from aimak_desktop.ui.register_io.wizard import ImportWizard

    wizard = ImportWizard(ctx, parent)
    wizard.open()
    return wizard


def open_export_dialog(ctx: AppContext, parent: QWidget | None = None) -> ExportDialog:
    """Open the export dialog (window-modal, non-blocking) and return it."""
    from aimak_desktop.ui.register_io.export_dialog import ExportDialog

    dialog = ExportDialog(ctx, parent)
    dialog.open()
    return dialog


__all__ = ["open_export_dialog", "open_import_wizard"]
