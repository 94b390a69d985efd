"""Cash day close (Z-report) per cashier and day: the figures, closing the day, the PDF.

The figures are computed from the ledger each time; closing records them as they are. After
closing, that day's receipts of that cashier can be voided only by the head or administrator.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_datetime, format_number
from aimak_desktop.models.billing import METHOD_LABELS, PaymentMethod
from aimak_desktop.ui.billing.common import ask, busy_bar, date_edit, from_qdate, money
from aimak_desktop.ui.billing.data import (
    DAY_CLOSE_KINDS,
    BillingLookups,
    can_charge,
    safe_name,
    service_name,
    write_day_close,
)
from aimak_desktop.ui.common import (
    RowsModel,
    compact,
    failure_handler,
    fill_combo,
    find_data,
    lang_combo,
    make_table,
    message_label,
    say,
)
from aimak_desktop.ui.context import AppContext


def day_figures(
    session: Any, day: dt.date, cashier_id: uuid.UUID, name: str
) -> tuple[Any, list[dt.date]]:
    """The Z-report data of the day and the cashier's days still open."""
    from aimak_desktop.services.billing_views import day_close_data
    from aimak_desktop.services.day_close import open_days

    return day_close_data(session, day, cashier_id, name), open_days(session, cashier_id)


class MethodsModel(RowsModel):
    HEADERS = (N_("Payment method"), N_("Receipts"), N_("Amount"))
    NUMERIC = frozenset({1, 2})

    def text(self, row: Any, column: int) -> str:
        if column == 0:
            try:
                return _(METHOD_LABELS[PaymentMethod(row.method)])
            except ValueError:
                return row.method
        return format_number(row.count) if column == 1 else money(row.amount)


class ServicesModel(RowsModel):
    HEADERS = (N_("Service"), N_("Amount"))
    NUMERIC = frozenset({1})

    def text(self, row: Any, column: int) -> str:
        return service_name(row.service_ky, row.service_ru) if column == 0 else money(row.amount)


class VoidsModel(RowsModel):
    HEADERS = (N_("Voided receipt"), N_("Amount"), N_("Voided by"), N_("Reason"))
    NUMERIC = frozenset({1})

    def text(self, row: Any, column: int) -> str:
        return (row.receipt_no, money(row.amount), row.voided_by, row.reason)[column]


