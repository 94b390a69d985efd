"""The last two steps of the import wizard: the row check (report) and the import result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import _, ngettext
from aimak_desktop.ui.common import failure_handler, make_table, message_label, say
from aimak_desktop.ui.register_io.models import IssueModel

if TYPE_CHECKING:
    from aimak_desktop.ui.register_io.wizard import ImportWizard

#: Kinds announced after an import: the register page and this catalogue's village lists refresh.
IMPORT_KINDS = frozenset({"households", "register"})


class CheckPage(QWizardPage):
    """Checks every row in the background, then shows how many are valid and why others are not.

    A commit page: once "Import valid rows" has written the households there is no way back.
    """

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.busy = False
        self._request = 0
        self.setTitle(_("Check"))
        self.setSubTitle(_("Every row is checked before anything is saved."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import valid rows"))
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # the check gives no steps; a moving bar says it works
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary)
        self.villages = QLabel()
        self.villages.setWordWrap(True)
        layout.addWidget(self.villages)
        self.issues = IssueModel()
        self.issue_view = make_table(self.issues, stretch=2)
        layout.addWidget(self.issue_view, 1)
        line = QHBoxLayout()
        self.save_button = QPushButton(_("Save rejected rows as .xlsx..."))
        self.save_button.clicked.connect(self.save_rejected)
        self.save_button.setEnabled(False)
        line.addWidget(self.save_button)
        line.addStretch(1)
        layout.addLayout(line)
        self.message = message_label()
        layout.addWidget(self.message)

    def initializePage(self) -> None:
        from aimak_desktop.services.register_import import validate

        wiz = self.wiz
        wiz.plan = None
        self.issues.set_issues([])
        self.summary.setText("")
        self.villages.setText("")
        self.save_button.setEnabled(False)
        say(self.message, "")
        table, mapping = wiz.table, dict(wiz.mapping)
        create, default = wiz.create_villages, wiz.default_village or None
        self._request += 1
        request = self._request
        self.busy = True
        self.progress.show()
        self.status.setText(_("Checking {n} rows...").format(n=len(table.rows)))
        self.completeChanged.emit()

        def check(session: Any) -> Any:
            return validate(session, table, mapping, create, default_village=default)

        def done(plan: Any) -> None:
            if request == self._request:
                self._show(plan)

        def failed(exc: BaseException) -> None:
            if request != self._request:
                return
            self.busy = False
            self.progress.hide()
            self.status.setText("")
            failure_handler(wiz.ctx, self.message)(exc)
            self.completeChanged.emit()

        wiz.ctx.tasks.run_read(check, done, failed)

    def _show(self, plan: Any) -> None:
        self.busy = False
        self.progress.hide()
        self.wiz.plan = plan
        valid, rejected = len(plan.households), len(plan.rejected)
        self.status.setText(
            _("Checked {n} rows of {file}.").format(n=valid + rejected, file=plan.source)
        )
        self.summary.setText(
            _("{valid} valid, {rejected} rejected.").format(valid=valid, rejected=rejected)
        )
        notes = []
        if plan.new_villages:
            notes.append(
                _("New villages: {names}.").format(names=", ".join(sorted(plan.new_villages)))
            )
        if plan.new_streets:
            notes.append(_("New streets: {n}.").format(n=len(plan.new_streets)))
        if plan.new_accounts:
            notes.append(
                _("{n} rows without an account number get new numbers.").format(n=plan.new_accounts)
            )
        if not valid:
            notes.append(_("No row can be imported. Correct the file and try again."))
        elif rejected:
            notes.append(
                ngettext(
                    "Importing leaves out the rejected row. Save it, correct it and import it "
                    "later.",
                    "Importing leaves out the rejected rows. Save them, correct them and import "
                    "them later.",
                    rejected,
                )
            )
        self.villages.setText(" ".join(notes))
        self.issues.set_issues(plan.issues)
        self.issue_view.setVisible(bool(rejected))
        self.save_button.setEnabled(bool(rejected))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        plan = self.wiz.plan
        return not self.busy and plan is not None and bool(plan.households)

    def validatePage(self) -> bool:
        """Import on the first press; move on once the write is done (it calls next())."""
        if self.wiz.imported is not None:
            return True
        if self.busy or self.wiz.plan is None:
            return False
        self.commit()
        return False

    def commit(self) -> None:
        from aimak_desktop.services.register_import import commit

        wiz = self.wiz
        plan, actor = wiz.plan, wiz.ctx.actor
        self.busy = True
        self.progress.show()
        self.status.setText(_("Importing {n} households...").format(n=len(plan.households)))
        say(self.message, "")
        self.completeChanged.emit()

        def done(result: Any) -> None:
            self.busy = False
            self.progress.hide()
            wiz.imported = result
            wiz.next()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self.progress.hide()
            self.status.setText("")
            failure_handler(wiz.ctx, self.message)(exc)
            self.completeChanged.emit()

        wiz.ctx.tasks.run_write(lambda s: commit(s, actor, plan), done, failed, kinds=IMPORT_KINDS)

    def save_rejected(self) -> None:
        from aimak_desktop.services.register_import import write_rejected

        plan = self.wiz.plan
        if plan is None or not plan.rejected:
            return
        suggested = str(Path(plan.source).with_suffix("").name) + "-rejected.xlsx"
        name = self.wiz.pick_save(self, suggested, _("Excel workbook (*.xlsx)"))
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")

        def write() -> Path:
            try:
                return write_rejected(plan, path)
            except OSError as exc:
                raise AimakError(
                    _("{path} could not be saved: {error}. Is it open in Excel?").format(
                        path=path, error=exc.strerror or exc
                    )
                ) from exc

        def saved(out: Path) -> None:
            n = len(plan.rejected)
            text = ngettext(
                "{n} rejected row saved to {path}", "{n} rejected rows saved to {path}", n
            )
            say(self.message, text.format(n=n, path=out), ok=True)

        self.wiz.ctx.tasks.run_plain(write, saved, failure_handler(self.wiz.ctx, self.message))


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Imported"))
        layout = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def initializePage(self) -> None:
        result = self.wiz.imported
        lines = [_("{n} households were added to the register.").format(n=result.imported)]
        if result.villages_created:
            lines.append(_("New villages: {n}.").format(n=result.villages_created))
        if result.streets_created:
            lines.append(_("New streets: {n}.").format(n=result.streets_created))
        self.text.setText("\n".join(lines))
