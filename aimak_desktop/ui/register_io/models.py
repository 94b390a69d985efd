"""Table models of the import wizard: the preview of mapped rows and the rejected rows' reasons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from aimak_desktop.i18n import N_, _
from aimak_desktop.services.import_columns import FIELD_LABELS

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class PreviewModel(QAbstractTableModel):
    """The first rows of the file as the mapping reads them: the row number, then each field."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[str] = []
        self.rows: list[dict[str, str]] = []

    def set_rows(self, fields: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
        self.beginResetModel()
        self.fields = list(fields)
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return _("Row") if section == 0 else _(FIELD_LABELS[self.fields[section - 1]])

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = "row" if index.column() == 0 else self.fields[index.column() - 1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.get(key, "")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return _RIGHT
        return None


class IssueModel(QAbstractTableModel):
    """One line per problem: the row number as in the file, the column heading and the reason."""

    HEADERS = (N_("Row"), N_("Column"), N_("Reason"))

    def __init__(self) -> None:
        super().__init__()
        self.issues: list[Any] = []  # services.register_import.RowIssue

    def set_issues(self, issues: Sequence[Any]) -> None:
        self.beginResetModel()
        self.issues = list(issues)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.issues)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        issue = self.issues[index.row()]
        values = (str(issue.row), issue.column, issue.reason)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return values[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return _RIGHT
        return None
