"""The inputs of the tariff method as a form, grouped as the method reads them.

The form knows nothing of the arithmetic: `values()` gives the JSON-like dict that
`services.tariff_inputs.parse_inputs` validates, and `show_error(field, message)` puts the
parser's message next to the input its `field` names ("costs.salaries", "assets[1].life_years").
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.services.tariff_inputs import (
    CATEGORY_KEYS,
    COST_ITEMS,
    FIELD_LABELS,
    UNITS,
)
from aimak_desktop.services.tariff_method import CATEGORY_LABELS, TARIFF_UNIT_LABELS

ERROR_STYLE = "color: #b00020;"
BAD_FIELD_STYLE = "QLineEdit { border: 2px solid #b00020; }"
#: Keys of the form; anything else in a study's inputs (income groups) is kept as it was.
UNIT_CHOICES = {
    "m3": N_("per m³ of water (metered)"),
    "person": N_("per person a month"),
    "household": N_("per household a month"),
}
SOM_YEAR = N_("som/year")
SOM_MONTH = N_("som/month")
#: (key, unit shown after the field); labels come from tariff_inputs.FIELD_LABELS.
GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        N_("Costs a year: operation and maintenance"),
        tuple((f"costs.{k}", SOM_YEAR) for k in COST_ITEMS),
    ),
    (N_("Renewal, assets and loan"), (("renewal_reserve_pct", "%"), ("loan_repayment", SOM_YEAR))),
    (
        N_("Units and volumes"),
        (
            ("volume_produced_m3", N_("m³/year")),
            ("losses_pct", "%"),
            ("persons", N_("persons")),
            ("households", N_("households")),
            ("collection_rate_pct", "%"),
        ),
    ),
    (
        N_("Typical household"),
        (
            ("persons_per_household", N_("persons")),
            ("litres_per_person_day", N_("l/day")),
            ("household_income_month", SOM_MONTH),
        ),
    ),
    (
        N_("Tariff and policy"),
        (
            ("current_tariff", ""),  # the unit follows the billing unit
            ("affordability_threshold_pct", "%"),
            ("phase_years", N_("years")),
        ),
    ),
)
#: Inputs that only mean something for some billing units (others are switched off).
USED_BY = {
    "volume_produced_m3": {"m3"},
    "losses_pct": {"m3"},
    "litres_per_person_day": {"m3"},
    "persons": {"person"},
    "households": {"household"},
    "persons_per_household": {"m3", "person"},
}
_ASSET_PATH = re.compile(r"assets\[(\d+)\](?:\.(\w+))?")


def _label(key: str) -> str:
    """The clerk's name of an input without its unit suffix (the unit is shown beside it)."""
    return _(FIELD_LABELS[key])


