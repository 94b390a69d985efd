"""The quick tally: head counts by gender and age group for a large meeting."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.models.hearings import AGE_GROUP_LABELS, TALLY_FIELDS, AgeGroup
from aimak_desktop.ui.common import (
    HEARING_KINDS,
    Lookups,
    RowsModel,
    failure_handler,
    fill_combo,
    make_table,
    message_label,
    say,
    selected_row,
)
from aimak_desktop.ui.context import AppContext


@dataclass(frozen=True)
class TallyRow:
    id: uuid.UUID
    village: str
    counts: tuple[int, ...]  # in TALLY_FIELDS order
    note: str

    @property
    def women(self) -> int:
        return sum(self.counts[:3])

    @property
    def men(self) -> int:
        return sum(self.counts[3:])


def tally_rows(session: Any, hearing_id: uuid.UUID, lookups: Lookups) -> list[TallyRow]:
    from aimak_desktop.services.hearings import tallies

    return [
        TallyRow(
            t.id,
            lookups.village(t.village_id),
            tuple(getattr(t, name) for name in TALLY_FIELDS),
            t.note,
        )
        for t in tallies(session, hearing_id)
    ]


class TalliesModel(RowsModel):
    HEADERS = (N_("Village"), N_("Women"), N_("Men"), N_("Total"), N_("Note"))
    NUMERIC = frozenset({1, 2, 3})

    def text(self, row: TallyRow, column: int) -> str:
        values = (row.village, str(row.women), str(row.men), str(sum(row.counts)), row.note)
        return values[column]


class TallyBox(QGroupBox):
    """Typed counts go to the service as they are, so a negative one gets the service's message."""

    #: Emitted after a tally was added or removed.
    changed = Signal()

    def __init__(self, ctx: AppContext, writable: bool) -> None:
        super().__init__(_("Quick tally (large meetings)"))
        self.ctx = ctx
        self.writable = writable
        self.hearing_id: uuid.UUID | None = None
        layout = QHBoxLayout(self)
        grid = QGridLayout()
        self.cells: dict[str, QLineEdit] = {}
        for column, age in enumerate(AgeGroup, start=1):
            grid.addWidget(QLabel(_(AGE_GROUP_LABELS[age])), 0, column)
        for row, (prefix, label) in enumerate((("women", _("Women")), ("men", _("Men"))), start=1):
            grid.addWidget(QLabel(label), row, 0)
            for column, age in enumerate(AgeGroup, start=1):
                cell = QLineEdit()
                cell.setPlaceholderText("0")
                cell.setMaximumWidth(90)
                cell.returnPressed.connect(self.add_tally)
                self.cells[f"{prefix}_{age.value}"] = cell
                grid.addWidget(cell, row, column)
        self.village = QComboBox()
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("Note"))
        grid.addWidget(QLabel(_("Village")), 3, 0)
        grid.addWidget(self.village, 3, 1, 1, 3)
        grid.addWidget(self.note, 4, 1, 1, 3)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add tally"))
        self.add_button.clicked.connect(self.add_tally)
        self.remove_button = QPushButton(_("Remove tally"))
        self.remove_button.clicked.connect(self.remove_tally)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        grid.addLayout(buttons, 5, 1, 1, 3)
        left = QVBoxLayout()
        left.addLayout(grid)
        self.message = message_label()
        left.addWidget(self.message)
        left.addStretch(1)
        entry = QWidget()
        entry.setLayout(left)
        entry.setVisible(writable)
        layout.addWidget(entry)
        self.model = TalliesModel()
        self.view: QTableView = make_table(self.model, stretch=4)
        layout.addWidget(self.view, 1)

    def set_lookups(self, lookups: Lookups) -> None:
        fill_combo(self.village, lookups.villages, _("(all villages)"))

    def counts(self) -> dict[str, int] | None:
        """The typed counts; None (with a message) when a cell is not a whole number."""
        values: dict[str, int] = {}
        for name, cell in self.cells.items():
            text = cell.text().strip()
            try:
                values[name] = int(text) if text else 0
            except ValueError:
                cell.setFocus()
                say(self.message, _("{text} is not a whole number.").format(text=text))
                return None
        return values

    def add_tally(self) -> None:
        from aimak_desktop.services.hearings import add_tally

        if self.hearing_id is None:
            return
        say(self.message, "")
        counts = self.counts()
        if counts is None:
            return
        actor, hearing_id = self.ctx.actor, self.hearing_id
        village, note = self.village.currentData(), self.note.text()
        self.ctx.tasks.run_write(
            lambda s: add_tally(s, actor, hearing_id, counts, village, note),
            self._added,
            failure_handler(self.ctx, self.message),
            kinds=HEARING_KINDS,
        )

    def _added(self, _tally: Any) -> None:
        for cell in self.cells.values():
            cell.clear()
        self.note.clear()
        self.cells[TALLY_FIELDS[0]].setFocus()
        self.changed.emit()

    def remove_tally(self) -> None:
        from aimak_desktop.services.hearings import archive_tally

        row = selected_row(self.view)
        if row is None:
            say(self.message, _("Select a tally first."))
            return
        actor = self.ctx.actor
        self.ctx.tasks.run_write(
            lambda s: archive_tally(s, actor, row.id),
            lambda _r: self.changed.emit(),
            failure_handler(self.ctx, self.message),
            kinds=HEARING_KINDS,
        )
