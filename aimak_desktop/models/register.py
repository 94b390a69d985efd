"""Villages, streets and households: the base of the service register."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aimak_desktop.i18n import N_
from aimak_desktop.models.base import Base, Synced


class Gender(enum.StrEnum):
    FEMALE = "f"
    MALE = "m"


GENDER_LABELS = {Gender.FEMALE: N_("Female"), Gender.MALE: N_("Male")}


class Category(enum.StrEnum):
    REGULAR = "regular"
    PENSIONER = "pensioner"
    LOW_INCOME = "low_income"
    DISABLED = "disabled"
    LARGE_FAMILY = "large_family"
    BUDGET_ORG = "budget_org"
    BUSINESS = "business"


CATEGORY_LABELS = {
    Category.REGULAR: N_("Regular"),
    Category.PENSIONER: N_("Pensioner"),
    Category.LOW_INCOME: N_("Low income"),
    Category.DISABLED: N_("Disability"),
    Category.LARGE_FAMILY: N_("Large family"),
    Category.BUDGET_ORG: N_("Budget organisation"),
    Category.BUSINESS: N_("Business"),
}


class Village(Synced, Base):
    __tablename__ = "villages"

    name: Mapped[str] = mapped_column(String(100))
    archived_at: Mapped[dt.datetime | None]


class Street(Synced, Base):
    __tablename__ = "streets"

    village_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("villages.id"))
    name: Mapped[str] = mapped_column(String(100))
    archived_at: Mapped[dt.datetime | None]


class Household(Synced, Base):
    __tablename__ = "households"
    __table_args__ = (Index("ix_households_village_street", "village_id", "street_id", "house"),)

    account_no: Mapped[str] = mapped_column(String(30), unique=True)
    head_name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str | None] = mapped_column(String(1))
    phone: Mapped[str] = mapped_column(String(30), default="")
    village_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("villages.id"))
    street_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("streets.id"))
    house: Mapped[str] = mapped_column(String(20), default="")
    residents: Mapped[int] = mapped_column(default=1)
    category: Mapped[str] = mapped_column(String(20), default=Category.REGULAR.value)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[dt.datetime | None]
    archive_reason: Mapped[str] = mapped_column(String(200), default="")
