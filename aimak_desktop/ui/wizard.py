"""The first-run wizard for a real office: language, office profile, first administrator.

The wizard only collects and checks answers (`answers()`); the caller creates the office
(ui.office_switch), so the same wizard serves a new data folder and the switch from the demo.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _, get_language
from aimak_desktop.services.office import FIELD_LABELS, OfficeProfile, normalise_device_code
from aimak_desktop.ui.login import ERROR_STYLE
from aimak_desktop.ui.office_switch import OfficeAnswers
from aimak_desktop.ui.qt_setup import apply_language

OBLASTS = ("Баткен", "Жалал-Абад", "Ысык-Көл", "Нарын", "Ош", "Талас", "Чүй")
#: Rayons of the programme's four oblasts (Kyrgyz spelling); any other text is allowed too.
RAYONS = {
    "Жалал-Абад": (
        "Аксы",
        "Ала-Бука",
        "Базар-Коргон",
        "Ноокен",
        "Сузак",
        "Тогуз-Торо",
        "Токтогул",
        "Чаткал",
    ),
    "Ысык-Көл": ("Ак-Суу", "Жети-Өгүз", "Ысык-Көл", "Тоң", "Түп"),
    "Нарын": ("Ак-Талаа", "Ат-Башы", "Жумгал", "Кочкор", "Нарын"),
    "Ош": ("Алай", "Араван", "Кара-Кулжа", "Кара-Суу", "Ноокат", "Өзгөн", "Чоң-Алай"),
}
NAME_KY = "{aimak} айыл өкмөтү"
NAME_RU = "Айыл окмоту «{aimak}»"
# The same rule as services.users (checked here so the wizard can say it on the right page).
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,49}$")
MIN_PASSWORD = 6


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class _Page(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.error = _error_label()

    def fail(self, message: str, widget: QWidget | None = None) -> bool:
        self.error.setText(message)
        self.error.show()
        if widget is not None:
            widget.setFocus()
        return False

    def ok(self) -> bool:
        self.error.hide()
        return True

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass


class LanguagePage(_Page):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for lang in LANGUAGES:
            button = QRadioButton(LANGUAGE_NAMES[lang])
            self.buttons[lang] = button
            self.group.addButton(button)
            layout.addWidget(button)
        self.buttons.get(get_language(), self.buttons["ky"]).setChecked(True)
        layout.addStretch(1)

    def language(self) -> str:
        return next(lang for lang, b in self.buttons.items() if b.isChecked())

    def retranslate(self) -> None:
        self.setTitle(_("Language"))
        self.setSubTitle(_("The language of the program. You can change it later in Settings."))

    def validatePage(self) -> bool:
        if self.language() != get_language():
            apply_language(self.language())
            wizard = self.wizard()
            if isinstance(wizard, OfficeWizard):
                wizard.retranslate()
        return True


class OfficePage(_Page):
    FIELDS = ("address", "head_name", "accountant_name")

    def __init__(self) -> None:
        super().__init__()
        self.form = QFormLayout(self)
        self.oblast = QComboBox()
        self.oblast.setEditable(True)
        self.oblast.addItems(OBLASTS)
        self.oblast.setCurrentIndex(-1)
        self.rayon = QComboBox()
        self.rayon.setEditable(True)
        self.aimak = QLineEdit()
        self.name_ky = QLineEdit()
        self.name_ru = QLineEdit()
        self.extra = {name: QLineEdit() for name in self.FIELDS}
        self.device_code = QLineEdit("A")
        self.device_code.setMaxLength(4)
        # The names we filled in: replaced as the aimak is typed, until the user edits them.
        self._auto = {"ky": "", "ru": ""}
        self.oblast.currentTextChanged.connect(self._fill_rayons)
        self.aimak.textChanged.connect(self._fill_names)
        self.labels: dict[str, QLabel] = {}
        rows: list[tuple[str, QWidget]] = [
            ("oblast", self.oblast),
            ("rayon", self.rayon),
            ("aimak", self.aimak),
            ("name_ky", self.name_ky),
            ("name_ru", self.name_ru),
            *[(name, widget) for name, widget in self.extra.items()],
            ("device_code", self.device_code),
        ]
        for name, widget in rows:
            label = QLabel()
            self.labels[name] = label
            self.form.addRow(label, widget)
        self.device_help = QLabel()
        self.device_help.setWordWrap(True)
        self.form.addRow("", self.device_help)
        self.form.addRow(self.error)

    def retranslate(self) -> None:
        self.setTitle(_("Your office"))
        self.setSubTitle(_("These details appear on receipts and reports."))
        for name, label in self.labels.items():
            text = _("PC code") if name == "device_code" else _(FIELD_LABELS[name])
            label.setText(text)
        self.device_help.setText(
            _(
                "Each PC of the office has its own code (A, B, C ...). It starts the numbers of "
                "the receipts printed on this PC."
            )
        )

    def _fill_rayons(self, oblast: str) -> None:
        typed = self.rayon.currentText()
        self.rayon.clear()
        self.rayon.addItems(RAYONS.get(oblast.strip(), ()))
        self.rayon.setCurrentIndex(-1)
        self.rayon.setEditText(typed if typed and typed not in _all_rayons() else "")

    def _fill_names(self, aimak: str) -> None:
        aimak = aimak.strip()
        for key, edit, template in (
            ("ky", self.name_ky, NAME_KY),
            ("ru", self.name_ru, NAME_RU),
        ):
            if edit.text() == self._auto[key]:
                self._auto[key] = template.format(aimak=aimak) if aimak else ""
                edit.setText(self._auto[key])

    def profile(self) -> OfficeProfile:
        return OfficeProfile(
            name_ky=self.name_ky.text().strip(),
            name_ru=self.name_ru.text().strip(),
            oblast=self.oblast.currentText().strip(),
            rayon=self.rayon.currentText().strip(),
            aimak=self.aimak.text().strip(),
            extra={name: edit.text().strip() for name, edit in self.extra.items()},
        )

    def validatePage(self) -> bool:
        profile = self.profile()
        widgets = {
            "oblast": self.oblast,
            "rayon": self.rayon,
            "aimak": self.aimak,
            "name_ky": self.name_ky,
            "name_ru": self.name_ru,
        }
        for name, widget in widgets.items():
            if not getattr(profile, name):
                return self.fail(
                    _("Please fill in: {field}.").format(field=_(FIELD_LABELS[name])), widget
                )
        try:
            self.device_code.setText(normalise_device_code(self.device_code.text()))
        except ValidationError as exc:
            return self.fail(exc.message, self.device_code)
        return self.ok()


def _all_rayons() -> set[str]:
    return {r for rayons in RAYONS.values() for r in rayons}


class AdminPage(_Page):
    def __init__(self) -> None:
        super().__init__()
        self.form = QFormLayout(self)
        self.username = QLineEdit("admin")
        self.full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [QLabel() for _ in range(4)]
        for label, widget in zip(
            self.labels,
            (self.username, self.full_name, self.password, self.password2),
            strict=True,
        ):
            self.form.addRow(label, widget)
        self.form.addRow(self.error)

    def retranslate(self) -> None:
        self.setTitle(_("First administrator"))
        self.setSubTitle(
            _("This user can add the other users of the office. Keep the password safe.")
        )
        for label, text in zip(self.labels, ADMIN_LABELS, strict=True):
            label.setText(_(text))

    def validatePage(self) -> bool:
        username = self.username.text().strip().lower()
        if not _USERNAME.match(username):
            return self.fail(
                _("The user name must be 2-50 Latin letters, digits, dots, dashes or underscores."),
                self.username,
            )
        if not self.full_name.text().strip():
            return self.fail(_("Please enter the person's full name."), self.full_name)
        if len(self.password.text()) < MIN_PASSWORD:
            return self.fail(
                _("The password must have at least {n} characters.").format(n=MIN_PASSWORD),
                self.password,
            )
        if self.password.text() != self.password2.text():
            return self.fail(_("The two passwords differ. Type them again."), self.password2)
        return self.ok()


ADMIN_LABELS = (N_("User name"), N_("Full name"), N_("Password"), N_("Password again"))


class OfficeWizard(QWizard):
    """Collects `OfficeAnswers`; cancelling restores the interface language it started with."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._start_language = get_language()
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.language_page = LanguagePage()
        self.office_page = OfficePage()
        self.admin_page = AdminPage()
        for page in (self.language_page, self.office_page, self.admin_page):
            self.addPage(page)
        self.setMinimumSize(620, 560)
        self.retranslate()
        self.rejected.connect(self._restore_language)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Set up your office"))
        for page in (self.language_page, self.office_page, self.admin_page):
            page.retranslate()

    def _restore_language(self) -> None:
        if get_language() != self._start_language:
            apply_language(self._start_language)

    def answers(self) -> OfficeAnswers:
        return OfficeAnswers(
            language=self.language_page.language(),
            profile=self.office_page.profile(),
            device_code=normalise_device_code(self.office_page.device_code.text()),
            username=self.admin_page.username.text().strip().lower(),
            full_name=self.admin_page.full_name.text().strip(),
            password=self.admin_page.password.text(),
        )
