"""The Billing page: monthly run, bills, cash day close and debtors, one tab each.

Documents are written under the data folder's documents/ (see `out_dir`) and handed to the
system viewer by `opener`; tests replace both.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from aimak_desktop.i18n import _
from aimak_desktop.ui.billing.data import WATCHED_KINDS, BillingLookups, load_lookups
from aimak_desktop.ui.billing.tab_bills import BillsTab
from aimak_desktop.ui.billing.tab_day_close import DayCloseTab
from aimak_desktop.ui.billing.tab_debtors import DebtorsTab
from aimak_desktop.ui.billing.tab_run import RunTab
from aimak_desktop.ui.common import documents_dir, failure_handler, open_file
from aimak_desktop.ui.context import AppContext


class BillingPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: Hands a written PDF or workbook to the system viewer; tests put a recorder here.
        self.opener: Callable[[Path], None] = open_file
        #: Folder the documents are written to (the data folder's documents/ by default).
        self.out_dir: Path = documents_dir()
        self.lookups = BillingLookups()
        self._started = False
        self._stale = False

        def out() -> Path:
            return self.out_dir

        def opener(path: Path) -> None:
            self.opener(path)

        self.run_tab = RunTab(ctx)
        self.bills_tab = BillsTab(ctx, out, opener)
        self.day_tab = DayCloseTab(ctx, out, opener)
        self.debtors_tab = DebtorsTab(ctx, out, opener)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.run_tab, _("Monthly run"))
        self.tabs.addTab(self.bills_tab, _("Bills"))
        self.tabs.addTab(self.day_tab, _("Day close"))
        self.tabs.addTab(self.debtors_tab, _("Debtors"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def on_shown(self) -> None:
        if not self._started:
            self._started = True
            self.reload()

    def on_changed(self, kinds: Any) -> None:
        if self._started and set(kinds) & WATCHED_KINDS:
            self.reload()

    def reload(self) -> None:
        """Read the filters' choices again; each tab then reads its own figures."""
        self.ctx.tasks.run_read(
            load_lookups, self._show_lookups, failure_handler(self.ctx, self.run_tab.status)
        )

    def _show_lookups(self, lookups: BillingLookups) -> None:
        self.lookups = lookups
        for tab in (self.run_tab, self.bills_tab, self.day_tab, self.debtors_tab):
            tab.set_lookups(lookups)