def number_edit() -> QLineEdit:
    """A number field: digits, spaces, "," or "."; a minus passes so the parser can explain."""
    edit = QLineEdit()
    edit.setValidator(QRegularExpressionValidator(QRegularExpression("-?[0-9 .,\u00a0]*")))
    edit.setMaximumWidth(130)
    return edit


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return str(value)


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class InputsForm(QWidget):
    """Every input of the method; `edited` fires on each change the user makes."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.unit_suffix: dict[str, QLabel] = {}
        self._base: dict[str, Any] = {}
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        self.unit = QComboBox()
        # Long choices must not widen the form past its panel.
        self.unit.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.unit.setMinimumContentsLength(12)
        for unit in UNITS:
            self.unit.addItem(_(UNIT_CHOICES[unit]), unit)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        for title, fields in GROUPS:
            box = QGroupBox(_(title))
            grid = QGridLayout(box)
            grid.setColumnStretch(0, 1)
            if title == GROUPS[2][0]:
                self._add_row(grid, "unit", self.unit, "")
            for key, unit in fields:
                self._add_row(grid, key, number_edit(), _(unit) if unit else "")
                if key == "renewal_reserve_pct":
                    grid.addWidget(self._build_assets(), grid.rowCount(), 0, 1, 3)
            if title == GROUPS[0][0]:
                self.errors["costs"] = _error_label()
                grid.addWidget(self.errors["costs"], grid.rowCount(), 0, 1, 3)
            layout.addWidget(box)
        layout.addWidget(self._build_categories())
        self.general_error = _error_label()
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        self._unit_changed()

    # -- building -------------------------------------------------------------------------

    def _add_row(self, grid: QGridLayout, key: str, widget: QWidget, unit: str) -> None:
        row = grid.rowCount()
        label = QLabel(_label(key))
        label.setWordWrap(True)
        label.setBuddy(widget)
        grid.addWidget(label, row, 0)
        grid.addWidget(widget, row, 1)
        suffix = QLabel(unit)
        self.unit_suffix[key] = suffix
        grid.addWidget(suffix, row, 2)
        self.errors[key] = _error_label()
        grid.addWidget(self.errors[key], row + 1, 0, 1, 3)
        if isinstance(widget, QLineEdit):
            widget.setObjectName(key)
            widget.setAccessibleName(label.text())
            self.fields[key] = widget
            widget.textEdited.connect(self._user_edit)

    def _build_assets(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(QLabel(_("Assets (for depreciation)")))
        self.assets = QTableWidget(0, 3)
        self.assets.setObjectName("assets")
        self.assets.setHorizontalHeaderLabels([_("Name"), _("Value, som"), _("Useful life, years")])
        self.assets.verticalHeader().hide()
        header = self.assets.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(self.fontMetrics().height() * 3 + 8)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.assets.setColumnWidth(1, 90)
        self.assets.setColumnWidth(2, 80)
        # Tab leaves the table for the next input instead of walking through its cells.
        self.assets.setTabKeyNavigation(False)
        self.assets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.assets.setMinimumHeight(120)
        self.assets.itemChanged.connect(self._user_edit)
        layout.addWidget(self.assets)
        buttons = QHBoxLayout()
        self.add_asset_button = QPushButton(_("Add"))
        self.add_asset_button.setToolTip(_("Add an asset"))
        self.add_asset_button.clicked.connect(lambda: self.add_asset())
        self.remove_asset_button = QPushButton(_("Remove"))
        self.remove_asset_button.setToolTip(_("Remove the selected asset"))
        self.remove_asset_button.clicked.connect(self.remove_asset)
        buttons.addWidget(self.add_asset_button)
        buttons.addWidget(self.remove_asset_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.errors["assets"] = _error_label()
        layout.addWidget(self.errors["assets"])
        return box

    def _build_categories(self) -> QGroupBox:
        box = QGroupBox(_("Categories (cross-subsidy)"))
        grid = QGridLayout(box)
        self.use_categories = QCheckBox(_("Category tariffs"))
        self.use_categories.setToolTip(
            _("Budget organisations and businesses pay a multiple of the population tariff.")
        )
        self.use_categories.toggled.connect(self._categories_toggled)
        grid.addWidget(self.use_categories, 0, 0, 1, 3)
        for column, text in ((1, _("Share of units paid for, %")), (2, _("Multiplier (1-3)"))):
            caption = QLabel(text)
            caption.setWordWrap(True)
            grid.addWidget(caption, 1, column)
        self.category_fields: dict[str, tuple[QLineEdit, QLineEdit]] = {}
        for row, key in enumerate(CATEGORY_KEYS, start=2):
            grid.addWidget(QLabel(_(CATEGORY_LABELS[key])), row, 0)
            share, multiplier = number_edit(), number_edit()
            share.setMaximumWidth(80)
            multiplier.setMaximumWidth(80)
            share.setObjectName(f"categories.{key}.share_pct")
            multiplier.setObjectName(f"categories.{key}.multiplier")
            share.setAccessibleName(_("Share of {category}, %").format(category=key))
            multiplier.setAccessibleName(_("Multiplier of {category}").format(category=key))
            if key == "population":
                multiplier.setText("1")
                multiplier.setReadOnly(True)  # the population always pays the base tariff
                multiplier.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            for edit in (share, multiplier):
                edit.textEdited.connect(self._user_edit)
            grid.addWidget(share, row, 1)
            grid.addWidget(multiplier, row, 2)
            self.category_fields[key] = (share, multiplier)
        self.errors["categories"] = _error_label()
        grid.addWidget(self.errors["categories"], len(CATEGORY_KEYS) + 2, 0, 1, 3)
        self._categories_toggled(False)
        return box

    # -- editing --------------------------------------------------------------------------

    def _user_edit(self, *_args: Any) -> None:
        if not self._loading:
            self.edited.emit()

    def _unit_changed(self, *_args: Any) -> None:
        unit = self.current_unit()
        for key, used_by in USED_BY.items():
            self.fields[key].setEnabled(unit in used_by)
        self.unit_suffix["current_tariff"].setText(_("som") + " " + _(TARIFF_UNIT_LABELS[unit]))
        self._user_edit()

    def _categories_toggled(self, on: bool) -> None:
        for share, multiplier in self.category_fields.values():
            share.setEnabled(on)
            multiplier.setEnabled(on)
        self._user_edit()

    def current_unit(self) -> str:
        return str(self.unit.currentData())

    def add_asset(self, name: str = "", value: str = "", life: str = "") -> int:
        """Add a row to the assets table (empty rows are ignored by `values()`)."""
        row = self.assets.rowCount()
        self._loading, was_loading = True, self._loading
        self.assets.insertRow(row)
        for column, text in enumerate((name, value, life)):
            self.assets.setItem(row, column, QTableWidgetItem(text))
        self._loading = was_loading
        if not name and not value and not life:
            self.assets.setCurrentCell(row, 0)
            self.assets.setFocus()
        return row

    def remove_asset(self) -> None:
        row = self.assets.currentRow()
        if row < 0:
            row = self.assets.rowCount() - 1
        if row >= 0:
            self.assets.removeRow(row)
            self._user_edit()

    # -- values ---------------------------------------------------------------------------

    def set_values(self, data: dict[str, Any]) -> None:
        """Show a study's inputs (the dict of `TariffInputs.to_dict` or office defaults)."""
        self._loading = True
        try:
            self._base = {k: v for k, v in data.items() if k in ("service", "income_groups")}
            index = self.unit.findData(data.get("unit", "m3"))
            self.unit.setCurrentIndex(max(index, 0))
            costs = data.get("costs") or {}
            for key, edit in self.fields.items():
                if key.startswith("costs."):
                    edit.setText(_text(costs.get(key[6:])))
                else:
                    edit.setText(_text(data.get(key)))
            self.assets.setRowCount(0)
            for asset in data.get("assets") or []:
                self.add_asset(
                    str(asset.get("name", "")),
                    _text(asset.get("value")),
                    _text(asset.get("life_years")),
                )
            categories = data.get("categories") or {}
            self.use_categories.setChecked(bool(categories))
            for key, (share, multiplier) in self.category_fields.items():
                item = categories.get(key) or {}
                share.setText(_text(item.get("share_pct")))
                if key != "population":
                    multiplier.setText(_text(item.get("multiplier")))
        finally:
            self._loading = False
        self.clear_errors()

    def values(self) -> dict[str, Any]:
        """The inputs as `parse_inputs` reads them; empty fields are left out (defaults apply)."""
        unit = self.current_unit()
        data: dict[str, Any] = {**self._base, "unit": unit}
        costs: dict[str, str] = {}
        for key, edit in self.fields.items():
            text = edit.text().strip()
            if not text or not edit.isEnabled():
                continue
            if key.startswith("costs."):
                costs[key[6:]] = text
            else:
                data[key] = text
        data["costs"] = costs
        self._asset_rows: list[int] = []
        assets = []
        for row in range(self.assets.rowCount()):
            cells = [self._cell(row, c) for c in range(3)]
            if not any(cells):
                continue
            self._asset_rows.append(row)
            item: dict[str, Any] = {"name": cells[0]}
            if cells[1]:
                item["value"] = cells[1]
            if cells[2]:
                item["life_years"] = cells[2]
            assets.append(item)
        data["assets"] = assets
        if self.use_categories.isChecked():
            categories: dict[str, Any] = {}
            for key, (share, multiplier) in self.category_fields.items():
                if not share.text().strip():
                    continue
                entry: dict[str, Any] = {"share_pct": share.text().strip()}
                if key != "population" and multiplier.text().strip():
                    entry["multiplier"] = multiplier.text().strip()
                categories[key] = entry
            data["categories"] = categories
        return data

    def _cell(self, row: int, column: int) -> str:
        item = self.assets.item(row, column)
        return item.text().strip() if item is not None else ""

    # -- messages -------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.general_error.hide()
        for edit in self._all_edits():
            edit.setStyleSheet("")

    def _all_edits(self) -> list[QLineEdit]:
        edits = list(self.fields.values())
        for pair in self.category_fields.values():
            edits.extend(pair)
        return edits

    def show_error(self, field: str | None, message: str) -> QLabel:
        """Show `message` next to the input `field` names; returns the label that shows it."""
        self.clear_errors()
        label = self.general_error
        key = field or ""
        if key in self.fields:
            label = self.errors[key]
            self.fields[key].setStyleSheet(BAD_FIELD_STYLE)
        elif key == "unit":
            label = self.errors["unit"]
        elif key == "costs" or key.startswith("costs."):
            label = self.errors["costs"]
        elif key.startswith("assets"):
            label = self.errors["assets"]
            self._select_asset(key)
        elif key.startswith("categories"):
            label = self.errors["categories"]
            parts = key.split(".")
            if len(parts) == 3 and parts[1] in self.category_fields:
                share, multiplier = self.category_fields[parts[1]]
                (share if parts[2] == "share_pct" else multiplier).setStyleSheet(BAD_FIELD_STYLE)
        label.setText(message)
        label.show()
        return label

    def _select_asset(self, key: str) -> None:
        match = _ASSET_PATH.match(key)
        rows = getattr(self, "_asset_rows", [])
        if match is None or int(match.group(1)) >= len(rows):
            return
        column = {"value": 1, "life_years": 2}.get(match.group(2) or "", 0)
        self.assets.setCurrentCell(rows[int(match.group(1))], column)

    def error_text(self, field: str) -> str:
        """The message shown for `field` ("" when none): what a clerk reads beside the input."""
        label = self.errors.get(field, self.general_error)
        return label.text() if label.isVisibleTo(self) else ""
