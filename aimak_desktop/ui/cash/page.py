"""The cash desk (issue 4): find a household, see its debts, take money, print the receipt.

Made for the keyboard: type a name or account in the search box, Down/Up to choose, Enter; type
the amount, Enter: the payment is saved, its receipt prints, the panel clears and the cursor is
back in the search box for the next payer. Writes go through the serial write worker; the
receipt PDF is written in the pool and then printed (or previewed) on the GUI thread.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import AimakError, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_money
from aimak_desktop.services.payments import CONFIRM_ABOVE, check_amount, parse_amount
from aimak_desktop.ui.cash import data
from aimak_desktop.ui.cash.dialogs import VoidDialog, confirm_large_amount
from aimak_desktop.ui.cash.household_panel import HouseholdPanel
from aimak_desktop.ui.cash.panel import PaymentPanel
from aimak_desktop.ui.cash.printing import ReceiptPrinter
from aimak_desktop.ui.context import AppContext

SEARCH_DELAY_MS = 200
#: Writes after which the shown household and results are read again.
WATCHED_KINDS = frozenset({"payments", "billing", "charges", "households"})
STATUS_STYLE = "color: #555555;"
ERROR_STYLE = "color: #b00020;"


class CashDeskPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.found: list[data.Found] = []
        self.household_id: uuid.UUID | None = None
        self.current_receipt = ""
        self._receipt_printed = False  # the original of current_receipt reached the printer
        self._search_seq = 0
        self._searching = False
        self._pick_when_ready = False
        self._saving = False
        self._load_seq = 0
        self.confirm_box: Any = None
        self.void_dialog: VoidDialog | None = None
        self.settings_dialog: Any = None
        self.printer = ReceiptPrinter(ctx, self)
        self.printer.printed.connect(self._printed)
        self.printer.failed.connect(self._print_failed)
        self._build()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(30)  # one reload for the write's own callback + changed()
        self._reload_timer.timeout.connect(self._reload)

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel(_("Cash desk"))
        big = QFont(title.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        title.setFont(big)
        top.addWidget(title)
        top.addStretch(1)
        self.settings_button = QPushButton(_("Printing settings..."))
        self.settings_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.settings_button.clicked.connect(self.open_printing_settings)
        top.addWidget(self.settings_button)
        layout.addLayout(top)

        body = QHBoxLayout()
        left = QVBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Name, account, address or phone"))
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._search_edited)
        self.search.installEventFilter(self)
        search_label = QLabel(_("&Find a household (Enter to choose)"))
        search_label.setBuddy(self.search)
        self.results = QListWidget()
        self.results.setObjectName("results")
        self.results.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.results.setAlternatingRowColors(True)
        self.results.setWordWrap(True)  # long addresses wrap instead of scrolling sideways
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.itemActivated.connect(lambda _item: self._pick_current())
        self.results.itemClicked.connect(lambda _item: self._pick_current())
        left.addWidget(search_label)
        left.addWidget(self.search)
        left.addWidget(self.results, 1)
        holder = QWidget()
        holder.setLayout(left)
        holder.setFixedWidth(310)
        left.setContentsMargins(0, 0, 0, 0)
        body.addWidget(holder)

        right = QVBoxLayout()
        self.household = HouseholdPanel()
        self.household.receipt_selected.connect(self._receipt_chosen)
        self.panel = PaymentPanel()
        self.panel.submitted.connect(self.submit)
        right.addWidget(self.household)
        right.addSpacing(6)
        right.addWidget(self.panel)
        right.addSpacing(6)
        right.addWidget(self.household.tables, 1)
        body.addLayout(right, 1)
        layout.addLayout(body, 1)

        bar = QHBoxLayout()
        self.receipt_label = QLabel(_("No receipt yet today on this desk."))
        self.receipt_label.setObjectName("receipt_label")
        bold = QFont(self.receipt_label.font())
        bold.setBold(True)
        self.receipt_label.setFont(bold)
        self.status = QLabel()
        self.status.setObjectName("print_status")
        self.status.setStyleSheet(STATUS_STYLE)
        self.status.setWordWrap(True)
        self.reprint_button = QPushButton(_("Reprint (copy)"))
        self.reprint_button.setObjectName("reprint")
        self.reprint_button.clicked.connect(self.reprint)
        self.void_button = QPushButton(_("Void..."))
        self.void_button.setObjectName("void")
        self.void_button.clicked.connect(self.open_void)
        for button in (self.reprint_button, self.void_button):
            button.setEnabled(False)
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        bar.addWidget(self.receipt_label)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.reprint_button)
        bar.addWidget(self.void_button)
        layout.addLayout(bar)

        for keys, slot in (("F3", self.focus_search), ("Ctrl+F", self.focus_search)):
            QShortcut(QKeySequence(keys), self, slot)
        QShortcut(QKeySequence("Ctrl+P"), self, self.reprint)
        self.setTabOrder(self.search, self.panel.amount)
        self.setTabOrder(self.panel.amount, self.panel.service)
        self.setTabOrder(self.panel.service, self.panel.method)
        self.setTabOrder(self.panel.method, self.panel.save)

    # --- page protocol --------------------------------------------------------------------

    def on_shown(self) -> None:
        self.focus_search()

    def on_changed(self, kinds: Any) -> None:
        if set(kinds) & WATCHED_KINDS:
            self._reload_timer.start()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- search ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter_in_search()
                return True
        return super().eventFilter(watched, event)

    def _move(self, key: Any) -> None:
        count = self.results.count()
        if not count:
            return
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8}.get(key, -8)
        row = min(count - 1, max(0, self.results.currentRow() + step))
        self.results.setCurrentRow(row)

    def _search_edited(self, _text: str) -> None:
        self._search_timer.start()

    def _enter_in_search(self) -> None:
        if self._search_timer.isActive() or self._searching:
            # Typed faster than the search: choose the first match once it arrives.
            self._pick_when_ready = True
            if self._search_timer.isActive():
                self._search_timer.stop()
                self._run_search()
            return
        self._pick_current()

    def _run_search(self) -> None:
        self._search_seq += 1
        seq, text = self._search_seq, self.search.text()
        self._searching = True
        self.ctx.tasks.run_read(
            lambda session: data.search(session, text),
            on_done=lambda found: self._show_results(seq, found),
            on_error=self._read_failed,
        )

    def _show_results(self, seq: int, found: list[data.Found]) -> None:
        if seq != self._search_seq:
            return  # an older search answered late
        self._searching = False
        keep = self.found[self.results.currentRow()].id if self.results.currentRow() >= 0 else None
        self.found = found
        self.results.clear()
        for item in found:
            line = f"{item.name} · {item.account}"
            if item.archived:
                line += " " + _("(archived)")
            second = item.address
            if item.balance > 0:
                second += " · " + _("debt {amount}").format(amount=format_money(item.balance))
            elif item.balance < 0:
                second += " · " + _("advance {amount}").format(amount=format_money(-item.balance))
            QListWidgetItem(f"{line}\n{second}", self.results)
        if found:
            ids = [f.id for f in found]
            self.results.setCurrentRow(ids.index(keep) if keep in ids else 0)
        elif self.search.text().strip():
            self.results.addItem(_("Nothing found."))
            self.results.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        if self._pick_when_ready:
            self._pick_when_ready = False
            self._pick_current()

    def _pick_current(self) -> None:
        row = self.results.currentRow()
        if not self.found or row < 0 or row >= len(self.found):
            return
        chosen = self.found[row]
        self.household_id = chosen.id
        self.panel.clear()
        self.panel.set_services([])
        self.household.clear()
        self.household.name.setText(chosen.name)
        self._load_household()
        self.panel.amount.setFocus()

    def _load_household(self) -> None:
        if self.household_id is None:
            return
        self._load_seq += 1
        seq, household_id = self._load_seq, self.household_id
        self.ctx.tasks.run_read(
            lambda session: data.load_household(session, household_id),
            on_done=lambda view: self._show_household(seq, view),
            on_error=self._read_failed,
        )

    def _show_household(self, seq: int, view: data.HouseholdView) -> None:
        if seq != self._load_seq or view.id != self.household_id:
            return
        self.household.show_household(view)
        self.panel.set_services(view.services)

    def _reload(self) -> None:
        self._load_household()
        if self.search.text().strip():
            self._run_search()

    # --- taking money ---------------------------------------------------------------------

    def submit(self) -> None:
        """Enter: check the amount here (the service's own messages), then save and print."""
        if self._saving:
            return  # a second Enter while the first payment is saving must not pay twice
        if self.household_id is None:
            self.panel.show_message(_("Find the household first."))
            self.focus_search()
            return
        try:
            amount = parse_amount(self.panel.amount_text())
            check_amount(amount, confirm=True)
        except ValidationError as exc:
            self._bad_amount(exc.message)
            return
        if amount > CONFIRM_ABOVE:
            self.confirm_box = confirm_large_amount(
                self,
                amount,
                on_yes=lambda: self._save(amount, confirm=True),
                on_no=lambda: self._bad_amount(_("Not saved. Check the sum.")),
            )
            return
        self._save(amount)

    def _bad_amount(self, message: str) -> None:
        self.panel.show_message(message)
        self.panel.amount.setFocus()
        self.panel.amount.selectAll()

    def _save(self, amount: int, confirm: bool = False) -> None:
        household_id, actor = self.household_id, self.ctx.actor
        method, service_id = self.panel.method_value(), self.panel.service_id()
        if household_id is None or self._saving:
            return
        self._saving = True
        self.panel.set_busy(True)
        self.ctx.tasks.run_write(
            lambda session: data.pay(
                session, actor, household_id, amount, method, service_id, confirm=confirm
            ),
            on_done=self._saved,
            on_error=self._save_failed,
            kinds={"payments", "billing"},
        )

    def _saved(self, paid: data.Paid) -> None:
        self._saving = False
        self.panel.set_busy(False)
        self._set_receipt(paid.receipt_no, printed=False)
        self.receipt_label.setText(
            _("Receipt {number}: {amount}").format(
                number=paid.receipt_no, amount=format_money(paid.amount)
            )
        )
        self.status.setStyleSheet(STATUS_STYLE)
        self.status.setText(_("Saved. Printing..."))
        self.panel.clear()
        self.focus_search()
        self._reload_timer.start()
        self.printer.print_receipt(paid.receipt_no)

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.panel.set_busy(False)
        if isinstance(exc, AimakError):
            self._bad_amount(exc.message)
        else:
            self._unexpected(exc)

    # --- receipts -------------------------------------------------------------------------

    def _set_receipt(self, number: str, *, printed: bool) -> None:
        self.current_receipt = number
        self._receipt_printed = printed
        self.reprint_button.setEnabled(bool(number))
        self.void_button.setEnabled(bool(number))

    def _receipt_chosen(self, number: str) -> None:
        self._set_receipt(number, printed=True)
        self.receipt_label.setText(_("Receipt {number}").format(number=number))
        self.status.clear()

    def _printed(self, number: str, _path: str, direct: bool) -> None:
        if number == self.current_receipt:
            self._receipt_printed = True
        self.status.setStyleSheet(STATUS_STYLE)
        self.status.setText(
            _("Printed.") if direct else _("The preview is open: print from there.")
        )

    def _print_failed(self, message: str) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(_("Saved, but not printed: {reason}").format(reason=message))

    def reprint(self) -> None:
        """Print the current receipt again: a copy, unless its original never printed."""
        if not self.current_receipt:
            return
        self.status.setStyleSheet(STATUS_STYLE)
        self.status.setText(_("Printing..."))
        self.printer.print_receipt(self.current_receipt, is_copy=self._receipt_printed)

    def open_void(self) -> VoidDialog | None:
        if not self.current_receipt:
            return None
        number = self.current_receipt
        dialog = VoidDialog(number, lambda reason: self._void(dialog, number, reason), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.void_dialog = dialog
        dialog.open()
        return dialog

    def _void(self, dialog: VoidDialog, number: str, reason: str) -> None:
        actor = self.ctx.actor

        def failed(exc: BaseException) -> None:
            if isinstance(exc, AimakError):
                dialog.failed(exc.message)
            else:
                dialog.failed("")
                self._unexpected(exc)

        def done(_number: str) -> None:
            dialog.done_ok()
            self.receipt_label.setText(_("Receipt {number} voided").format(number=number))
            self.status.clear()
            self.focus_search()
            self._reload_timer.start()

        self.ctx.tasks.run_write(
            lambda session: data.void(session, actor, number, reason),
            on_done=done,
            on_error=failed,
            kinds={"payments", "billing"},
        )

    # --- settings and errors --------------------------------------------------------------

    def open_printing_settings(self) -> Any:
        from aimak_desktop.ui.printing import load_prefs
        from aimak_desktop.ui.printing.dialog import PrinterSettingsDialog

        dialog = PrinterSettingsDialog(self.ctx.settings, load_prefs(self.ctx.settings), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _read_failed(self, exc: BaseException) -> None:
        self._searching = False
        if isinstance(exc, AimakError):
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(exc.message)
        else:
            self._unexpected(exc)

    def _unexpected(self, exc: BaseException) -> None:
        if self.ctx.show_error is not None:
            self.ctx.show_error(exc)
        else:
            self.ctx.tasks.default_error(exc)
