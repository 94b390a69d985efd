"""The sync page, the background scheduler and the status bar word, on real folders."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.conftest import actor_for

os.environ["AIMAK_NO_KEYRING"] = "1"  # tests never touch the real keyring

from tests.sync.conftest import PC

# The offscreen platform says this for every dialog it shows; it is not about our code.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

BUNDLE_GLOB = "*.jsonl.gz.enc"


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory) -> Path:
    """A migrated empty database file for a second PC to join from."""
    from aimak_desktop.db import open_database

    folder = tmp_path_factory.mktemp("empty-db")
    open_database(folder).close()
    return folder / "aimak.sqlite"


def settle(qtbot, tasks) -> None:
    """Wait until background work is done and its results reached the widgets."""
    tasks.wait_idle()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)


def _ctx(session, db, username: str):
    from aimak_desktop import settings
    from aimak_desktop.ui.context import AppContext
    from aimak_desktop.ui.tasks import TaskRunner

    return AppContext(
        db=db,
        actor=actor_for(session, username),
        tasks=TaskRunner(db.session),
        settings=settings.load(),
    )


@pytest.fixture
def ctx(office, db):
    context = _ctx(office, db, "admin")
    yield context
    context.tasks.wait_idle()
    context.tasks.shutdown()


@pytest.fixture
def page(qtbot, ctx):
    from aimak_desktop.ui.pages import all_pages

    spec = next(p for p in all_pages(ctx.actor) if p.key == "sync")
    widget = spec.factory(ctx)
    ctx.tasks.changed.connect(widget.on_changed)  # what the main window does for every page
    qtbot.addWidget(widget)
    widget.resize(1080, 700)
    widget.show()
    widget.on_shown()
    settle(qtbot, ctx.tasks)
    return widget


def add_folder_target(qtbot, page, folder: Path) -> None:
    dialog = page.add_target()
    dialog.folder.setText(str(folder))
    dialog.accept()
    settle(qtbot, page.ctx.tasks)


def cell(model, row: int, column: int) -> str:
    return model.index(row, column).data()


def test_sync_now_fills_the_folder_and_shows_the_last_success(qtbot, page, data_dir, tmp_path):
    from aimak_desktop.i18n.formatting import format_short_date
    from aimak_desktop.ui.sync.models import TargetsModel

    usb = tmp_path / "usb"
    usb.mkdir()
    add_folder_target(qtbot, page, usb)
    model = page.targets_model
    assert cell(model, 0, TargetsModel.ADDRESS) == str(usb)
    assert cell(model, 0, TargetsModel.SUCCESS) == "never"
    assert int(cell(model, 0, TargetsModel.PENDING)) == page.view_data.own_ops > 0
    saved = json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved["sync_targets"] == [usb.resolve().as_uri()]

    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page.ctx.tasks)

    assert list(usb.rglob(BUNDLE_GLOB)), "the folder received bundle files"
    import datetime as dt

    assert cell(model, 0, TargetsModel.SUCCESS).startswith(format_short_date(dt.date.today()))
    assert cell(model, 0, TargetsModel.PENDING) == "0"
    assert cell(model, 0, TargetsModel.ERROR) == ""
    assert page.message.text().startswith("Received files: 0 (0 operations). Sent files: ")
    assert "All of them are on a target." in page.summary.text()


def test_a_missing_folder_is_reported_and_nothing_is_created(qtbot, page, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    add_folder_target(qtbot, page, stick)
    stick.rmdir()  # the USB stick was pulled out
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page.ctx.tasks)
    assert "is not there. Plug in the USB stick" in page.message.text()
    assert not stick.exists()


def test_target_dialog_refuses_bad_input_and_keeps_passwords_out_of_settings(
    qtbot, page, data_dir, tmp_path
):
    from aimak_desktop.sync.credentials import load_credentials

    dialog = page.add_target()
    dialog.folder.setText(str(tmp_path / "nowhere"))
    dialog.accept()
    assert dialog.isVisible()
    assert "does not exist. Plug in the USB stick" in dialog.message.text()

    dialog.server_choice.setChecked(True)
    dialog.server_url.setText("cloud.example.org")
    dialog.accept()
    assert "Type the server address" in dialog.message.text()

    dialog.server_url.setText("https://cloud.example.org/remote.php/dav/files/ainura/aimak/")
    dialog.user.setText("ainura")
    dialog.password.setText("Жашыруун-1")
    dialog.accept()
    settle(qtbot, page.ctx.tasks)
    url = "webdavs://cloud.example.org/remote.php/dav/files/ainura/aimak"
    assert page.targets() == [url]
    assert page.targets_model.index(0, 1).data() == "WebDAV server"
    assert load_credentials(url, data_dir) == "ainura\nЖашыруун-1"
    assert "Жашыруун" not in (data_dir / "settings.json").read_text(encoding="utf-8")
    assert "readable only by your user account" in page.note.text()

    again = page.add_target()
    again.server_choice.setChecked(True)
    again.server_url.setText(url)
    again.accept()
    assert "already in the list" in again.message.text()
    again.reject()


def _edit_phone(session, actor, household_id, phone: str) -> None:
    from aimak_desktop.models import Household
    from aimak_desktop.services.write_path import write

    with write(session, actor, "household.update"):
        session.get(Household, household_id).phone = phone


def test_a_conflict_shows_and_take_theirs_resolves_it(
    qtbot, page, office, admin, data_dir, tmp_path, empty_database
):
    from aimak_desktop.models import Household
    from aimak_desktop.sync.exchange import sync_run
    from aimak_desktop.sync.join import export_office_key, join_office
    from aimak_desktop.ui.sync.models import ConflictsModel

    usb = tmp_path / "usb"
    usb.mkdir()
    sync_run(office, str(usb), data_dir=data_dir)
    export_office_key(office, tmp_path / "office.key")
    folder_b = tmp_path / "pc-b"
    folder_b.mkdir()
    shutil.copyfile(empty_database, folder_b / "aimak.sqlite")
    join_office(folder_b, tmp_path / "office.key", str(usb), "B")
    b = PC(folder_b)
    try:
        hh = office.scalars(select(Household.id).order_by(Household.account_no).limit(1)).one()
        _edit_phone(office, admin, hh, "+996 700 000 001")
        _edit_phone(b.session, b.admin(), hh, "+996 555 000 002")  # later: B's value wins
        sync_run(office, str(usb), data_dir=data_dir)
        b.run(usb)
    finally:
        b.close()
    add_folder_target(qtbot, page, usb)
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page.ctx.tasks)

    assert page.tabs.tabText(1) == "Conflicts (1)"
    model = page.conflicts.model
    assert cell(model, 0, ConflictsModel.TABLE) == "Households"
    assert cell(model, 0, ConflictsModel.FIELD) == "phone"
    assert cell(model, 0, ConflictsModel.MINE) == "+996 700 000 001"
    assert cell(model, 0, ConflictsModel.THEIRS) == "+996 555 000 002"
    assert cell(model, 0, ConflictsModel.KEPT) == "theirs (PC B)"
    account = office.get(Household, hh).account_no
    office.commit()
    assert cell(model, 0, ConflictsModel.ROW) == str(account)
    assert not page.conflicts.take_theirs.isEnabled()  # nothing chosen yet

    page.tabs.setCurrentIndex(1)
    page.conflicts.view.selectRow(0)
    qtbot.mouseClick(page.conflicts.take_theirs, Qt.MouseButton.LeftButton)
    settle(qtbot, page.ctx.tasks)

    assert page.conflicts.model.rowCount() == 0
    assert page.tabs.tabText(1) == "Conflicts (0)"
    assert "goes to the other PCs" in page.conflicts.message.text()
    office.expire_all()
    assert office.get(Household, hh).phone == "+996 555 000 002"
    office.commit()
    # The other PC is listed with how far its operations are applied here.
    assert [row.code for row in page.devices_model.rows] == ["B"]
    assert page.devices_model.rows[0].held_back == 0


def test_quarantine_lists_changes_with_their_reasons(qtbot, page, office, admin):
    import uuid

    from aimak_desktop.models.sync_state import QuarantineEntry
    from aimak_desktop.sync import versions
    from aimak_desktop.ui.sync.models import QuarantineModel

    with versions.begin(office):
        office.add(
            QuarantineEntry(
                table_name="users",
                row_id=str(uuid.uuid4()),
                device_id=uuid.uuid4(),
                seq=12,
                reason="username=aziz is already used",
                change=json.dumps({"username": "aziz", "full_name": "Азиз Үсөнов"}),
            )
        )
    page.refresh()
    settle(qtbot, page.ctx.tasks)
    assert page.tabs.tabText(2) == "Quarantine (1)"
    model = page.quarantine.model
    assert cell(model, 0, QuarantineModel.TABLE) == "Users"
    assert cell(model, 0, QuarantineModel.REASON) == "username=aziz is already used"
    assert cell(model, 0, QuarantineModel.FROM) == "? #12"
    page.quarantine.view.selectRow(0)
    assert "Азиз Үсөнов" in page.quarantine.detail.toPlainText()


def test_clock_warning_banner_shows_and_work_goes_on(qtbot, page, office):
    import uuid

    from aimak_desktop.models.sync_state import ClockWarning
    from aimak_desktop.sync import versions

    assert page.banner.isHidden()
    with versions.begin(office):
        office.add(ClockWarning(device_id=uuid.uuid4(), offset_ms=3 * 24 * 3600 * 1000))
    page.refresh()
    settle(qtbot, page.ctx.tasks)
    assert not page.banner.isHidden()
    assert "is 3 days ahead" in page.banner_label.text()
    assert page.sync_button.isEnabled()


def test_office_key_export_and_text_for_admins_only(qtbot, page, office, db, tmp_path):
    from aimak_desktop.sync.join import read_office_key

    path = tmp_path / "keys" / "office.aimak-key"
    page.export_key(path)
    settle(qtbot, page.ctx.tasks)
    office_id, key = read_office_key(path)
    assert len(key) == 32
    assert "Check code:" in page.message.text()

    page.show_key_text()
    settle(qtbot, page.ctx.tasks)
    text = page.dialog.text.toPlainText()
    assert f"office: {office_id}" in text and "check:" in text
    printed = tmp_path / "printed.txt"
    printed.write_text(text, encoding="utf-8")
    assert read_office_key(printed) == (office_id, key)  # the typed-in text joins a PC too
    page.dialog.accept()

    from aimak_desktop.ui.sync.page import SyncPage

    clerk = _ctx(office, db, "clerk")
    try:
        clerk_page = SyncPage(clerk)
        qtbot.addWidget(clerk_page)
        assert clerk_page.export_key_button.isHidden()
        assert clerk_page.key_text_button.isHidden()
        assert not clerk_page.conflicts.take_theirs.isHidden()  # clerks edit the register
    finally:
        clerk.tasks.shutdown()


def test_carry_copies_bundles_both_ways(qtbot, page, office, data_dir, tmp_path):
    from aimak_desktop.sync.exchange import sync_run

    office_stick, laptop = tmp_path / "stick", tmp_path / "laptop"
    office_stick.mkdir()
    laptop.mkdir()
    sync_run(office, str(office_stick), data_dir=data_dir)
    import uuid

    other_office, other_device = uuid.uuid4(), uuid.uuid4()
    stray = laptop / "bundles" / str(other_office) / str(other_device) / "1-1.jsonl.gz.enc"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"another office's bundle")
    dialog = page.open_carry()
    dialog.run()
    assert "Choose the folder to copy from." in dialog.message.text()
    dialog.source.setText(str(office_stick))
    dialog.destination.setText(str(laptop))
    dialog.run()
    settle(qtbot, page.ctx.tasks)
    on_stick = sorted(p.relative_to(office_stick) for p in office_stick.rglob(BUNDLE_GLOB))
    assert sorted(p.relative_to(laptop) for p in laptop.rglob(BUNDLE_GLOB)) == on_stick
    assert (office_stick / stray.relative_to(laptop)).read_bytes() == b"another office's bundle"
    assert dialog.copied == len(on_stick)  # the office's bundles there, the stray one back
    assert dialog.message.text() == f"Copied {len(on_stick)} files."
    dialog.accept()


# -- the scheduler and the status bar word -----------------------------------------------------


@pytest.fixture
def scheduler(qtbot, ctx):
    from aimak_desktop.ui.sync.scheduler import SyncScheduler

    sched = SyncScheduler(ctx, interval_minutes=10)
    yield sched
    sched.stop()
    settle(qtbot, ctx.tasks)


def test_scheduler_offline_then_synced_and_the_status_word_follows(
    qtbot, ctx, scheduler, admin, tmp_path
):
    from aimak_desktop.models import Village
    from aimak_desktop.services.write_path import write
    from aimak_desktop.ui.sync.data import save_targets
    from aimak_desktop.ui.sync.status_widget import StatusWidget

    opened = []
    ctx.open_page = lambda key, **kw: opened.append(key)
    widget = StatusWidget(ctx, scheduler)
    qtbot.addWidget(widget)
    stick = tmp_path / "stick"
    save_targets(ctx, [stick.as_uri()])
    scheduler.start(delay_ms=3_600_000)  # rounds are started by hand below
    scheduler.sync_now()
    settle(qtbot, ctx.tasks)
    assert scheduler.state == "offline"
    assert widget.text() == "Offline"
    assert not stick.exists()  # an absent stick is not created on the local disk

    stick.mkdir()
    scheduler.sync_now()
    settle(qtbot, ctx.tasks)
    assert scheduler.state == "synced"
    assert widget.text() == "Synced"
    assert list(stick.rglob(BUNDLE_GLOB))
    assert scheduler.next_delay_ms == 10 * 60_000

    def add_village(session):
        with write(session, admin, "village.create"):
            session.add(Village(name="Жаңы-Арык"))

    ctx.tasks.run_write(add_village, kinds={"register"})
    settle(qtbot, ctx.tasks)
    assert scheduler.state == "pending"
    assert widget.text() == "1 pending"

    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    assert opened == ["sync"]


def test_scheduler_backs_off_after_errors_and_never_runs_two_rounds(
    qtbot, ctx, scheduler, tmp_path
):
    from aimak_desktop.ui.sync.data import save_targets
    from aimak_desktop.ui.sync.status_widget import StatusWidget

    widget = StatusWidget(ctx, scheduler)
    qtbot.addWidget(widget)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bundles").write_text("a file where the bundle folder should be")
    save_targets(ctx, [broken.as_uri()])
    scheduler.start(delay_ms=3_600_000)
    assert scheduler.sync_now() is True
    assert scheduler.sync_now() is False  # one round at a time
    settle(qtbot, ctx.tasks)
    assert scheduler.state == "error"
    assert widget.text().startswith("Error: Cannot use the sync target")
    assert "Cannot use the sync target" in widget.toolTip()
    delays = [scheduler.next_delay_ms]
    for _round in range(7):
        scheduler.sync_now()
        settle(qtbot, ctx.tasks)
        delays.append(scheduler.next_delay_ms)
    assert [d // 60_000 for d in delays] == [1, 2, 4, 8, 16, 32, 60, 60]

    (broken / "bundles").unlink()
    scheduler.sync_now()
    settle(qtbot, ctx.tasks)
    assert scheduler.state == "synced" and widget.text() == "Synced"
    assert scheduler.next_delay_ms == 10 * 60_000
    scheduler.stop()
    assert not scheduler.is_active()
