"""The Billing page on the demo office (a year of charges and payments), as its users see it."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.conftest import actor_for

# Offscreen Qt cannot resize window frames and says so; it is not a problem of the program.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def settle(qtbot, page) -> None:
    page.ctx.tasks.wait_idle()
    qtbot.waitUntil(lambda: page.ctx.tasks.pending() == 0, timeout=15000)


def plain(text: str) -> str:
    return text.replace("\xa0", " ")


@pytest.fixture
def make_page(qtbot, office, db, tmp_path):
    """Build the page for a user of the demo office, shown at 1280x800 and loaded."""
    from aimak_desktop.ui.billing.page import BillingPage
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.tasks import TaskRunner

    pages = []

    def make(username: str = "kassa"):
        ctx = AppContext(db=db, actor=actor_for(office, username), tasks=TaskRunner(db.session))
        page = BillingPage(ctx)
        page.opened = []
        page.opener = page.opened.append  # no viewer under test: remember what would open
        page.out_dir = tmp_path / "documents"
        qtbot.addWidget(page)
        page.resize(1280, 800)
        page.show()
        page.on_shown()
        settle(qtbot, page)
        pages.append(page)
        return page

    yield make
    for page in pages:
        settle(qtbot, page)
        page.ctx.tasks.shutdown()


@pytest.fixture
def page(make_page):
    return make_page("kassa")


def _charges(session, period: str) -> int:
    from aimak_desktop.models.billing import Charge

    session.rollback()  # end the read snapshot: the page wrote through its own session
    return session.scalar(select(func.count()).where(Charge.period == period))


def _answer_yes(qtbot, page, box) -> None:
    assert box is not None and box.isVisible()
    box.defaultButton().click()
    settle(qtbot, page)


def test_preview_then_charge_the_month_and_a_second_charge_adds_nothing(qtbot, page, office):
    tab = page.run_tab
    period = dt.date.today().strftime("%Y-%m")
    assert tab.period.text() == period  # the current month by default
    before = _charges(office, period)

    qtbot.mouseClick(tab.preview_button, qtbot_button())
    settle(qtbot, page)
    summary = tab.summary
    assert summary.count > 0
    assert f"{summary.count} new charges" in plain(tab.headline.text())
    total_row = tab.model.rows[-1]
    assert tab.model.text(total_row, 0) == "Total"
    assert plain(tab.model.text(total_row, 3)).endswith(" сом")  # "1 234,50 сом"
    assert sum(line.total for line in tab.model.rows[:-1]) == total_row.total == summary.total

    qtbot.mouseClick(tab.charge_button, qtbot_button())
    _answer_yes(qtbot, page, tab.question)
    assert f"{period} charged: {summary.count} charges" in plain(tab.status.text())
    assert _charges(office, period) == before + summary.count + summary.penalties
    assert "nothing new to charge" in tab.headline.text()  # the preview was read again

    qtbot.mouseClick(tab.charge_button, qtbot_button())
    _answer_yes(qtbot, page, tab.question)
    assert tab.status.text() == f"{period} is already billed: nothing new to charge."
    assert _charges(office, period) == before + summary.count + summary.penalties


def test_corrections_need_a_reason(qtbot, page):
    dialog = page.run_tab.corrections()
    dialog.ok_button.click()
    assert dialog.status.text() == "Please give the reason."
    assert dialog.isVisible()
    dialog.reason.setText("tariff corrected")
    dialog.ok_button.click()
    settle(qtbot, page)
    # Nothing changed in the register since the month was charged: the service says so.
    assert "already match the register and tariffs" in dialog.status.text()


def test_bills_pdf_of_a_village_is_written_and_opened(qtbot, page, office):
    from aimak_desktop.models.register import Household, Village

    tab = page.bills_tab
    page.tabs.setCurrentWidget(tab)
    last_month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    tab.period.setDate(tab.period.date().addMonths(-1))
    village = tab.village.itemText(1)
    tab.village.setCurrentIndex(1)
    assert tab.street.isEnabled()
    tab.language.setCurrentIndex(tab.language.findData("ky"))
    qtbot.mouseClick(tab.make_button, qtbot_button())
    assert tab.progress.isVisible()
    settle(qtbot, page)

    assert tab.progress.isHidden()
    assert page.opened == [tab.last_pdf]
    assert tab.last_pdf.name == f"bills-{last_month:%Y-%m}-{village}-a4-ky.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(tab.last_pdf).pages)
    accounts = office.scalars(
        select(Household.account_no)
        .join(Village, Village.id == Household.village_id)
        .where(Village.name == village)
    ).all()
    assert any(account in text for account in accounts)
    assert "Төлөөгө" in text
    assert "bills written to" in tab.status.text()


def test_day_close_shows_the_day_closes_it_and_refuses_a_second_close(qtbot, make_page, office):
    from aimak_desktop.models.billing import DayClose
    from aimak_desktop.models.register import Household
    from aimak_desktop.services.day_close import close_day
    from aimak_desktop.services.payments import take_payment

    kassa = actor_for(office, "kassa")
    household = office.scalars(select(Household).where(Household.archived_at.is_(None))).first()
    take_payment(office, kassa, household.id, 150_00)
    take_payment(office, kassa, household.id, 70_50, method="bank")

    page = make_page("kassa")
    tab = page.day_tab
    page.tabs.setCurrentWidget(tab)  # the tab reads its figures when opened
    settle(qtbot, page)
    assert tab.cashier.currentText() == kassa.name
    assert tab.state.text() == "Not closed yet"
    assert plain(tab.total.text()) == "220,50 сом"
    assert tab.receipts.text().startswith("2 (from ")
    assert [(m.method, m.count, m.amount) for m in tab.methods.rows] == [
        ("cash", 1, 150_00),
        ("bank", 1, 70_50),
    ]
    assert sum(s.amount for s in tab.services.rows) == 220_50

    qtbot.mouseClick(tab.close_button, qtbot_button())
    _answer_yes(qtbot, page, tab.question)
    assert tab.status.text().startswith("The cash day of ")
    assert tab.state.text().startswith(f"Closed by {kassa.name}")
    assert not tab.close_button.isEnabled()

    # An earlier day, as shown on this PC, gets closed elsewhere (the head's PC) meanwhile. (The
    # demo closed its own past days with receipts: take the latest day it left open.)
    closed = set(office.scalars(select(DayClose.day).where(DayClose.cashier_id == kassa.user_id)))
    earlier = dt.date.today() - dt.timedelta(days=1)
    while earlier in closed:
        earlier -= dt.timedelta(days=1)
    tab.day.setDate(tab.day.date().addDays(-(dt.date.today() - earlier).days))
    settle(qtbot, page)
    assert tab.close_button.isEnabled()
    close_day(office, actor_for(office, "admin"), earlier, kassa.user_id)
    qtbot.mouseClick(tab.close_button, qtbot_button())
    _answer_yes(qtbot, page, tab.question)
    assert tab.status.text().startswith(
        f"The cash day of {earlier.isoformat()} is already closed (by "
    )
    assert tab.state.text().startswith("Closed by")

    qtbot.mouseClick(tab.pdf_button, qtbot_button())
    settle(qtbot, page)
    assert page.opened == [tab.last_pdf]
    assert PdfReader(tab.last_pdf).pages


def test_debtors_buckets_add_up_and_a_row_opens_the_statement(qtbot, page, office):
    from aimak_desktop.models.register import Household
    from aimak_desktop.services.debts import debts_by_household

    tab = page.debtors_tab
    page.tabs.setCurrentWidget(tab)
    settle(qtbot, page)
    model = tab.model
    lines, total = model.rows[:-1], model.rows[-1]
    assert lines and model.text(total, 0) == "Total"
    for i in range(4):
        assert sum(line.buckets[i] for line in lines) == total.buckets[i]
    assert sum(line.total for line in lines) == total.total > 0
    for row in range(model.rowCount()):  # each row's buckets add up to its total, as shown
        cells = [plain(model.text(model.rows[row], c)) for c in range(4, 9)]
        values = [int(c.replace(" ", "").replace(",", "")) if c else 0 for c in cells]
        assert sum(values[:4]) == values[4]
    # The table agrees with the ledger: each household's lines add up to what it owes.
    ids = office.scalars(select(Household.id)).all()
    owed = {h: debt for h, debt in debts_by_household(office, ids).items() if debt > 0}
    shown: dict = {}
    for line in lines:
        shown[line.household_id] = shown.get(line.household_id, 0) + line.total
    assert shown == owed
    assert f"{len(owed)} households owe" in tab.headline.text()

    water = model.text(lines[-1], 3)
    tab.service.setCurrentIndex(tab.service.findText(water))
    settle(qtbot, page)
    assert model.rowCount() > 1
    assert {model.text(line, 3) for line in model.rows[:-1]} == {water}

    dialog = tab.open_statement(model.index(0, 0))
    settle(qtbot, page)
    first = model.rows[0]
    assert dialog.data.account == first.account
    assert first.account in dialog.who.text()
    assert dialog.model.rowCount() > 0
    assert "owes" in dialog.closing.text()
    dialog.pdf_button.click()
    settle(qtbot, page)
    assert first.account in PdfReader(dialog.last_pdf).pages[0].extract_text()

    tab.xlsx_button.click()
    settle(qtbot, page)
    assert tab.last_file.suffix == ".xlsx" and tab.last_file.stat().st_size > 0
    assert page.opened[-1] == tab.last_file


def test_mentor_looks_but_cannot_charge_correct_or_close(qtbot, make_page):
    page = make_page("mentor")
    assert page.run_tab.charge_button.isHidden()
    assert page.run_tab.corrections_button.isHidden()
    assert page.run_tab.save_rules_button.isHidden()
    assert not page.run_tab.join_rule.isEnabled()
    assert page.day_tab.close_button.isHidden()
    assert page.run_tab.corrections() is None
    page.run_tab.preview()
    settle(qtbot, page)
    assert page.run_tab.summary is not None  # looking is allowed
    assert not page.bills_tab.make_button.isHidden()


def test_the_head_sets_pro_rata_and_due_days(qtbot, make_page, office):
    from aimak_desktop.services.billing_rules import load_rules

    tab = make_page("head").run_tab
    assert not tab.save_rules_button.isHidden()
    tab.join_rule.setCurrentIndex(tab.join_rule.findData("pro_rata"))
    tab.due_days.setValue(20)
    tab.save_rules_button.click()
    settle(qtbot, tab.window())
    assert tab.status.text() == "Billing rules saved."
    office.rollback()
    assert (load_rules(office).join_rule, load_rules(office).due_days) == ("pro_rata", 20)


def test_page_is_listed_for_cash_roles_and_the_mentor_only(office):
    from aimak_desktop.ui.pages import all_pages

    for username, sees in (("kassa", True), ("head", True), ("mentor", True), ("clerk", False)):
        keys = [p.key for p in all_pages(actor_for(office, username))]
        assert ("billing" in keys) is sees


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
