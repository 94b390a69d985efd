"""Small dialogs of the register: a reason prompt and a new household.

Each saves through `ctx.tasks.run_write` and stays open with the service's message when the input
is refused. Enter saves (Save is the default button); Esc closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from aimak_desktop.errors import AimakError, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.ui.common import message_label, say
from aimak_desktop.ui.context import AppContext
from aimak_desktop.ui.register.callbacks import weak
from aimak_desktop.ui.register.card_data import Choices, load_choices
from aimak_desktop.ui.register.details_form import DetailsForm

#: Kinds announced after a register write.
REGISTER_KINDS = frozenset({"households"})


def report_failure(ctx: AppContext, label: QLabel) -> Callable[[BaseException], None]:
    """A task's `on_error`: a known problem goes to `label`; a bug to the window's error dialog."""

    def handle(exc: BaseException) -> None:
        if isinstance(exc, AimakError):
            say(label, exc.message)
        elif ctx.show_error is not None:
            ctx.show_error(exc)
        else:
            ctx.tasks.default_error(exc)

    return handle


class SaveDialog(QDialog):
    """A dialog with a message line and Save/Cancel; `run(fn)` writes and closes on success."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: Any = None
        self.layout_ = QVBoxLayout(self)

    def finish(self) -> None:
        self.message = message_label()
        self.layout_.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        report_failure(self.ctx, self.message)(exc)

    def run(self, fn: Callable[[Any], Any], kinds: frozenset[str] = REGISTER_KINDS) -> None:
        say(self.message, "")
        self.buttons.setEnabled(False)

        self.ctx.tasks.run_write(fn, weak(self._saved), weak(self.failed), kinds=kinds)

    def _saved(self, result: Any) -> None:
        self.buttons.setEnabled(True)
        self.result_value = result
        self.accept()


class ReasonDialog(SaveDialog):
    """Asks why (archiving), then runs `write(session, reason)`."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        prompt: str,
        write: Callable[[Any, str], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.write = write
        self.setWindowTitle(title)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("For example: moved away, duplicate record"))
        self.layout_.addWidget(label)
        self.layout_.addWidget(self.reason)
        self.finish()
        self.resize(420, self.sizeHint().height())

    def save(self) -> None:
        reason, write = self.reason.text(), self.write
        if not reason.strip():
            say(self.message, _("Please give the reason for archiving."))
            self.reason.setFocus()
            return
        self.run(lambda s: write(s, reason))


class NewHouseholdDialog(SaveDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(_("New household"))
        self.form = DetailsForm(with_account=True)
        self.layout_.addWidget(self.form)
        self.form.residents.setText("1")
        self.finish()
        self.resize(560, self.sizeHint().height())
        self.form.head_name.setFocus()  # the account number is usually given automatically
        ctx.tasks.run_read(load_choices, weak(self._show_choices))

    def _show_choices(self, choices: Choices) -> None:
        self.form.set_choices(choices)
        if not choices.villages:
            say(self.message, _("Add a village first."))

    def save(self) -> None:
        from aimak_desktop.services.registers import create_household

        actor, values = self.ctx.actor, self.form.values()
        self.run(lambda s: create_household(s, actor, **values).id)

    def failed(self, exc: BaseException) -> None:
        super().failed(exc)
        if isinstance(exc, ValidationError):
            self.form.focus_field(exc.field)
