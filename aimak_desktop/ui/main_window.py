"""The main window: navigation on the left, pages built on first use, menus and a status bar."""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop import APP_NAME, paths
from aimak_desktop.i18n import _
from aimak_desktop.models.core import ROLE_LABELS
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.errors import show_error
from aimak_desktop.ui.pages import PageSpec, all_pages
from aimak_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: Benchmark hook: print a marker and quit on the first paint of the window.
EXIT_AFTER_PAINT = "AIMAK_EXIT_AFTER_PAINT"
PAINTED_MARKER = "AIMAK_PAINTED"
NAV_STYLE = "QListWidget#navigation::item { padding: 7px 10px; }"
#: Widest the navigation column may get; longer titles wrap.
NAV_MAX_WIDTH = 195
BANNER_STYLE = (
    "QFrame#demoBanner { background: #fff4c2; border-bottom: 1px solid #e0c860; }"
    " QFrame#demoBanner QLabel { color: #5a4500; font-weight: bold; }"
)


#: Every kind of change pages listen for; "*" in `changed` stands for all of them.
ALL_KINDS = frozenset(
    {
        "office",
        "users",
        "register",
        "households",
        "services",
        "tariffs",
        "hearings",
        "feedback",
        "surveys",
        "billing",
        "payments",
        "sync",
    }
)


