"""Small pieces shared by the billing tabs: money text, month and date pickers, the action row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QMessageBox, QProgressBar, QWidget

from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_money

MONEY_SAMPLE = "-1 234 567,89 сом"


def money(tyiyn: int) -> str:
    """123450 -> "1 234,50 сом": the office's way of writing money, whatever the UI language."""
    return format_money(tyiyn)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def month_edit(day: dt.date | None = None) -> QDateEdit:
    """A month picker showing YYYY-MM (arrow keys and the wheel step the month)."""
    edit = QDateEdit(to_qdate((day or dt.date.today()).replace(day=1)))
    edit.setDisplayFormat("yyyy-MM")
    edit.setCurrentSection(QDateEdit.Section.MonthSection)
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setMaximumDate(QDate(2100, 12, 1))
    return edit


def period_of(edit: QDateEdit) -> str:
    value = edit.date()
    return f"{value.year():04d}-{value.month():02d}"


def date_edit(day: dt.date | None = None) -> QDateEdit:
    """A day picker with a calendar pop-up."""
    edit = QDateEdit(to_qdate(day or dt.date.today()))
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    return edit


def busy_bar() -> QProgressBar:
    """An endless progress bar shown while a document is written in the background."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumWidth(160)
    bar.hide()
    return bar


def ask(
    parent: QWidget, title: str, text: str, yes_text: str, on_yes: Callable[[], Any]
) -> QMessageBox:
    """A window-modal yes/no question that does not block: `on_yes()` runs when confirmed.

    The box is returned (and kept by the caller) so tests can press its buttons.
    """
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)

    def answered(button: Any) -> None:
        if button is yes:
            on_yes()

    box.buttonClicked.connect(answered)
    box.open()
    return box
