"""The register table: a thin model that fetches households lazily, a page at a time.

The view asks `canFetchMore/fetchMore` as it scrolls; each page is read in the task pool, so a
100,000-household office opens with its first 200 rows and the rest arrive as the clerk scrolls.
Every new query bumps `generation`: a page or count that arrives for an older query is dropped,
so fast typing never shows stale rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor

from aimak_desktop.i18n import N_, _, get_language
from aimak_desktop.i18n.formatting import format_amount
from aimak_desktop.models.register import CATEGORY_LABELS, Category
from aimak_desktop.services.search import HouseholdRow
from aimak_desktop.ui.register.callbacks import weak
from aimak_desktop.ui.register.data import (
    PAGE_SIZE,
    RegisterQuery,
    debts_module,
    load_count,
    load_debts,
)
from aimak_desktop.ui.register.data import load_page as read_page

_Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole
DEBT_FG = QColor("#9b0000")
ADVANCE_FG = QColor("#1b5e20")
ARCHIVED_FG = QColor("#777777")
_ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        ROW_ROLE,
    )
)


def category_label(value: str) -> str:
    try:
        return _(CATEGORY_LABELS[Category(value)])
    except ValueError:
        return value


class HouseholdModel(QAbstractTableModel):
    ACCOUNT, HEAD, VILLAGE, STREET, HOUSE, RESIDENTS, PHONE, CATEGORY, DEBT, ARCHIVED = range(10)
    HEADERS = (
        N_("Account"),
        N_("Head of household"),
        N_("Village"),
        N_("Street"),
        N_("House"),
        N_("Residents"),
        N_("Phone"),
        N_("Category"),
        N_("Debt"),
        N_("Status"),
    )
    NUMERIC = frozenset({RESIDENTS, DEBT})

    #: The first page of the query of this generation is shown.
    loaded = Signal(int)
    #: The number of households matching the current query (arrives after the first page).
    total_changed = Signal(int)

    def __init__(
        self,
        tasks: Any,
        on_error: Callable[[BaseException], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.on_error = on_error
        self.query = RegisterQuery()
        self.rows: list[HouseholdRow] = []
        self.debts: dict[uuid.UUID, int] = {}
        self.total: int | None = None
        self.generation = 0
        #: The generation whose first page is on screen (equal to `generation` when up to date).
        self.shown_generation = 0
        #: Rows read at a time (the view asks for the next page as it scrolls).
        self.page_size = PAGE_SIZE
        #: Billing is installed: the debt column is filled after each page arrives.
        self.with_debts = debts_module() is not None
        self._fetching = False
        self._exhausted = True
        self._follow_up = False  # count and debts of the shown page are still to be asked for

    # -- queries --------------------------------------------------------------------------

    def set_query(self, query: RegisterQuery) -> int:
        """Start reading the first page and the count of `query`; returns its generation."""
        self.generation += 1
        generation = self.generation
        self.query = query
        self._fetching = True
        size = self.page_size
        self.tasks.run_read(
            lambda s: read_page(s, query, 0, size),
            weak(self._first_page, generation),
            weak(self._failed, generation),
        )
        return generation

    def settled(self) -> bool:
        """The current query's rows are shown and its count and debts have been asked for."""
        return self.shown_generation == self.generation and not self._follow_up

    def refresh(self) -> int:
        return self.set_query(self.query)

    def _first_page(self, generation: int, rows: list[HouseholdRow]) -> None:
        if generation != self.generation:
            return  # a newer query is running: this answer is stale
        self.beginResetModel()
        self.rows = list(rows)
        self.debts = {}
        self._exhausted = len(rows) < self.page_size
        self._fetching = False
        self.endResetModel()
        self.shown_generation = generation
        self.loaded.emit(generation)
        # Count and debts are read once the rows are painted (the repaint is already queued):
        # a worker busy with them would compete with the painting for the interpreter.
        self._follow_up = True
        QTimer.singleShot(0, weak(self._after_rows, generation, len(rows)))

    def _after_rows(self, generation: int, count: int) -> None:
        self._follow_up = False
        if generation != self.generation:
            return
        query = self.query
        self.tasks.run_read(
            lambda s: load_count(s, query),
            weak(self._counted, generation),
            weak(self._failed, generation),
        )
        self._read_debts(generation, 0, count)

    def _read_debts(self, generation: int, first: int, count: int) -> None:
        if not self.with_debts or count == 0:
            return
        ids = [row.id for row in self.rows[first : first + count]]
        self.tasks.run_read(
            lambda s: load_debts(s, ids),
            weak(self._debts_read, generation, first, count),
            weak(self._failed, generation),
        )

    def _debts_read(
        self, generation: int, first: int, count: int, debts: dict[uuid.UUID, int]
    ) -> None:
        if generation != self.generation:
            return
        self.debts.update(debts)
        last = min(first + count, len(self.rows)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, self.DEBT), self.index(last, self.DEBT))

    def _counted(self, generation: int, total: int) -> None:
        if generation != self.generation:
            return
        self.total = total
        self.total_changed.emit(total)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self.generation:
            return
        self._fetching = False
        if self.on_error is not None:
            self.on_error(exc)

    # -- lazy fetching --------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._fetching or self._exhausted:
            return False
        return self.total is None or len(self.rows) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, offset, query = self.generation, len(self.rows), self.query
        size = self.page_size
        self.tasks.run_read(
            lambda s: read_page(s, query, offset, size),
            weak(self._more, generation, offset),
            weak(self._failed, generation),
        )

    def _more(self, generation: int, offset: int, rows: list[HouseholdRow]) -> None:
        if generation != self.generation or offset != len(self.rows):
            return
        self._fetching = False
        self._exhausted = len(rows) < self.page_size
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()
        self._read_debts(generation, offset, len(rows))

    # -- table ----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def row_at(self, row: int) -> HouseholdRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, household_id: uuid.UUID) -> int:
        for number, row in enumerate(self.rows):
            if row.id == household_id:
                return number
        return -1

    def data(self, index: _Index, role: int = 0) -> Any:
        # A repaint asks each visible cell for about seven roles; most are answered here at once.
        if role not in _ROLES or not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.STREET, self.CATEGORY):
            return self.text(row, column)  # narrow columns may cut long names
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.archived:
                return ARCHIVED_FG
            if column == self.DEBT:
                debt = self.debts.get(row.id, 0)
                return DEBT_FG if debt > 0 else ADVANCE_FG if debt < 0 else None
        return None

    def text(self, row: HouseholdRow, column: int) -> str:
        if column == self.DEBT:
            debt = self.debts.get(row.id)
            return format_amount(debt, get_language()) if debt else ""
        if column == self.ARCHIVED:
            return _("archived") if row.archived else ""
        if column == self.CATEGORY:
            return category_label(row.category)
        if column == self.RESIDENTS:
            return str(row.residents)
        values = {
            self.ACCOUNT: row.account_no,
            self.HEAD: row.head_name,
            self.VILLAGE: row.village,
            self.STREET: row.street,
            self.HOUSE: row.house,
            self.PHONE: row.phone,
        }
        return values.get(column, "")
