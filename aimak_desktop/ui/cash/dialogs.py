"""Desk dialogs: confirming a very large sum, and voiding a receipt with its reason.

Both open with `open()` (window-modal, non-blocking) so the page and the tests keep control.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_money

ERROR_STYLE = "color: #b00020;"


def confirm_large_amount(
    parent: QWidget, amount: int, on_yes: Callable[[], None], on_no: Callable[[], None]
) -> QMessageBox:
    """Ask before taking a very large sum. Enter answers No: a typo must not slip through."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("Very large sum"),
        _("Take {amount}? Check the sum: it is over 1 000 000 som.").format(
            amount=format_money(amount)
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setObjectName("confirm_large")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(button: int) -> None:
        (on_yes if button == QMessageBox.StandardButton.Yes else on_no)()

    box.finished.connect(answered)
    box.open()
    return box


class VoidDialog(QDialog):
    """Asks for the reason; `submitted(reason)` runs the void, `failed(message)` shows why not.

    The dialog stays open until the void is saved, so a refused void (no reason, closed day,
    role) shows its message here and the cashier can correct or cancel.
    """

    def __init__(
        self, receipt_no: str, on_submit: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("void_dialog")
        self.setWindowTitle(_("Void receipt {number}").format(number=receipt_no))
        self.receipt_no = receipt_no
        self._on_submit = on_submit
        layout = QVBoxLayout(self)
        text = QLabel(
            _(
                "Voiding gives the money back to the household's debt. The number {number} "
                "stays used and is listed as voided."
            ).format(number=receipt_no)
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        label = QLabel(_("&Reason"))
        self.reason = QLineEdit()
        self.reason.setObjectName("void_reason")
        self.reason.setMaxLength(500)
        label.setBuddy(self.reason)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        self.message = QLabel()
        self.message.setObjectName("void_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Void receipt"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def _submit(self) -> None:
        self.buttons.setEnabled(False)
        self.message.hide()
        self._on_submit(self.reason.text())

    def failed(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(message)
        self.message.show()
        self.reason.setFocus()

    def done_ok(self) -> None:
        self.accept()
