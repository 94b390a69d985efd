"""Plain data handed from the billing ledger to the billing documents (receipts, bills, reports).

The ledger side (services/billing_views.py) builds these from the database; the renderers in
reports/*_pdf.py only read them, so documents can be tested and benchmarked without a database.

Conventions for every class here:
- Money is an int in tyiyn (1 som = 100 tyiyn), never a float.
- A *balance* is signed from the office's point of view: positive = the household owes (debt),
  negative = the household paid ahead (advance). 0 = settled.
- Names kept in two languages come as `*_ky` / `*_ru` pairs; the renderer picks by document
  language.
- A period is a string: "YYYY-MM" for a monthly service, "YYYY" for a yearly one.
- Sequences are tuples so the dataclasses stay frozen and hashable.

What the document commands (cli/billing_doc_commands.py) call in services/billing_views.py:
- receipt_data(session, receipt_no, *, is_copy=False) -> ReceiptData  (NotFound for a bad number;
  `code` filled with services.receipt_code.receipt_code, `voided` set)
- bill_data(session, period, village=None) -> list[BillData]  (every active household billed in
  the period, or those of one village; the renderer sorts them for delivery)
The ledger's own commands pass day_close_data / debtors_data / statement_data to
reports.day_close_pdf.write_day_close_pdf, debtors_pdf.write_debtors_pdf and
statement_pdf.write_statement_pdf (data, path, lang).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = [
    "BillCharge",
    "BillData",
    "DayCloseData",
    "DayCloseMethod",
    "DayCloseService",
    "DayCloseVoid",
    "DebtorRow",
    "DebtorsData",
    "OfficeHeader",
    "ReceiptData",
    "ReceiptLine",
    "StatementData",
    "StatementEntry",
    "house_sort_key",
]

METHODS = ("cash", "bank", "qr")


@dataclass(frozen=True)
class OfficeHeader:
    """The office as printed at the top of every billing document.

    Attributes:
        name_ky: Office name in Kyrgyz ("Сары-Ой айыл өкмөтү").
        name_ru: Office name in Russian ("Айыл окмоту Сары-Ой").
        address: Postal address, one line.
        phone: Phone number(s) as printed, may be "".
        bank_name: Bank for transfers, may be "".
        bank_account: Settlement account (р/с), may be "".
        bank_bik: Bank identification code (БИК), may be "".
        tax_id: Tax number (ИНН), may be "".
    """

    name_ky: str
    name_ru: str
    address: str = ""
    phone: str = ""
    bank_name: str = ""
    bank_account: str = ""
    bank_bik: str = ""
    tax_id: str = ""


@dataclass(frozen=True)
class ReceiptLine:
    """One service on a cash receipt.

    Attributes:
        service_ky: Service name in Kyrgyz ("Ичүүчү суу").
        service_ru: Service name in Russian ("Питьевая вода").
        period_label: The period(s) the money went to, as printed: "2026-03" or "2026-01..2026-03"
            (the renderer prints it as given).
        charged: Amount charged for that period/service, tyiyn (0 if paying only old debt).
        paid: Amount of this receipt allocated to the service, tyiyn (> 0).
        balance_after: Balance of the service after this payment, tyiyn: > 0 remaining debt,
            < 0 advance.
    """

    service_ky: str
    service_ru: str
    period_label: str
    charged: int
    paid: int
    balance_after: int


@dataclass(frozen=True)
class ReceiptData:
    """A cash receipt (квитанция), original or reprint.

    Attributes:
        office: Header of the issuing office.
        receipt_no: Full receipt number from the PC's series, e.g. "A1-2026-000123".
        issued_at: Local date and time the payment was taken (naive, office local time).
        cashier: Full name of the user who took the money.
        payer: Payer's (household head's) full name.
        account: Household account number (лицевой счет).
        address: Household address, one line ("Сары-Ой, Ленин көч., 12").
        residents: Number of residents counted for billing (0 if not relevant).
        lines: Allocation of the payment to services (at least one line).
        total_paid: Total amount of the receipt, tyiyn; equals the sum of `lines[*].paid`.
        method: Payment method: "cash", "bank" or "qr".
        code: Verification code from services.receipt_code.receipt_code(office_key, receipt_no,
            total_paid, issued_at.date()); "" prints no QR code.
        is_copy: True for any reprint: the document is marked "КӨЧҮРМӨ / КОПИЯ".
        voided: True if the receipt was voided: marked "ЖОККО ЧЫГАРЫЛДЫ / АННУЛИРОВАН".
        void_reason: Reason given for the void ("" if not voided).
    """

    office: OfficeHeader
    receipt_no: str
    issued_at: dt.datetime
    cashier: str
    payer: str
    account: str
    address: str
    residents: int
    lines: tuple[ReceiptLine, ...]
    total_paid: int
    method: str = "cash"
    code: str = ""
    is_copy: bool = False
    voided: bool = False
    void_reason: str = ""


@dataclass(frozen=True)
class BillCharge:
    """One service charged in a monthly bill.

    Attributes:
        service_ky: Service name in Kyrgyz.
        service_ru: Service name in Russian.
        unit: What the tariff is per: "person", "m3", "household" (fixed) -- printed translated.
        tariff: Price per unit per period, tyiyn.
        quantity: Units billed (residents, m³, 1 for fixed); Decimal because m³ or pro-rata
            fractions need not be whole.
        charged: Amount charged for the period, tyiyn (tariff x quantity, rounded by the ledger).
        adjustment: Recalculation rows of the period for this service, tyiyn (signed; 0 if none).
        penalty: Late-payment penalty of the period, tyiyn (0 if the rule is off).
        meter_previous: Previous meter reading (metered services only, else None).
        meter_current: Current meter reading (metered services only, else None).
        consumption: meter_current - meter_previous (metered services only, else None).
    """

    service_ky: str
    service_ru: str
    unit: str
    tariff: int
    quantity: Decimal
    charged: int
    adjustment: int = 0
    penalty: int = 0
    meter_previous: Decimal | None = None
    meter_current: Decimal | None = None
    consumption: Decimal | None = None


@dataclass(frozen=True)
class BillData:
    """A monthly bill (дүмүрчөк) for one household, delivered door to door.

    Attributes:
        office: Header with the office's payment details.
        account: Household account number.
        payer: Household head's full name.
        village: Village name (first sort key for delivery).
        street: Street name (second sort key); "" if the village has no streets.
        house: House number as written ("12", "12а", "3/1"); sorted naturally by `house_sort_key`.
        flat: Flat number, "" if none.
        residents: Residents counted for billing.
        period: "YYYY-MM" (or "YYYY" for a bill of yearly services).
        balance_in: Balance carried in at the start of the period, tyiyn: > 0 debt, < 0 advance.
        charges: Services charged in the period (may be empty if only debt is due).
        paid_in_period: Payments received during the period, tyiyn (>= 0).
        total_due: Amount to pay ("Төлөөгө / К оплате"), tyiyn: balance_in + charges + adjustments
            + penalties - paid_in_period, or 0 if that is negative (an advance is shown instead).
        due_date: Pay by this date.
    """

    office: OfficeHeader
    account: str
    payer: str
    village: str
    street: str
    house: str
    period: str
    balance_in: int
    charges: tuple[BillCharge, ...]
    paid_in_period: int
    total_due: int
    due_date: dt.date
    flat: str = ""
    residents: int = 0

    @property
    def address(self) -> str:
        """One-line address for printing: "village, street house[-flat]"."""
        number = f"{self.house}-{self.flat}" if self.flat else self.house
        parts = [p for p in (self.village, f"{self.street} {number}".strip()) if p]
        return ", ".join(parts)

    @property
    def sort_key(self) -> tuple[str, str, tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]:
        """Delivery order: village, street, house (natural: 2 < 10 < 10а), flat."""
        return (
            self.village.casefold(),
            self.street.casefold(),
            house_sort_key(self.house),
            house_sort_key(self.flat),
        )


@dataclass(frozen=True)
class DayCloseMethod:
    """Totals of one payment method in a day close. `method` is "cash", "bank" or "qr"."""

    method: str
    count: int
    amount: int


@dataclass(frozen=True)
class DayCloseService:
    """Totals of one service in a day close (valid receipts only), tyiyn."""

    service_ky: str
    service_ru: str
    amount: int


@dataclass(frozen=True)
class DayCloseVoid:
    """A receipt of that day voided (listed in the Z-report).

    Attributes:
        receipt_no: Number of the voided receipt (stays used).
        amount: Amount of the voided receipt, tyiyn.
        reason: Reason given for the void.
        voided_by: Full name of the user who voided it.
    """

    receipt_no: str
    amount: int
    reason: str
    voided_by: str


@dataclass(frozen=True)
class DayCloseData:
    """Cash day close (Z-report) of one cashier on one day.

    Attributes:
        office: Header of the office.
        day: The business day closed.
        cashier: Full name of the cashier.
        device_code: Series of the PC the receipts came from ("A1").
        by_method: Totals per payment method (valid receipts only).
        by_service: Totals per service (valid receipts only).
        receipts_count: Number of receipts issued that day, voided ones included.
        first_receipt_no: First receipt number of the day ("" if none).
        last_receipt_no: Last receipt number of the day ("" if none).
        voids: Receipts of that day that were voided.
        total: Total taken that day (valid receipts only), tyiyn.
        closed_at: When the day was closed; None for a preview before closing.
        closed_by: Full name of who closed it ("" for a preview).
    """

    office: OfficeHeader
    day: dt.date
    cashier: str
    device_code: str
    by_method: tuple[DayCloseMethod, ...]
    by_service: tuple[DayCloseService, ...]
    receipts_count: int
    first_receipt_no: str
    last_receipt_no: str
    voids: tuple[DayCloseVoid, ...]
    total: int
    closed_at: dt.datetime | None = None
    closed_by: str = ""


@dataclass(frozen=True)
class DebtorRow:
    """Debt of one household for one service, split by age (days since the charge was due).

    Attributes:
        village: Village (the report groups and subtotals by village).
        account: Household account number.
        payer: Household head's full name.
        address: Street and house, one line.
        service_ky: Service name in Kyrgyz.
        service_ru: Service name in Russian.
        days_0_30: Debt 0-30 days old, tyiyn.
        days_31_90: Debt 31-90 days old, tyiyn.
        days_91_180: Debt 91-180 days old, tyiyn.
        days_over_180: Debt over 180 days old, tyiyn.
    """

    village: str
    account: str
    payer: str
    address: str
    service_ky: str
    service_ru: str
    days_0_30: int
    days_31_90: int
    days_91_180: int
    days_over_180: int

    @property
    def total(self) -> int:
        return self.days_0_30 + self.days_31_90 + self.days_91_180 + self.days_over_180

    @property
    def buckets(self) -> tuple[int, int, int, int]:
        return (self.days_0_30, self.days_31_90, self.days_91_180, self.days_over_180)


@dataclass(frozen=True)
class DebtorsData:
    """The debtors list as of a day.

    Attributes:
        office: Header of the office.
        as_of: Day the ages are counted to.
        rows: Debtor rows sorted by village, then address (renderer keeps the order).
        scope: What was selected, as printed ("All villages", "Сары-Ой, water"); "" = everything.
    """

    office: OfficeHeader
    as_of: dt.date
    rows: tuple[DebtorRow, ...]
    scope: str = ""


@dataclass(frozen=True)
class StatementEntry:
    """One movement on a household statement.

    Attributes:
        day: Date of the movement.
        kind: "charge", "adjustment", "penalty", "payment" or "void" (a voided payment, which
            puts the amount back as debt).
        service_ky: Service name in Kyrgyz ("" for a payment spread over services).
        service_ru: Service name in Russian.
        period: Period the movement belongs to ("YYYY-MM", "YYYY" or "").
        charged: Amount added to the debt, tyiyn (charges, penalties, positive adjustments,
            voids); negative for a downward adjustment.
        paid: Amount paid, tyiyn (payments only, else 0).
        reference: Receipt number or adjustment reason, may be "".
    """

    day: dt.date
    kind: str
    service_ky: str
    service_ru: str
    period: str
    charged: int
    paid: int
    reference: str = ""


@dataclass(frozen=True)
class StatementData:
    """A household statement (charges and payments over a period) with a running balance.

    Attributes:
        office: Header of the office.
        account: Household account number.
        payer: Household head's full name.
        address: Household address, one line.
        start: First day covered.
        end: Last day covered.
        opening_balance: Balance at the start, tyiyn (> 0 debt, < 0 advance).
        entries: Movements in date order.
        closing_balance: Balance at the end, tyiyn; equals opening + sum(charged) - sum(paid).
    """

    office: OfficeHeader
    account: str
    payer: str
    address: str
    start: dt.date
    end: dt.date
    opening_balance: int
    entries: tuple[StatementEntry, ...] = field(default_factory=tuple)
    closing_balance: int = 0


_NUM_RUNS = re.compile(r"(\d+)")


def house_sort_key(house: str) -> tuple[tuple[int, str], ...]:
    """Natural order of house numbers: "2" < "10" < "10а" < "10б" < "11"."""
    parts = _NUM_RUNS.split(house.strip().casefold())
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts if p)
