"""The sync page: targets and how they did, other PCs' progress, conflicts, quarantine, the key.

Everything shown comes from `data.load_view` (a read in the pool); "Sync now" runs
`sync.exchange.sync_run` for each target on the write worker and announces {"*"}, since
received operations may touch any page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.i18n import _
from aimak_desktop.models.core import Role
from aimak_desktop.ui.common import (
    failure_handler,
    make_table,
    message_label,
    say,
    selected_row,
)
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.sync import data
from aimak_desktop.ui.sync.data import SyncView, clock_offset_text
from aimak_desktop.ui.sync.dialogs import CarryDialog, KeyTextDialog
from aimak_desktop.ui.sync.models import DevicesModel, TargetsModel
from aimak_desktop.ui.sync.review import ConflictsView, QuarantineView
from aimak_desktop.ui.sync.targets import TargetDialog

BANNER_STYLE = (
    "QFrame#clockBanner { background: #fff4c2; border: 1px solid #e0c860; }"
    " QFrame#clockBanner QLabel { color: #5a4500; font-weight: bold; }"
)
NOTE_STYLE = "color: #555555;"
TABLE_MIN_HEIGHT = 90
TARGETS_MAX_HEIGHT = 150


class SyncPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.view_data = SyncView()
        self.dialog: QWidget | None = None
        self._loading = False
        self._load_again = False
        self.syncing = False
        layout = QVBoxLayout(self)
        self.banner = QFrame()
        self.banner.setObjectName("clockBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(10, 6, 10, 6)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        banner_row.addWidget(self.banner_label, 1)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addLayout(self._actions())
        self.message = message_label()
        layout.addWidget(self.message)
        layout.addWidget(self._targets_box())
        self.tabs = QTabWidget()
        self.devices_model = DevicesModel()
        self.devices_view = make_table(self.devices_model, stretch=DevicesModel.REASON)
        self.devices_view.setMinimumHeight(TABLE_MIN_HEIGHT)
        self.conflicts = ConflictsView(ctx, self.refresh)
        self.quarantine = QuarantineView()
        self.tabs.addTab(self.devices_view, _("Other PCs"))
        self.tabs.addTab(self.conflicts, _("Conflicts"))
        self.tabs.addTab(self.quarantine, _("Quarantine"))
        layout.addWidget(self.tabs, 1)

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.sync_button = QPushButton(_("Sync now"))
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(self.sync_now)
        row.addWidget(self.sync_button)
        row.addStretch(1)
        self.carry_button = QPushButton(_("Carry bundles..."))
        self.carry_button.clicked.connect(self.open_carry)
        row.addWidget(self.carry_button)
        self.export_key_button = QPushButton(_("Export office key..."))
        self.export_key_button.clicked.connect(self.choose_key_file)
        self.key_text_button = QPushButton(_("Show key as text"))
        self.key_text_button.clicked.connect(self.show_key_text)
        admin = self.ctx.actor.role == Role.ADMIN
        for button in (self.export_key_button, self.key_text_button):
            button.setVisible(admin)
            row.addWidget(button)
        return row

    def _targets_box(self) -> QGroupBox:
        from aimak_desktop.sync.credentials import credential_storage_note

        box = QGroupBox(_("Sync targets"))
        layout = QVBoxLayout(box)
        self.targets_model = TargetsModel()
        self.targets_view = make_table(
            self.targets_model, stretch=TargetsModel.ERROR, widths={TargetsModel.ADDRESS: 320}
        )
        # Room for a few targets (an office has one to three); the tabs below take the rest.
        self.targets_view.setMinimumHeight(TABLE_MIN_HEIGHT)
        self.targets_view.setMaximumHeight(TARGETS_MAX_HEIGHT)
        layout.addWidget(self.targets_view)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add target..."))
        self.add_button.clicked.connect(self.add_target)
        self.remove_button = QPushButton(_("Remove from list"))
        self.remove_button.clicked.connect(self.remove_target)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        self.note = QLabel(credential_storage_note(data.data_dir_of(self.ctx)))
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        row.addWidget(self.note, 1)
        layout.addLayout(row)
        return box

    # -- loading --------------------------------------------------------------------------

    def on_shown(self) -> None:
        self.refresh()

    def on_changed(self, _kinds: Any) -> None:
        # Every write adds an operation to send, so the pending figures change with anything.
        self.refresh()

    def targets(self) -> list[str]:
        return data.configured_targets(self.ctx.settings)

    def refresh(self) -> None:
        if self._loading:
            self._load_again = True
            return
        self._loading = True
        urls = self.targets()
        self.ctx.tasks.run_read(
            lambda session: data.load_view(session, urls), self._show, self._load_failed
        )

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        failure_handler(self.ctx, self.message)(exc)

    def _show(self, view: SyncView) -> None:
        self._loading = False
        if self._load_again:
            self._load_again = False
            self.refresh()
        self.view_data = view
        self.targets_model.set_rows(view.targets)
        self.devices_model.set_rows(view.devices)
        self.conflicts.set_rows(view.conflicts)
        self.quarantine.set_rows(view.quarantine)
        self.tabs.setTabText(0, _("Other PCs ({n})").format(n=len(view.devices)))
        self.tabs.setTabText(1, _("Conflicts ({n})").format(n=len(view.conflicts)))
        self.tabs.setTabText(2, _("Quarantine ({n})").format(n=len(view.quarantine)))
        self.summary.setText(self._summary_text(view))
        if view.clock_warnings:
            lines = [
                _(
                    "The clock of PC {code} is {offset}. Set the right date and time on that PC; "
                    "work goes on meanwhile."
                ).format(code=code, offset=clock_offset_text(offset))
                for code, offset in view.clock_warnings
            ]
            self.banner_label.setText("\n".join(lines))
        self.banner.setVisible(bool(view.clock_warnings))

    def _summary_text(self, view: SyncView) -> str:
        parts = [_("This PC has written {n} operations.").format(n=view.own_ops)]
        pending = view.pending()
        if pending is None:
            parts.append(_("No sync target yet: add a USB folder, a network share or a server."))
        elif pending:
            parts.append(_("{n} of them are not on any target yet.").format(n=pending))
        else:
            parts.append(_("All of them are on a target."))
        if view.rejected_files:
            parts.append(
                _("{n} received files were rejected (damaged or another office's key).").format(
                    n=view.rejected_files
                )
            )
        return " ".join(parts)

    # -- actions --------------------------------------------------------------------------

    def sync_now(self) -> None:
        urls = self.targets()
        if not urls:
            say(self.message, _("Add a sync target first."))
            return
        if self.syncing:
            return
        self.syncing = True
        self.sync_button.setEnabled(False)
        say(self.message, _("Synchronising..."), ok=True)
        folder = data.data_dir_of(self.ctx)
        self.ctx.tasks.run_write(
            lambda session: data.sync_targets(session, urls, folder),
            self._synced,
            self._sync_failed,
            kinds={"*"},
        )

    def _synced(self, outcomes: list[data.RunOutcome]) -> None:
        self.syncing = False
        self.sync_button.setEnabled(True)
        text, ok = data.outcome_text(outcomes)
        say(self.message, text, ok=ok)
        self.refresh()

    def _sync_failed(self, exc: BaseException) -> None:
        self.syncing = False
        self.sync_button.setEnabled(True)
        failure_handler(self.ctx, self.message)(exc)
        self.refresh()

    def add_target(self) -> TargetDialog:
        dialog = TargetDialog(data.data_dir_of(self.ctx), self.targets(), self)
        dialog.accepted.connect(lambda: self._add(dialog.url))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _add(self, url: str) -> None:
        data.save_targets(self.ctx, [*self.targets(), url])
        say(self.message, _('Target added. Press "Sync now" to send the data.'), ok=True)
        self.refresh()

    def remove_target(self) -> None:
        row = selected_row(self.targets_view)
        if row is None:
            say(self.message, _("Choose a target in the list first."))
            return
        data.save_targets(self.ctx, [u for u in self.targets() if u != row.url])
        say(self.message, _("Removed from the list; nothing in that folder was deleted."), ok=True)
        self.refresh()

    def open_carry(self) -> CarryDialog:
        dialog = CarryDialog(self.ctx, self)
        self.dialog = dialog
        dialog.open()
        return dialog

    def choose_key_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the office key"),
            str(Path.home() / "office.aimak-key"),
            _("Office key (*.aimak-key)"),
        )
        if path:
            self.export_key(Path(path))

    def export_key(self, path: Path) -> None:
        from aimak_desktop.sync.join import export_office_key

        def saved(info: dict[str, Any]) -> None:
            say(
                self.message,
                _("Office key saved to {path}. Check code: {check}.").format(
                    path=path, check=info["check"]
                ),
                ok=True,
            )

        self.ctx.tasks.run_read(
            lambda session: export_office_key(session, path),
            saved,
            failure_handler(self.ctx, self.message),
        )

    def show_key_text(self) -> None:
        from aimak_desktop.sync.join import office_key_text

        def show(text: str) -> None:
            dialog = KeyTextDialog(text, self)
            self.dialog = dialog
            dialog.open()

        self.ctx.tasks.run_read(office_key_text, show, failure_handler(self.ctx, self.message))
