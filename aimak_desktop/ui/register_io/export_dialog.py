"""Export the register: .xlsx, .csv or .pdf by the file name, in Kyrgyz, Russian or both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import N_, _
from aimak_desktop.ui.common import (
    documents_dir,
    failure_handler,
    message_label,
    open_file,
    say,
)
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.register_io.wizard import pick_save_file

FORMATS = (
    (".xlsx", N_("Excel workbook (.xlsx)")),
    (".csv", N_("CSV for other programs (.csv)")),
    (".pdf", N_("PDF to print (.pdf)")),
)
LANGUAGES = (("ky", N_("Kyrgyz")), ("ru", N_("Russian")), ("both", N_("Kyrgyz and Russian")))


class ExportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Export the register"))
        self.setMinimumWidth(560)
        #: File chooser and viewer (replaced in tests, where a modal dialog would block).
        self.pick_save: Callable[[QWidget, str, str], str | None] = pick_save_file
        self.opener: Callable[[Path], None] = open_file
        self.last_path: Path | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.format = QComboBox()
        for suffix, label in FORMATS:
            self.format.addItem(_(label), suffix)
        self.format.currentIndexChanged.connect(self._format_chosen)
        self.path = QLineEdit(str(documents_dir() / f"register-{dt.date.today():%Y-%m-%d}.xlsx"))
        self.path.textEdited.connect(self._path_edited)
        self.browse = QPushButton(_("Browse..."))
        self.browse.clicked.connect(self.choose)
        line = QHBoxLayout()
        line.addWidget(self.path, 1)
        line.addWidget(self.browse)
        self.lang = QComboBox()
        for code, label in LANGUAGES:
            self.lang.addItem(_(label), code)
        form.addRow(_("Format"), self.format)
        form.addRow(_("File"), line)
        form.addRow(_("Language"), self.lang)
        layout.addLayout(form)
        note = QLabel(_("The spreadsheet columns are the ones the import understands."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        layout.addWidget(note)
        self.message = message_label()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            _("Export"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.open_button = self.buttons.addButton(_("Open"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.last_path and self.opener(self.last_path))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _format_chosen(self, _index: int) -> None:
        suffix = self.format.currentData()
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(suffix)))

    def _path_edited(self, text: str) -> None:
        # The format follows the file name the clerk types.
        suffix = Path(text.strip()).suffix.lower()
        for index in range(self.format.count()):
            if self.format.itemData(index) == suffix:
                self.format.blockSignals(True)
                self.format.setCurrentIndex(index)
                self.format.blockSignals(False)

    def choose(self) -> None:
        suffix = self.format.currentData()
        filters = (
            ";;".join(f"{_(label)} (*{s})" for s, label in FORMATS if s == suffix)
            + ";;"
            + ";;".join(f"{_(label)} (*{s})" for s, label in FORMATS if s != suffix)
        )
        name = self.pick_save(self, self.path.text(), filters)
        if name:
            self.path.setText(name)
            self._path_edited(name)

    def export(self) -> None:
        from aimak_desktop.services.register_export import export_register

        text = self.path.text().strip()
        if not text:
            say(self.message, _("Choose where to save the register."))
            return
        path = Path(text)
        if path.suffix.lower() not in {s for s, _label in FORMATS}:
            path = path.with_name(path.name + self.format.currentData())
            self.path.setText(str(path))
        lang = self.lang.currentData()

        def run(session: Any) -> tuple[Path, int]:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                return path, export_register(session, path, lang)
            except OSError as exc:
                raise AimakError(
                    _("{path} could not be saved: {error}. Is it open in another program?").format(
                        path=path, error=exc.strerror or exc
                    )
                ) from exc

        def done(result: tuple[Path, int]) -> None:
            out, count = result
            self.last_path = out
            self.export_button.setEnabled(True)
            self.open_button.setEnabled(True)
            say(
                self.message,
                _("{n} households saved to {path}").format(n=count, path=out),
                ok=True,
            )

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            failure_handler(self.ctx, self.message)(exc)

        self.export_button.setEnabled(False)
        say(self.message, _("Exporting..."), ok=True)
        self.ctx.tasks.run_read(run, done, failed)
