"""Table model of the comparison view: one row per office, office-level figures only.

Sorting and the oblast / rayon filter live in `ComparisonProxy` (QSortFilterProxyModel); an
office without data for a column sorts last whichever way the column is sorted.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from aimak_desktop.i18n import N_, _, get_language
from aimak_desktop.services.comparison import COLUMNS, OfficeRow
from aimak_desktop.ui.dashboard.common import value_text

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
FIXED = (("name", N_("Office")), ("oblast", N_("Oblast")), ("rayon", N_("Rayon")))
#: (key, label, unit) of every column, the fixed ones first.
ALL_COLUMNS: tuple[tuple[str, str, str], ...] = tuple(
    (k, label, "text") for k, label in FIXED
) + tuple((k, label, unit) for k, label, unit, _get in COLUMNS)

Index = QModelIndex | QPersistentModelIndex


def office_name(row: OfficeRow) -> str:
    return (row.name_ru if get_language() == "ru" else row.name_ky) or row.name_ky or row.name_ru


class ComparisonModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[OfficeRow] = []

    def set_rows(self, rows: list[OfficeRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(ALL_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return _(ALL_COLUMNS[section][1])
        return None

    def raw(self, row: OfficeRow, column: int) -> Any:
        key = ALL_COLUMNS[column][0]
        if key == "name":
            return office_name(row)
        if key in ("oblast", "rayon"):
            return getattr(row, key)
        return row.values.get(key)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        _key, _label, unit = ALL_COLUMNS[index.column()]
        value = self.raw(row, index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return value if unit == "text" else value_text(value, unit)
        if role == SORT_ROLE:
            return value
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and unit != "text":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and unit != "text" and value is None:
            return QColor("#8a939b")
        return None


class ComparisonProxy(QSortFilterProxyModel):
    """Filters by oblast and rayon; sorts numbers as numbers, offices without data last."""

    def __init__(self) -> None:
        super().__init__()
        self.oblast = ""
        self.rayon = ""
        self.setSortRole(SORT_ROLE)

    def set_place(self, oblast: str, rayon: str) -> None:
        self.beginFilterChange()
        self.oblast, self.rayon = oblast, rayon
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ComparisonModel)
        row = model.rows[source_row]
        return (not self.oblast or row.oblast == self.oblast) and (
            not self.rayon or row.rayon == self.rayon
        )

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            # No data goes to the end: Qt reverses lessThan for a descending sort.
            last_is_greatest = self.sortOrder() == Qt.SortOrder.AscendingOrder
            if a is None and b is None:
                return False
            return (b is None) == last_is_greatest
        if isinstance(a, str) or isinstance(b, str):
            return str(a).casefold() < str(b).casefold()
        return Decimal(a) < Decimal(b)

    def visible_rows(self) -> list[OfficeRow]:
        """The offices shown, in the order shown."""
        model = self.sourceModel()
        assert isinstance(model, ComparisonModel)
        return [
            model.rows[self.mapToSource(self.index(i, 0)).row()] for i in range(self.rowCount())
        ]
