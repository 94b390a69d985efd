"""Which household takes which service, and meter readings.

A household has at most one active subscription (no end date) per service. Meter values are kept
in litres (thousandths of a m³); people type cubic metres ("123,456").
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from aimak_desktop.errors import NotFound, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.models.base import utcnow
from aimak_desktop.models.catalog import MeterReading, Service, Subscription, TapType
from aimak_desktop.models.register import Household
from aimak_desktop.services.auth import REGISTER_ROLES, Actor, require_role
from aimak_desktop.services.write_path import write

LITRES_PER_M3 = 1000


def parse_m3(value: Decimal | int | str) -> int:
    """Cubic metres as typed ("123,456", "12.5", 40) -> litres. At most three decimals.

    Raises:
        ValidationError: not a number, negative, or finer than a litre.
    """
    message = _("A meter reading is a number of m³ (zero or more, at most 3 decimals).")
    try:
        m3 = Decimal(str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        raise ValidationError(message, field="value") from None
    litres = m3 * LITRES_PER_M3
    if not m3.is_finite() or m3 < 0 or litres != litres.to_integral_value():
        raise ValidationError(message, field="value")
    return int(litres)


def format_m3(litres: int) -> str:
    """Litres as cubic metres with a decimal comma: 123456 -> "123,456"."""
    m3, rest = divmod(litres, LITRES_PER_M3)
    return f"{m3},{rest:03d}"


def _tap(value: str | TapType | None) -> str:
    text = str(value or TapType.NONE.value).strip().lower()
    try:
        return TapType(text).value
    except ValueError:
        raise ValidationError(
            _("{value} is not a valid tap type. Use one of: {choices}.").format(
                value=value, choices=", ".join(t.value for t in TapType)
            ),
            field="tap_type",
        ) from None


def _serial(value: str | None) -> str:
    serial = " ".join((value or "").split())
    if len(serial) > 40:
        raise ValidationError(
            _("The meter number is too long (at most 40 characters)."), field="meter_serial"
        )
    return serial


def subscriptions_of(session: Session, household_id: uuid.UUID) -> Sequence[Subscription]:
    """All subscriptions of a household (ended ones too), newest start first."""
    return session.scalars(
        select(Subscription)
        .where(Subscription.household_id == household_id)
        .order_by(Subscription.start_date.desc())
    ).all()


def get_subscription(session: Session, subscription_id: uuid.UUID) -> Subscription:
    sub = session.get(Subscription, subscription_id)
    if sub is None:
        raise NotFound(_("This subscription does not exist."))
    return sub


def subscribe(
    session: Session,
    actor: Actor,
    household_id: uuid.UUID,
    service_id: uuid.UUID,
    start_date: dt.date,
    *,
    tap_type: str | TapType | None = TapType.NONE,
    meter_serial: str | None = "",
) -> Subscription:
    """Start a service for a household.

    Raises:
        ValidationError: the household or service is archived, or the household already takes
            the service (one active subscription per household and service).
    """
    require_role(actor, REGISTER_ROLES)
    tap = _tap(tap_type)
    serial = _serial(meter_serial)
    with write(session, actor, "subscription.create") as unit:
        household = session.get(Household, household_id)
        service = session.get(Service, service_id)
        if household is None or service is None:
            raise NotFound(_("This household or service does not exist."))
        if household.archived_at is not None:
            raise ValidationError(_("This household is archived."))
        if service.archived_at is not None:
            raise ValidationError(_("This service is archived."))
        for other in subscriptions_of(session, household.id):
            if other.service_id == service.id and (
                other.end_date is None or other.end_date >= start_date
            ):
                raise ValidationError(
                    _("This household already takes {service}.").format(service=service.name_ky),
                    field="service",
                )
        sub = Subscription(
            household_id=household.id,
            service_id=service.id,
            start_date=start_date,
            tap_type=tap,
            meter_serial=serial,
        )
        session.add(sub)
        unit.target, unit.summary = sub, f"{household.account_no} + {service.code}"
    return sub


def update_subscription(
    session: Session,
    actor: Actor,
    subscription_id: uuid.UUID,
    *,
    tap_type: str | TapType | None = None,
    meter_serial: str | None = None,
) -> Subscription:
    require_role(actor, REGISTER_ROLES)
    with write(session, actor, "subscription.update") as unit:
        sub = get_subscription(session, subscription_id)
        if tap_type is not None:
            sub.tap_type = _tap(tap_type)
        if meter_serial is not None:
            sub.meter_serial = _serial(meter_serial)
        unit.target = sub
    return sub


def end_subscription(
    session: Session, actor: Actor, subscription_id: uuid.UUID, end_date: dt.date
) -> Subscription:
    """Stop a service for a household; `end_date` is its last day."""
    require_role(actor, REGISTER_ROLES)
    with write(session, actor, "subscription.end") as unit:
        sub = get_subscription(session, subscription_id)
        if sub.end_date is not None:
            raise ValidationError(_("This subscription has already ended."))
        if end_date < sub.start_date:
            raise ValidationError(
                _("The end date is before the start date ({date}).").format(
                    date=format_short_date(sub.start_date)
                ),
                field="end_date",
            )
        sub.end_date = end_date
        unit.target, unit.summary = sub, end_date.isoformat()
    return sub


# --- meter readings -------------------------------------------------------------------------


def readings_of(session: Session, subscription_id: uuid.UUID) -> Sequence[MeterReading]:
    """Valid (not voided) readings, oldest first."""
    return session.scalars(
        select(MeterReading)
        .where(MeterReading.subscription_id == subscription_id, MeterReading.voided_at.is_(None))
        .order_by(MeterReading.reading_date, MeterReading.created_at)
    ).all()


def last_reading(session: Session, subscription_id: uuid.UUID) -> MeterReading | None:
    return session.scalar(
        select(MeterReading)
        .where(MeterReading.subscription_id == subscription_id, MeterReading.voided_at.is_(None))
        .order_by(MeterReading.reading_date.desc(), MeterReading.created_at.desc())
        .limit(1)
    )


def add_reading(
    session: Session,
    actor: Actor,
    subscription_id: uuid.UUID,
    reading_date: dt.date,
    value: Decimal | int | str,
    read_by: str = "",
    *,
    meter_replaced: bool = False,
    new_meter_serial: str | None = None,
    today: dt.date | None = None,
) -> MeterReading:
    """Record a reading in m³ (`value` as typed).

    With `meter_replaced` the value is the new meter's first reading, so it may be lower than the
    previous one; `new_meter_serial` then updates the subscription's meter number.

    Raises:
        ValidationError: no meter on the subscription, a date in the future, before the start
            or before the last reading, or a value below the last one on the same meter.
    """
    require_role(actor, REGISTER_ROLES)
    litres = parse_m3(value)
    read_by = " ".join((read_by or "").split())[:200]
    today = today or dt.date.today()
    if reading_date > today:
        raise ValidationError(_("The reading date is in the future."), field="reading_date")
    with write(session, actor, "reading.add") as unit:
        sub = get_subscription(session, subscription_id)
        if not sub.meter_serial and not (meter_replaced and new_meter_serial):
            raise ValidationError(
                _("This subscription has no meter. Enter the meter number first."),
                field="meter_serial",
            )
        if reading_date < sub.start_date:
            raise ValidationError(
                _("The reading date is before the service started ({date}).").format(
                    date=format_short_date(sub.start_date)
                ),
                field="reading_date",
            )
        last = last_reading(session, sub.id)
        if last is not None and reading_date < last.reading_date:
            raise ValidationError(
                _(
                    "The reading date is before the last reading ({date}). "
                    "Readings are entered in date order."
                ).format(date=format_short_date(last.reading_date)),
                field="reading_date",
            )
        if last is not None and litres < last.value_l and not meter_replaced:
            raise ValidationError(
                _(
                    "The reading {value} m³ is below the previous one ({previous} m³). "
                    "If the meter was replaced, mark it as replaced."
                ).format(value=format_m3(litres), previous=format_m3(last.value_l)),
                field="value",
            )
        if meter_replaced and new_meter_serial:
            sub.meter_serial = _serial(new_meter_serial)
        reading = MeterReading(
            subscription_id=sub.id,
            reading_date=reading_date,
            value_l=litres,
            read_by=read_by,
            meter_replaced=meter_replaced,
        )
        session.add(reading)
        unit.target, unit.summary = reading, f"{format_m3(litres)} m³ {reading_date.isoformat()}"
    return reading


def void_reading(
    session: Session, actor: Actor, reading_id: uuid.UUID, reason: str
) -> MeterReading:
    """Mark a wrong reading as void (it stays on record); the reason is required."""
    require_role(actor, REGISTER_ROLES)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Please give the reason."), field="reason")
    with write(session, actor, "reading.void") as unit:
        reading = session.get(MeterReading, reading_id)
        if reading is None:
            raise NotFound(_("This reading does not exist."))
        if reading.voided_at is not None:
            raise ValidationError(_("This reading is already void."))
        reading.voided_at = utcnow()
        reading.void_reason = reason[:200]
        unit.target, unit.summary = reading, reason
    return reading
