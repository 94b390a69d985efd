"""The settings page: interface language, office profile, backups and the data folder."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _, get_language
from aimak_desktop.models.core import Role
from aimak_desktop.services.office import FIELD_LABELS, PROFILE_FIELDS
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.login import ERROR_STYLE

OFFICE_KINDS = frozenset({"office"})
REASON_LABELS = {
    "daily": N_("daily"),
    "exit": N_("on exit"),
    "manual": N_("by hand"),
    "before-upgrade": N_("before an upgrade"),
    "before-restore": N_("before a restore"),
}


def load_profile(session: Any) -> dict[str, str]:
    from aimak_desktop.services.office import get_office

    office = get_office(session)
    return {f: getattr(office, f) or "" for f in PROFILE_FIELDS} if office else {}


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.folder = ctx.db.path.parent
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        columns = QHBoxLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        left.addWidget(self._build_language())
        left.addWidget(self._build_profile())
        left.addStretch(1)
        right.addWidget(self._build_backups())
        right.addWidget(self._build_folder())
        right.addStretch(1)
        self.profile: dict[str, str] = {}

    # -- language -------------------------------------------------------------------------

    def _build_language(self) -> QGroupBox:
        box = QGroupBox(_("Language"))
        form = QFormLayout(box)
        self.language = QComboBox()
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(self.language.findData(get_language()))
        self.language.currentIndexChanged.connect(self._language_chosen)
        form.addRow(_("Interface language"), self.language)
        return box

    def _language_chosen(self, _index: int) -> None:
        from aimak_desktop import settings
        from aimak_desktop.ui.qt_setup import apply_language

        lang = self.language.currentData()
        if lang == get_language():
            return
        self.ctx.settings.update(settings.update(language=lang))
        apply_language(lang)
        window = self.window()
        if hasattr(window, "rebuild"):
            window.rebuild()

    # -- office profile -------------------------------------------------------------------

    def _build_profile(self) -> QGroupBox:
        box = QGroupBox(_("Office profile"))
        form = QFormLayout(box)
        self.can_edit = self.ctx.actor.role in (Role.ADMIN, Role.HEAD)
        self.fields: dict[str, QLineEdit] = {}
        for name in PROFILE_FIELDS:
            edit = QLineEdit()
            edit.setReadOnly(not self.can_edit)
            self.fields[name] = edit
            form.addRow(_(FIELD_LABELS[name]), edit)
        self.profile_message = QLabel()
        self.profile_message.setWordWrap(True)
        self.profile_message.hide()
        form.addRow(self.profile_message)
        self.save_button = QPushButton(_("Save the profile"))
        self.save_button.setVisible(self.can_edit)
        self.save_button.clicked.connect(self.save_profile)
        form.addRow("", self.save_button)
        return box

    def _show_profile(self, values: dict[str, str]) -> None:
        self.profile = values
        for name, edit in self.fields.items():
            edit.setText(values.get(name, ""))

    def save_profile(self) -> None:
        from aimak_desktop.services.office import update_office

        changes = {
            name: edit.text()
            for name, edit in self.fields.items()
            if edit.text() != self.profile.get(name, "")
        }
        if not changes:
            self._profile_note(_("Nothing to save: no field was changed."))
            return
        actor = self.ctx.actor
        self.ctx.tasks.run_write(
            lambda session: update_office(session, actor, changes),
            on_done=lambda _office: self._profile_note(_("The office profile was saved.")),
            on_error=self._profile_failed,
            kinds=OFFICE_KINDS,
        )

    def _profile_note(self, text: str, error: bool = False) -> None:
        self.profile_message.setStyleSheet(ERROR_STYLE if error else "")
        self.profile_message.setText(text)
        self.profile_message.show()

    def _profile_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AimakError):
            self._profile_note(exc.message, error=True)
        else:
            self.ctx.show_error(exc)

    # -- backups --------------------------------------------------------------------------

    def _build_backups(self) -> QGroupBox:
        box = QGroupBox(_("Backups"))
        layout = QVBoxLayout(box)
        note = QLabel(
            _("A copy of the office file is made every day, on exit and before upgrades.")
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.backups = QListWidget()
        self.backups.setMinimumHeight(220)
        layout.addWidget(self.backups)
        row = QHBoxLayout()
        self.backup_button = QPushButton(_("Back up now"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(_("Restore selected..."))
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_button.setEnabled(False)
        self.backups.currentRowChanged.connect(lambda row: self.restore_button.setEnabled(row >= 0))
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _show_backups(self, found: list[Any]) -> None:
        from aimak_desktop.i18n.formatting import format_datetime

        self.backups.clear()
        for b in found:
            reason = _(REASON_LABELS[b.reason]) if b.reason in REASON_LABELS else b.reason
            item = QListWidgetItem(f"{format_datetime(b.taken_at)}  —  {reason}")
            item.setToolTip(str(b.path))
            item.setData(Qt.ItemDataRole.UserRole, str(b.path))
            self.backups.addItem(item)
        if not found:
            self.backups.addItem(_("No backup has been made yet."))
            self.backups.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    def refresh_backups(self) -> None:
        from aimak_desktop import backup

        folder = self.folder
        self.ctx.tasks.run_plain(lambda: backup.list_backups(folder), self._show_backups)

    def backup_now(self) -> None:
        from aimak_desktop.ui.backups import backup_now

        backup_now(self.window())  # type: ignore[arg-type]

    def restore_selected(self) -> Any:
        from pathlib import Path

        from aimak_desktop.ui.backups import ask_restore

        item = self.backups.currentItem()
        chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not chosen:
            return None
        return ask_restore(self.window(), Path(chosen))  # type: ignore[arg-type]

    # -- data folder ----------------------------------------------------------------------

    def _build_folder(self) -> QGroupBox:
        box = QGroupBox(_("Data folder"))
        layout = QVBoxLayout(box)
        path = QLabel(str(self.folder))
        path.setWordWrap(True)
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(path)
        button = QPushButton(_("Open folder"))
        button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
        )
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    # -- refresh --------------------------------------------------------------------------

    def on_shown(self) -> None:
        self.ctx.tasks.run_read(load_profile, self._show_profile)
        self.refresh_backups()

    def on_changed(self, kinds: Any) -> None:
        if "office" in kinds:
            self.ctx.tasks.run_read(load_profile, self._show_profile)
        if "backups" in kinds:
            self.refresh_backups()
