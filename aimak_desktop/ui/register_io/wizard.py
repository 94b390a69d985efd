"""The register import wizard: file and sheet, column mapping with a preview, check, import.

Reading and checking a file run in the background; the services raise the messages for a bad file
(empty, header only, not Excel, password-protected) and the wizard shows them where the clerk
chose the file. Nothing is written before "Import valid rows", and then all valid rows or none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import _
from aimak_desktop.services.import_columns import FIELD_LABELS, FIELDS
from aimak_desktop.ui.common import compact, find_data, make_table, message_label, say
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.register_io.check import CheckPage, DonePage
from aimak_desktop.ui.register_io.models import PreviewModel

PREVIEW_ROWS = 20


def pick_open_file(parent: QWidget) -> str | None:
    name, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Choose a register file"),
        "",
        _("Excel or CSV (*.xlsx *.xlsm *.csv *.txt);;All files (*)"),
    )
    return name or None


def pick_save_file(parent: QWidget, suggested: str, filters: str) -> str | None:
    name, _filter = QFileDialog.getSaveFileName(parent, _("Save as"), suggested, filters)
    return name or None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how Excel names the column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class ImportWizard(QWizard):
    """Shared state of the pages: the table read, the mapping, the plan and the result."""

    FILE, MAPPING, CHECK, DONE = range(4)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Import households from Excel or CSV"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.resize(940, 640)
        #: File choosers (replaced in tests, where a modal dialog would block).
        self.pick_file: Callable[[QWidget], str | None] = pick_open_file
        self.pick_save: Callable[[QWidget, str, str], str | None] = pick_save_file
        self.table: Any = None  # services.import_table.RawTable
        self.mapping: dict[str, int] = {}
        self.create_villages = True
        self.default_village = ""
        self.plan: Any = None  # services.register_import.ImportPlan
        self.imported: Any = None  # services.register_import.ImportResult
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.done_page = DonePage(self)
        for key, page in (
            (self.FILE, self.file_page),
            (self.MAPPING, self.mapping_page),
            (self.CHECK, self.check_page),
            (self.DONE, self.done_page),
        ):
            self.setPage(key, page)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.loading = False
        self._request = 0
        self.setTitle(_("Choose the file"))
        self.setSubTitle(_("An Excel workbook (.xlsx) or a CSV file with one household per row."))
        layout = QVBoxLayout(self)
        line = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText(_("Path to the file"))
        self.path.editingFinished.connect(lambda: self.load(self.path.text()))
        self.browse = QPushButton(_("Browse..."))
        self.browse.clicked.connect(self.choose)
        line.addWidget(self.path, 1)
        line.addWidget(self.browse)
        layout.addLayout(line)
        sheet_line = QHBoxLayout()
        sheet_line.addWidget(QLabel(_("Sheet")))
        self.sheet = compact(QComboBox(), 24)
        self.sheet.setEnabled(False)
        self.sheet.activated.connect(self._sheet_chosen)
        sheet_line.addWidget(self.sheet)
        sheet_line.addStretch(1)
        layout.addLayout(sheet_line)
        self.message = message_label()
        layout.addWidget(self.message)
        hint = QLabel(
            _(
                "Title rows above the header, headers over two rows, blank rows and a total row "
                "at the end are fine. Headers may be in Kyrgyz, Russian or English."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        layout.addStretch(1)
        layout.addWidget(hint)

    def choose(self) -> None:
        name = self.wiz.pick_file(self)
        if name:
            self.path.setText(name)
            self.load(name)

    def _sheet_chosen(self, _index: int) -> None:
        self.load(self.path.text(), self.sheet.currentText())

    def load(self, path: str, sheet: str | None = None) -> None:
        """Read `path` (a sheet of it) in the background; the page completes when it is read."""
        from aimak_desktop.services.register_import import read_table

        path = path.strip()
        if not path:
            return
        current = self.wiz.table
        if current is not None and str(current.path) == path and sheet in (None, current.sheet):
            return  # editingFinished fires again when the focus moves
        self.path.setText(path)
        self._request += 1
        request = self._request
        self.wiz.table = None
        self.loading = True
        self.completeChanged.emit()
        say(self.message, _("Reading {name}...").format(name=Path(path).name), ok=True)

        def done(table: Any) -> None:
            if request != self._request:
                return  # a newer file was chosen meanwhile
            self.loading = False
            self.wiz.table = table
            self._fill_sheets(table)
            say(
                self.message,
                _("{n} rows found; the header is on row {row}.").format(
                    n=len(table.rows), row=table.header_row
                ),
                ok=True,
            )
            self.completeChanged.emit()

        def failed(exc: BaseException) -> None:
            if request != self._request:
                return
            self.loading = False
            self.sheet.clear()
            self.sheet.setEnabled(False)
            if not isinstance(exc, AimakError):
                if self.wiz.ctx.show_error is not None:
                    self.wiz.ctx.show_error(exc)
                else:
                    self.wiz.ctx.tasks.default_error(exc)
                exc = AimakError(_("The file could not be read."))
            say(self.message, exc.message)
            self.completeChanged.emit()

        self.wiz.ctx.tasks.run_plain(lambda: read_table(path, sheet), done, failed)

    def _fill_sheets(self, table: Any) -> None:
        self.sheet.blockSignals(True)
        self.sheet.clear()
        for name in table.sheets:
            self.sheet.addItem(name)
        if table.sheet is not None:
            self.sheet.setCurrentText(table.sheet)
        self.sheet.setEnabled(len(table.sheets) > 1)
        self.sheet.blockSignals(False)

    def isComplete(self) -> bool:
        return self.wiz.table is not None and not self.loading


class MappingPage(QWizardPage):
    """One combo per household field, the file's columns in each; the preview follows them."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self._table: Any = None
        self.setTitle(_("Columns"))
        self.setSubTitle(
            _("Check which column of the file holds each field. Change a choice if it is wrong.")
        )
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.combos: dict[str, QComboBox] = {}
        for index, name in enumerate(FIELDS):
            combo = compact(QComboBox(), 16)
            combo.currentIndexChanged.connect(lambda _i, field=name: self._combo_changed(field))
            self.combos[name] = combo
            row, col = divmod(index, 2)
            grid.addWidget(QLabel(_(FIELD_LABELS[name])), row, col * 2)
            grid.addWidget(combo, row, col * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        options = QHBoxLayout()
        self.create_option = QRadioButton(_("Create villages the register does not have"))
        self.refuse_option = QRadioButton(_("Reject rows with an unknown village"))
        self.create_option.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.create_option)
        group.addButton(self.refuse_option)
        options.addWidget(self.create_option)
        options.addWidget(self.refuse_option)
        options.addStretch(1)
        layout.addLayout(options)
        village_line = QHBoxLayout()
        village_line.addWidget(QLabel(_("Village of every row (when no column holds it)")))
        self.default_village = QLineEdit()
        self.default_village.textChanged.connect(lambda _t: self.completeChanged.emit())
        village_line.addWidget(self.default_village, 1)
        layout.addLayout(village_line)
        self.message = message_label()
        layout.addWidget(self.message)
        self.preview_label = QLabel()
        layout.addWidget(self.preview_label)
        self.preview = PreviewModel()
        self.preview_view = make_table(self.preview)
        layout.addWidget(self.preview_view, 1)

    def initializePage(self) -> None:
        from aimak_desktop.services.register_import import resolve_mapping

        table = self.wiz.table
        if table is self._table:
            return  # back from the check: keep the clerk's choices
        self._table = table
        mapping = resolve_mapping(table)
        items = [
            (i, f"{column_letter(i)}: {text}" if text else column_letter(i))
            for i, text in enumerate(table.header)
        ]
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("(not in the file)"), None)
            for data, text in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(find_data(combo, mapping.get(name)), 0))
            combo.blockSignals(False)
        self.update_preview()

    def _combo_changed(self, field: str) -> None:
        column = self.combos[field].currentData()
        if column is not None:
            # A column feeds one field: the field that had it lets go.
            for other, combo in self.combos.items():
                if other != field and combo.currentData() == column:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
        self.update_preview()

    def mapping(self) -> dict[str, int]:
        return {
            name: combo.currentData()
            for name, combo in self.combos.items()
            if combo.currentData() is not None
        }

    def update_preview(self) -> None:
        from aimak_desktop.services.register_import import preview

        mapping = self.mapping()
        table = self.wiz.table
        fields = [name for name in FIELDS if name in mapping]
        self.preview.set_rows(fields, preview(table, mapping, PREVIEW_ROWS))
        self.preview_label.setText(
            _("The first {n} of {total} rows as they will be read:").format(
                n=min(PREVIEW_ROWS, len(table.rows)), total=len(table.rows)
            )
        )
        self.default_village.setEnabled("village" not in mapping)
        self.completeChanged.emit()

    def problem(self) -> str:
        mapping = self.mapping()
        if "name" not in mapping:
            return _("Choose the column that holds the head of household's name.")
        if "village" not in mapping and not self.default_village.text().strip():
            return _("Choose the column that holds the village, or type the village of every row.")
        return ""

    def isComplete(self) -> bool:
        problem = self.problem()
        say(self.message, problem)
        return not problem

    def validatePage(self) -> bool:
        self.wiz.mapping = self.mapping()
        self.wiz.create_villages = self.create_option.isChecked()
        self.wiz.default_village = (
            self.default_village.text().strip() if "village" not in self.wiz.mapping else ""
        )
        return True
