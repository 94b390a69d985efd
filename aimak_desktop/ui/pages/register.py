"""Registers the page; its widgets load on first opening (keeps start-up light)."""

from __future__ import annotations

from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.ui.pages import PageSpec, register_page


def _build(ctx: Any) -> Any:
    from aimak_desktop.ui.register.page import RegisterPage

    return RegisterPage(ctx)


register_page(PageSpec(key="register", title=N_("Register"), factory=_build, order=10))
