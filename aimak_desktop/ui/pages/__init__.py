"""The page registry: the main window's navigation shows every registered page, in order.

A page module calls `register_page(PageSpec(...))` at import; `PAGE_MODULES` lists the modules the
window imports. A page is a QWidget built as `factory(ctx)`; it may define `on_changed(kinds)` to
refresh after writes and `on_shown()` to load lazily when first opened.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aimak_desktop.services.auth import Actor


@dataclass(frozen=True)
class PageSpec:
    key: str  # stable id, also the screenshot file name: DIR/<key>.png
    title: str  # marked with N_(); translated when shown
    factory: Callable[[Any], Any]  # AppContext -> QWidget
    order: int = 100
    #: Which actors see the page (None: everyone).
    visible_to: Callable[[Actor], bool] | None = None


_PAGES: dict[str, PageSpec] = {}

#: Page modules in navigation order; each area adds its module here.
PAGE_MODULES = [
    "aimak_desktop.ui.pages.home",
    "aimak_desktop.ui.pages.register",
    "aimak_desktop.ui.pages.services_tariffs",
    "aimak_desktop.ui.pages.cash_desk",
    "aimak_desktop.ui.pages.billing",
    "aimak_desktop.ui.pages.tariff_calc",
    "aimak_desktop.ui.pages.hearings",
    "aimak_desktop.ui.pages.feedback",
    "aimak_desktop.ui.pages.surveys",
    "aimak_desktop.ui.pages.sync",
    "aimak_desktop.ui.pages.comparison",
    "aimak_desktop.ui.pages.admin",
    "aimak_desktop.ui.pages.settings",
]


def register_page(spec: PageSpec) -> None:
    _PAGES[spec.key] = spec


def all_pages(actor: Actor | None = None) -> list[PageSpec]:
    for name in PAGE_MODULES:
        importlib.import_module(name)
    pages = sorted(_PAGES.values(), key=lambda p: (p.order, p.key))
    if actor is None:
        return pages
    return [p for p in pages if p.visible_to is None or p.visible_to(actor)]
