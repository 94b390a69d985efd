"""Actors and role checks used by every service."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from aimak_desktop.errors import PermissionDenied
from aimak_desktop.i18n import _
from aimak_desktop.models.core import ROLE_LABELS, Role


@dataclass(frozen=True)
class Actor:
    """Who performs an operation: a logged-in user, or the program itself (migrations, demo)."""

    user_id: uuid.UUID | None
    name: str
    role: Role


SYSTEM = Actor(None, "system", Role.ADMIN)

#: Roles allowed to change the register (villages, households, services).
REGISTER_ROLES = frozenset({Role.ADMIN, Role.HEAD, Role.CLERK})
#: Roles allowed to take money and void receipts.
CASH_ROLES = frozenset({Role.ADMIN, Role.HEAD, Role.ACCOUNTANT})


def require_role(actor: Actor, allowed: Iterable[Role]) -> None:
    """Raise PermissionDenied unless the actor has one of the allowed roles.

    Mentors are read-only: no write operation lists them.
    """
    allowed = frozenset(allowed)
    if actor.role not in allowed:
        raise PermissionDenied(
            _(
                "Your role ({role}) does not allow this. "
                "Ask a user with one of these roles: {roles}."
            ).format(
                role=_(ROLE_LABELS[actor.role]),
                roles=", ".join(_(ROLE_LABELS[r]) for r in Role if r in allowed),
            )
        )
