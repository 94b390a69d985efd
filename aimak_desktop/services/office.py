"""Creating an office, this PC's identity, and the office profile."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.core import Device, LocalDevice, Office, Role
from aimak_desktop.models.ids import new_id
from aimak_desktop.services.auth import SYSTEM, Actor, require_role
from aimak_desktop.services.write_path import end_read, write

_DEVICE_CODE = re.compile(r"^[A-Z0-9]{1,4}$")

#: Office profile fields a user may edit (all text).
PROFILE_FIELDS = (
    "name_ky",
    "name_ru",
    "oblast",
    "rayon",
    "aimak",
    "address",
    "phone",
    "head_name",
    "accountant_name",
    "bank_name",
    "bank_account",
    "bank_bik",
    "tax_id",
)


@dataclass
class OfficeProfile:
    name_ky: str
    name_ru: str
    oblast: str
    rayon: str
    aimak: str
    extra: dict[str, str] = field(default_factory=dict)


def normalise_device_code(code: str) -> str:
    """Device codes are short Latin capitals/digits ("A", "B2"): they start receipt numbers.

    Raises:
        ValidationError: the code is empty, too long or has other characters.
    """
    value = code.strip().upper()
    if not _DEVICE_CODE.match(value):
        raise ValidationError(
            _("The PC code must be 1 to 4 Latin letters or digits, for example A or B2."),
            field="device_code",
        )
    return value


def _check_profile(profile: OfficeProfile) -> None:
    for name in ("name_ky", "name_ru", "oblast", "rayon", "aimak"):
        if not getattr(profile, name).strip():
            raise ValidationError(
                _("Please fill in: {field}.").format(field=_(FIELD_LABELS[name])), field=name
            )
    unknown = set(profile.extra) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"unknown office fields: {', '.join(sorted(unknown))}")


FIELD_LABELS = {
    "name_ky": "Office name (Kyrgyz)",
    "name_ru": "Office name (Russian)",
    "oblast": "Oblast",
    "rayon": "Rayon",
    "aimak": "Aiyl aimak",
    "address": "Address",
    "phone": "Phone",
    "head_name": "Head of the office",
    "accountant_name": "Accountant",
    "bank_name": "Bank",
    "bank_account": "Bank account",
    "bank_bik": "Bank code (BIK)",
    "tax_id": "Tax number (INN)",
}


def has_office(session: Session) -> bool:
    return session.scalar(select(LocalDevice.slot)) is not None


def create_office(
    session: Session,
    profile: OfficeProfile,
    device_code: str,
    *,
    is_demo: bool = False,
) -> Office:
    """Create the office profile and this PC's identity in an empty database.

    Raises:
        ValidationError: a required field is empty, the code is malformed or an office exists.
    """
    code = normalise_device_code(device_code)
    _check_profile(profile)
    if has_office(session):
        raise ValidationError(_("This data folder already holds an office."))
    end_read(session)
    with session.begin():
        session.add(LocalDevice(device_id=new_id(), code=code, office_key=os.urandom(32)))
    office = Office(
        name_ky=profile.name_ky.strip(),
        name_ru=profile.name_ru.strip(),
        oblast=profile.oblast.strip(),
        rayon=profile.rayon.strip(),
        aimak=profile.aimak.strip(),
        is_demo=is_demo,
        **{k: v.strip() for k, v in profile.extra.items()},
    )
    with write(session, SYSTEM, "office.create", profile.name_ky, target=office) as unit:
        session.add(office)
        session.add(Device(id=unit.device_id, code=code))
    return office


def get_office(session: Session) -> Office | None:
    return session.scalar(select(Office).order_by(Office.created_at).limit(1))


def get_local_device(session: Session) -> LocalDevice:
    device = session.get(LocalDevice, 1)
    if device is None:
        raise ValidationError(_("This data folder holds no office yet."))
    return device


def update_office(session: Session, actor: Actor, changes: dict[str, str]) -> Office:
    """Edit profile fields (admin or head)."""
    require_role(actor, {Role.ADMIN, Role.HEAD})
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"unknown office fields: {', '.join(sorted(unknown))}")
    with write(session, actor, "office.update") as unit:
        office = get_office(session)
        if office is None:
            raise ValidationError(_("This data folder holds no office yet."))
        for key, value in changes.items():
            if key in ("name_ky", "name_ru", "oblast", "rayon", "aimak") and not value.strip():
                raise ValidationError(
                    _("Please fill in: {field}.").format(field=_(FIELD_LABELS[key])), field=key
                )
            setattr(office, key, value.strip())
        unit.target, unit.summary = office, ", ".join(sorted(changes))
    return office


def reidentify_device(session: Session, reason: str = "restored from backup") -> LocalDevice:
    """Give this PC a new device id and a new number series (after a restore from backup).

    Numbers issued by the old identity after the backup was taken exist elsewhere; a fresh identity
    guarantees they are never issued twice.
    """
    end_read(session)
    with session.begin():
        device = get_local_device(session)
        device.device_id = new_id()
        device.generation += 1
        device.last_seq = 0
    with write(session, SYSTEM, "device.reidentify", reason) as unit:
        session.add(Device(id=unit.device_id, code=device.series, label=reason))
    return device
