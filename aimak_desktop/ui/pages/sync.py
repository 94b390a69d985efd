"""Registers the synchronisation page; the widget module loads when the page is first opened."""

from __future__ import annotations

from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.ui.pages import PageSpec, register_page


def _factory(ctx: Any) -> Any:
    from aimak_desktop.ui.sync.page import SyncPage

    return SyncPage(ctx)


register_page(PageSpec(key="sync", title=N_("Synchronisation"), factory=_factory, order=80))
