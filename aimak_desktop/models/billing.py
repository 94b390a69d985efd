"""The billing ledger: charges, payments, allocations, voids, day closes (all append-only).

Money is integer tyiyn. Balances are never stored: they are sums over these tables
(services/debts.py). Rows of other areas (households, services, subscriptions, tariffs, users)
are referenced by plain UUID columns without foreign keys, because rows of different PCs may
arrive by sync in any order; references inside the ledger have foreign keys.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import ClassVar

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aimak_desktop.i18n import N_
from aimak_desktop.models.base import Base, Synced, utcnow


class ChargeKind(enum.StrEnum):
    CHARGE = "charge"
    ADJUSTMENT = "adjustment"
    PENALTY = "penalty"
    REVERSAL = "reversal"


CHARGE_KIND_LABELS = {
    ChargeKind.CHARGE: N_("Charge"),
    ChargeKind.ADJUSTMENT: N_("Recalculation"),
    ChargeKind.PENALTY: N_("Late-payment penalty"),
    ChargeKind.REVERSAL: N_("Reversal"),
}


class PaymentMethod(enum.StrEnum):
    CASH = "cash"
    BANK = "bank"
    QR = "qr"


METHOD_LABELS = {
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.BANK: N_("Bank transfer"),
    PaymentMethod.QR: N_("Mobile / QR"),
}


class BillingRun(Synced, Base):
    """One accrual run, adjustment or penalty batch: what was added, when, by whom, why."""

    __tablename__ = "billing_runs"
    __append_only__: ClassVar[bool] = True

    period: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(20))
    rows: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[uuid.UUID | None]
    actor_name: Mapped[str] = mapped_column(String(200), default="")


class Charge(Synced, Base):
    """An amount a household owes for a service and period (signed for adjustments/reversals).

    `period` is "YYYY-MM" for monthly and one-off services and "YYYY" for yearly ones.
    `dedupe_key` makes a run idempotent: "<subscription>:<period>" for a charge (":once" for a
    one-off service), "<household>:<service>:<period>:penalty" for a penalty, "rev:<charge>" for
    a reversal; adjustments have none (there may be several, each with its reason).
    `quantity` is residents, litres (metered) or 1; `days`/`period_days` record a pro-rata share.
    """

    __tablename__ = "charges"
    __append_only__: ClassVar[bool] = True
    __table_args__ = (
        # Covering index of the debt sums and ageing (services/debts.py): never touches rows.
        Index("ix_charges_debt", "household_id", "service_id", "due_date", "period", "amount"),
        # Covering index of the period sums (indicators: billed, collection rate and its trend).
        Index("ix_charges_period", "period", "service_id", "amount"),
        Index("ix_charges_tariff", "tariff_id"),
    )

    household_id: Mapped[uuid.UUID]
    service_id: Mapped[uuid.UUID]
    subscription_id: Mapped[uuid.UUID | None]
    period: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(12), default=ChargeKind.CHARGE.value)
    amount: Mapped[int]
    quantity: Mapped[int] = mapped_column(default=1)
    unit_amount: Mapped[int] = mapped_column(default=0)
    tariff_id: Mapped[uuid.UUID | None]
    days: Mapped[int | None]
    period_days: Mapped[int | None]
    due_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("billing_runs.id"))
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("charges.id"))
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)


class Payment(Synced, Base):
    """Money taken at the desk, with its receipt number from this PC's series.

    `receipt_no` is f"{series}-{year}-{seq:06d}"; `paid_at` is UTC, `day` the cashier's local
    business day (day close and voiding rules use it).
    """

    __tablename__ = "payments"
    __append_only__: ClassVar[bool] = True
    __table_args__ = (
        Index("ix_payments_household", "household_id", "day", "amount"),
        Index("ix_payments_cashier_day", "cashier_id", "day"),
        # Covering index of the money taken per day (indicators, day close).
        Index("ix_payments_day", "day", "amount"),
        UniqueConstraint("series", "year", "seq", name="uq_payments_series_year_seq"),
    )

    household_id: Mapped[uuid.UUID]
    amount: Mapped[int]
    method: Mapped[str] = mapped_column(String(10), default=PaymentMethod.CASH.value)
    service_id: Mapped[uuid.UUID | None]
    note: Mapped[str] = mapped_column(Text, default="")
    cashier_id: Mapped[uuid.UUID | None]
    cashier_name: Mapped[str] = mapped_column(String(200), default="")
    paid_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    day: Mapped[dt.date] = mapped_column(Date)
    receipt_no: Mapped[str] = mapped_column(String(40), unique=True)
    series: Mapped[str] = mapped_column(String(12))
    year: Mapped[int]
    seq: Mapped[int]


class Void(Synced, Base):
    """A voided receipt: the number stays used; negative allocations undo its allocations."""

    __tablename__ = "voids"
    __append_only__: ClassVar[bool] = True
    __table_args__ = (
        Index("ix_voids_household", "household_id", "day", "amount"),
        Index("ix_voids_day", "day", "amount"),
    )

    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments.id"), unique=True)
    receipt_no: Mapped[str] = mapped_column(String(40))
    household_id: Mapped[uuid.UUID]
    amount: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[uuid.UUID | None]
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    day: Mapped[dt.date] = mapped_column(Date)
    after_close: Mapped[bool] = mapped_column(default=False)


class Allocation(Synced, Base):
    """Part of a payment credited to one service of the household (negative when voided).

    The money pays the service's oldest charges first; `period_from`/`period_to` record which
    periods it covered when it was taken (for the receipt). A payment's amount not allocated
    is the household's advance.
    """

    __tablename__ = "allocations"
    __append_only__: ClassVar[bool] = True
    __table_args__ = (
        Index("ix_allocations_debt", "household_id", "service_id", "day", "amount"),
        Index("ix_allocations_payment", "payment_id"),
        # Covering index of the money collected per service and period (indicators).
        Index("ix_allocations_day", "day", "service_id", "amount"),
    )

    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments.id"))
    void_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("voids.id"))
    household_id: Mapped[uuid.UUID]
    service_id: Mapped[uuid.UUID]
    amount: Mapped[int]
    period_from: Mapped[str] = mapped_column(String(7), default="")
    period_to: Mapped[str] = mapped_column(String(7), default="")
    day: Mapped[dt.date] = mapped_column(Date)


class DayClose(Synced, Base):
    """A closed cash day of one cashier (Z-report figures as they were at closing)."""

    __tablename__ = "day_closes"
    __append_only__: ClassVar[bool] = True
    __table_args__ = (UniqueConstraint("cashier_id", "day", name="uq_day_closes_cashier_day"),)

    cashier_id: Mapped[uuid.UUID | None]
    cashier_name: Mapped[str] = mapped_column(String(200), default="")
    day: Mapped[dt.date] = mapped_column(Date)
    receipts: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    first_receipt_no: Mapped[str] = mapped_column(String(40), default="")
    last_receipt_no: Mapped[str] = mapped_column(String(40), default="")
    void_count: Mapped[int] = mapped_column(default=0)
    void_total: Mapped[int] = mapped_column(default=0)
    #: {"cash": [count, amount], ...} and {"<service id>": amount}: the figures at closing.
    by_method: Mapped[str] = mapped_column(Text, default="{}")
    by_service: Mapped[str] = mapped_column(Text, default="{}")
    closed_by_id: Mapped[uuid.UUID | None]
    closed_by_name: Mapped[str] = mapped_column(String(200), default="")


class BillingSetting(Synced, Base):
    """Office-wide billing rules (same on every PC): key -> value text.

    Keys: "join_rule" ("whole" or "pro_rata"), "yearly_month" ("1".."12"), "due_days".
    """

    __tablename__ = "billing_settings"

    key: Mapped[str] = mapped_column(String(40), unique=True)
    value: Mapped[str] = mapped_column(String(200))


class ReceiptCounter(Base):
    """This PC's last receipt number per series and year. Local: each PC owns its series.

    Incremented inside the payment's transaction, so a rolled-back payment gives its number back
    and a committed one can never be issued again: gap-free and never reused.
    """

    __tablename__ = "receipt_counters"
    __synced__ = False

    series: Mapped[str] = mapped_column(String(12), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(default=0)
