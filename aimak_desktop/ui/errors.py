"""Two kinds of errors: a known problem gets a plain message, a bug gets the crash dialog.

Dialogs open with `open()` (window-modal, non-blocking) and are returned, so callers and tests can
look at them and close them.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop import paths
from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import _
from aimak_desktop.logging_setup import LOG_NAME

log = logging.getLogger(__name__)

#: Dialogs without a parent must stay referenced until closed.
_open: list[QDialog] = []


def _keep(dialog: QDialog) -> None:
    _open.append(dialog)
    dialog.destroyed.connect(lambda *_a: _open.remove(dialog) if dialog in _open else None)
    dialog.finished.connect(lambda *_a: _open.remove(dialog) if dialog in _open else None)


def show_error(parent: QWidget | None, exc: BaseException) -> QDialog:
    """Show `exc`: a warning for an AimakError, the crash dialog for anything else."""
    if isinstance(exc, AimakError):
        log.info("shown to the user: %s", exc.message)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Aimak Desktop"), exc.message, parent=parent)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        if exc.help:
            box.setInformativeText(exc.help)
        _keep(box)
        box.open()
        return box
    return show_crash(parent, exc)


class CrashDialog(QDialog):
    """An apology, the traceback, a "Copy report" button and where the log is."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Aimak Desktop: internal error"))
        self.report = report
        layout = QVBoxLayout(self)
        apology = QLabel(
            _(
                "Sorry, something went wrong inside the program. Your saved data is safe. "
                "Please copy the report below and send it to your mentor or support."
            )
        )
        apology.setWordWrap(True)
        layout.addWidget(apology)
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        self.text.setMinimumSize(560, 220)
        layout.addWidget(self.text)
        self.log_label = QLabel(
            _("The log file is {path}").format(path=paths.logs_dir() / LOG_NAME)
        )
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.log_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(
            _("Copy report"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        QApplication.clipboard().setText(self.report)


def show_crash(parent: QWidget | None, exc: BaseException) -> CrashDialog:
    report = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("unexpected error\n%s", report)
    dialog = CrashDialog(report, parent)
    _keep(dialog)
    dialog.open()
    return dialog


def open_dialogs() -> list[QDialog]:
    """Error dialogs currently open (tests close them)."""
    return list(_open)


def install_excepthook() -> None:
    """Route uncaught exceptions (in slots too) to the error dialogs instead of a silent exit."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        if QApplication.instance() is None:
            log.error("unexpected error", exc_info=(kind, exc, tb))
            sys.__excepthook__(kind, exc, tb)
            return
        show_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
