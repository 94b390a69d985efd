"""Registers the users and audit page; the widget module loads when the page is first opened."""

from __future__ import annotations

from typing import Any

from aimak_desktop.i18n import N_
from aimak_desktop.models.core import Role
from aimak_desktop.services.auth import Actor
from aimak_desktop.ui.pages import PageSpec, register_page


def _factory(ctx: Any) -> Any:
    from aimak_desktop.ui.pages.admin_page import AdminPage

    return AdminPage(ctx)


def _visible(actor: Actor) -> bool:
    return actor.role in (Role.ADMIN, Role.HEAD)


register_page(
    PageSpec(
        key="admin", title=N_("Users and audit"), factory=_factory, order=90, visible_to=_visible
    )
)