class DayCloseTab(QWidget):
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
        self.data: Any = None
        self._asked = 0
        self._stale = True
        self.question: Any = None
        self.last_pdf: Path | None = None
        self.day = date_edit()
        self.cashier = QComboBox()
        self.cashier.setMinimumWidth(240)
        self.day.dateChanged.connect(self.reload)
        self.cashier.currentIndexChanged.connect(self.reload)
        self.close_button = QPushButton(_("Close the day..."))
        self.close_button.clicked.connect(self.ask_close)
        self.close_button.setVisible(can_charge(ctx.actor))
        self.language = compact(lang_combo(), 8)
        self.pdf_button = QPushButton(_("Z-report PDF"))
        self.pdf_button.clicked.connect(self.make_pdf)
        self.progress = busy_bar()
        self.status = message_label()

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Day")))
        top.addWidget(self.day)
        top.addWidget(QLabel(_("Cashier")))
        top.addWidget(self.cashier)
        top.addStretch(1)
        top.addWidget(self.close_button)
        top.addWidget(self.language)
        top.addWidget(self.pdf_button)
        top.addWidget(self.progress)

        self.state = QLabel()
        self.open_days = QLabel()
        self.open_days.setWordWrap(True)
        self.open_days.hide()
        self.receipts = QLabel()
        self.total = QLabel()
        self.voided = QLabel()
        self.total.setStyleSheet("font-weight: bold;")
        figures = QGridLayout()
        for row, (label, value) in enumerate(
            (
                (_("Status"), self.state),
                (_("Receipts"), self.receipts),
                (_("Taken"), self.total),
                (_("Voided"), self.voided),
            )
        ):
            figures.addWidget(QLabel(label), row, 0)
            figures.addWidget(value, row, 1)
        figures.setColumnStretch(1, 1)

        self.methods = MethodsModel()
        self.services = ServicesModel()
        self.voids = VoidsModel()
        tables = QHBoxLayout()
        tables.addWidget(make_table(self.methods, stretch=0), 1)
        tables.addWidget(make_table(self.services, stretch=0), 1)
        self.voids_view = make_table(self.voids, stretch=3)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(figures)
        layout.addWidget(self.open_days)
        layout.addLayout(tables, 2)
        layout.addWidget(QLabel(_("Voided receipts (their numbers stay used)")))
        layout.addWidget(self.voids_view, 1)

    # -- data -------------------------------------------------------------------------------

    def set_lookups(self, lookups: BillingLookups) -> None:
        had = self.cashier.count() > 0
        self.cashier.blockSignals(True)
        fill_combo(self.cashier, lookups.cashiers)
        if not had:
            # First load: one's own cash day; the head who takes no money sees the cashier's.
            me = self.ctx.actor.user_id
            others = [cid for cid, _name in lookups.cashiers if cid in lookups.takers]
            wanted = me if me in lookups.takers or not others else others[0]
            self.cashier.setCurrentIndex(max(find_data(self.cashier, wanted), 0))
        self.cashier.blockSignals(False)
        self.reload()

    def selection(self) -> tuple[dt.date, uuid.UUID | None, str]:
        return from_qdate(self.day.date()), self.cashier.currentData(), self.cashier.currentText()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self, *_args: Any) -> None:
        day, cashier_id, name = self.selection()
        if cashier_id is None:
            return
        if not self.isVisible():
            self._stale = True  # read when the tab is opened: no work for a hidden table
            return
        self._stale = False
        self._asked += 1
        asked = self._asked
        self.ctx.tasks.run_read(
            lambda session: day_figures(session, day, cashier_id, name),
            lambda result: self._show(result[0], result[1], asked),
            failure_handler(self.ctx, self.status),
        )

    def _show(self, data: Any, open_days: list[dt.date], asked: int) -> None:
        if asked != self._asked:
            return  # an older answer: the user already picked another day or cashier
        self.data = data
        others = [d for d in open_days if d != data.day]
        self.open_days.setText(
            _("Days of this cashier not closed yet: {days}").format(
                days=", ".join(d.strftime("%d.%m.%Y") for d in others[-8:])
            )
            if others
            else ""
        )
        self.open_days.setVisible(bool(others))
        if data.closed_at is not None:
            self.state.setText(
                _("Closed by {name}, {when}").format(
                    name=data.closed_by, when=format_datetime(data.closed_at)
                )
            )
        else:
            self.state.setText(_("Not closed yet"))
        if data.receipts_count:
            self.receipts.setText(
                _("{count} (from {first} to {last})").format(
                    count=format_number(data.receipts_count),
                    first=data.first_receipt_no,
                    last=data.last_receipt_no,
                )
            )
        else:
            self.receipts.setText(_("none"))
        self.total.setText(money(data.total))
        void_total = sum(v.amount for v in data.voids)
        self.voided.setText(
            _("{count} receipts, {total}").format(
                count=format_number(len(data.voids)), total=money(void_total)
            )
        )
        self.methods.set_rows(data.by_method)
        self.services.set_rows(data.by_service)
        self.voids.set_rows(data.voids)
        self.close_button.setEnabled(data.closed_at is None)

    # -- actions ----------------------------------------------------------------------------

    def ask_close(self) -> None:
        if not can_charge(self.ctx.actor) or self.data is None:
            return
        day, _cashier, name = self.selection()
        text = _("Close the cash day of {name} on {day}? Taken: {total}.").format(
            name=name, day=day.strftime("%d.%m.%Y"), total=money(self.data.total)
        )
        text += "\n" + _("Afterwards only the head or the administrator can void its receipts.")
        self.question = ask(self, _("Close the day"), text, _("Close the day"), self.close_day)

    def close_day(self) -> None:
        from aimak_desktop.services.day_close import close_day

        actor = self.ctx.actor
        day, cashier_id, _name = self.selection()
        own = cashier_id == actor.user_id
        self.close_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            failure_handler(self.ctx, self.status)(exc)
            self.reload()

        self.ctx.tasks.run_write(
            lambda session: close_day(session, actor, day, None if own else cashier_id),
            self._closed,
            failed,
            kinds=DAY_CLOSE_KINDS,
        )

    def _closed(self, record: Any) -> None:
        say(
            self.status,
            _("The cash day of {day} is closed: {total}.").format(
                day=record.day.strftime("%d.%m.%Y"), total=money(record.total)
            ),
            ok=True,
        )
        self.reload()

    def make_pdf(self) -> None:
        day, cashier_id, name = self.selection()
        if cashier_id is None:
            return
        lang = str(self.language.currentData())
        path = self._out_dir() / (safe_name(f"z-report-{day.isoformat()}-{name}-{lang}") + ".pdf")
        self.pdf_button.setEnabled(False)
        self.progress.show()
        self.ctx.tasks.run_read(
            lambda session: write_day_close(session, path, day, cashier_id, name, lang),
            self._written,
            self._failed,
        )

    def _written(self, path: Path) -> None:
        self.pdf_button.setEnabled(True)
        self.progress.hide()
        self.last_pdf = path
        say(self.status, _("PDF saved: {path}").format(path=path), ok=True)
        self._open(path)

    def _failed(self, exc: BaseException) -> None:
        self.pdf_button.setEnabled(True)
        self.progress.hide()
        failure_handler(self.ctx, self.status)(exc)
