"""`aimak screenshot`: one PNG of the whole window per page."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_one_png_per_page(qapp, tmp_path, data_dir):
    from aimak_desktop.db import open_database
    from aimak_desktop.services.demo import create_demo_office
    from aimak_desktop.ui.pages import all_pages
    from aimak_desktop.ui.screenshot import HEIGHT, WIDTH, save_screenshots

    with open_database(data_dir) as db, db.session() as session:
        create_demo_office(session, households=30, seed=3)
    files = save_screenshots(tmp_path / "shots")
    assert [f.stem for f in files] == [p.key for p in all_pages()]
    for f in files:
        image = QImage(str(f))
        assert (image.width(), image.height()) == (WIDTH, HEIGHT)
    # The office is closed again: the next program can open it.
    with open_database(data_dir):
        pass