class MainWindow(QMainWindow):
    #: Emitted once, after the window was painted for the first time.
    first_painted = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._painted = False
        self._tasks: TaskRunner | None = None
        self.sync_scheduler: Any = None
        self._pending_row: int | None = None
        self._building = False
        self.pages: dict[str, QWidget] = {}
        self.specs: list[PageSpec] = []
        # Pages shown before the first paint load their data after it: a background query
        # competing for the interpreter would only delay the first frame.
        self._deferred: list[QWidget] = []
        ctx.open_page = self.open_page
        ctx.show_error = self.show_error
        self.resize(1200, 760)
        for n in range(1, 10):
            QShortcut(QKeySequence(f"Ctrl+{n}"), self, lambda n=n: self.select_index(n - 1))
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search)
        self.attach_tasks()
        self.rebuild()

    # -- building -------------------------------------------------------------------------

    def load_identity(self) -> None:
        """Office name, demo flag and PC code (one small query; the status bar needs them now)."""
        from aimak_desktop.ui.startup import read_identity

        with self.ctx.db.session() as session:
            identity = read_identity(session)
        self.office_name = identity.office_name if identity else ""
        self.is_demo = bool(identity and identity.is_demo)
        self.series = identity.series if identity else ""

    def rebuild(self) -> None:
        """(Re)create menus, pages and status bar in the current language."""
        current = self.current_key()
        for page in self.pages.values():
            page.deleteLater()
        self.pages = {}
        self.load_identity()
        self.setWindowTitle(f"{self.office_name} — {APP_NAME}" if self.office_name else APP_NAME)
        self._build_menus()
        self.specs = all_pages(self.ctx.actor)
        old = self.centralWidget()
        self.setCentralWidget(self._build_central())
        if old is not None:
            old.deleteLater()
        self._build_status_bar()
        keys = [s.key for s in self.specs]
        self._building = True
        try:
            self.select_index(keys.index(current) if current in keys else 0)
        finally:
            self._building = False

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(_("&File"))
        self._action(file_menu, _("Back up now"), self.backup_now)
        self._action(file_menu, _("Restore a backup..."), self.choose_backup)
        if self.is_demo:
            self._action(file_menu, _("Set up a real office..."), self.setup_real_office)
        file_menu.addSeparator()
        self._action(file_menu, _("Quit"), self.close, QKeySequence("Ctrl+Q"))
        help_menu = bar.addMenu(_("&Help"))
        self._action(help_menu, _("About"), self.show_about, QKeySequence("F1"))
        self._action(help_menu, _("Open the log folder"), self.open_log_folder)

    def _action(self, menu: Any, text: str, slot: Any, keys: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(keys)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_central(self) -> QWidget:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner: QFrame | None = None
        if self.is_demo:
            self.banner = self._build_banner()
            outer.addWidget(self.banner)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setStyleSheet(NAV_STYLE)
        self.stack = QStackedWidget()
        metrics = self.nav.fontMetrics()
        for n, spec in enumerate(self.specs):
            title = _(spec.title)
            item = QListWidgetItem(two_lines(title, metrics, NAV_MAX_WIDTH - 34))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(f"{title} (Ctrl+{n + 1})" if n < 9 else title)
            self.nav.addItem(item)
            # A page larger than the screen scrolls instead of growing the window past it.
            holder = QScrollArea()
            holder.setFrameShape(QFrame.Shape.NoFrame)
            holder.setWidgetResizable(True)
            self.stack.addWidget(holder)
        self.nav.currentRowChanged.connect(self._on_row)
        # Long titles (Kyrgyz ones are) take two lines instead of widening the column: the pages
        # need the width more than the navigation does.
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        natural = self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 8
        nav_width = min(NAV_MAX_WIDTH, max(170, natural))
        self.nav.setMinimumWidth(nav_width)
        self.nav.setMaximumWidth(nav_width if natural > NAV_MAX_WIDTH else max(260, nav_width))
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([nav_width, 1200 - nav_width])
        outer.addWidget(splitter, 1)
        return central

    def _build_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("demoBanner")
        banner.setStyleSheet(BANNER_STYLE)
        row = QHBoxLayout(banner)
        row.setContentsMargins(12, 6, 12, 6)
        self.banner_label = QLabel(_("Demo office: the data is not real."))
        row.addWidget(self.banner_label)
        row.addStretch(1)
        button = QPushButton(_("Set up your office..."))
        button.clicked.connect(self.setup_real_office)
        row.addWidget(button)
        return banner

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        for old in getattr(self, "_status_widgets", []):
            bar.removeWidget(old)
            old.deleteLater()
        self.office_label = QLabel(self.office_name)
        self.device_label = QLabel(_("PC code: {code}").format(code=self.series))
        actor = self.ctx.actor
        self.user_label = QLabel(
            _("{user} ({role})").format(user=actor.name, role=_(ROLE_LABELS[actor.role]))
        )
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(90)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setToolTip(_("Working..."))
        self.busy_bar.setVisible(bool(self.ctx.tasks.pending()))
        self._status_widgets: list[QWidget] = [
            self.office_label,
            self.device_label,
            self.user_label,
        ]
        for widget in self._status_widgets:
            widget.setContentsMargins(6, 0, 12, 0)
            bar.addWidget(widget)
        if self.sync_scheduler is not None:
            from aimak_desktop.ui.sync.status_widget import StatusWidget

            self.sync_status = StatusWidget(self.ctx, self.sync_scheduler)
            bar.addPermanentWidget(self.sync_status)
            self._status_widgets.append(self.sync_status)
        bar.addPermanentWidget(self.busy_bar)
        self._status_widgets.append(self.busy_bar)

    def attach_tasks(self) -> None:
        """Connect the (possibly new) task runner of the context to the window."""
        tasks = self.ctx.tasks
        if tasks is self._tasks:
            return
        self._tasks = tasks
        tasks.default_error = self.show_error
        tasks.busy.connect(self._on_busy)
        tasks.changed.connect(self._on_changed)
        # Background sync belongs to one task runner: a new runner (office reopened) gets a new one.
        from aimak_desktop.ui.sync.scheduler import SyncScheduler

        self.stop_background()
        self.sync_scheduler = SyncScheduler(self.ctx, parent=self)
        if self._painted:
            self.sync_scheduler.start()
        if hasattr(self, "office_label"):
            self._build_status_bar()

    def stop_background(self) -> None:
        """Stop background sync (before the task runner shuts down: exit, restore, set-up)."""
        scheduler = getattr(self, "sync_scheduler", None)
        if scheduler is not None:
            scheduler.stop()
            scheduler.deleteLater()
            self.sync_scheduler = None

    # -- pages ----------------------------------------------------------------------------

    def current_key(self) -> str | None:
        nav = getattr(self, "nav", None)
        if nav is None or nav.currentRow() < 0 or nav.currentRow() >= len(self.specs):
            return None
        return self.specs[nav.currentRow()].key

    def select_index(self, index: int) -> None:
        if 0 <= index < len(self.specs):
            self.nav.setCurrentRow(index)

    def open_page(self, key: str, **kwargs: Any) -> QWidget | None:
        """Switch to the page `key`; `kwargs` go to the page's `open_with(**kwargs)` if any."""
        keys = [s.key for s in self.specs]
        if key not in keys:
            return None
        self.select_index(keys.index(key))
        page = self.pages.get(key)
        if kwargs and page is not None and hasattr(page, "open_with"):
            page.open_with(**kwargs)
        return page

    def page(self, key: str) -> QWidget | None:
        self._create_pending()
        return self.pages.get(key)

    def _on_row(self, row: int) -> None:
        if row < 0 or row >= len(self.specs):
            return
        spec = self.specs[row]
        holder = self.stack.widget(row)
        assert isinstance(holder, QScrollArea)
        if self._building and not self._painted:
            # The window paints first (navigation, status bar); the page and its imports follow
            # right after, so the office opens at once even on an old PC.
            self.stack.setCurrentIndex(row)
            self._pending_row = row
            return
        first = spec.key not in self.pages
        page: Any
        if first:
            page = spec.factory(self.ctx)
            page.setObjectName(f"page_{spec.key}")
            holder.setWidget(page)
            self.pages[spec.key] = page
        self.stack.setCurrentIndex(row)
        page = self.pages[spec.key]
        if first and hasattr(page, "on_shown"):
            if self._painted:
                page.on_shown()
            else:
                self._deferred.append(page)

    def current_page(self) -> QWidget | None:
        self._create_pending()
        key = self.current_key()
        return self.pages.get(key) if key else None

    def focus_search(self) -> None:
        page = self.current_page()
        if page is not None and hasattr(page, "focus_search"):
            page.focus_search()

    def _on_changed(self, kinds: Any) -> None:
        if "*" in kinds:  # e.g. a sync applied other PCs' changes: anything may have changed
            kinds = ALL_KINDS | set(kinds)
        if "office" in kinds:
            self.load_identity()
            self.office_label.setText(self.office_name)
            self.setWindowTitle(f"{self.office_name} — {APP_NAME}")
        for page in list(self.pages.values()):
            if hasattr(page, "on_changed"):
                page.on_changed(kinds)

    def _on_busy(self, busy: bool) -> None:
        bar = getattr(self, "busy_bar", None)
        if bar is not None:
            bar.setVisible(busy)

    # -- actions --------------------------------------------------------------------------

    def backup_now(self) -> None:
        from aimak_desktop.ui.backups import backup_now

        backup_now(self)

    def choose_backup(self) -> QWidget | None:
        from aimak_desktop.ui.backups import choose_backup

        return choose_backup(self)

    def show_error(self, exc: BaseException) -> None:
        show_error(self, exc)

    def show_about(self) -> QWidget:
        from aimak_desktop.ui.about import show_about

        return show_about(self)

    def open_log_folder(self) -> None:
        folder = paths.logs_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def setup_real_office(self) -> QWidget:
        from aimak_desktop.ui.office_switch import start_real_office_wizard

        return start_real_office_wizard(self)

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if os.environ.get(EXIT_AFTER_PAINT) == "1":
                print(PAINTED_MARKER, flush=True)
                QApplication.exit(0)
                return
            QTimer.singleShot(0, self._after_first_paint)

    def _create_pending(self) -> None:
        if self._pending_row is not None:
            row, self._pending_row = self._pending_row, None
            if self.nav.currentRow() == row:
                self._on_row(row)

    def _after_first_paint(self) -> None:
        self._create_pending()
        if self.sync_scheduler is not None:
            self.sync_scheduler.start()
        deferred, self._deferred = self._deferred, []
        for page in deferred:
            if shiboken_valid(page):
                page.on_shown()  # type: ignore[attr-defined]
        self.first_painted.emit()


def two_lines(text: str, metrics: Any, width: int) -> str:
    """Break a title that is wider than `width` pixels at the space that balances two lines."""
    if metrics.horizontalAdvance(text) <= width or " " not in text:
        return text
    words = text.split(" ")
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, rest = min(
        splits,
        key=lambda p: max(metrics.horizontalAdvance(p[0]), metrics.horizontalAdvance(p[1])),
    )
    return f"{first}\n{rest}"


def shiboken_valid(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return bool(isValid(widget))
