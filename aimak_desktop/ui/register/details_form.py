"""The household form (card Details tab and the new-household dialog).

Values go to the services as typed; the services' field rules (`register_rules`) check them and
their message is shown under the form, with the cursor put in the offending field.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from aimak_desktop.i18n import _
from aimak_desktop.models.register import GENDER_LABELS, Category, Gender
from aimak_desktop.ui.register.card_data import Choices, Details
from aimak_desktop.ui.register.model import category_label


def _find(combo: QComboBox, value: Any) -> int:
    return next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)


class DetailsForm(QWidget):
    def __init__(self, with_account: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = Choices()
        self.loaded: Details | None = None
        form = QFormLayout(self)
        self.account_no = QLineEdit()
        self.account_no.setPlaceholderText(_("Given automatically when empty"))
        self.head_name = QLineEdit()
        self.gender = QComboBox()
        self.gender.addItem(_("(not known)"), None)
        for gender in Gender:
            self.gender.addItem(_(GENDER_LABELS[gender]), gender.value)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("+996 555 123 456")
        self.village = QComboBox()
        self.street = QComboBox()
        self.street.setEditable(True)  # a new street name is added to the village on save
        self.street.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.house = QLineEdit()
        self.residents = QLineEdit()
        self.residents.setMaximumWidth(80)
        self.category = QComboBox()
        for category in Category:
            self.category.addItem(category_label(category.value), category.value)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.notes.setMaximumHeight(70)
        rows = [
            (_("Account"), self.account_no),
            (_("Head of household"), self.head_name),
            (_("Gender"), self.gender),
            (_("Phone"), self.phone),
            (_("Village"), self.village),
            (_("Street"), self.street),
            (_("House"), self.house),
            (_("Residents"), self.residents),
            (_("Category"), self.category),
            (_("Notes"), self.notes),
        ]
        for label, widget in rows:
            if widget is self.account_no and not with_account:
                widget.hide()
                continue
            form.addRow(label, widget)
        self.fields: dict[str, QWidget] = {
            "account_no": self.account_no,
            "head_name": self.head_name,
            "name": self.head_name,
            "gender": self.gender,
            "phone": self.phone,
            "village": self.village,
            "street": self.street,
            "house": self.house,
            "residents": self.residents,
            "category": self.category,
            "notes": self.notes,
        }
        self.village.currentIndexChanged.connect(self._fill_streets)

    def set_choices(self, choices: Choices) -> None:
        self.choices = choices
        current = self.village.currentData()
        self.village.blockSignals(True)
        self.village.clear()
        for village_id, name in choices.villages:
            self.village.addItem(name, village_id)
        self.village.setCurrentIndex(max(_find(self.village, current), 0))
        self.village.blockSignals(False)
        self._fill_streets()

    def _fill_streets(self, *_args: Any) -> None:
        text = self.street.currentText()
        self.street.clear()
        self.street.addItem("")
        self.street.addItems(self.choices.streets.get(self.village.currentData(), []))
        self.street.setCurrentText(text)

    def set_details(self, details: Details) -> None:
        self.loaded = details
        self.account_no.setText(details.account_no)
        self.head_name.setText(details.head_name)
        self.gender.setCurrentIndex(max(_find(self.gender, details.gender), 0))
        self.phone.setText(details.phone)
        self.village.setCurrentIndex(max(_find(self.village, details.village_id), 0))
        self._fill_streets()
        self.street.setCurrentText(details.street)
        self.house.setText(details.house)
        self.residents.setText(str(details.residents))
        self.category.setCurrentIndex(max(_find(self.category, details.category), 0))
        self.notes.setPlainText(details.notes)

    def values(self) -> dict[str, Any]:
        """Every field as typed (the services clean and check them)."""
        village: uuid.UUID | None = self.village.currentData()
        return {
            "account_no": self.account_no.text(),
            "head_name": self.head_name.text(),
            "gender": self.gender.currentData(),
            "phone": self.phone.text(),
            "village": village if village is not None else "",
            "street": self.street.currentText().strip() or None,
            "house": self.house.text(),
            "residents": self.residents.text(),
            "category": self.category.currentData(),
            "notes": self.notes.toPlainText(),
        }

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the loaded household."""
        loaded = self.loaded
        values = self.values()
        if loaded is None:
            return values
        before = {
            "account_no": loaded.account_no,
            "head_name": loaded.head_name,
            "gender": loaded.gender,
            "phone": loaded.phone,
            "village": loaded.village_id,
            "street": loaded.street or None,
            "house": loaded.house,
            "residents": str(loaded.residents),
            "category": loaded.category,
            "notes": loaded.notes,
        }
        changed = {k: v for k, v in values.items() if v != before[k]}
        if "village" in changed:
            changed["street"] = values["street"]  # the old street belongs to the old village
        return changed

    def set_read_only(self, read_only: bool) -> None:
        for widget in set(self.fields.values()):
            widget.setEnabled(not read_only)

    def focus_field(self, field: str | None) -> None:
        widget = self.fields.get(field or "")
        if widget is not None:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()
