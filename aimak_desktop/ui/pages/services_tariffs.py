"""Registers the page; its widgets load on first opening (keeps start-up light)."""

from __future__ import annotations

from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.ui.pages import PageSpec, register_page


def _build(ctx: Any) -> Any:
    from aimak_desktop.ui.catalog.services_page import ServicesPage

    return ServicesPage(ctx)


register_page(PageSpec(key="services", title=N_("Services and tariffs"), factory=_build, order=20))
