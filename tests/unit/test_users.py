"""Users, passwords and roles."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aimak_desktop.errors import LoginFailed, PermissionDenied, ValidationError
from aimak_desktop.models import AuditEntry, Role, User, Village
from aimak_desktop.services.auth import REGISTER_ROLES, require_role
from aimak_desktop.services.users import add_user, authenticate, set_active, set_password
from aimak_desktop.services.write_path import write
from tests.conftest import actor_for


def test_admin_adds_user_who_can_log_in(office, admin):
    user = add_user(office, admin, "Aida", "Айда Асанова", Role.CLERK, "sekret-1")
    assert user.username == "aida"  # user names are case-insensitive
    assert user.password_hash.startswith("$argon2")
    assert "sekret-1" not in user.password_hash
    assert authenticate(office, "AIDA", "sekret-1").id == user.id
    audit = office.scalar(
        select(AuditEntry)
        .where(AuditEntry.kind == "user.add")
        .order_by(AuditEntry.created_at.desc())
        .limit(1)
    )
    assert audit.actor_name == admin.name and "aida" in audit.summary


def test_wrong_password_and_unknown_user_get_the_same_message(office):
    with pytest.raises(LoginFailed) as wrong:
        authenticate(office, "admin", "nope")
    with pytest.raises(LoginFailed) as unknown:
        authenticate(office, "ghost", "nope")
    assert wrong.value.message == unknown.value.message == "Wrong user name or password."


def test_disabled_user_cannot_log_in(office, admin):
    set_active(office, admin, "clerk", False)
    with pytest.raises(LoginFailed):
        authenticate(office, "clerk", "demo123")
    set_active(office, admin, "clerk", True)
    assert authenticate(office, "clerk", "demo123").username == "clerk"


@pytest.mark.parametrize(
    ("username", "password", "role", "field"),
    [
        ("x", "secret1", "clerk", "username"),
        ("bad name", "secret1", "clerk", "username"),
        ("newone", "short", "clerk", "password"),
        ("newone", "secret1", "boss", "role"),
        ("admin", "secret1", "clerk", "username"),  # taken
    ],
)
def test_bad_user_input_names_the_field(office, admin, username, password, role, field):
    with pytest.raises(ValidationError) as info:
        add_user(office, admin, username, "Name", role, password)
    assert info.value.field == field
    assert office.scalar(select(User).where(User.username == "newone")) is None


@pytest.mark.parametrize("username", ["clerk", "kassa", "head", "mentor"])
def test_only_admin_adds_users(office, username):
    with pytest.raises(PermissionDenied, match="does not allow"):
        add_user(office, actor_for(office, username), "someone", "Someone", "clerk", "secret1")


def test_mentor_is_read_only_for_register_writes(office):
    with pytest.raises(PermissionDenied):
        require_role(actor_for(office, "mentor"), REGISTER_ROLES)
    require_role(actor_for(office, "clerk"), REGISTER_ROLES)


def test_user_changes_own_password_but_not_others(office):
    clerk = actor_for(office, "clerk")
    set_password(office, clerk, "clerk", "new-pass-1")
    assert authenticate(office, "clerk", "new-pass-1")
    with pytest.raises(PermissionDenied):
        set_password(office, clerk, "kassa", "hacked-1")
    assert authenticate(office, "kassa", "demo123")


def test_write_records_the_actor(office):
    clerk = actor_for(office, "clerk")
    with write(office, clerk, "village.create") as unit:
        v = Village(name="Ак-Суу")
        office.add(v)
        unit.target = v
    entry = office.scalar(select(AuditEntry).where(AuditEntry.target_id == v.id))
    assert entry.actor_id == clerk.user_id and entry.actor_name == "Сыдыкова Нургүл"
