"""The cash desk, typed from the keyboard: find, Enter, amount, Enter -> saved and printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from aimak_desktop.models.billing import Payment, Void
from aimak_desktop.models.register import Household
from tests.conftest import actor_for

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

COPY_MARK = "КӨЧҮРМӨ / КОПИЯ"


def type_text(widget, text: str) -> None:
    """Type `text` key by key (QTest's keyClicks knows only ASCII; clerks type Kyrgyz)."""
    from PySide6.QtGui import QKeyEvent

    for char in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(str(path)).pages).split())


def settle(qtbot, ctx) -> None:
    """Let background work finish and its results arrive on the GUI thread."""
    for _round in range(4):
        ctx.tasks.wait_idle()
        qtbot.waitUntil(lambda: ctx.tasks.pending() == 0, timeout=10_000)
        QApplication.processEvents()


@pytest.fixture
def printed(tmp_path) -> Path:
    return tmp_path / "printer" / "desk.pdf"


@pytest.fixture
def ctx(office, db, printed):
    """The demo office's accountant at the desk; the desk printer prints into a PDF file."""
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.printing.prefs import FormatPrinter, PrintPrefs, save_prefs
    from aimak_desktop.ui.tasks import TaskRunner

    printed.parent.mkdir()
    context = AppContext(db=db, actor=actor_for(office, "kassa"), tasks=TaskRunner(db.session))
    prefs = PrintPrefs()
    prefs.formats["receipt_80mm"] = FormatPrinter(pdf_file=str(printed), direct=True)
    save_prefs(context.settings, prefs)
    yield context
    context.tasks.wait_idle()
    context.tasks.shutdown()


@pytest.fixture
def page(qtbot, ctx):
    from aimak_desktop.ui.cash.page import CashDeskPage

    widget = CashDeskPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1040, 760)
    widget.show()
    widget.on_shown()
    return widget


def a_household(session, *, debt: bool = True) -> Household:
    """An active household (with debt, when asked) whose account number is unique to search."""
    from aimak_desktop.services.debts import debts_by_household

    households = session.scalars(
        select(Household).where(Household.archived_at.is_(None)).order_by(Household.account_no)
    ).all()
    balances = debts_by_household(session, [h.id for h in households])
    for household in households:
        if (balances[household.id] > 0) == debt:
            return household
    raise AssertionError("the demo office has no such household")


def payments_of(session, household) -> list[Payment]:
    session.rollback()  # end the read snapshot: see the desk's writes
    return list(
        session.scalars(
            select(Payment).where(Payment.household_id == household.id).order_by(Payment.seq)
        )
    )


def choose(qtbot, page, ctx, text: str) -> None:
    """Type into the search box and press Enter, as a cashier does."""
    page.search.setFocus()
    type_text(page.search, text)
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.household.view is not None, timeout=10_000)


def pay(qtbot, page, ctx, amount: str) -> None:
    assert page.panel.amount.hasFocus()
    type_text(page.panel.amount, amount)
    QTest.keyClick(page.panel.amount, Qt.Key.Key_Return)
    settle(qtbot, ctx)


def test_keyboard_only_payment_is_saved_and_its_receipt_printed(qtbot, page, ctx, office, printed):
    household = a_household(office)
    before = payments_of(office, household)
    choose(qtbot, page, ctx, household.account_no)
    assert page.household.name.text() == household.head_name
    assert page.household.balance.text().startswith("Debt")

    pay(qtbot, page, ctx, "250")

    after = payments_of(office, household)
    assert len(after) == len(before) + 1
    payment = after[-1]
    assert payment.amount == 250_00 and payment.method == "cash"
    assert payment.receipt_no
    qtbot.waitUntil(printed.exists, timeout=10_000)
    text = pdf_text(printed)
    assert payment.receipt_no in text
    assert "250,00" in text
    assert COPY_MARK not in text
    # Ready for the next payer: panel cleared, cursor back in the search box, number shown.
    assert page.panel.amount.text() == ""
    assert page.search.hasFocus()
    assert payment.receipt_no in page.receipt_label.text()
    assert page.status.text() == "Printed."
    qtbot.waitUntil(
        lambda: (
            page.household.payments.rowCount() > 0
            and payment.receipt_no in page.household.payments.item(0, 0).text()
        ),
        timeout=10_000,
    )


