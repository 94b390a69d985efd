"""The budget hearings page: the list of hearings and, in place of it, the hearing editor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.models.hearings import (
    HEARING_KIND_LABELS,
    HEARING_STATUS_LABELS,
    HearingKind,
    HearingStatus,
)
from aimak_desktop.ui.common import (
    FEEDBACK_KINDS,
    HEARING_KINDS,
    SURVEY_KINDS,
    Lookups,
    RowsModel,
    can_write,
    load_lookups,
    make_table,
    selected_row,
)
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.hearings.editor import HearingEditor


@dataclass(frozen=True)
class HearingRow:
    id: uuid.UUID
    year: int
    kind: str
    held_on: Any
    start_time: str
    place: str
    status: str
    total: int
    pct_women: Decimal


def load_hearings(session: Any) -> list[HearingRow]:
    from aimak_desktop.services.hearing_stats import participation
    from aimak_desktop.services.hearings import list_hearings

    rows = []
    for h in list_hearings(session):
        stats = participation(session, h.id)
        rows.append(
            HearingRow(
                h.id,
                h.year,
                h.kind,
                h.held_on,
                h.start_time,
                h.place,
                h.status,
                stats.total,
                stats.pct_women,
            )
        )
    return rows


def _label(labels: dict[Any, str], enum_type: Any, value: str) -> str:
    try:
        return _(labels[enum_type(value)])
    except ValueError:
        return value


class HearingsModel(RowsModel):
    YEAR, KIND, DATE, PLACE, STATUS, PEOPLE, WOMEN = range(7)
    HEADERS = (
        N_("Budget year"), N_("Kind"), N_("Date"), N_("Place"), N_("Status"), N_("Participants"),
        N_("Women"),
    )  # fmt: skip
    NUMERIC = frozenset({YEAR, PEOPLE, WOMEN})

    def text(self, row: HearingRow, column: int) -> str:
        if column == self.YEAR:
            return str(row.year)
        if column == self.KIND:
            return _label(HEARING_KIND_LABELS, HearingKind, row.kind)
        if column == self.DATE:
            when = format_short_date(row.held_on)
            return f"{when} {row.start_time}".strip()
        if column == self.PLACE:
            return row.place
        if column == self.STATUS:
            return _label(HEARING_STATUS_LABELS, HearingStatus, row.status)
        if column == self.PEOPLE:
            return str(row.total)
        return _("{value}%").format(value=row.pct_women) if row.total else ""


class HearingsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.writable = can_write(ctx.actor)
        self.lookups = Lookups()
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.list_box = QWidget()
        box = QVBoxLayout(self.list_box)
        box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.new_button = QPushButton(_("New hearing..."))
        self.new_button.clicked.connect(self.new_hearing)
        self.edit_button = QPushButton(_("Open") if not self.writable else _("Edit..."))
        self.edit_button.clicked.connect(self.edit_selected)
        self.new_button.setVisible(self.writable)
        row.addWidget(self.new_button)
        row.addWidget(self.edit_button)
        self.summary = QLabel()
        row.addWidget(self.summary, 1)
        if not self.writable:
            row.addWidget(QLabel(_("Read only: your role cannot change hearings.")))
        box.addLayout(row)
        self.model = HearingsModel()
        self.view = make_table(self.model, stretch=HearingsModel.PLACE)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        box.addWidget(self.view, 1)
        self.stack.addWidget(self.list_box)
        self.editor = HearingEditor(ctx, self.writable)
        self.editor.closed.connect(self.show_list)
        self.stack.addWidget(self.editor)
        self._loaded = False

    # -- loading --------------------------------------------------------------------------

    def on_shown(self) -> None:
        self.refresh_lookups()
        self.refresh()

    def on_changed(self, kinds: Any) -> None:
        if "hearings" in kinds:
            self.refresh()
        if set(kinds) - HEARING_KINDS - FEEDBACK_KINDS - SURVEY_KINDS:
            self.refresh_lookups()  # villages or services may have changed

    def refresh_lookups(self) -> None:
        self.ctx.tasks.run_read(load_lookups, self._show_lookups)

    def _show_lookups(self, lookups: Lookups) -> None:
        self.lookups = lookups
        self.editor.set_lookups(lookups)

    def refresh(self) -> None:
        self.ctx.tasks.run_read(load_hearings, self._show_rows)

    def _show_rows(self, rows: list[HearingRow]) -> None:
        selected = selected_row(self.view)
        self.model.set_rows(rows)
        self.summary.setText(_("{n} hearings").format(n=len(rows)))
        if selected is not None:
            for number, row in enumerate(rows):
                if row.id == selected.id:
                    self.view.selectRow(number)
        self._loaded = True

    # -- actions --------------------------------------------------------------------------

    def new_hearing(self) -> HearingEditor:
        self.editor.new_hearing()
        self.stack.setCurrentWidget(self.editor)
        return self.editor

    def edit_hearing(self, hearing_id: uuid.UUID) -> HearingEditor:
        self.editor.open_hearing(hearing_id)
        self.stack.setCurrentWidget(self.editor)
        return self.editor

    def edit_selected(self) -> HearingEditor | None:
        row = selected_row(self.view)
        if row is None:
            if not self.model.rows:
                return None
            self.view.selectRow(0)
            row = self.model.rows[0]
        return self.edit_hearing(row.id)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_box)
        self.refresh()
