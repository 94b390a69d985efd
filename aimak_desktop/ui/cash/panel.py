"""The payment panel: amount, service, method and "Save and print"; Enter in the amount saves."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_money
from aimak_desktop.models.billing import METHOD_LABELS, PaymentMethod
from aimak_desktop.ui.cash.data import ServiceDebt

ERROR_STYLE = "color: #b00020;"
BAD_FIELD_STYLE = "QLineEdit { border: 2px solid #b00020; }"


class PaymentPanel(QWidget):
    """Emits `submitted` on Enter (in the amount, a choice box or the button)."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)

        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText("0,00")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        big = QFont(self.amount.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        self.amount.setFont(big)
        self.amount.setMinimumWidth(160)
        self.amount.returnPressed.connect(self.submitted)
        self.amount.textEdited.connect(lambda _text: self.clear_message())
        amount_label = QLabel(_("&Amount, som"))
        amount_label.setBuddy(self.amount)

        self.service = QComboBox()
        self.service.setObjectName("service")
        self.service.addItem(_("Oldest debt first"), "")
        service_label = QLabel(_("Se&rvice"))
        service_label.setBuddy(self.service)

        self.method = QComboBox()
        self.method.setObjectName("method")
        for method in PaymentMethod:
            self.method.addItem(_(METHOD_LABELS[method]), method.value)
        method_label = QLabel(_("&Method"))
        method_label.setBuddy(self.method)

        self.save = QPushButton(_("Save and print (Enter)"))
        self.save.setObjectName("save")
        self.save.setDefault(True)
        self.save.clicked.connect(self.submitted)

        self.message = QLabel()
        self.message.setObjectName("amount_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()

        grid.addWidget(amount_label, 0, 0)
        grid.addWidget(service_label, 0, 1)
        grid.addWidget(method_label, 0, 2)
        grid.addWidget(self.amount, 1, 0)
        grid.addWidget(self.service, 1, 1)
        grid.addWidget(self.method, 1, 2)
        grid.addWidget(self.message, 2, 0, 1, 2)
        grid.addWidget(self.save, 2, 2)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        # Long service names (with their debt) must not widen the page past the window.
        for box, chars in ((self.service, 16), (self.method, 10)):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(chars)
        for box in (self.service, self.method):
            box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in a closed choice box saves too: the cashier never needs the mouse.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and isinstance(watched, QComboBox)
            and not watched.view().isVisible()
        ):
            self.submitted.emit()
            return True
        return super().eventFilter(watched, event)

    # --- values ---------------------------------------------------------------------------

    def amount_text(self) -> str:
        return self.amount.text()

    def service_id(self) -> uuid.UUID | None:
        # Ids are kept as text: QComboBox.findData compares text reliably, Python objects not.
        data = self.service.currentData()
        return uuid.UUID(data) if data else None

    def method_value(self) -> str:
        return str(self.method.currentData())

    def set_services(self, services: list[ServiceDebt]) -> None:
        """The household's services, with their debt, after "Oldest debt first"."""
        keep = self.service.currentData()
        self.service.blockSignals(True)
        while self.service.count() > 1:
            self.service.removeItem(1)
        for item in services:
            label = item.name
            if item.debt > 0:
                label = _("{service}: debt {amount}").format(
                    service=item.name, amount=format_money(item.debt)
                )
            self.service.addItem(label, str(item.id))
        self.service.setCurrentIndex(max(0, self.service.findData(keep)) if keep else 0)
        self.service.blockSignals(False)

    # --- state ----------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.amount.setStyleSheet(BAD_FIELD_STYLE)

    def clear_message(self) -> None:
        self.message.clear()
        self.message.hide()
        self.amount.setStyleSheet("")

    def clear(self) -> None:
        """Ready for the next payer: empty amount, oldest debt first, cash."""
        self.amount.clear()
        self.service.setCurrentIndex(0)
        self.method.setCurrentIndex(0)
        self.clear_message()

    def set_busy(self, busy: bool) -> None:
        self.save.setEnabled(not busy)
        self.amount.setReadOnly(busy)
