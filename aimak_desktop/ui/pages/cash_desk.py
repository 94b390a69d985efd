"""Registers the cash desk page; its widgets load on first opening (keeps start-up light)."""

from __future__ import annotations

from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.services.auth import CASH_ROLES, Actor
from aimak_desktop.ui.pages import PageSpec, register_page


def _visible(actor: Actor) -> bool:
    """Accountant, head and administrator take money; nobody else sees the desk."""
    return actor.role in CASH_ROLES


def _build(ctx: Any) -> Any:
    from aimak_desktop.ui.cash.page import CashDeskPage

    return CashDeskPage(ctx)


register_page(
    PageSpec(
        key="cash",
        title=N_("Cash desk"),
        factory=_build,
        order=30,
        visible_to=_visible,
    )
)
