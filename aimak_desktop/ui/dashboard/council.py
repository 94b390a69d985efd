"""The "Council report PDF..." dialog: a month, quarter or year and the document language."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QWidget

from aimak_desktop.i18n import N_, _
from aimak_desktop.services.indicators import Period, parse_period, period_ending
from aimak_desktop.ui.common import lang_combo
from aimak_desktop.ui.dashboard.common import month_label

KINDS = (("month", N_("Month")), ("quarter", N_("Quarter")), ("year", N_("Year")))
#: How many periods of each kind the dialog offers (the current one first).
CHOICES = {"month": 24, "quarter": 8, "year": 3}


def periods_of(kind: str, today: dt.date) -> list[Period]:
    """The current period of `kind` and the ones before it, newest first."""
    period = period_ending(kind, today)
    out = []
    for _step in range(CHOICES[kind]):
        out.append(period)
        period = period.previous()
    return out


class CouncilDialog(QDialog):
    """Asks for the period and language; `choice()` gives them after `accept()`."""

    def __init__(self, start: Period, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Council report"))
        self.today = dt.date.today()
        self.kind = QComboBox()
        for code, label in KINDS:
            self.kind.addItem(_(label), code)
        self.period = QComboBox()
        self.period.setMinimumContentsLength(16)
        self.lang = lang_combo()
        form = QFormLayout(self)
        form.addRow(_("Report for"), self.kind)
        form.addRow(_("Period"), self.period)
        form.addRow(_("Language"), self.lang)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Write PDF"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._fill)
        self._fill()
        found = self.period.findData(start.label)
        if found >= 0:
            self.period.setCurrentIndex(found)

    def _fill(self, *_args: object) -> None:
        self.period.clear()
        for period in periods_of(self.kind.currentData(), self.today):
            self.period.addItem(month_label(period), period.label)

    def choice(self) -> tuple[Period, str]:
        return parse_period(self.period.currentData()), self.lang.currentData()
