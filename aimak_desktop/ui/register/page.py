"""The register page: every household, searched as you type, with the household card.

Keyboard: Ctrl+F search, Down into the table, Enter opens the card, Ctrl+N new household, Del
archives the selected household (asks the reason), Esc clears the search.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _, get_language
from aimak_desktop.i18n.formatting import format_number
from aimak_desktop.services.search import HouseholdRow
from aimak_desktop.ui.common import message_label, say
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.register.callbacks import weak
from aimak_desktop.ui.register.card import HouseholdCard, can_edit_register
from aimak_desktop.ui.register.data import RegisterLookups, debts_module, load_lookups
from aimak_desktop.ui.register.dialogs import NewHouseholdDialog, ReasonDialog, report_failure
from aimak_desktop.ui.register.filters import FiltersBar
from aimak_desktop.ui.register.model import HouseholdModel

#: Write kinds after which the register is read again.
REFRESH_KINDS = frozenset({"households", "register", "*"})
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

#: Starting column widths: a typical value of each column (the head's name takes the spare width).
_SAMPLES = {
    HouseholdModel.ACCOUNT: "A000000",
    HouseholdModel.VILLAGE: "Кызыл-Суу",
    HouseholdModel.STREET: "Абдрахманов",
    HouseholdModel.HOUSE: "12/3а",
    HouseholdModel.RESIDENTS: "12",
    HouseholdModel.PHONE: "+996 555 555 555",
    HouseholdModel.CATEGORY: "Көп балалуу үй",
    HouseholdModel.DEBT: "-12 345,00",
    HouseholdModel.ARCHIVED: "архивде",
}


class RegisterPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.writable = can_edit_register(ctx)
        self.card: HouseholdCard | None = None
        self.dialog: NewHouseholdDialog | ReasonDialog | None = None
        self._started = False
        self._lookups_wanted = False
        self._keep: uuid.UUID | None = None
        layout = QVBoxLayout(self)
        self.filters = FiltersBar(with_debt=debts_module() is not None)
        self.search = self.filters.search
        self.count = QLabel()
        self.count.setObjectName("register_count")
        top = QHBoxLayout()
        self.open_button = QPushButton(_("Open card"))
        self.open_button.clicked.connect(self.open_card)
        self.new_button = QPushButton(_("New household (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_household)
        self.archive_button = QPushButton(_("Archive (Del)"))
        self.archive_button.clicked.connect(self.archive_selected)
        for button in (self.new_button, self.archive_button):
            button.setVisible(self.writable)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        top.addWidget(self.open_button)
        top.addWidget(self.new_button)
        top.addWidget(self.archive_button)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        self.message = message_label()
        layout.addWidget(self.message)
        self.model = HouseholdModel(ctx.tasks, report_failure(ctx, self.message), parent=self)
        self.view = self._make_view()
        layout.addWidget(self.view, 1)
        self.model.total_changed.connect(self._show_total)
        self.model.loaded.connect(self._loaded)
        self.filters.query_changed.connect(self._query)
        self.search.installEventFilter(self)
        self.view.installEventFilter(self)
        self.view.doubleClicked.connect(lambda _index: self.open_card())
        if self.writable:
            new = QShortcut(QKeySequence("Ctrl+N"), self)
            new.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            new.activated.connect(self.new_household)
        self.setFocusProxy(self.search)

    def _make_view(self) -> QTableView:
        view = QTableView()
        view.setObjectName("register_table")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTabKeyNavigation(False)  # Tab leaves the table, as in the rest of the program
        view.verticalHeader().hide()
        # Fixed row height and column widths: no measuring of rows, nothing jumps while typing.
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(HouseholdModel.HEAD, QHeaderView.ResizeMode.Stretch)
        metrics, bold = view.fontMetrics(), header.fontMetrics()
        for column, sample in _SAMPLES.items():
            title = bold.horizontalAdvance(_(HouseholdModel.HEADERS[column])) + 22
            view.setColumnWidth(column, max(metrics.horizontalAdvance(sample) + 14, title))
        if debts_module() is None:
            view.setColumnHidden(HouseholdModel.DEBT, True)
        return view

    # -- loading --------------------------------------------------------------------------

    def on_shown(self) -> None:
        if self._started:
            return
        self._started = True
        self.model.set_query(self.filters.query())
        self._lookups_wanted = True  # read once the first rows are shown

    def on_changed(self, kinds: Any) -> None:
        if not self._started or not (set(kinds) & REFRESH_KINDS):
            return
        row = self.selected()
        self._keep = row.id if row else None  # stay on the household the clerk just edited
        self.model.refresh()
        self.ctx.tasks.run_read(load_lookups, weak(self._show_lookups))

    def _show_lookups(self, lookups: RegisterLookups) -> None:
        self.filters.set_lookups(lookups)

    def _query(self, query: Any) -> None:
        self._started = True
        self.model.set_query(query)

    def _show_total(self, total: int) -> None:
        self.count.setText(_("{n} households").format(n=format_number(total, get_language())))

    def _loaded(self, _generation: int) -> None:
        if self._lookups_wanted:
            self._lookups_wanted = False
            self.ctx.tasks.run_read(load_lookups, weak(self._show_lookups))
        say(self.message, "")
        keep, self._keep = self._keep, None
        number = self.model.row_of(keep) if keep else -1
        if number >= 0:
            self.view.setCurrentIndex(self.model.index(number, 0))
            self.view.scrollTo(self.model.index(number, 0))
        elif self.model.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))

    # -- keyboard -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key == Qt.Key.Key_Escape and (watched is self.search or watched is self.view):
            self.clear_search()
            return True
        if watched is self.search and key in (Qt.Key.Key_Down, *_ENTER):
            if self.filters.timer.isActive():
                self.filters.apply()  # the clerk is faster than the debounce: search now
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.model.rowCount():
                row = max(self.view.currentIndex().row(), 0)
                self.view.setCurrentIndex(self.model.index(row, 0))
            if key in _ENTER:
                self.open_card()
            return True
        if watched is self.view and key in _ENTER:
            self.open_card()
            return True
        if watched is self.view and key == Qt.Key.Key_Delete and self.writable:
            self.archive_selected()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The main window owns Ctrl+F; this serves the page when shown on its own.
        if event.matches(QKeySequence.StandardKey.Find):
            self.focus_search()
            return
        super().keyPressEvent(event)

    def clear_search(self) -> None:
        self.search.clear()
        self.filters.apply()
        self.focus_search()

    # -- actions --------------------------------------------------------------------------

    def selected(self) -> HouseholdRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def open_card(self, household_id: uuid.UUID | None = None) -> HouseholdCard | None:
        if household_id is None:
            row = self.selected()
            if row is None:
                say(self.message, _("Select a household first."))
                return None
            household_id = row.id
        self.card = HouseholdCard(self.ctx, household_id, self)
        self.card.finished.connect(lambda _code: self.view.setFocus())
        self.card.open()
        return self.card

    def open_with(self, household_id: uuid.UUID | None = None, **_kwargs: Any) -> None:
        """Another page asks to show a household (main window `open_page("register", ...)`)."""
        if household_id is not None:
            self.open_card(household_id)

    def new_household(self) -> NewHouseholdDialog | None:
        if not self.writable:
            return None
        dialog = NewHouseholdDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self.open_card(dialog.result_value))
        self.dialog = dialog
        dialog.open()
        return dialog

    def archive_selected(self) -> ReasonDialog | None:
        from aimak_desktop.services.registers import archive_household

        row = self.selected()
        if row is None or not self.writable:
            return None
        if row.archived:
            say(self.message, _("This household is already archived."))
            return None
        actor, household_id = self.ctx.actor, row.id
        dialog = ReasonDialog(
            self.ctx,
            _("Archive the household"),
            _("Why is {name} archived?").format(name=row.head_name),
            lambda s, reason: archive_household(s, actor, household_id, reason).id,
            self,
        )
        self.dialog = dialog
        dialog.open()
        return dialog
