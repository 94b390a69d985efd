"""Registers the mentor comparison view; its widgets load on first opening (light start-up)."""

from __future__ import annotations

from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.models.core import Role
from aimak_desktop.services.auth import Actor
from aimak_desktop.ui.pages import PageSpec, register_page

VISIBLE_ROLES = frozenset({Role.MENTOR, Role.ADMIN, Role.HEAD})


def _visible(actor: Actor) -> bool:
    return actor.role in VISIBLE_ROLES


def _build(ctx: Any) -> Any:
    from aimak_desktop.ui.dashboard.comparison import ComparisonPage

    return ComparisonPage(ctx)


register_page(
    PageSpec(
        key="comparison",
        title=N_("Compare offices"),
        factory=_build,
        order=85,
        visible_to=_visible,
    )
)
