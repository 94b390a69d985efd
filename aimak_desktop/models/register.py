"""Villages, streets and households: the base of the service register."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import ClassVar

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aimak_desktop.i18n import N_
from aimak_desktop.models.base import Base, Synced, utcnow


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
    """One account of the register.

    `search_text` and `house_key` are derived from the other fields by
    `services.search.fill_derived` (services and bulk inserts both call it): the normalised text
    searched as the clerk types, and a sortable form of the house number ("7" before "12").
    """

    __tablename__ = "households"
    __table_args__ = (
        Index("ix_households_village_street", "village_id", "street_id", "house"),
        # Covering index of the register table: pages in address order and filters by archived
        # state and search text without touching the table rows (bench: register_filter_100k).
        Index(
            "ix_households_register",
            "village_id",
            "street_id",
            "house_key",
            "account_no",
            "archived_at",
            "search_text",
        ),
        # Narrow covering index for counting matches (a full scan of it is ~40% cheaper).
        # search_text leads so that the page query never prefers it to the ordered index above
        # (it would then sort every match before returning one page).
        Index("ix_households_search", "search_text", "archived_at"),
    )

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
    search_text: Mapped[str] = mapped_column(Text, default="")
    house_key: Mapped[str] = mapped_column(String(40), default="")


class HouseholdHistory(Synced, Base):
    """One changed field of a household: who changed it, when, from what to what. Append-only.

    `field` is a household attribute name ("head_name", "phone" ...), "village"/"street" (values
    are names, readable without the other tables), or "created".
    """

    __tablename__ = "household_history"
    __append_only__: ClassVar[bool] = True
    __table_args__ = (Index("ix_household_history_household", "household_id", "at"),)

    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"))
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[uuid.UUID | None]
    actor_name: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
