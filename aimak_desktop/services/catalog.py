"""The service catalogue and its tariffs.

Tariff rule: a tariff used for charges is never edited. A new price is a new version from a date
(`new_tariff_version`), which closes the previous version the day before. Versions of one service,
category and tap type never overlap.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import NotFound, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.models.base import utcnow
from aimak_desktop.models.catalog import (
    ALL_CATEGORIES,
    ANY_TAP,
    BillingUnit,
    Period,
    ProviderKind,
    Service,
    Subscription,
    TapType,
    Tariff,
)
from aimak_desktop.models.register import Category
from aimak_desktop.services.auth import REGISTER_ROLES, Actor, require_role
from aimak_desktop.services.write_path import write

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,29}$")
#: Service fields `update_service` accepts.
SERVICE_FIELDS = frozenset(
    {
        "name_ky",
        "name_ru",
        "provider_kind",
        "provider_name",
        "billing_unit",
        "period",
        "penalty_enabled",
        "penalty_pct_per_month",
        "penalty_grace_days",
        "notes",
    }
)


def _choice(value: Any, enum_type: Any, field: str) -> str:
    try:
        return str(enum_type(str(value).strip().lower()).value)
    except ValueError:
        raise ValidationError(
            _("{value} is not a valid choice. Use one of: {choices}.").format(
                value=value, choices=", ".join(e.value for e in enum_type)
            ),
            field=field,
        ) from None


def _clean_text(value: str | None, field: str, *, required: bool, max_len: int = 200) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise ValidationError(_("Please fill in this field."), field=field)
    if len(text) > max_len:
        raise ValidationError(
            _("The text is too long (at most {n} characters).").format(n=max_len), field=field
        )
    return text


def _penalty_bp(value: Decimal | str | int | float) -> int:
    """A monthly penalty percentage as basis points (0.1 % -> 10)."""
    message = _("The penalty must be a percentage from 0 to 100 with at most two decimals.")
    try:
        pct = Decimal(str(value).strip().replace(",", ".").rstrip("%"))
    except InvalidOperation:
        raise ValidationError(message, field="penalty_pct_per_month") from None
    bp = pct * 100
    if not pct.is_finite() or bp != bp.to_integral_value() or not 0 <= pct <= 100:
        raise ValidationError(message, field="penalty_pct_per_month")
    return int(bp)


def _grace_days(value: int | str) -> int:
    try:
        days = int(str(value).strip())
    except ValueError:
        days = -1
    if not 0 <= days <= 365:
        raise ValidationError(
            _("The grace period must be a whole number of days from 0 to 365."),
            field="penalty_grace_days",
        )
    return days


def _clean_service_field(key: str, value: Any) -> tuple[str, Any]:
    if key in ("name_ky", "name_ru"):
        return key, _clean_text(value, key, required=True)
    if key == "provider_name":
        return key, _clean_text(value, key, required=False)
    if key == "notes":
        return key, (value or "").strip()
    if key == "provider_kind":
        return key, _choice(value, ProviderKind, key)
    if key == "billing_unit":
        return key, _choice(value, BillingUnit, key)
    if key == "period":
        return key, _choice(value, Period, key)
    if key == "penalty_enabled":
        return key, bool(value)
    if key == "penalty_pct_per_month":
        return "penalty_bp_per_month", _penalty_bp(value)
    if key == "penalty_grace_days":
        return key, _grace_days(value)
    raise ValidationError(f"unknown service field: {key}")


def list_services(session: Session, *, include_archived: bool = False) -> list[Service]:
    query = select(Service).order_by(Service.code)
    if not include_archived:
        query = query.where(Service.archived_at.is_(None))
    return list(session.scalars(query))


def get_service(session: Session, service_id: uuid.UUID) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound(_("This service does not exist."))
    return service


def find_service(session: Session, code: str) -> Service:
    """The service with this code. Raises NotFound with the known codes."""
    service = session.scalar(select(Service).where(Service.code == code.strip().lower()))
    if service is None:
        known = ", ".join(s.code for s in list_services(session)) or "-"
        raise NotFound(
            _("There is no service with the code {code}. Known codes: {known}.").format(
                code=code, known=known
            )
        )
    return service


def create_service(
    session: Session,
    actor: Actor,
    *,
    code: str,
    name_ky: str,
    name_ru: str,
    billing_unit: str,
    period: str = Period.MONTHLY.value,
    provider_kind: str = ProviderKind.AO.value,
    provider_name: str = "",
    penalty_enabled: bool = False,
    penalty_pct_per_month: Decimal | str | int = 0,
    penalty_grace_days: int = 0,
    notes: str = "",
) -> Service:
    """Add a service to the catalogue. `code` is a short Latin key such as "water"."""
    require_role(actor, REGISTER_ROLES)
    code = (code or "").strip().lower()
    if not _CODE.match(code):
        raise ValidationError(
            _("The code must be 2-30 small Latin letters, digits or _, starting with a letter."),
            field="code",
        )
    fields = dict(
        _clean_service_field(k, v)
        for k, v in {
            "name_ky": name_ky,
            "name_ru": name_ru,
            "billing_unit": billing_unit,
            "period": period,
            "provider_kind": provider_kind,
            "provider_name": provider_name,
            "penalty_enabled": penalty_enabled,
            "penalty_pct_per_month": penalty_pct_per_month,
            "penalty_grace_days": penalty_grace_days,
            "notes": notes,
        }.items()
    )
    service = Service(code=code, **fields)
    with write(session, actor, "service.create", code, target=service):
        if session.scalar(select(Service.id).where(Service.code == code)) is not None:
            raise ValidationError(
                _("A service with the code {code} already exists.").format(code=code),
                field="code",
            )
        session.add(service)
    return service


def update_service(
    session: Session, actor: Actor, service_id: uuid.UUID, changes: Mapping[str, Any]
) -> Service:
    """Change catalogue fields. The billing unit and period are fixed once tariffs exist."""
    require_role(actor, REGISTER_ROLES)
    unknown = set(changes) - SERVICE_FIELDS
    if unknown:
        raise ValidationError(f"unknown service fields: {', '.join(sorted(unknown))}")
    cleaned = dict(_clean_service_field(k, v) for k, v in changes.items())
    with write(session, actor, "service.update") as unit:
        service = get_service(session, service_id)
        structural = {
            k
            for k in ("billing_unit", "period")
            if k in cleaned and cleaned[k] != getattr(service, k)
        }
        if structural and tariff_history(session, service.id):
            raise ValidationError(
                _(
                    "The billing unit and period cannot change once the service has tariffs. "
                    "Add a new service instead."
                ),
                field=sorted(structural)[0],
            )
        for key, value in cleaned.items():
            setattr(service, key, value)
        unit.target, unit.summary = service, f"{service.code}: {', '.join(sorted(changes))}"
    return service


def archive_service(session: Session, actor: Actor, service_id: uuid.UUID) -> Service:
    """Take a service out of the catalogue once no household takes it."""
    require_role(actor, REGISTER_ROLES)
    with write(session, actor, "service.archive") as unit:
        service = get_service(session, service_id)
        active = session.scalar(
            select(Subscription.id)
            .where(Subscription.service_id == service.id, Subscription.end_date.is_(None))
            .limit(1)
        )
        if active is not None:
            raise ValidationError(
                _("Households still take {name}. End their subscriptions first.").format(
                    name=service.name_ky
                )
            )
        service.archived_at = utcnow()
        unit.target, unit.summary = service, service.code
    return service


# --- tariffs --------------------------------------------------------------------------------


def tariff_in_use(session: Session, tariff_id: uuid.UUID) -> bool:
    """True when charges were made with this tariff (then it is never edited, only replaced)."""
    from aimak_desktop.services.billing_run import tariff_used

    return tariff_used(session, tariff_id)


def _category(value: str | Category | None) -> str:
    text = str(value or ALL_CATEGORIES).strip().lower()
    if text == ALL_CATEGORIES:
        return ALL_CATEGORIES
    try:
        return Category(text).value
    except ValueError:
        raise ValidationError(
            _("Unknown category {value}. Use all or one of: {choices}.").format(
                value=value, choices=", ".join(c.value for c in Category)
            ),
            field="category",
        ) from None


def _tap(value: str | TapType | None) -> str:
    text = str(value or ANY_TAP).strip().lower()
    return ANY_TAP if text == ANY_TAP else _choice(text, TapType, "tap_type")


def _amount(amount: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValidationError(_("The tariff must be an amount of zero or more."), field="amount")
    return amount


def tariff_history(
    session: Session,
    service_id: uuid.UUID,
    category: str | None = None,
    tap_type: str | None = None,
) -> Sequence[Tariff]:
    """Tariffs of a service (optionally one category / tap type), oldest version first."""
    query = select(Tariff).where(Tariff.service_id == service_id)
    if category is not None:
        query = query.where(Tariff.category == category)
    if tap_type is not None:
        query = query.where(Tariff.tap_type == tap_type)
    return session.scalars(
        query.order_by(Tariff.category, Tariff.tap_type, Tariff.valid_from)
    ).all()


def new_tariff_version(
    session: Session,
    actor: Actor,
    service: Service | uuid.UUID,
    category: str | Category | None,
    amount: int,
    valid_from: dt.date,
    toktom_no: str = "",
    toktom_date: dt.date | None = None,
    *,
    tap_type: str | TapType | None = ANY_TAP,
    valid_to: dt.date | None = None,
) -> Tariff:
    """Add a tariff version from `valid_from`; the open previous version ends the day before.

    Args:
        category: a household category or "all" (None means "all").
        amount: tyiyn per billing unit of the service.
        toktom_no, toktom_date: the council decision that approved the tariff ("23/4").
        tap_type: "street", "yard", "house" or "any" (the default) for water-like services.
        valid_to: the last day, when the decision sets one.

    Raises:
        ValidationError: bad amount or dates, or the new version would overlap another one.
    """
    require_role(actor, REGISTER_ROLES)
    category = _category(category)
    tap = _tap(tap_type)
    amount = _amount(amount)
    toktom_no = _clean_text(toktom_no, "toktom_no", required=False, max_len=30)
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(_("The end date is before the start date."), field="valid_to")
    service_id = service.id if isinstance(service, Service) else service
    with write(session, actor, "tariff.version") as unit:
        found = get_service(session, service_id)
        if found.archived_at is not None:
            raise ValidationError(_("This service is archived."))
        versions = tariff_history(session, found.id, category, tap)
        for old in versions:
            if old.valid_from >= valid_from:
                raise ValidationError(
                    _(
                        "A tariff version from {date} already exists. A new version must "
                        "start after it."
                    ).format(date=format_short_date(old.valid_from)),
                    field="valid_from",
                )
            if old.valid_to is not None and old.valid_to >= valid_from:
                raise ValidationError(
                    _(
                        "The new tariff overlaps the version valid until {date}. "
                        "Start it after that date."
                    ).format(date=format_short_date(old.valid_to)),
                    field="valid_from",
                )
        if versions and versions[-1].valid_to is None:
            # Closing the open version is how a tariff in use is replaced: its amount stays.
            versions[-1].valid_to = valid_from - dt.timedelta(days=1)
        tariff = Tariff(
            service_id=found.id,
            category=category,
            tap_type=tap,
            amount=amount,
            valid_from=valid_from,
            valid_to=valid_to,
            toktom_no=toktom_no,
            toktom_date=toktom_date,
        )
        session.add(tariff)
        unit.target = tariff
        unit.summary = f"{found.code} {category}/{tap}: {amount} from {valid_from.isoformat()}"
    return tariff


def correct_tariff(
    session: Session,
    actor: Actor,
    tariff_id: uuid.UUID,
    *,
    amount: int | None = None,
    toktom_no: str | None = None,
    toktom_date: dt.date | None = None,
) -> Tariff:
    """Fix a typing mistake in a tariff no charge has used yet.

    Raises:
        ValidationError: the tariff was used for charges (add a new version instead).
    """
    require_role(actor, REGISTER_ROLES)
    with write(session, actor, "tariff.correct") as unit:
        tariff = session.get(Tariff, tariff_id)
        if tariff is None:
            raise NotFound(_("This tariff does not exist."))
        if tariff_in_use(session, tariff.id):
            raise ValidationError(
                _(
                    "This tariff was already used for charges and cannot be changed. "
                    "Add a new version from a date instead."
                )
            )
        if amount is not None:
            tariff.amount = _amount(amount)
        if toktom_no is not None:
            tariff.toktom_no = _clean_text(toktom_no, "toktom_no", required=False, max_len=30)
        if toktom_date is not None:
            tariff.toktom_date = toktom_date
        unit.target, unit.summary = tariff, f"{tariff.amount}"
    return tariff


def current_tariff(
    session: Session,
    service_id: uuid.UUID,
    category: str | Category | None,
    on_date: dt.date,
    tap_type: str | TapType | None = ANY_TAP,
) -> Tariff | None:
    """The tariff that applies on `on_date`, most specific first.

    Looks for (category, tap), (category, any), (all, tap), (all, any) in that order: a category's
    own tariff (a pensioner discount) wins over a tap-type price for everybody.
    """
    cat = str(category or ALL_CATEGORIES)
    tap = str(tap_type or ANY_TAP)
    candidates = session.scalars(
        select(Tariff).where(
            Tariff.service_id == service_id,
            Tariff.category.in_({cat, ALL_CATEGORIES}),
            Tariff.tap_type.in_({tap, ANY_TAP}),
            Tariff.valid_from <= on_date,
            or_(Tariff.valid_to.is_(None), Tariff.valid_to >= on_date),
        )
    ).all()
    order = [(cat, tap), (cat, ANY_TAP), (ALL_CATEGORIES, tap), (ALL_CATEGORIES, ANY_TAP)]
    for key in order:
        for tariff in candidates:
            if (tariff.category, tariff.tap_type) == key:
                return tariff
    return None
