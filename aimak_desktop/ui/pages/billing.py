"""Registers the Billing page; its widgets load on first opening (keeps start-up light)."""

from __future__ import annotations

from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.models.core import Role
from aimak_desktop.services.auth import Actor
from aimak_desktop.ui.pages import PageSpec, register_page

#: Mentors look and print; the page hides charging, corrections and closing the day from them.
VISIBLE_ROLES = frozenset({Role.ADMIN, Role.HEAD, Role.ACCOUNTANT, Role.MENTOR})


def _visible(actor: Actor) -> bool:
    return actor.role in VISIBLE_ROLES


def _build(ctx: Any) -> Any:
    from aimak_desktop.ui.billing.page import BillingPage

    return BillingPage(ctx)


register_page(
    PageSpec(
        key="billing",
        title=N_("Billing"),
        factory=_build,
        order=32,
        visible_to=_visible,
    )
)