def test_down_arrow_chooses_the_second_match(qtbot, page, ctx, office):
    page.search.setFocus()
    type_text(page.search, "1")  # many accounts and houses contain a 1
    qtbot.waitUntil(lambda: page.results.count() > 2, timeout=10_000)
    QTest.keyClick(page.search, Qt.Key.Key_Down)
    QTest.keyClick(page.search, Qt.Key.Key_Down)
    QTest.keyClick(page.search, Qt.Key.Key_Up)
    assert page.results.currentRow() == 1
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    settle(qtbot, ctx)
    assert page.household_id == page.found[1].id
    assert page.household.name.text() == page.found[1].name


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "The amount is zero. Enter the sum received."),
        ("-5", "The amount cannot be negative. To return money, void the receipt."),
        ("12,345", "12,345: an amount has at most two digits after the decimal mark."),
        ("abc", "abc is not an amount"),
    ],
)
def test_bad_amounts_show_the_message_and_save_nothing(
    qtbot, page, ctx, office, printed, typed, message
):
    household = a_household(office)
    count = office.scalar(select(func.count()).select_from(Payment))
    choose(qtbot, page, ctx, household.account_no)
    pay(qtbot, page, ctx, typed)
    assert page.panel.message.isVisible()
    assert message in page.panel.message.text()
    assert page.panel.amount.hasFocus()
    office.rollback()  # end the read snapshot: see the desk's writes
    assert office.scalar(select(func.count()).select_from(Payment)) == count
    assert not printed.exists()


def test_amount_with_grouping_and_comma_is_taken(qtbot, page, ctx, office):
    household = a_household(office)
    choose(qtbot, page, ctx, household.account_no)
    pay(qtbot, page, ctx, "1 234,50")
    assert payments_of(office, household)[-1].amount == 1234_50


def test_over_a_million_asks_and_enter_declines(qtbot, page, ctx, office, printed):
    household = a_household(office)
    before = len(payments_of(office, household))
    choose(qtbot, page, ctx, household.account_no)
    pay(qtbot, page, ctx, "2000000")
    box = page.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "2 000 000,00" in box.text().replace("\u00a0", " ")
    QTest.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_Return)  # Enter = No
    settle(qtbot, ctx)
    assert len(payments_of(office, household)) == before
    assert "Not saved" in page.panel.message.text()
    assert not printed.exists()


def test_over_a_million_is_taken_when_confirmed(qtbot, page, ctx, office):
    household = a_household(office)
    choose(qtbot, page, ctx, household.account_no)
    pay(qtbot, page, ctx, "1 500 000")
    page.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot, ctx)
    assert payments_of(office, household)[-1].amount == 1_500_000_00


def test_archived_household_is_refused_with_the_message(qtbot, page, ctx, office, admin):
    from aimak_desktop.services.registers import archive_household

    household = a_household(office)
    archive_household(office, admin, household.id, "moved away")
    before = len(payments_of(office, household))
    choose(qtbot, page, ctx, household.account_no)
    assert page.household.archived.isVisible()
    assert "(archived)" in page.results.item(0).text()
    pay(qtbot, page, ctx, "100")
    assert page.panel.message.text() == (
        f"Account {household.account_no} is archived: payments cannot be taken for it."
    )
    assert len(payments_of(office, household)) == before


def test_reprint_is_marked_as_a_copy(qtbot, page, ctx, office, printed):
    household = a_household(office)
    choose(qtbot, page, ctx, household.account_no)
    pay(qtbot, page, ctx, "100")
    qtbot.waitUntil(printed.exists, timeout=10_000)
    number = payments_of(office, household)[-1].receipt_no
    assert COPY_MARK not in pdf_text(printed)
    printed.unlink()
    page.reprint_button.click()
    settle(qtbot, ctx)
    qtbot.waitUntil(printed.exists, timeout=10_000)
    text = pdf_text(printed)
    assert number in text and COPY_MARK in text


