"""What the window needs before its first paint, read with plain table queries.

An ORM query first configures every mapper of the program (about 0.1 s on an old PC); these
Core reads do not, so that cost moves to the first background load, after the window is painted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from aimak_desktop.models.core import LocalDevice, Office, Role, User
from aimak_desktop.services.auth import Actor


@dataclass(frozen=True)
class Identity:
    office_name: str
    is_demo: bool
    #: This PC's number series (the same rule as LocalDevice.series).
    series: str


def read_identity(session: Any) -> Identity | None:
    """The office name, demo flag and PC code; None when the folder holds no office yet."""
    device = session.execute(
        select(LocalDevice.__table__.c.code, LocalDevice.__table__.c.generation)
    ).first()
    if device is None:
        return None
    office = Office.__table__
    row = session.execute(
        select(office.c.name_ky, office.c.is_demo).order_by(office.c.created_at).limit(1)
    ).first()
    code, generation = device
    series = code if generation == 1 else f"{code}{generation}"
    return Identity(row.name_ky if row else "", bool(row and row.is_demo), series)


def active_user(session: Any, username: str) -> Actor | None:
    """The actor of an active user by name (the demo office logs in as its "admin")."""
    users = User.__table__
    row = session.execute(
        select(users.c.id, users.c.full_name, users.c.username, users.c.role).where(
            users.c.username == username, users.c.active.is_(True)
        )
    ).first()
    if row is None:
        return None
    return Actor(row.id, row.full_name or row.username, Role(row.role))
