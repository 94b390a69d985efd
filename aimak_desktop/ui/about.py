"""The About dialog: name, version, data folder and the font licence note."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from aimak_desktop import APP_NAME, __version__, paths
from aimak_desktop.i18n import _


def show_about(parent: QWidget | None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(_("About {app}").format(app=APP_NAME))
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(f"<b>{APP_NAME}</b> {__version__}")
    box.setInformativeText(
        "\n\n".join(
            [
                _("Registers, payments, budget hearings and feedback for aiyl okmotu offices."),
                _("Data folder: {path}").format(path=paths.data_dir()),
                _("Fonts: DejaVu Sans (free licence, see {path}).").format(
                    path=paths.resources_dir() / "fonts" / "LICENSE-DejaVu.txt"
                ),
            ]
        )
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box
