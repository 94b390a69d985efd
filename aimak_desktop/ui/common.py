"""Helpers every page uses: a read-only table model, tables, messages, combos, documents.

Widgets here never open a session: look-ups are loaded with `ctx.tasks.run_read(load_lookups)` and
handed around as plain values.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from aimak_desktop import paths
from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import N_, _, get_language
from aimak_desktop.services.auth import Actor

_Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole
ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"
#: Overdue rows: dark red text on a light red background (readable in print-screen and on old LCDs).
OVERDUE_BG = QColor("#fde0e0")
OVERDUE_FG = QColor("#9b0000")

#: Kinds announced through `tasks.changed` after writes of these areas.
HEARING_KINDS = frozenset({"hearings"})
FEEDBACK_KINDS = frozenset({"feedback"})
SURVEY_KINDS = frozenset({"surveys"})

DOC_LANG_LABELS = (("ky", N_("Kyrgyz")), ("ru", N_("Russian")), ("both", N_("Kyrgyz and Russian")))


def can_write(actor: Actor) -> bool:
    """Admin, head and clerk change hearings, feedback and surveys; the others only read."""
    from aimak_desktop.services.hearings import HEARING_ROLES

    return actor.role in HEARING_ROLES


@dataclass(frozen=True)
class Lookups:
    """Villages and services by id, for combos and table cells."""

    villages: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    services: list[tuple[uuid.UUID, str]] = field(default_factory=list)

    def village(self, village_id: uuid.UUID | None) -> str:
        return dict(self.villages).get(village_id, "") if village_id else ""  # type: ignore[arg-type]

    def service(self, service_id: uuid.UUID | None) -> str:
        return dict(self.services).get(service_id, "") if service_id else ""  # type: ignore[arg-type]


def load_lookups(session: Any) -> Lookups:
    from aimak_desktop.services.catalog import list_services
    from aimak_desktop.services.registers import list_villages

    russian = get_language() == "ru"
    return Lookups(
        villages=[(v.id, v.name) for v in list_villages(session)],
        services=[(s.id, s.name_ru if russian else s.name_ky) for s in list_services(session)],
    )


def fill_combo(
    combo: QComboBox, items: Sequence[tuple[Any, str]], first: str | None = None
) -> None:
    """Refill `combo` with (data, text) items, keeping the current choice where it still exists."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if first is not None:
        combo.addItem(first, None)
    for data, text in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(find_data(combo, current), 0))
    combo.blockSignals(False)


def find_data(combo: QComboBox, value: Any) -> int:
    """The index of the item holding `value`, or -1.

    Compared in Python: QComboBox.findData matches wrapped Python objects (UUIDs) by identity
    only, so an equal id loaded again would not be found.
    """
    if value is None:
        return -1
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            return index
    return -1


def lang_combo() -> QComboBox:
    combo = QComboBox()
    for code, label in DOC_LANG_LABELS:
        combo.addItem(_(label), code)
    return combo


def message_label() -> QLabel:
    """A hidden, word-wrapped label for a mistake (red) or a confirmation (green)."""
    label = QLabel()
    label.setWordWrap(True)
    label.hide()
    return label


def say(label: QLabel, text: str, ok: bool = False) -> None:
    label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
    label.setText(text)
    label.setVisible(bool(text))


def failure_handler(ctx: Any, label: QLabel) -> Callable[[BaseException], None]:
    """A task's `on_error`: a known problem goes to `label`; a bug to the window's error dialog."""

    def handle(exc: BaseException) -> None:
        if isinstance(exc, AimakError):
            say(label, exc.message)
        elif ctx.show_error is not None:
            ctx.show_error(exc)
        else:
            ctx.tasks.default_error(exc)

    return handle


def documents_dir() -> Path:
    """Where generated PDFs go (inside the data folder, so backups and tests stay contained)."""
    return paths.data_dir() / "documents"


def open_file(path: Path) -> None:
    """Hand a file to the system viewer (PDF reader, image viewer, spreadsheet program)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of row objects; subclasses say how each cell reads."""

    HEADERS: tuple[str, ...] = ()
    #: Columns holding numbers (right-aligned).
    NUMERIC: frozenset[int] = frozenset()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row)
        return None

    def text(self, row: Any, column: int) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def background(self, row: Any) -> QColor | None:
        return None

    def foreground(self, row: Any) -> QColor | None:
        return None


def make_table(
    model: QAbstractTableModel, stretch: int | None = None, widths: dict[int, int] | None = None
) -> QTableView:
    """A single-selection, read-only table.

    Args:
        model: the table model.
        stretch: the column that takes the spare width (default: the last one).
        widths: columns of long text given a fixed starting width (the user can drag it).
    """
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    for column, width in (widths or {}).items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(column, width)
    return view


def selected_row(view: QTableView) -> Any:
    """The row object selected in `view` (None when nothing is selected)."""
    rows = view.selectionModel().selectedRows()
    if not rows:
        return None
    return view.model().data(rows[0], ROW_ROLE)


def compact(combo: QComboBox, chars: int = 10) -> QComboBox:
    """Let a combo of long labels shrink to `chars` characters (the popup still shows them all)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


def set_writable(widgets: Sequence[QWidget], writable: bool) -> None:
    for widget in widgets:
        widget.setVisible(writable)
