"""Villages and streets of the aimak: add, rename, archive (with the services' messages)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.ui.catalog.data import PLACE_KINDS, PlaceRow, load_streets, load_villages
from aimak_desktop.ui.common import failure_handler, message_label, say
from aimak_desktop.ui.context import AppContext

ID_ROLE = Qt.ItemDataRole.UserRole
NAME_ROLE = Qt.ItemDataRole.UserRole + 1


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """A one-line question; None when cancelled."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def ask_yes(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


class PlacesEditor(QWidget):
    """Two lists side by side: the villages, and the streets of the selected village."""

    def __init__(self, ctx: AppContext, writable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: Questions to the clerk (replaced in tests, where a modal box would block).
        self.ask_text: Callable[[QWidget, str, str, str], str | None] = ask_text
        self.ask_yes: Callable[[QWidget, str, str], bool] = ask_yes
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.villages = QListWidget()
        self.streets = QListWidget()
        grid.addWidget(QLabel(_("Villages")), 0, 0, 1, 3)
        grid.addWidget(QLabel(_("Streets of the village")), 0, 3, 1, 3)
        grid.addWidget(self.villages, 1, 0, 1, 3)
        grid.addWidget(self.streets, 1, 3, 1, 3)
        self.buttons: list[QPushButton] = []
        for column, (text, slot) in enumerate(
            (
                (_("Add..."), self.add_village),
                (_("Rename..."), self.rename_village),
                (_("Archive"), self.archive_village),
                (_("Add..."), self.add_street),
                (_("Rename..."), self.rename_street),
                (_("Archive"), self.archive_street),
            )
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setVisible(writable)
            grid.addWidget(button, 2, column)
            self.buttons.append(button)
        self.message = message_label()
        grid.addWidget(self.message, 3, 0, 1, 6)
        self.villages.currentItemChanged.connect(lambda *_a: self.load_streets())

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        self.ctx.tasks.run_read(load_villages, self._show_villages)

    def _show_villages(self, rows: list[PlaceRow]) -> None:
        current = self.village_id()
        _fill(self.villages, rows, current)
        if self.villages.currentRow() < 0 and rows:
            self.villages.setCurrentRow(0)
        self.load_streets()

    def load_streets(self) -> None:
        village_id = self.village_id()
        if village_id is None:
            self.streets.clear()
            return

        def show(rows: list[PlaceRow]) -> None:
            if self.village_id() == village_id:  # the clerk may have moved on meanwhile
                _fill(self.streets, rows, _current(self.streets))

        self.ctx.tasks.run_read(lambda s: load_streets(s, village_id), show)

    def village_id(self) -> uuid.UUID | None:
        return _current(self.villages)

    # -- actions --------------------------------------------------------------------------

    def _write(self, fn: Callable[[Any], Any], done_text: str) -> None:
        say(self.message, "")
        self.ctx.tasks.run_write(
            fn,
            lambda _r: say(self.message, done_text, ok=True),
            failure_handler(self.ctx, self.message),
            kinds=PLACE_KINDS,
        )

    def add_village(self) -> None:
        from aimak_desktop.services.registers import create_village

        name = self.ask_text(self, _("New village"), _("Name of the village"), "")
        if name is None:
            return
        actor = self.ctx.actor
        self._write(
            lambda s: create_village(s, actor, name),
            _("Village {name} added.").format(name=name.strip()),
        )

    def rename_village(self) -> None:
        from aimak_desktop.services.registers import rename_village

        item = self._selected(self.villages, _("Select a village first."))
        if item is None:
            return
        village_id, old = item.data(ID_ROLE), item.data(NAME_ROLE)
        question = _("New name of {name}").format(name=old)
        name = self.ask_text(self, _("Rename village"), question, old)
        if name is None or name.strip() == old:
            return
        actor = self.ctx.actor
        self._write(
            lambda s: rename_village(s, actor, village_id, name),
            _("Village renamed to {name}.").format(name=name.strip()),
        )

    def archive_village(self) -> None:
        from aimak_desktop.services.registers import archive_village

        item = self._selected(self.villages, _("Select a village first."))
        if item is None:
            return
        village_id, name = item.data(ID_ROLE), item.data(NAME_ROLE)
        if not self.ask_yes(
            self, _("Archive village"), _("Archive the village {name}?").format(name=name)
        ):
            return
        actor = self.ctx.actor
        self._write(
            lambda s: archive_village(s, actor, village_id),
            _("Village {name} archived.").format(name=name),
        )

    def add_street(self) -> None:
        from aimak_desktop.services.registers import create_street

        village = self._selected(self.villages, _("Select a village first."))
        if village is None:
            return
        village_id = village.data(ID_ROLE)
        name = self.ask_text(
            self,
            _("New street"),
            _("Name of the street in {village}").format(village=village.data(NAME_ROLE)),
            "",
        )
        if name is None:
            return
        actor = self.ctx.actor
        self._write(
            lambda s: create_street(s, actor, village_id, name),
            _("Street {name} added.").format(name=name.strip()),
        )

    def rename_street(self) -> None:
        from aimak_desktop.services.registers import rename_street

        item = self._selected(self.streets, _("Select a street first."))
        if item is None:
            return
        street_id, old = item.data(ID_ROLE), item.data(NAME_ROLE)
        question = _("New name of {name}").format(name=old)
        name = self.ask_text(self, _("Rename street"), question, old)
        if name is None or name.strip() == old:
            return
        actor = self.ctx.actor
        self._write(
            lambda s: rename_street(s, actor, street_id, name),
            _("Street renamed to {name}.").format(name=name.strip()),
        )

    def archive_street(self) -> None:
        from aimak_desktop.services.registers import archive_street

        item = self._selected(self.streets, _("Select a street first."))
        if item is None:
            return
        street_id, name = item.data(ID_ROLE), item.data(NAME_ROLE)
        if not self.ask_yes(
            self, _("Archive street"), _("Archive the street {name}?").format(name=name)
        ):
            return
        actor = self.ctx.actor
        self._write(
            lambda s: archive_street(s, actor, street_id),
            _("Street {name} archived.").format(name=name),
        )

    def _selected(self, view: QListWidget, hint: str) -> QListWidgetItem | None:
        item = view.currentItem()
        if item is None:
            say(self.message, hint)
        return item


def _current(view: QListWidget) -> uuid.UUID | None:
    item = view.currentItem()
    return item.data(ID_ROLE) if item is not None else None


def _fill(view: QListWidget, rows: list[PlaceRow], keep: uuid.UUID | None) -> None:
    view.blockSignals(True)
    view.clear()
    for row in rows:
        item = QListWidgetItem(_("{name} ({n})").format(name=row.name, n=row.households))
        item.setData(ID_ROLE, row.id)
        item.setData(NAME_ROLE, row.name)
        item.setToolTip(_("{n} active households").format(n=row.households))
        view.addItem(item)
        if row.id == keep:
            view.setCurrentItem(item)
    view.blockSignals(False)
