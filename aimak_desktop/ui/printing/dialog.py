"""Printing settings: a printer, paper and "print at once" per document format, and the desk's
receipt format and language. Saved in settings.json (prefs.save_prefs)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import _
from aimak_desktop.ui.printing.pdf_print import printer_names
from aimak_desktop.ui.printing.prefs import (
    FORMATS,
    PAPERS,
    RECEIPT_LANGS,
    FormatPrinter,
    PrintPrefs,
    save_prefs,
)

#: Item data of the "print into a PDF file" choice in the printer list.
TO_FILE = "\x00file"
ERROR_STYLE = "color: #b00020;"


class FormatRow:
    """The widgets of one document format in the grid."""

    def __init__(self, grid: QGridLayout, row: int, key: str, current: FormatPrinter) -> None:
        self.key = key
        grid.addWidget(QLabel(_(FORMATS[key])), row, 0)
        self.printer = QComboBox()
        self.printer.addItem(_("Not chosen (show the preview)"), "")
        names = printer_names()
        for name in names:
            self.printer.addItem(name, name)
        if current.printer and current.printer not in names:
            # Remembered but not installed now (switched off, another PC): keep it visible.
            self.printer.addItem(
                _("{name} (not found)").format(name=current.printer), current.printer
            )
        self.printer.addItem(_("Into a PDF file"), TO_FILE)
        chosen = TO_FILE if current.pdf_file else current.printer
        self.printer.setCurrentIndex(max(0, self.printer.findData(chosen)))
        grid.addWidget(self.printer, row, 1)
        self.file = QLineEdit(current.pdf_file)
        self.file.setPlaceholderText(_("PDF file"))
        self.browse = QPushButton(_("Browse..."))
        self.browse.clicked.connect(self._browse)
        box = QHBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.file, 1)
        box.addWidget(self.browse)
        holder = QWidget()
        holder.setLayout(box)
        grid.addWidget(holder, row, 2)
        self.paper = QComboBox()
        for paper, label in PAPERS.items():
            self.paper.addItem(_(label), paper)
        self.paper.setCurrentIndex(max(0, self.paper.findData(current.paper)))
        grid.addWidget(self.paper, row, 3)
        self.direct = QCheckBox(_("Print at once"))
        self.direct.setToolTip(_("Print without the preview when a printer is chosen."))
        self.direct.setChecked(current.direct)
        grid.addWidget(self.direct, row, 4)
        self.printer.currentIndexChanged.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        to_file = self.printer.currentData() == TO_FILE
        self.file.setEnabled(to_file)
        self.browse.setEnabled(to_file)

    def _browse(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self.file, _("Print into a PDF file"), self.file.text(), _("PDF files (*.pdf)")
        )
        if name:
            self.file.setText(name)

    def value(self) -> FormatPrinter:
        choice = self.printer.currentData() or ""
        to_file = choice == TO_FILE
        return FormatPrinter(
            printer="" if to_file else choice,
            pdf_file=self.file.text().strip() if to_file else "",
            paper=self.paper.currentData(),
            direct=self.direct.isChecked(),
        )


class PrinterSettingsDialog(QDialog):
    """Choose printers; `accept()` saves them into the settings dict and settings.json."""

    def __init__(self, settings: dict[str, Any], prefs: PrintPrefs, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Printing settings"))
        self.settings = settings
        self.prefs = prefs
        layout = QVBoxLayout(self)

        desk = QGroupBox(_("Cash desk receipt"))
        form = QFormLayout(desk)
        self.desk_format = QComboBox()
        for key, label in FORMATS.items():
            self.desk_format.addItem(_(label), key)
        self.desk_format.setCurrentIndex(max(0, self.desk_format.findData(prefs.desk_format)))
        form.addRow(_("Receipt paper"), self.desk_format)
        self.desk_lang = QComboBox()
        for key, label in RECEIPT_LANGS.items():
            self.desk_lang.addItem(_(label), key)
        self.desk_lang.setCurrentIndex(max(0, self.desk_lang.findData(prefs.desk_lang)))
        form.addRow(_("Receipt language"), self.desk_lang)
        layout.addWidget(desk)

        printers = QGroupBox(_("Printer for each paper format"))
        grid = QGridLayout(printers)
        for column, title in enumerate(
            (_("Document"), _("Printer"), _("PDF file"), _("Paper"), "")
        ):
            head = QLabel(f"<b>{title}</b>")
            grid.addWidget(head, 0, column)
        self.rows = [
            FormatRow(grid, row, key, prefs.for_format(key))
            for row, key in enumerate(FORMATS, start=1)
        ]
        grid.setColumnStretch(2, 1)
        layout.addWidget(printers)
        if not printer_names():
            none = QLabel(_("No printer is installed on this PC. Receipts can go into a PDF file."))
            none.setWordWrap(True)
            layout.addWidget(none)

        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, self.sizeHint().height())

    def chosen(self) -> PrintPrefs:
        """The choices on screen (not yet saved)."""
        formats = dict(self.prefs.formats)
        for row in self.rows:
            formats[row.key] = row.value()
        return replace(
            self.prefs,
            formats=formats,
            desk_format=self.desk_format.currentData(),
            desk_lang=self.desk_lang.currentData(),
        )

    def accept(self) -> None:
        prefs = self.chosen()
        for row in self.rows:
            if row.printer.currentData() == TO_FILE and not prefs.formats[row.key].pdf_file:
                self._show(
                    _("Choose the PDF file to print into ({format}).").format(
                        format=_(FORMATS[row.key])
                    )
                )
                row.file.setFocus()
                return
        try:
            save_prefs(self.settings, prefs)
        except AimakError as exc:
            self._show(exc.message)
            return
        self.prefs = prefs
        super().accept()

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
