"""The chosen household on the desk: who, debt per service, advance, latest payments."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_amount, format_datetime, format_money
from aimak_desktop.models.billing import METHOD_LABELS
from aimak_desktop.ui.cash.data import HouseholdView

DEBT_STYLE = "color: #b00020; font-weight: bold;"
ADVANCE_STYLE = "color: #1b5e20; font-weight: bold;"
WARN_STYLE = "color: #b00020;"
VOIDED_COLOR = QColor("#9e9e9e")


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes search -> amount -> choices
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def _cell(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class HouseholdPanel(QWidget):
    #: A receipt picked in the payments table (reprint and void act on it).
    receipt_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name = QLabel(_("Find a household: type a name, account, address or phone."))
        self.name.setObjectName("household_name")
        bold = QFont(self.name.font())
        bold.setPointSizeF(bold.pointSizeF() * 1.25)
        bold.setBold(True)
        self.name.setFont(bold)
        self.name.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.balance = QLabel()
        self.balance.setObjectName("balance")
        self.archived = QLabel()
        self.archived.setStyleSheet(WARN_STYLE)
        self.archived.setWordWrap(True)
        self.archived.hide()
        layout.addWidget(self.name)
        layout.addWidget(self.details)
        row = QHBoxLayout()
        row.addWidget(self.balance)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.archived)
        layout.addStretch(1)

        self.debts = _table([_("Service"), _("Debt"), _("Paid ahead")])
        self.debts.setObjectName("debts")
        self.payments = _table([_("Receipt No."), _("Date"), _("Amount"), _("Method")])
        self.payments.setObjectName("payments")
        header = self.payments.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.payments.itemSelectionChanged.connect(self._picked)
        #: The page puts the payment panel between the household and its tables.
        self.tables = QWidget()
        tables = QVBoxLayout(self.tables)
        tables.setContentsMargins(0, 0, 0, 0)
        tables.addWidget(QLabel(_("Debt by service")))
        tables.addWidget(self.debts)
        tables.addWidget(QLabel(_("Last payments (select one to reprint or void it)")))
        tables.addWidget(self.payments, 1)
        self.view: HouseholdView | None = None

    def show_household(self, view: HouseholdView) -> None:
        self.view = view
        self.name.setText(view.name)
        self.details.setText(
            _("Account {account} · {address} · residents: {residents}").format(
                account=view.account, address=view.address, residents=view.residents
            )
        )
        if view.total > 0:
            self.balance.setText(_("Debt: {amount}").format(amount=format_money(view.total)))
            self.balance.setStyleSheet(DEBT_STYLE)
        elif view.total < 0:
            self.balance.setText(_("Advance: {amount}").format(amount=format_money(-view.total)))
            self.balance.setStyleSheet(ADVANCE_STYLE)
        else:
            self.balance.setText(_("No debt"))
            self.balance.setStyleSheet(ADVANCE_STYLE)
        self.archived.setVisible(view.archived)
        self.archived.setText(_("This household is archived: payments cannot be taken for it."))
        self.debts.setRowCount(0)
        for item in view.services:
            row = self.debts.rowCount()
            self.debts.insertRow(row)
            self.debts.setItem(row, 0, _cell(item.name))
            self.debts.setItem(
                row, 1, _cell(format_amount(item.debt) if item.debt > 0 else "", True)
            )
            self.debts.setItem(
                row, 2, _cell(format_amount(-item.debt) if item.debt < 0 else "", True)
            )
        if view.advance > 0:
            row = self.debts.rowCount()
            self.debts.insertRow(row)
            self.debts.setItem(row, 0, _cell(_("Advance (not yet used)")))
            self.debts.setItem(row, 1, _cell(""))
            self.debts.setItem(row, 2, _cell(format_amount(view.advance), True))
        self.payments.blockSignals(True)
        self.payments.setRowCount(0)
        for paid in view.payments:
            row = self.payments.rowCount()
            self.payments.insertRow(row)
            number = paid.receipt_no + (" " + _("(voided)") if paid.voided else "")
            method = _(METHOD_LABELS.get(paid.method, paid.method))  # type: ignore[call-overload]
            cells = [
                _cell(number),
                _cell(format_datetime(paid.paid_at)),
                _cell(format_amount(paid.amount), True),
                _cell(method),
            ]
            cells[0].setData(Qt.ItemDataRole.UserRole, paid.receipt_no)
            for column, cell in enumerate(cells):
                if paid.voided:
                    cell.setForeground(VOIDED_COLOR)
                self.payments.setItem(row, column, cell)
        self.payments.blockSignals(False)
        self._fit_debts()

    def _fit_debts(self) -> None:
        """The debts table is as tall as its few rows: the payments get the rest."""
        rows = max(1, self.debts.rowCount())
        height = self.debts.horizontalHeader().height() + 2 * self.debts.frameWidth()
        height += sum(self.debts.rowHeight(r) for r in range(self.debts.rowCount())) or (
            self.debts.verticalHeader().defaultSectionSize() * rows
        )
        self.debts.setFixedHeight(height + 2)

    def clear(self) -> None:
        self.view = None
        self.name.setText(_("Find a household: type a name, account, address or phone."))
        self.details.clear()
        self.balance.clear()
        self.archived.hide()
        self.debts.setRowCount(0)
        self.payments.setRowCount(0)
        self._fit_debts()

    def _picked(self) -> None:
        rows = self.payments.selectionModel().selectedRows()
        if rows:
            item = self.payments.item(rows[0].row(), 0)
            if item is not None:
                self.receipt_selected.emit(str(item.data(Qt.ItemDataRole.UserRole)))
