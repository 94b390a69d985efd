"""Registers the home page, the dashboard; its widgets load on first opening (light start-up).

The dashboard itself is aimak_desktop.ui.dashboard.page: it paints empty and reads its figures in
the background after the window's first paint.
"""

from __future__ import annotations

from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.ui.pages import PageSpec, register_page


def _build(ctx: Any) -> Any:
    from aimak_desktop.ui.dashboard.page import DashboardPage

    return DashboardPage(ctx)


register_page(PageSpec(key="home", title=N_("Dashboard"), factory=_build, order=0))
