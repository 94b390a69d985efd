"""Monthly run: preview the month's charges per service and village, charge them, correct them.

Charging runs in one transaction on the write worker; running a month again adds only what is
missing, and the service says so when nothing is. Corrections recompute the month and add the
differences as adjustment rows with a reason. The office's rules (mid-month joiners, due days)
are set here by the head or the administrator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_number
from aimak_desktop.ui.billing.common import ask, money, month_edit, period_of
from aimak_desktop.ui.billing.data import (
    BILLING_KINDS,
    BillingLookups,
    can_charge,
    can_set_rules,
    save_rules,
)
from aimak_desktop.ui.common import (
    RowsModel,
    failure_handler,
    make_table,
    message_label,
    say,
)
from aimak_desktop.ui.context import AppContext

JOIN_RULES = (("whole", N_("Whole month")), ("pro_rata", N_("Pro rata by days")))


class RunLinesModel(RowsModel):
    """Preview lines (service, village, count, total) and a bold total row at the end."""

    HEADERS = (N_("Service"), N_("Village"), N_("Charges"), N_("Amount"))
    NUMERIC = frozenset({2, 3})

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, str] = {}

    def text(self, row: Any, column: int) -> str:
        if column == 0:
            return self.names.get(row.service_code, row.service_code)
        if column == 1:
            return row.village
        if column == 2:
            return format_number(row.count)
        return money(row.total)

    def data(self, index: Any, role: int = 0) -> Any:
        from PySide6.QtCore import Qt

        if role == Qt.ItemDataRole.FontRole and index.isValid() and self.rows[index.row()].is_total:
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class _Line:
    def __init__(self, service_code: str, village: str, count: int, total: int, is_total: bool):
        self.service_code, self.village = service_code, village
        self.count, self.total, self.is_total = count, total, is_total


class RunTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary: Any = None
        self.question: Any = None
        self.dialog: CorrectionsDialog | None = None
        self.period = month_edit()
        self.preview_button = QPushButton(_("Preview"))
        self.charge_button = QPushButton(_("Charge..."))
        self.corrections_button = QPushButton(_("Corrections..."))
        self.preview_button.clicked.connect(lambda: self.preview())
        self.charge_button.clicked.connect(self.ask_charge)
        self.corrections_button.clicked.connect(self.corrections)
        writable = can_charge(ctx.actor)
        self.charge_button.setVisible(writable)
        self.corrections_button.setVisible(writable)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Month")))
        top.addWidget(self.period)
        top.addWidget(self.preview_button)
        top.addWidget(self.charge_button)
        top.addWidget(self.corrections_button)
        top.addStretch(1)

        self.headline = QLabel(_("Choose the month and press Preview."))
        self.headline.setWordWrap(True)
        self.status = message_label()
        self.model = RunLinesModel()
        self.table = make_table(self.model, stretch=1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.headline)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._rules_box())

    def _rules_box(self) -> QGroupBox:
        box = QGroupBox(_("Office billing rules"))
        self.join_rule = QComboBox()
        for code, label in JOIN_RULES:
            self.join_rule.addItem(_(label), code)
        self.due_days = QSpinBox()
        self.due_days.setRange(0, 90)
        self.due_days.setSuffix(" " + _("days after the month"))
        self.save_rules_button = QPushButton(_("Save rules"))
        self.save_rules_button.clicked.connect(self.save_rules)
        editable = can_set_rules(self.ctx.actor)
        self.join_rule.setEnabled(editable)
        self.due_days.setEnabled(editable)
        self.save_rules_button.setVisible(editable)
        grid = QGridLayout(box)
        grid.addWidget(QLabel(_("Joined or left mid-month")), 0, 0)
        grid.addWidget(self.join_rule, 0, 1)
        grid.addWidget(QLabel(_("Due")), 0, 2)
        grid.addWidget(self.due_days, 0, 3)
        grid.addWidget(self.save_rules_button, 0, 4)
        grid.setColumnStretch(5, 1)
        if not editable:
            note = QLabel(_("Only the head or the administrator changes these."))
            note.setWordWrap(True)
            grid.addWidget(note, 1, 0, 1, 6)
        return box

    # -- data -------------------------------------------------------------------------------

    def set_lookups(self, lookups: BillingLookups) -> None:
        self.model.names = dict(lookups.services)
        self.model.layoutChanged.emit()
        index = self.join_rule.findData(lookups.join_rule)
        self.join_rule.setCurrentIndex(max(index, 0))
        self.due_days.setValue(lookups.due_days)

    def preview(self, *, keep_status: bool = False) -> None:
        from aimak_desktop.services.billing_run import preview_run

        period = period_of(self.period)
        if not keep_status:
            say(self.status, "")
        self.headline.setText(_("Counting the charges of {period}...").format(period=period))
        self.ctx.tasks.run_read(
            lambda session: preview_run(session, period),
            self._show_preview,
            failure_handler(self.ctx, self.status),
        )

    def _show_preview(self, summary: Any) -> None:
        self.summary = summary
        lines = [_Line(x.service_code, x.village, x.count, x.total, False) for x in summary.lines]
        if lines:
            lines.append(_Line(_("Total"), "", summary.count, summary.total, True))
        self.model.set_rows(lines)
        if summary.count:
            text = _("{period}: {count} new charges, {total}.").format(
                period=summary.period,
                count=format_number(summary.count),
                total=money(summary.total),
            )
        else:
            text = _("{period}: nothing new to charge.").format(period=summary.period)
        if summary.already_charged:
            text += " " + _("Already charged: {count}.").format(
                count=format_number(summary.already_charged)
            )
        if summary.penalties:
            text += " " + _("Late-payment penalties: {count}, {total}.").format(
                count=format_number(summary.penalties), total=money(summary.penalty_total)
            )
        self.headline.setText(text)

    def ask_charge(self) -> None:
        if not can_charge(self.ctx.actor):
            return
        period = period_of(self.period)
        text = _(
            "Add the charges of {period} for every household?\n"
            "Running a month again adds only what is missing."
        ).format(period=period)
        if self.summary is not None and self.summary.period == period and self.summary.count:
            text += "\n\n" + _("The preview shows {count} charges, {total}.").format(
                count=format_number(self.summary.count), total=money(self.summary.total)
            )
        self.question = ask(
            self, _("Charge the month"), text, _("Charge"), lambda: self.charge(period)
        )

    def charge(self, period: str) -> None:
        from aimak_desktop.services.billing_run import commit_run

        actor = self.ctx.actor
        say(self.status, _("Charging {period}...").format(period=period), ok=True)
        self.charge_button.setEnabled(False)
        self.ctx.tasks.run_write(
            lambda session: commit_run(session, actor, period),
            self._charged,
            self._charge_failed,
            kinds=BILLING_KINDS,
        )

    def _charged(self, summary: Any) -> None:
        self.charge_button.setEnabled(True)
        say(
            self.status,
            _("{period} charged: {count} charges, {total}.").format(
                period=summary.period,
                count=format_number(summary.count),
                total=money(summary.total + summary.penalty_total),
            ),
            ok=True,
        )
        self.preview(keep_status=True)

    def _charge_failed(self, exc: BaseException) -> None:
        self.charge_button.setEnabled(True)
        failure_handler(self.ctx, self.status)(exc)

    def corrections(self) -> CorrectionsDialog | None:
        if not can_charge(self.ctx.actor):
            return None
        self.dialog = CorrectionsDialog(self.ctx, period_of(self.period), self._corrected, self)
        self.dialog.open()
        return self.dialog

    def _corrected(self, summary: Any) -> None:
        say(
            self.status,
            _("{period}: {count} corrections added, {total} in all.").format(
                period=summary.period,
                count=format_number(summary.count),
                total=money(summary.total),
            ),
            ok=True,
        )

    def save_rules(self) -> None:
        actor = self.ctx.actor
        rule, days = str(self.join_rule.currentData()), self.due_days.value()
        self.ctx.tasks.run_write(
            lambda session: save_rules(session, actor, rule, days),
            lambda _result: say(self.status, _("Billing rules saved."), ok=True),
            failure_handler(self.ctx, self.status),
            kinds=BILLING_KINDS,
        )


class CorrectionsDialog(QDialog):
    """Recalculate a month after a tariff or residents correction; the reason is required."""

    def __init__(self, ctx: AppContext, period: str, on_done: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.on_done = on_done
        self.setWindowTitle(_("Corrections of {period}").format(period=period))
        self.period = month_edit(dt.date(int(period[:4]), int(period[5:7]), 1))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("for example: tariff corrected by toktom No. 12"))
        self.status = message_label()
        explain = QLabel(
            _(
                "The month's charges are computed again from today's register and tariffs; "
                "each difference is added as a correction row. Nothing is edited."
            )
        )
        explain.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Month"), self.period)
        form.addRow(_("Reason"), self.reason)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Recalculate"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def save(self) -> None:
        from aimak_desktop.services.billing_corrections import adjust_charges

        actor, period, reason = self.ctx.actor, period_of(self.period), self.reason.text()
        if not reason.strip():
            say(self.status, _("Please give the reason."))
            self.reason.setFocus()
            return
        self.ok_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.ok_button.setEnabled(True)
            failure_handler(self.ctx, self.status)(exc)

        self.ctx.tasks.run_write(
            lambda session: adjust_charges(session, actor, period, reason),
            self._done,
            failed,
            kinds=BILLING_KINDS,
        )

    def _done(self, summary: Any) -> None:
        self.accept()
        self.on_done(summary)
