"""The search box and filters above the register table.

Typing restarts a short timer (`DEBOUNCE_MS`): the query runs when the clerk pauses, not on every
letter of a fast typist. Filter combos apply at once. `query_changed` carries the new query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from aimak_desktop.i18n import _
from aimak_desktop.models.register import Category
from aimak_desktop.ui.register.data import RegisterLookups, RegisterQuery
from aimak_desktop.ui.register.model import category_label

DEBOUNCE_MS = 120


def fill_combo(combo: QComboBox, items: Sequence[tuple[Any, str]], first: str) -> None:
    """Refill `combo`, keeping the current choice where it still exists (ids compared by value:
    QComboBox.findData matches Python objects by identity only)."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(first, None)
    for data, text in items:
        combo.addItem(text, data)
    index = next((i for i in range(combo.count()) if combo.itemData(i) == current), 0)
    combo.setCurrentIndex(index if current is not None else 0)
    combo.blockSignals(False)


def compact(combo: QComboBox, chars: int) -> QComboBox:
    """Let a combo of long names shrink to `chars` characters (the popup still shows them all)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


class FiltersBar(QWidget):
    query_changed = Signal(object)  # RegisterQuery

    def __init__(self, with_debt: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setObjectName("register_search")
        self.search.setPlaceholderText(_("Search: name, account, address, phone (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.village = compact(QComboBox(), 10)
        self.service = compact(QComboBox(), 10)
        fill_combo(self.village, [], _("All villages"))
        fill_combo(self.service, [], _("All services"))
        self.category = compact(QComboBox(), 10)
        fill_combo(
            self.category,
            [(c.value, category_label(c.value)) for c in Category],
            _("All categories"),
        )
        self.archived = compact(QComboBox(), 8)
        self.archived.addItem(_("Active"), False)
        self.archived.addItem(_("Archived"), True)
        self.archived.addItem(_("Active and archived"), None)
        self.with_debt = with_debt
        self.has_debt = QCheckBox(_("With debt"))
        self.has_debt.setVisible(with_debt)
        # The search box goes where the page puts it (the top row); the filters form this row.
        for label, combo in (
            (_("Village"), self.village),
            (_("Service"), self.service),
            (_("Category"), self.category),
        ):
            caption = QLabel(label)
            caption.setBuddy(combo)
            layout.addWidget(caption)
            layout.addWidget(combo, 1)
        layout.addWidget(self.archived)
        layout.addWidget(self.has_debt)
        layout.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        for combo in (self.village, self.service, self.category, self.archived):
            combo.currentIndexChanged.connect(self.apply)
        self.has_debt.toggled.connect(self.apply)

    def set_lookups(self, lookups: RegisterLookups) -> None:
        fill_combo(self.village, lookups.villages, _("All villages"))
        fill_combo(self.service, lookups.services, _("All services"))

    def query(self) -> RegisterQuery:
        return RegisterQuery(
            text=self.search.text(),
            village_id=self.village.currentData(),
            service_id=self.service.currentData(),
            category=self.category.currentData(),
            archived=self.archived.currentData(),
            has_debt=self.with_debt and self.has_debt.isChecked(),
        )

    def apply(self, *_args: Any) -> None:
        """Run the query now (the debounce timer calls it; so do the filter combos)."""
        self.timer.stop()
        self.query_changed.emit(self.query())
