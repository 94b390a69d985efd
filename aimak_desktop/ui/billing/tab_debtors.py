"""Debtors on a date by village and service, split into ageing buckets; .xlsx and PDF exports.

Double-clicking a debtor opens the household's statement (charges and payments over a period).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_amount, format_number
from aimak_desktop.ui.billing.common import busy_bar, date_edit, from_qdate, money
from aimak_desktop.ui.billing.data import BillingLookups, safe_name, service_name, write_debtors
from aimak_desktop.ui.billing.statement import StatementDialog
from aimak_desktop.ui.common import (
    ROW_ROLE,
    RowsModel,
    compact,
    failure_handler,
    fill_combo,
    lang_combo,
    make_table,
    message_label,
    say,
)
from aimak_desktop.ui.context import AppContext


class _Total:
    """The bold last row: the sums of every bucket."""

    def __init__(self, buckets: list[int]) -> None:
        self.buckets = buckets

    @property
    def total(self) -> int:
        return sum(self.buckets)


class DebtorsModel(RowsModel):
    HEADERS = (
        N_("Account"),
        N_("Payer"),
        N_("Address"),
        N_("Service"),
        "0-30",
        "31-90",
        "91-180",
        ">180",
        N_("Total"),
    )
    FIRST_BUCKET = 4
    TOTAL = 8
    NUMERIC = frozenset(range(4, 9))

    def __init__(self) -> None:
        super().__init__()
        self.services: dict[Any, tuple[str, str, str]] = {}

    def show(self, report: Any) -> None:
        self.services = report.services
        rows: list[Any] = list(report.lines)
        if rows:
            rows.append(_Total(report.totals))
        self.set_rows(rows)

    def text(self, row: Any, column: int) -> str:
        if column >= self.FIRST_BUCKET:
            value = row.total if column == self.TOTAL else row.buckets[column - self.FIRST_BUCKET]
            return format_amount(value) if value else ""
        if isinstance(row, _Total):
            return _("Total") if column == 0 else ""
        if column == 3:
            _code, name_ky, name_ru = self.services.get(row.service_id, ("", "", ""))
            return service_name(name_ky, name_ru)
        village_address = ", ".join(p for p in (row.village, row.address) if p)
        return (row.account, row.payer, village_address)[column]

    def data(self, index: Any, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.FontRole
            and index.isValid()
            and isinstance(self.rows[index.row()], _Total)
        ):
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class DebtorsTab(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        out_dir: Callable[[], Path],
        opener: Callable[[Path], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._out_dir = out_dir
        self._open = opener
        self.report: Any = None
        self.dialog: StatementDialog | None = None
        self.last_file: Path | None = None
        self._asked = 0
        self._stale = True
        self.on_date = date_edit()
        self.village = compact(QComboBox(), 14)
        self.village.addItem(_("All villages"), None)
        self.service = compact(QComboBox(), 16)
        self.service.addItem(_("All services"), None)
        for widget in (self.village, self.service):
            widget.currentIndexChanged.connect(self.reload)
        self.on_date.dateChanged.connect(self.reload)
        self.language = compact(lang_combo(), 8)
        self.xlsx_button = QPushButton(_("Export .xlsx"))
        self.pdf_button = QPushButton(_("PDF"))
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.progress = busy_bar()

        top = QHBoxLayout()
        top.addWidget(QLabel(_("On")))
        top.addWidget(self.on_date)
        top.addWidget(self.village)
        top.addWidget(self.service)
        top.addStretch(1)
        top.addWidget(self.language)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.pdf_button)
        top.addWidget(self.progress)

        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.status = message_label()
        self.model = DebtorsModel()
        self.table = make_table(self.model, stretch=1, widths={2: 170, 3: 130})
        self.table.doubleClicked.connect(self.open_statement)
        hint = QLabel(
            _(
                "Amounts in som, by days since the charge was due. "
                "Double-click a debtor for the household's statement."
            )
        )
        hint.setStyleSheet("color: #555;")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.headline)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

    def set_lookups(self, lookups: BillingLookups) -> None:
        for combo, items, first in (
            (self.village, [(name, name) for _id, name in lookups.villages], _("All villages")),
            (self.service, lookups.services, _("All services")),
        ):
            combo.blockSignals(True)
            fill_combo(combo, items, first)
            combo.blockSignals(False)
        self.reload()

    def filters(self) -> tuple[dt.date, str | None, str | None]:
        return (
            from_qdate(self.on_date.date()),
            self.village.currentData(),
            self.service.currentData(),
        )

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self, *_args: Any) -> None:
        from aimak_desktop.services.debts import debtors_report

        on_date, village, service = self.filters()
        if not self.isVisible():
            self._stale = True  # read when the tab is opened: no work for a hidden table
            return
        self._stale = False
        self._asked += 1
        asked = self._asked
        self.ctx.tasks.run_read(
            lambda session: debtors_report(session, on_date, village, service),
            lambda report: self._show(report, asked),
            failure_handler(self.ctx, self.status),
        )

    def _show(self, report: Any, asked: int) -> None:
        if asked != self._asked:
            return  # the filters changed meanwhile: a newer answer is on its way
        self.report = report
        self.model.show(report)
        self.headline.setText(
            _("{households} households owe {total} ({rows} debts by service).").format(
                households=format_number(report.households),
                total=money(sum(report.totals)),
                rows=format_number(len(report.lines)),
            )
            if report.lines
            else _("Nobody owes anything on this date.")
        )

    def export(self, suffix: str) -> None:
        on_date, village, service = self.filters()
        lang = str(self.language.currentData())
        scope = "-".join(p for p in ("debtors", on_date.isoformat(), village, service, lang) if p)
        path = self._out_dir() / (safe_name(scope) + suffix)
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(False)
        self.progress.show()
        self.ctx.tasks.run_read(
            lambda session: write_debtors(session, path, on_date, village, service, lang),
            self._written,
            self._failed,
        )

    def _finish(self) -> None:
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(True)
        self.progress.hide()

    def _written(self, path: Path) -> None:
        self._finish()
        self.last_file = path
        say(self.status, _("Saved: {path}").format(path=path), ok=True)
        self._open(path)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        failure_handler(self.ctx, self.status)(exc)

    def open_statement(self, index: QModelIndex) -> StatementDialog | None:
        row = self.model.data(index, ROW_ROLE)
        if row is None or isinstance(row, _Total):
            return None
        self.dialog = StatementDialog(
            self.ctx,
            row.household_id,
            f"{row.account} {row.payer}",
            self._out_dir,
            self._open,
            self,
        )
        self.dialog.open()
        return self.dialog
