"""Dialogs of the sync page: the office key as text, and the mentor's "carry bundles"."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import _, ngettext
from aimak_desktop.ui.common import failure_handler, message_label, say

WARNING_STYLE = "color: #7a5200; font-weight: bold;"


class KeyTextDialog(QDialog):
    """The office key to copy or print, for joining a second PC without a file."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Office key"))
        self.setMinimumSize(620, 320)
        layout = QVBoxLayout(self)
        warning = QLabel(
            _(
                "Whoever holds this key can read the office's data. Keep the paper like a "
                'safe key; on the new PC choose "Join an office" and type it in.'
            )
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(WARNING_STYLE)
        layout.addWidget(warning)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(max(font.pointSize(), 12))
        font.setWeight(QFont.Weight.Bold)
        self.text.setFont(font)
        layout.addWidget(self.text, 1)
        row = QHBoxLayout()
        copy = QPushButton(_("Copy"))
        copy.clicked.connect(self.copy)
        print_button = QPushButton(_("Print..."))
        print_button.clicked.connect(self.print_key)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(copy)
        row.addWidget(print_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.text.document().print_(printer)


def _location(text: str, empty: str, field: str) -> str:
    """A folder path or a server URL typed for carrying.

    Raises:
        ValidationError: empty, or a folder that is not there.
    """
    from pathlib import Path

    value = text.strip()
    if not value:
        raise ValidationError(empty, field=field)
    scheme = urlsplit(value).scheme
    if (scheme == "" or len(scheme) == 1) and not Path(value).expanduser().is_dir():
        raise ValidationError(
            _("The folder {path} does not exist.").format(path=value), field=field
        )
    return value


def carry_both(source: str, destination: str, both_ways: bool) -> int:
    """Copy bundles source -> destination (and back); the number of files copied."""
    from aimak_desktop.sync.join import carry

    copied = len(carry(source, destination))
    if both_ways:
        copied += len(carry(destination, source))
    return copied


class CarryDialog(QDialog):
    """A mentor's courier: copies every bundle one folder has and the other lacks (no key)."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.copied: int | None = None
        self.setWindowTitle(_("Carry bundles"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Copies the sync files of every office from one folder to another, for example "
                "from an office's USB stick to your laptop and on to the next office. Nothing is "
                "overwritten or deleted."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        self.source = QLineEdit()
        self.destination = QLineEdit()
        for row, (label, edit) in enumerate(
            ((_("From"), self.source), (_("To"), self.destination))
        ):
            button = QPushButton(_("Choose..."))
            button.clicked.connect(lambda _checked=False, e=edit: self.choose(e))
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(button, row, 2)
        layout.addLayout(grid)
        self.both_ways = QCheckBox(_("Both ways (each folder gets what the other has)"))
        self.both_ways.setChecked(True)
        layout.addWidget(self.both_ways)
        self.message = message_label()
        layout.addWidget(self.message)
        row_box = QHBoxLayout()
        row_box.addStretch(1)
        self.run_button = QPushButton(_("Copy bundles"))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        row_box.addWidget(self.run_button)
        row_box.addWidget(close)
        layout.addLayout(row_box)

    def choose(self, edit: QLineEdit) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Choose a folder"), edit.text())
        if path:
            edit.setText(path)

    def run(self) -> None:
        try:
            source = _location(self.source.text(), _("Choose the folder to copy from."), "source")
            destination = _location(
                self.destination.text(), _("Choose the folder to copy to."), "destination"
            )
        except ValidationError as exc:
            say(self.message, exc.message)
            return
        both = self.both_ways.isChecked()
        self.run_button.setEnabled(False)
        say(self.message, _("Copying..."), ok=True)
        self.ctx.tasks.run_plain(
            lambda: carry_both(source, destination, both), self._done, self._failed
        )

    def _done(self, copied: int) -> None:
        self.copied = copied
        self.run_button.setEnabled(True)
        say(
            self.message,
            ngettext("Copied {n} file.", "Copied {n} files.", copied).format(n=copied),
            ok=True,
        )

    def _failed(self, exc: BaseException) -> None:
        self.run_button.setEnabled(True)
        failure_handler(self.ctx, self.message)(exc)
