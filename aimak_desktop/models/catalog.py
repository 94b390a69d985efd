"""Service catalogue, tariffs, subscriptions and meter readings.

Money is integer tyiyn. Meter values are integer litres, i.e. thousandths of a cubic metre
(12.345 m³ = 12345), so consumption is exact and never a float.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aimak_desktop.i18n import N_
from aimak_desktop.models import register as _register  # noqa: F401 (households: foreign key)
from aimak_desktop.models.base import Base, Synced


class ProviderKind(enum.StrEnum):
    AO = "ao"
    MUNICIPAL = "municipal"
    ASSOCIATION = "association"


PROVIDER_LABELS = {
    ProviderKind.AO: N_("Aiyl okmotu"),
    ProviderKind.MUNICIPAL: N_("Municipal enterprise"),
    ProviderKind.ASSOCIATION: N_("Water users' association"),
}


class BillingUnit(enum.StrEnum):
    HOUSEHOLD = "household"
    PERSON = "person"
    M3 = "m3"
    FIXED = "fixed"


UNIT_LABELS = {
    BillingUnit.HOUSEHOLD: N_("per household"),
    BillingUnit.PERSON: N_("per person"),
    BillingUnit.M3: N_("per m³ (meter)"),
    BillingUnit.FIXED: N_("fixed amount"),
}


class Period(enum.StrEnum):
    MONTHLY = "monthly"
    YEARLY = "yearly"
    ONCE = "once"


PERIOD_LABELS = {
    Period.MONTHLY: N_("monthly"),
    Period.YEARLY: N_("yearly"),
    Period.ONCE: N_("one-off"),
}


class TapType(enum.StrEnum):
    YARD = "yard"
    STREET = "street"
    HOUSE = "house"
    NONE = "none"


TAP_LABELS = {
    TapType.YARD: N_("Yard tap"),
    TapType.STREET: N_("Street tap"),
    TapType.HOUSE: N_("Tap in the house"),
    TapType.NONE: N_("No tap"),
}

#: Tariff `category` / `tap_type` value that applies when no more specific tariff exists.
ALL_CATEGORIES = "all"
ANY_TAP = "any"


class Service(Synced, Base):
    """A service the office bills: water, waste, irrigation, hall rental ...

    The late-payment penalty (пеня) is an optional rule, off by default. Its rate is kept in basis
    points (1 bp = 0.01 %) so it is an exact integer; `penalty_pct_per_month` gives it as Decimal.
    """

    __tablename__ = "services"

    code: Mapped[str] = mapped_column(String(30), unique=True)
    name_ky: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    provider_kind: Mapped[str] = mapped_column(String(20), default=ProviderKind.AO.value)
    provider_name: Mapped[str] = mapped_column(String(200), default="")
    billing_unit: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(20), default=Period.MONTHLY.value)
    penalty_enabled: Mapped[bool] = mapped_column(default=False)
    penalty_bp_per_month: Mapped[int] = mapped_column(default=0)
    penalty_grace_days: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[dt.datetime | None]

    @property
    def penalty_pct_per_month(self) -> Decimal:
        return Decimal(self.penalty_bp_per_month) / 100


class Tariff(Synced, Base):
    """The price of one unit of a service for a category (or "all") from `valid_from`.

    A tariff used for charges is never edited: `services.catalog.new_tariff_version` closes it
    (`valid_to` = the day before) and adds the next version. `tap_type` lets water cost differ by
    tap (street / yard / house, "any" otherwise).
    """

    __tablename__ = "tariffs"
    __table_args__ = (
        Index("ix_tariffs_lookup", "service_id", "category", "tap_type", "valid_from"),
    )

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"))
    category: Mapped[str] = mapped_column(String(20), default=ALL_CATEGORIES)
    tap_type: Mapped[str] = mapped_column(String(10), default=ANY_TAP)
    amount: Mapped[int]  # tyiyn per billing unit
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    toktom_no: Mapped[str] = mapped_column(String(30), default="")
    toktom_date: Mapped[dt.date | None] = mapped_column(Date)


class Subscription(Synced, Base):
    """A household takes a service from `start_date` (to `end_date`, inclusive, when it ends)."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        Index("ix_subscriptions_household", "household_id", "service_id"),
        Index("ix_subscriptions_service", "service_id", "household_id"),
    )

    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"))
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.id"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    tap_type: Mapped[str] = mapped_column(String(10), default=TapType.NONE.value)
    meter_serial: Mapped[str] = mapped_column(String(40), default="")


class MeterReading(Synced, Base):
    """A meter reading in litres (thousandths of a m³).

    A wrong reading is voided (`voided_at`, `void_reason`), never edited or deleted; voided
    readings are ignored by the reading rules and by billing.
    """

    __tablename__ = "meter_readings"
    __table_args__ = (Index("ix_meter_readings_subscription", "subscription_id", "reading_date"),)

    subscription_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subscriptions.id"))
    reading_date: Mapped[dt.date] = mapped_column(Date)
    value_l: Mapped[int]
    read_by: Mapped[str] = mapped_column(String(200), default="")
    meter_replaced: Mapped[bool] = mapped_column(default=False)
    voided_at: Mapped[dt.datetime | None]
    void_reason: Mapped[str] = mapped_column(String(200), default="")
