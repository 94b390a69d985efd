"""Registers the page; its widgets load on first opening (keeps start-up light)."""

from __future__ import annotations

from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.models.core import Role
from aimak_desktop.services.auth import Actor
from aimak_desktop.ui.pages import PageSpec, register_page

#: Mentors may look and print; they cannot save or propose (the page disables those).
VISIBLE_ROLES = frozenset({Role.ADMIN, Role.HEAD, Role.ACCOUNTANT, Role.MENTOR})


def _visible(actor: Actor) -> bool:
    return actor.role in VISIBLE_ROLES


def _build(ctx: Any) -> Any:
    from aimak_desktop.ui.tariff.page import TariffCalcPage

    return TariffCalcPage(ctx)


register_page(
    PageSpec(
        key="tariffs_calc",
        title=N_("Tariff calculator"),
        factory=_build,
        order=40,
        visible_to=_visible,
    )
)
