"""A household's statement: opening balance, charges and payments over a period, closing balance."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.models.billing import CHARGE_KIND_LABELS
from aimak_desktop.ui.billing.common import busy_bar, date_edit, from_qdate, money
from aimak_desktop.ui.billing.data import safe_name, service_name, write_statement
from aimak_desktop.ui.common import (
    RowsModel,
    compact,
    failure_handler,
    lang_combo,
    make_table,
    message_label,
    say,
)
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.register.callbacks import weak

_KINDS = {k.value: label for k, label in CHARGE_KIND_LABELS.items()} | {
    "payment": N_("Payment"),
    "void": N_("Voided payment"),
}


def balance_text(balance: int) -> str:
    if balance > 0:
        return _("owes {amount}").format(amount=money(balance))
    if balance < 0:
        return _("advance {amount}").format(amount=money(-balance))
    return _("nothing owed")


class EntriesModel(RowsModel):
    HEADERS = (
        N_("Date"),
        N_("Entry"),
        N_("Service"),
        N_("Period"),
        N_("Charged"),
        N_("Paid"),
        N_("Receipt / reason"),
    )
    NUMERIC = frozenset({4, 5})

    def text(self, row: Any, column: int) -> str:
        if column == 0:
            return format_short_date(row.day)
        if column == 1:
            return _(_KINDS.get(row.kind, row.kind))
        if column == 2:
            return service_name(row.service_ky, row.service_ru)
        if column == 3:
            return row.period
        if column == 4:
            return money(row.charged) if row.charged else ""
        if column == 5:
            return money(row.paid) if row.paid else ""
        return row.reference


def year_ago(today: dt.date) -> dt.date:
    """The first day of the same month a year back: a statement's usual start."""
    return today.replace(year=today.year - 1, day=1)


class StatementDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        household_id: uuid.UUID,
        title: str,
        out_dir: Callable[[], Path],
        opener: Callable[[Path], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self._out_dir = out_dir
        self._open = opener
        self.data: Any = None
        self.last_pdf: Path | None = None
        self._asked = 0
        self.setWindowTitle(_("Statement: {household}").format(household=title))
        today = dt.date.today()
        self.start = date_edit(year_ago(today))
        self.end = date_edit(today)
        self.start.dateChanged.connect(self.reload)
        self.end.dateChanged.connect(self.reload)
        self.language = compact(lang_combo(), 8)
        self.pdf_button = QPushButton(_("PDF"))
        self.pdf_button.clicked.connect(self.make_pdf)
        self.progress = busy_bar()
        top = QHBoxLayout()
        top.addWidget(QLabel(_("From")))
        top.addWidget(self.start)
        top.addWidget(QLabel(_("to")))
        top.addWidget(self.end)
        top.addStretch(1)
        top.addWidget(self.language)
        top.addWidget(self.pdf_button)
        top.addWidget(self.progress)
        self.who = QLabel()
        self.opening = QLabel()
        self.closing = QLabel()
        self.closing.setStyleSheet("font-weight: bold;")
        self.status = message_label()
        self.model = EntriesModel()
        self.table = make_table(self.model, stretch=6)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.who)
        layout.addWidget(self.status)
        layout.addWidget(self.opening)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.closing)
        layout.addWidget(buttons)
        self.resize(900, 560)
        self.reload()

    def period(self) -> tuple[dt.date, dt.date]:
        return from_qdate(self.start.date()), from_qdate(self.end.date())

    def reload(self, *_args: Any) -> None:
        from aimak_desktop.services.billing_views import statement_data

        start, end = self.period()
        household_id = self.household_id
        self._asked += 1
        self.ctx.tasks.run_read(
            lambda session: statement_data(session, household_id, start, end),
            weak(self._show, self._asked),
            weak(self._failed),
        )

    def _show(self, asked: int, data: Any) -> None:
        if asked != self._asked:
            return
        self.data = data
        say(self.status, "")
        self.who.setText(f"{data.account} · {data.payer} · {data.address}")
        self.opening.setText(
            _("On {date}: {balance}").format(
                date=format_short_date(data.start), balance=balance_text(data.opening_balance)
            )
        )
        self.model.set_rows(data.entries)
        self.closing.setText(
            _("On {date}: {balance}").format(
                date=format_short_date(data.end), balance=balance_text(data.closing_balance)
            )
        )

    def _failed(self, exc: BaseException) -> None:
        self.pdf_button.setEnabled(True)
        self.progress.hide()
        failure_handler(self.ctx, self.status)(exc)

    def make_pdf(self) -> None:
        start, end = self.period()
        household_id, lang = self.household_id, str(self.language.currentData())
        account = self.data.account if self.data is not None else str(household_id)[:8]
        name = safe_name(f"statement-{account}-{start.isoformat()}-{end.isoformat()}-{lang}")
        path = self._out_dir() / (name + ".pdf")
        self.pdf_button.setEnabled(False)
        self.progress.show()
        self.ctx.tasks.run_read(
            lambda session: write_statement(session, path, household_id, start, end, lang),
            weak(self._written),
            weak(self._failed),
        )

    def _written(self, path: Path) -> None:
        self.pdf_button.setEnabled(True)
        self.progress.hide()
        self.last_pdf = path
        say(self.status, _("PDF saved: {path}").format(path=path), ok=True)
        self._open(path)
