"""Users, passwords (argon2) and log-in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import LoginFailed, NotFound, ValidationError
from aimak_desktop.i18n import LANGUAGES, _
from aimak_desktop.models.core import Role, User
from aimak_desktop.services.auth import Actor, require_role
from aimak_desktop.services.write_path import write

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,49}$")
MIN_PASSWORD = 6


@cache
def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher  # imported on first use: keeps start-up light

    return PasswordHasher()


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def verify_password(stored_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.full_name or user.username, Role(user.role))


def add_user(
    session: Session,
    actor: Actor,
    username: str,
    full_name: str,
    role: Role | str,
    password: str,
    language: str = "ky",
) -> User:
    """Create a user (admin only).

    Raises:
        ValidationError: bad user name, short password, unknown role or language, name taken.
    """
    require_role(actor, {Role.ADMIN})
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise ValidationError(
            _("The user name must be 2-50 Latin letters, digits, dots, dashes or underscores."),
            field="username",
        )
    if not full_name.strip():
        raise ValidationError(_("Please enter the person's full name."), field="full_name")
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError(
            _("Unknown role {role}. Use one of: {roles}.").format(
                role=role, roles=", ".join(r.value for r in Role)
            ),
            field="role",
        ) from None
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            _("The password must have at least {n} characters.").format(n=MIN_PASSWORD),
            field="password",
        )
    if language not in LANGUAGES:
        raise ValidationError(_("Unknown language {lang}.").format(lang=language), field="language")
    hashed = hash_password(password)
    user = User(
        username=username,
        full_name=full_name.strip(),
        role=role.value,
        password_hash=hashed,
        language=language,
    )
    with write(session, actor, "user.add", f"{username} ({role.value})", target=user):
        taken = session.scalar(select(func.count()).where(User.username == username))
        if taken:
            raise ValidationError(
                _("The user name {name} is already taken.").format(name=username), field="username"
            )
        session.add(user)
    return user


def list_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.username)).all()


def find_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(_("There is no user {name}.").format(name=username))
    return user


def set_active(session: Session, actor: Actor, username: str, active: bool) -> User:
    """Disable or re-enable a user (admin). Users are never deleted: the audit log names them."""
    require_role(actor, {Role.ADMIN})
    with write(session, actor, "user.enable" if active else "user.disable") as unit:
        user = find_user(session, username)
        user.active = active
        unit.target, unit.summary = user, user.username
    return user


def set_password(session: Session, actor: Actor, username: str, password: str) -> None:
    """Reset a password (admin, or the user for their own account)."""
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            _("The password must have at least {n} characters.").format(n=MIN_PASSWORD),
            field="password",
        )
    hashed = hash_password(password)
    with write(session, actor, "user.password") as unit:
        user = find_user(session, username)
        if actor.user_id != user.id:
            require_role(actor, {Role.ADMIN})
        user.password_hash = hashed
        unit.target, unit.summary = user, user.username


def authenticate(session: Session, username: str, password: str) -> User:
    """Check a log-in.

    Raises:
        LoginFailed: unknown user, disabled user or wrong password (one message for all three, so
            the dialog does not reveal which user names exist).
    """
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active or not verify_password(user.password_hash, password):
        raise LoginFailed(_("Wrong user name or password."))
    return user