def test_void_needs_a_reason_then_voids(qtbot, page, ctx, office):
    household = a_household(office)
    choose(qtbot, page, ctx, household.account_no)
    pay(qtbot, page, ctx, "300")
    number = payments_of(office, household)[-1].receipt_no
    dialog = page.open_void()
    assert dialog is not None and number in dialog.windowTitle()
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)  # no reason yet
    settle(qtbot, ctx)
    assert dialog.message.text() == "Please give the reason for voiding."
    type_text(dialog.reason, "Сумма туура эмес жазылды")
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    settle(qtbot, ctx)
    office.rollback()  # end the read snapshot: see the desk's writes
    void = office.scalar(select(Void).where(Void.receipt_no == number))
    assert void is not None and void.reason == "Сумма туура эмес жазылды"
    assert "voided" in page.receipt_label.text()
    qtbot.waitUntil(lambda: "(voided)" in page.household.payments.item(0, 0).text(), timeout=5000)


def test_void_of_a_closed_day_is_refused_for_the_accountant(qtbot, page, ctx, office):
    """The demo closed every past day: its receipts need the head's role to be voided."""
    household = a_household(office)
    old = office.scalar(
        select(Payment).where(Payment.household_id == household.id).order_by(Payment.paid_at.desc())
    )
    assert old is not None
    choose(qtbot, page, ctx, household.account_no)
    page.household.payments.selectRow(
        next(
            r
            for r in range(page.household.payments.rowCount())
            if old.receipt_no in page.household.payments.item(r, 0).text()
        )
    )
    assert page.current_receipt == old.receipt_no
    dialog = page.open_void()
    type_text(dialog.reason, "error")
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    settle(qtbot, ctx)
    assert "is closed" in dialog.message.text()
    assert dialog.isVisible()
    dialog.reject()


def test_no_printer_set_opens_the_preview(qtbot, page, ctx, office, printed):
    from aimak_desktop.ui.printing.prefs import PrintPrefs, save_prefs

    save_prefs(ctx.settings, PrintPrefs())  # nothing chosen: the preview shows the receipt
    household = a_household(office)
    choose(qtbot, page, ctx, household.account_no)
    pay(qtbot, page, ctx, "75")
    qtbot.waitUntil(lambda: page.printer.preview is not None, timeout=10_000)
    preview = page.printer.preview
    qtbot.waitUntil(lambda: preview.pages_painted == 1, timeout=10_000)
    assert "preview" in page.status.text()
    assert not printed.exists()
    preview.reject()


def test_page_is_registered_for_cash_roles_only(office):
    from aimak_desktop.ui.pages import all_pages

    keys = {p.key for p in all_pages(actor_for(office, "kassa"))}
    assert "cash" in keys
    assert "cash" not in {p.key for p in all_pages(actor_for(office, "clerk"))}


def test_a_second_enter_while_saving_does_not_pay_twice(qtbot, page, ctx, office):
    household = a_household(office)
    before = len(payments_of(office, household))
    choose(qtbot, page, ctx, household.account_no)
    type_text(page.panel.amount, "120")
    QTest.keyClick(page.panel.amount, Qt.Key.Key_Return)
    QTest.keyClick(page.panel.amount, Qt.Key.Key_Return)
    settle(qtbot, ctx)
    assert len(payments_of(office, household)) == before + 1


def test_chosen_service_and_method_from_the_keyboard(qtbot, page, ctx, office):
    from aimak_desktop.models.billing import Allocation

    household = a_household(office)
    choose(qtbot, page, ctx, household.account_no)
    type_text(page.panel.amount, "40")
    QTest.keyClick(page.panel.amount, Qt.Key.Key_Tab)
    assert page.panel.service.hasFocus()
    QTest.keyClick(page.panel.service, Qt.Key.Key_Down)  # the first service after "oldest first"
    chosen = page.panel.service_id()
    assert chosen is not None
    QTest.keyClick(page.panel.service, Qt.Key.Key_Tab)
    QTest.keyClick(page.panel.method, Qt.Key.Key_Down)  # cash -> bank transfer
    QTest.keyClick(page.panel.method, Qt.Key.Key_Return)
    settle(qtbot, ctx)
    payment = payments_of(office, household)[-1]
    assert (payment.amount, payment.method, payment.service_id) == (40_00, "bank", chosen)
    shares = office.scalars(select(Allocation).where(Allocation.payment_id == payment.id)).all()
    assert [(a.service_id, a.amount) for a in shares] == [(chosen, 40_00)]
