"""Villages, streets and households: every change through the write path, with history.

Households never disappear: they are archived with a reason and can be restored. Each change of a
household adds `HouseholdHistory` rows (field, old, new, who, when) in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import NotFound, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.base import utcnow
from aimak_desktop.models.ids import new_id
from aimak_desktop.models.register import Household, HouseholdHistory, Street, Village
from aimak_desktop.services import register_rules as rules
from aimak_desktop.services.auth import REGISTER_ROLES, Actor, require_role
from aimak_desktop.services.office import get_local_device
from aimak_desktop.services.search import normalise, refresh_derived
from aimak_desktop.services.write_path import write

ACCOUNT_DIGITS = 6

#: Household fields `update_household` accepts ("village" and "street" take an id or a name).
EDITABLE_FIELDS = frozenset(
    {
        "account_no",
        "head_name",
        "gender",
        "phone",
        "village",
        "street",
        "house",
        "residents",
        "category",
        "notes",
    }
)


# --- villages and streets -------------------------------------------------------------------


def list_villages(session: Session, *, include_archived: bool = False) -> list[Village]:
    query = select(Village).order_by(Village.name)
    if not include_archived:
        query = query.where(Village.archived_at.is_(None))
    return list(session.scalars(query))


def list_streets(
    session: Session, village_id: uuid.UUID, *, include_archived: bool = False
) -> list[Street]:
    query = select(Street).where(Street.village_id == village_id).order_by(Street.name)
    if not include_archived:
        query = query.where(Street.archived_at.is_(None))
    return list(session.scalars(query))


def find_village(session: Session, name: str) -> Village | None:
    """The active village called `name` (case and ӊ/ң do not matter), or None."""
    wanted = normalise(name)
    for village in list_villages(session):
        if normalise(village.name) == wanted:
            return village
    return None


def _find_street(session: Session, village_id: uuid.UUID, name: str) -> Street | None:
    wanted = normalise(name)
    for street in list_streets(session, village_id):
        if normalise(street.name) == wanted:
            return street
    return None


def get_village(session: Session, village_id: uuid.UUID) -> Village:
    village = session.get(Village, village_id)
    if village is None:
        raise NotFound(_("This village does not exist."))
    return village


def _get_street(session: Session, street_id: uuid.UUID) -> Street:
    street = session.get(Street, street_id)
    if street is None:
        raise NotFound(_("This street does not exist."))
    return street


def create_village(session: Session, actor: Actor, name: str) -> Village:
    require_role(actor, REGISTER_ROLES)
    name = rules.clean_place_name(name, "name")
    village = Village(name=name)
    with write(session, actor, "village.create", name, target=village):
        if find_village(session, name) is not None:
            raise ValidationError(
                _("A village named {name} already exists.").format(name=name), field="name"
            )
        session.add(village)
    return village


def rename_village(session: Session, actor: Actor, village_id: uuid.UUID, name: str) -> Village:
    require_role(actor, REGISTER_ROLES)
    name = rules.clean_place_name(name, "name")
    with write(session, actor, "village.rename") as unit:
        village = get_village(session, village_id)
        other = find_village(session, name)
        if other is not None and other.id != village.id:
            raise ValidationError(
                _("A village named {name} already exists.").format(name=name), field="name"
            )
        unit.target, unit.summary = village, f"{village.name} -> {name}"
        village.name = name
    return village


def archive_village(session: Session, actor: Actor, village_id: uuid.UUID) -> Village:
    """Archive a village that has no active households left."""
    require_role(actor, REGISTER_ROLES)
    with write(session, actor, "village.archive") as unit:
        village = get_village(session, village_id)
        active = _active_households(session, Household.village_id == village.id)
        if active:
            raise ValidationError(
                _(
                    "The village {name} still has {n} active households. "
                    "Move or archive them first."
                ).format(name=village.name, n=active)
            )
        unit.target, unit.summary = village, village.name
        village.archived_at = utcnow()
    return village


def create_street(session: Session, actor: Actor, village_id: uuid.UUID, name: str) -> Street:
    require_role(actor, REGISTER_ROLES)
    name = rules.clean_place_name(name, "name")
    street = Street(village_id=village_id, name=name)
    with write(session, actor, "street.create", name, target=street):
        _add_street(session, village_id, name, street)
    return street


def _add_street(
    session: Session, village_id: uuid.UUID, name: str, street: Street | None = None
) -> Street:
    village = get_village(session, village_id)
    if village.archived_at is not None:
        raise ValidationError(
            _("The village {name} is archived.").format(name=village.name), field="village"
        )
    if _find_street(session, village_id, name) is not None:
        raise ValidationError(
            _("The street {street} already exists in {village}.").format(
                street=name, village=village.name
            ),
            field="name",
        )
    # An explicit id: a household written in the same transaction refers to it before a flush.
    street = street or Street(id=new_id(), village_id=village_id, name=name)
    session.add(street)
    return street


def rename_street(session: Session, actor: Actor, street_id: uuid.UUID, name: str) -> Street:
    require_role(actor, REGISTER_ROLES)
    name = rules.clean_place_name(name, "name")
    with write(session, actor, "street.rename") as unit:
        street = _get_street(session, street_id)
        other = _find_street(session, street.village_id, name)
        if other is not None and other.id != street.id:
            raise ValidationError(
                _("The street {street} already exists in this village.").format(street=name),
                field="name",
            )
        unit.target, unit.summary = street, f"{street.name} -> {name}"
        street.name = name
    return street


def archive_street(session: Session, actor: Actor, street_id: uuid.UUID) -> Street:
    """Archive a street that has no active households left."""
    require_role(actor, REGISTER_ROLES)
    with write(session, actor, "street.archive") as unit:
        street = _get_street(session, street_id)
        active = _active_households(session, Household.street_id == street.id)
        if active:
            raise ValidationError(
                _(
                    "The street {name} still has {n} active households. Move or archive them first."
                ).format(name=street.name, n=active)
            )
        unit.target, unit.summary = street, street.name
        street.archived_at = utcnow()
    return street


def _active_households(session: Session, condition: Any) -> int:
    query = select(func.count()).select_from(Household).where(condition)
    return int(session.scalar(query.where(Household.archived_at.is_(None))) or 0)


# --- households -----------------------------------------------------------------------------


def get_household(session: Session, household_id: uuid.UUID) -> Household:
    household = session.get(Household, household_id)
    if household is None:
        raise NotFound(_("This household does not exist."))
    return household


def find_household(session: Session, account_no: str) -> Household | None:
    return session.scalar(select(Household).where(Household.account_no == account_no.strip()))


def next_account_no(session: Session) -> str:
    """The next free number of this PC's series: series + 6 digits ("A000123").

    Call it inside the write that uses the number: `write()` holds SQLite's write lock, so no other
    process can take the same number. Households are never deleted, so a number is never reused.
    Numbers of other shapes (imported accounts such as "12-45") are ignored; an imported number
    in this PC's shape pushes the series past it.
    """
    series = get_local_device(session).series
    width = len(series) + ACCOUNT_DIGITS
    # Same width and all digits after the series: the greatest string is the greatest number.
    # The range keeps the scan on the unique index of account_no; ":" sorts right after "9".
    candidates = session.scalars(
        select(Household.account_no)
        .where(
            Household.account_no >= series + "0",
            Household.account_no < series + ":",
            func.length(Household.account_no) == width,
        )
        .order_by(Household.account_no.desc())
        .limit(50)
    )
    last = 0
    for account in candidates:
        tail = account[len(series) :]
        if tail.isdigit():
            last = int(tail)
            break
    return f"{series}{last + 1:0{ACCOUNT_DIGITS}d}"


def _resolve_village(session: Session, village: uuid.UUID | str | Village) -> Village:
    if isinstance(village, Village):
        village = village.id
    if isinstance(village, uuid.UUID):
        found: Village | None = session.get(Village, village)
        label = str(village)
    else:
        label = " ".join(str(village or "").split())
        if not label:
            raise ValidationError(_("Please choose a village."), field="village")
        found = find_village(session, label)
    if found is None:
        raise ValidationError(
            _("The village {name} does not exist. Add it first.").format(name=label),
            field="village",
        )
    if found.archived_at is not None:
        raise ValidationError(
            _("The village {name} is archived.").format(name=found.name), field="village"
        )
    return found


def _resolve_street(
    session: Session, village: Village, street: uuid.UUID | str | Street | None
) -> Street | None:
    """A street of `village` by id or name; a new name is added to the village (same write)."""
    if isinstance(street, Street):
        street = street.id
    if street is None or (isinstance(street, str) and not street.strip()):
        return None
    if isinstance(street, uuid.UUID):
        found = session.get(Street, street)
        if found is None or found.village_id != village.id:
            raise ValidationError(
                _("Choose a street of {village}.").format(village=village.name), field="street"
            )
        return found
    name = rules.clean_place_name(street, "street")
    return _find_street(session, village.id, name) or _add_street(session, village.id, name)


def _check_account_free(session: Session, account_no: str, own_id: uuid.UUID | None) -> None:
    holder = find_household(session, account_no)
    if holder is not None and holder.id != own_id:
        raise ValidationError(
            _("The account number {no} is already used by {name}.").format(
                no=account_no, name=holder.head_name
            ),
            field="account_no",
        )


def _history(
    session: Session, actor: Actor, household_id: uuid.UUID, field: str, old: Any, new: Any
) -> None:
    session.add(
        HouseholdHistory(
            household_id=household_id,
            field=field,
            old_value=None if old is None else str(old),
            new_value=None if new is None else str(new),
            actor_id=actor.user_id,
            actor_name=actor.name,
        )
    )


def create_household(
    session: Session,
    actor: Actor,
    *,
    head_name: str,
    village: uuid.UUID | str | Village,
    street: uuid.UUID | str | Street | None = None,
    house: str | int | None = "",
    residents: int | str = 1,
    phone: str | None = "",
    category: str | None = None,
    gender: str | None = None,
    account_no: str | None = None,
    notes: str = "",
) -> Household:
    """Add a household. Without `account_no` the next number of this PC's series is given.

    `village` and `street` take an id or a name; a street name new to the village is added.

    Raises:
        ValidationError: a field is invalid, the village does not exist, the account is taken.
    """
    require_role(actor, REGISTER_ROLES)
    values = {
        "head_name": rules.clean_name(head_name),
        "house": rules.clean_house(house),
        "residents": rules.clean_residents(residents),
        "phone": rules.clean_phone(phone),
        "category": rules.clean_category(category),
        "gender": rules.clean_gender(gender),
        "notes": (notes or "").strip(),
    }
    account = rules.clean_account(account_no)
    with write(session, actor, "household.create") as unit:
        found_village = _resolve_village(session, village)
        found_street = _resolve_street(session, found_village, street)
        if account:
            _check_account_free(session, account, None)
        else:
            account = next_account_no(session)
        household = Household(
            account_no=account,
            village_id=found_village.id,
            street_id=found_street.id if found_street else None,
            archive_reason="",
            **values,
        )
        refresh_derived(household)
        session.add(household)
        session.flush()
        _history(session, actor, household.id, "created", None, account)
        unit.target, unit.summary = household, f"{account} {household.head_name}"
    return household


def _clean_change(key: str, value: Any) -> Any:
    cleaners: dict[str, Callable[[Any], Any]] = {
        "head_name": rules.clean_name,
        "house": rules.clean_house,
        "residents": rules.clean_residents,
        "phone": rules.clean_phone,
        "category": rules.clean_category,
        "gender": rules.clean_gender,
        "notes": lambda v: (v or "").strip(),
    }
    if key == "account_no":
        account = rules.clean_account(value)
        if not account:
            raise ValidationError(_("The account number cannot be empty."), field="account_no")
        return account
    return cleaners[key](value) if key in cleaners else value


def update_household(
    session: Session, actor: Actor, household_id: uuid.UUID, changes: Mapping[str, Any]
) -> Household:
    """Change any fields of a household (see EDITABLE_FIELDS); unchanged values are ignored.

    Raises:
        ValidationError: an unknown field, an invalid value, a taken account number, a street
            that is not in the (new) village.
    """
    require_role(actor, REGISTER_ROLES)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"unknown household fields: {', '.join(sorted(unknown))}")
    cleaned = {k: _clean_change(k, v) for k, v in changes.items() if k not in ("village", "street")}
    with write(session, actor, "household.update") as unit:
        household = get_household(session, household_id)
        if household.archived_at is not None:
            raise ValidationError(_("This household is archived. Restore it before changing it."))
        changed: list[str] = []
        if "village" in changes or "street" in changes:
            changed += _move(session, actor, household, changes)
        if "account_no" in cleaned and cleaned["account_no"] != household.account_no:
            _check_account_free(session, cleaned["account_no"], household.id)
        for key, value in cleaned.items():
            old = getattr(household, key)
            if old != value:
                _history(session, actor, household.id, key, old, value)
                setattr(household, key, value)
                changed.append(key)
        refresh_derived(household)
        unit.target = household
        unit.summary = f"{household.account_no}: {', '.join(changed) or '-'}"
    return household


def _move(
    session: Session, actor: Actor, household: Household, changes: Mapping[str, Any]
) -> list[str]:
    """Apply a village and/or street change with history (values recorded as names)."""
    old_village = session.get(Village, household.village_id)
    old_street = session.get(Street, household.street_id) if household.street_id else None
    village = _resolve_village(session, changes["village"]) if "village" in changes else old_village
    assert village is not None
    if "street" in changes:
        street = _resolve_street(session, village, changes["street"])
    elif old_street is not None and old_street.village_id != village.id:
        raise ValidationError(
            _("Choose a street of {village}.").format(village=village.name), field="street"
        )
    else:
        street = old_street
    changed = []
    if village.id != household.village_id:
        _history(
            session, actor, household.id, "village", old_village and old_village.name, village.name
        )
        household.village_id = village.id
        changed.append("village")
    new_street_id = street.id if street else None
    if new_street_id != household.street_id:
        _history(
            session,
            actor,
            household.id,
            "street",
            old_street.name if old_street else None,
            street.name if street else None,
        )
        household.street_id = new_street_id
        changed.append("street")
    return changed


def archive_household(
    session: Session, actor: Actor, household_id: uuid.UUID, reason: str
) -> Household:
    """Archive a household (moved away, merged, a duplicate ...). The reason is required."""
    require_role(actor, REGISTER_ROLES)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Please give the reason for archiving."), field="reason")
    if len(reason) > 200:
        raise ValidationError(_("The reason is too long (at most 200 characters)."), "reason")
    with write(session, actor, "household.archive") as unit:
        household = get_household(session, household_id)
        if household.archived_at is not None:
            raise ValidationError(_("This household is already archived."))
        household.archived_at = utcnow()
        household.archive_reason = reason
        _history(session, actor, household.id, "archived", None, reason)
        unit.target, unit.summary = household, f"{household.account_no}: {reason}"
    return household


def restore_household(session: Session, actor: Actor, household_id: uuid.UUID) -> Household:
    require_role(actor, REGISTER_ROLES)
    with write(session, actor, "household.restore") as unit:
        household = get_household(session, household_id)
        if household.archived_at is None:
            raise ValidationError(_("This household is not archived."))
        village = session.get(Village, household.village_id)
        if village is not None and village.archived_at is not None:
            raise ValidationError(
                _("The village {name} is archived.").format(name=village.name), field="village"
            )
        _history(session, actor, household.id, "archived", household.archive_reason, None)
        household.archived_at = None
        household.archive_reason = ""
        unit.target, unit.summary = household, household.account_no
    return household


def household_history(session: Session, household_id: uuid.UUID) -> Sequence[HouseholdHistory]:
    """Every recorded change of a household, oldest first."""
    return session.scalars(
        select(HouseholdHistory)
        .where(HouseholdHistory.household_id == household_id)
        .order_by(HouseholdHistory.at, HouseholdHistory.id)
    ).all()
