"""The tariff calculator page on the demo office's saved water study."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.conftest import actor_for

# Offscreen Qt cannot resize window frames and says so; it is not a problem of the program.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _t(widget) -> str:
    """A widget's text with the non-breaking spaces of money and percentages made plain."""
    return widget.text().replace("\xa0", " ")


def settle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.ctx.tasks.pending() == 0, timeout=10000)


@pytest.fixture
def make_page(qtbot, office, db):
    """Build the page for a user of the demo office, shown at 1280x800 and loaded."""
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.tariff.page import TariffCalcPage
    from aimak_desktop.ui.tasks import TaskRunner

    pages = []

    def make(username: str = "admin"):
        ctx = AppContext(db=db, actor=actor_for(office, username), tasks=TaskRunner(db.session))
        page = TariffCalcPage(ctx)
        page.open_documents = False  # no PDF viewer under test
        qtbot.addWidget(page)
        page.resize(1280, 800)
        page.show()
        page.activateWindow()  # keyboard focus and shortcuts need the active window
        qtbot.waitUntil(page.isActiveWindow, timeout=3000)
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
    return make_page("admin")


def _type(qtbot, edit, text: str) -> None:
    """Replace a field's text the way a user does: select all, type."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def _study_result(office):
    from aimak_desktop.services.tariff_studies import list_studies, study_result

    return study_result(list_studies(office)[0])


def test_opens_the_saved_water_study_with_each_step(page, office):
    expected = _study_result(office)
    assert page.study.currentText() == "Суу тарифи 2025 / Тариф на воду 2025"
    assert _t(page.results.full_cost.value) == "32.44 som"
    assert expected.full_cost_tariff == Decimal("32.44")
    steps = [
        _t(page.results.steps.item(r, 0)).replace("\n", " ")
        for r in range(page.results.steps.rowCount())
    ]
    assert steps[0] == "Operation and maintenance (O&M) a year"
    assert "Full-cost tariff" in steps
    om_formula = _t(page.results.steps.item(0, 1)).replace("\n", " ")
    assert "288,000.00 som + 49,680.00 som" in om_formula
    assert _t(page.results.steps.item(0, 2)) == "641,680.00 som"
    assert page.form.assets.rowCount() == 3


def test_typing_a_cost_changes_the_full_cost_tariff(qtbot, page):
    before = _t(page.results.full_cost.value)
    _type(qtbot, page.form.fields["costs.salaries"], "558000")
    qtbot.waitUntil(lambda: _t(page.results.full_cost.value) != before, timeout=3000)
    # O&M grows by 270,000 som: required revenue 875,848 + 270,000 × 1.10 = 1,172,848 som
    # over 27,000 m³ paid for.
    assert _t(page.results.required.value) == "1,172,848.00 som"
    assert _t(page.results.full_cost.value) == "43.44 som"


def test_affordability_above_the_threshold_is_red(qtbot, page):
    assert not page.results.affordability.alert
    _type(qtbot, page.form.fields["household_income_month"], "5000")
    qtbot.waitUntil(lambda: _t(page.results.affordability.value) == "4.93 %", timeout=3000)
    assert page.results.affordability.alert
    assert "#b00020" in page.results.affordability.value.styleSheet()


def test_bad_inputs_show_the_message_next_to_the_field(qtbot, page):
    tariff_before = _t(page.results.full_cost.value)
    _type(qtbot, page.form.fields["costs.salaries"], "-5")
    qtbot.waitUntil(lambda: page.form.error_text("costs.salaries") != "", timeout=3000)
    assert page.form.error_text("costs.salaries") == (
        "Salaries (costs.salaries) cannot be negative."
    )
    assert "#b00020" in page.form.fields["costs.salaries"].styleSheet()
    assert page.results.message.isVisible()
    assert _t(page.results.full_cost.value) == tariff_before  # the last valid figures stay
    assert not page.pdf_button.isEnabled()

    _type(qtbot, page.form.fields["costs.salaries"], "288000")
    _type(qtbot, page.form.fields["losses_pct"], "120")
    qtbot.waitUntil(lambda: page.form.error_text("losses_pct") != "", timeout=3000)
    assert page.form.error_text("losses_pct") == (
        "Losses, % (losses_pct) must be between 0 and 100%."
    )
    assert page.form.error_text("costs.salaries") == ""

    _type(qtbot, page.form.fields["losses_pct"], "40")
    page.form.assets.item(1, 2).setText("0")
    page.recalculate()
    assert page.form.error_text("assets") == (
        "Useful life of Насос, years (assets[1].life_years) must be more than zero years."
    )
    assert page.form.assets.currentRow() == 1

    page.form.assets.item(1, 2).setText("10")
    page.recalculate()
    assert not page.results.message.isVisible()
    assert _t(page.results.full_cost.value) == tariff_before


def test_add_and_remove_asset_rows_change_the_depreciation(qtbot, page):
    row = page.form.add_asset("Скважина", "500000", "25")
    page.recalculate()
    assert _t(page.results.steps.item(2, 2)) == "190,000.00 som"  # 170,000 + 20,000
    page.form.assets.setCurrentCell(row, 0)
    page.form.remove_asset()
    page.recalculate()
    assert _t(page.results.steps.item(2, 2)) == "170,000.00 som"


def test_saving_a_scenario_adds_it_to_the_comparison(qtbot, page, office):
    from aimak_desktop.services.tariff_studies import compare_scenarios, list_studies

    page.tabs.setCurrentIndex(2)
    before = page.comparison.scenario_names()
    # The demo saved the standard scenarios under their Kyrgyz names, then a custom one.
    assert len(before) == 4 and before[-1] == "Жыйноо 90 % / Сбор 90 %"
    _type(qtbot, page.form.fields["collection_rate_pct"], "100")
    page.form.fields["collection_rate_pct"].setFocus()
    qtbot.keyClick(
        page.form.fields["collection_rate_pct"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    )
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.name.setText("Сбор 100 %")
    dialog.buttons.accepted.emit()
    settle(qtbot, page)
    assert not dialog.isVisible()
    assert page.comparison.scenario_names() == [*before, "Сбор 100 %"]
    column = page.comparison.columnCount() - 1
    assert _t(page.comparison.item(0, column)) == "24.33 som"  # 875,848 ÷ 36,000 m³
    assert page.form.fields["collection_rate_pct"].text() == "100"  # what was typed stays
    office.rollback()  # end the test's read snapshot to see the page's write
    saved = compare_scenarios(office, list_studies(office)[0].id)
    assert saved.columns[-1] == "Сбор 100 %"
    assert saved.rows[0].values[-1] == Decimal("24.33")


def test_new_study_starts_from_the_office_register(qtbot, page, office):
    from aimak_desktop.services.tariff_studies import defaults_from_office, list_studies

    service = page.current_service()
    page.study.setCurrentIndex(page.study.count() - 1)
    assert page.study.currentText() == "New study (figures of the office)"
    counts = defaults_from_office(office, service.id)
    assert page.form.fields["households"].text() == str(counts.households)
    page.recalculate()
    # Billing has no collection rate for the office yet: the clerk enters it.
    assert page.form.error_text("collection_rate_pct") == (
        "Collection rate, % (collection_rate_pct) is missing."
    )
    assert not page.propose_button.isEnabled()  # nothing saved to propose yet

    page.form.unit.setCurrentIndex(page.form.unit.findData("household"))
    _type(qtbot, page.form.fields["costs.salaries"], "120000")
    _type(qtbot, page.form.fields["collection_rate_pct"], "80")
    _type(qtbot, page.form.fields["household_income_month"], "20000")
    page.recalculate()
    assert not page.problem
    dialog = page.save_scenario()
    dialog.study_name.setText("Суу 2026")
    dialog.buttons.accepted.emit()
    settle(qtbot, page)
    assert page.study.currentText() == "Суу 2026"
    office.rollback()
    assert [s.name for s in list_studies(office, service.id)][-1] == "Суу 2026"
    assert page.comparison.scenario_names() == ["Current tariff", "Full cost", "Phased"]


def test_propose_creates_a_tariff_version_and_an_audit_entry(qtbot, page, office):
    from aimak_desktop.models.core import AuditEntry
    from aimak_desktop.services.catalog import current_tariff

    dialog = page.propose()
    dialog.buttons.accepted.emit()  # no toktom number yet
    settle(qtbot, page)
    assert dialog.isVisible()
    assert dialog.message.text() == "Enter the number of the council decision (toktom)."

    valid_from = dialog.valid_from.date().toPython()
    dialog.toktom_no.setText("23/4")
    dialog.buttons.accepted.emit()
    settle(qtbot, page)
    assert not dialog.isVisible()
    assert page.status.text() == "The register has the new tariff."
    office.rollback()  # end the test's read snapshot to see the page's write
    service_id = page.current_service().id
    tariff = current_tariff(office, service_id, "all", valid_from)
    assert tariff is not None
    assert (tariff.amount, tariff.toktom_no, tariff.valid_from) == (3244, "23/4", valid_from)
    assert tariff.toktom_date == dt.date.today()
    entry = office.scalars(select(AuditEntry).where(AuditEntry.kind == "tariff.version")).all()
    assert entry and entry[-1].actor_name == page.ctx.actor.name


def test_justification_pdf_is_written_in_the_background(qtbot, page, tmp_path):
    from pypdf import PdfReader

    qtbot.keyClick(
        page.form.fields["costs.other"], Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier
    )
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "out" / "justification.pdf"
    dialog.path.setText(str(target))
    dialog.language.setCurrentIndex(dialog.language.findData("both"))
    dialog.buttons.accepted.emit()
    settle(qtbot, page)
    assert page.last_pdf == target and target.exists()
    assert page.status.text() == f"PDF saved: {target}"
    text = "".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "Ичүүчү суу" in text
    assert "32,44" in text


@pytest.mark.parametrize(
    ("username", "save", "propose"),
    [("mentor", False, False), ("kassa", True, False), ("head", True, True)],
)
def test_roles_decide_who_saves_and_proposes(make_page, username, save, propose):
    page = make_page(username)
    assert page.save_button.isEnabled() is save
    assert page.propose_button.isEnabled() is propose
    assert page.pdf_button.isEnabled()  # everybody may look and print
    assert (page.save_scenario() is not None) is save
    if page.dialog is not None:
        page.dialog.reject()


def test_page_is_listed_for_the_right_roles(office):
    from aimak_desktop.ui.pages import all_pages

    for username, shown in (("admin", True), ("mentor", True), ("kassa", True), ("clerk", False)):
        keys = [p.key for p in all_pages(actor_for(office, username))]
        assert ("tariffs_calc" in keys) is shown, username


def test_tab_walks_through_the_inputs(qtbot, page):
    page.form.fields["costs.salaries"].setFocus()
    seen = []
    for _i in range(9):
        qtbot.keyClick(page.focusWidget() or page, Qt.Key.Key_Tab)
        seen.append(page.focusWidget().objectName() if page.focusWidget() else "")
    assert seen[:6] == [
        "costs.social_fund",
        "costs.electricity",
        "costs.chemicals",
        "costs.repairs",
        "costs.admin",
        "costs.other",
    ]
    assert "renewal_reserve_pct" in seen
