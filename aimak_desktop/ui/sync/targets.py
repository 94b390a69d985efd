"""The "Add target" dialog: a folder (USB stick, network share) or a WebDAV server (Nextcloud).

A WebDAV password is saved with `sync.credentials.save_credentials` (system password store, or a
file only the user can read); settings.json keeps only the address.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.ui.common import message_label, say

WEBDAV_SCHEMES = {"webdav", "webdavs", "dav", "davs"}
EXAMPLE_URL = "https://cloud.example.org/remote.php/dav/files/USER/aimak"


def webdav_url(text: str) -> str:
    """A server address as typed (https://..., webdavs://...) as a webdav(s):// URL.

    Raises:
        ValidationError: not a server address.
    """
    parts = urlsplit(text.strip())
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        scheme = "webdav" if scheme == "http" else "webdavs"
    if scheme not in WEBDAV_SCHEMES or not parts.hostname:
        raise ValidationError(
            _("Type the server address, for example {example}").format(example=EXAMPLE_URL),
            field="url",
        )
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), "", ""))


def folder_url(text: str) -> str:
    """A chosen folder as the `file://` URL targets are remembered by.

    Raises:
        ValidationError: empty, or not an existing folder.
    """
    from aimak_desktop.sync.transport import normalise_url

    path = text.strip()
    if not path:
        raise ValidationError(_("Choose a folder."), field="folder")
    if not Path(path).expanduser().is_dir():
        raise ValidationError(
            _(
                "The folder {path} does not exist. Plug in the USB stick and choose it again."
            ).format(path=path),
            field="folder",
        )
    return normalise_url(path)


class TargetDialog(QDialog):
    """Asks for a target; `url` holds the result after `accept()`."""

    def __init__(self, data_dir: Path, existing: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from aimak_desktop.sync.credentials import credential_storage_note

        self.data_dir = data_dir
        self.existing = existing
        self.url = ""
        self.setWindowTitle(_("Add a sync target"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.folder_choice = QRadioButton(_("A folder: USB stick or network share"))
        self.server_choice = QRadioButton(_("A WebDAV server (Nextcloud)"))
        group = QButtonGroup(self)
        group.addButton(self.folder_choice)
        group.addButton(self.server_choice)
        self.folder_choice.setChecked(True)
        layout.addWidget(self.folder_choice)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(_("for example E:\\aimak"))
        self.browse = QPushButton(_("Choose..."))
        self.browse.clicked.connect(self.choose_folder)
        folder_row.addSpacing(24)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        layout.addLayout(folder_row)
        layout.addWidget(self.server_choice)
        self.server_box = QWidget()
        form = QFormLayout(self.server_box)
        form.setContentsMargins(24, 0, 0, 0)
        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText(EXAMPLE_URL)
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Address"), self.server_url)
        form.addRow(_("User name"), self.user)
        form.addRow(_("Password"), self.password)
        layout.addWidget(self.server_box)
        self.note = QLabel(credential_storage_note(data_dir))
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555555;")
        layout.addWidget(self.note)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.folder_choice.toggled.connect(self._switch)
        self._switch()

    def _switch(self) -> None:
        folder = self.folder_choice.isChecked()
        for widget in (self.folder, self.browse):
            widget.setEnabled(folder)
        self.server_box.setEnabled(not folder)

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, _("Choose the sync folder"), self.folder.text()
        )
        if path:
            self.folder.setText(path)

    def accept(self) -> None:
        try:
            url = self._target()
        except ValidationError as exc:
            say(self.message, exc.message)
            return
        self.url = url
        super().accept()

    def _target(self) -> str:
        if self.folder_choice.isChecked():
            url = folder_url(self.folder.text())
        else:
            url = webdav_url(self.server_url.text())
        if url in self.existing:
            raise ValidationError(_("This target is already in the list."), field="url")
        if self.server_choice.isChecked() and self.user.text().strip():
            from aimak_desktop.sync.credentials import save_credentials

            # Saved under the address without the user name: open_target looks it up there.
            save_credentials(
                url, f"{self.user.text().strip()}\n{self.password.text()}", self.data_dir
            )
        return url


def describe(url: str) -> str:
    """The kind of a target in words."""
    scheme = urlsplit(url).scheme
    if scheme in ("", "file"):
        return _("Folder")
    return _("WebDAV server")
