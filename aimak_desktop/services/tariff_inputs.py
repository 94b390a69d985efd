"""Inputs of the tariff method: the JSON keys of issue 7, validated into Decimals.

Numbers may come as JSON numbers (read with `parse_float=Decimal`), Decimals, ints or numeric
strings; floats are converted through their shortest repr so no binary noise reaches the method.
Every problem raises `ValidationError` whose `field` is the JSON key ("costs.salaries",
"assets[1].life_years") and whose message names it for a clerk.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import N_, _

UNITS = ("m3", "person", "household")
COST_ITEMS = ("salaries", "social_fund", "electricity", "chemicals", "repairs", "admin", "other")
CATEGORY_KEYS = ("population", "budget_org", "business")

FIELD_LABELS = {
    "service": N_("Service"),
    "unit": N_("Billing unit"),
    "costs": N_("Costs a year"),
    "costs.salaries": N_("Salaries"),
    "costs.social_fund": N_("Social fund contributions"),
    "costs.electricity": N_("Electricity"),
    "costs.chemicals": N_("Chemicals"),
    "costs.repairs": N_("Repairs and maintenance"),
    "costs.admin": N_("Administration"),
    "costs.other": N_("Other costs"),
    "renewal_reserve_pct": N_("Renewal reserve, % of O&M"),
    "assets": N_("Assets"),
    "loan_repayment": N_("Loan repayment a year"),
    "volume_produced_m3": N_("Water produced a year, m³"),
    "losses_pct": N_("Losses, %"),
    "persons": N_("Persons served"),
    "households": N_("Households served"),
    "collection_rate_pct": N_("Collection rate, %"),
    "litres_per_person_day": N_("Litres per person a day"),
    "persons_per_household": N_("Persons per household"),
    "household_income_month": N_("Household income a month"),
    "current_tariff": N_("Current tariff"),
    "affordability_threshold_pct": N_("Affordability threshold, %"),
    "phase_years": N_("Years to reach full cost"),
    "categories": N_("Categories"),
    "income_groups": N_("Household income groups"),
}
KEYS = frozenset(k for k in FIELD_LABELS if "." not in k)
DEFAULTS: dict[str, Any] = {
    "renewal_reserve_pct": 0,
    "assets": [],
    "loan_repayment": 0,
    "losses_pct": 0,
    "current_tariff": 0,
    "affordability_threshold_pct": 3,
    "phase_years": 3,
}
MAX_PHASE_YEARS = 20


@dataclass(frozen=True)
class Asset:
    name: str
    value: Decimal
    life_years: Decimal


@dataclass(frozen=True)
class CategoryShare:
    """A customer category: its share of the units paid for and its tariff multiplier."""

    key: str
    share_pct: Decimal
    multiplier: Decimal


@dataclass(frozen=True)
class IncomeGroup:
    name: str
    household_income_month: Decimal


@dataclass(frozen=True)
class TariffInputs:
    """Validated inputs. Money is Decimal som; `costs` holds every item of COST_ITEMS."""

    service: str
    unit: str
    costs: dict[str, Decimal]
    renewal_reserve_pct: Decimal
    assets: tuple[Asset, ...]
    loan_repayment: Decimal
    volume_produced_m3: Decimal | None
    losses_pct: Decimal
    persons: int | None
    households: int | None
    collection_rate_pct: Decimal
    litres_per_person_day: Decimal | None
    persons_per_household: Decimal | None
    household_income_month: Decimal
    current_tariff: Decimal
    affordability_threshold_pct: Decimal
    phase_years: int
    categories: tuple[CategoryShare, ...] = ()
    income_groups: tuple[IncomeGroup, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (Decimals as strings) that `parse_inputs` reads back unchanged."""
        out: dict[str, Any] = {
            "service": self.service,
            "unit": self.unit,
            "costs": {k: str(v) for k, v in self.costs.items()},
            "renewal_reserve_pct": str(self.renewal_reserve_pct),
            "assets": [
                {"name": a.name, "value": str(a.value), "life_years": str(a.life_years)}
                for a in self.assets
            ],
            "loan_repayment": str(self.loan_repayment),
            "losses_pct": str(self.losses_pct),
            "collection_rate_pct": str(self.collection_rate_pct),
            "household_income_month": str(self.household_income_month),
            "current_tariff": str(self.current_tariff),
            "affordability_threshold_pct": str(self.affordability_threshold_pct),
            "phase_years": self.phase_years,
        }
        for key in ("volume_produced_m3", "litres_per_person_day", "persons_per_household"):
            value = getattr(self, key)
            if value is not None:
                out[key] = str(value)
        for key in ("persons", "households"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.categories:
            out["categories"] = {
                c.key: {"share_pct": str(c.share_pct), "multiplier": str(c.multiplier)}
                for c in self.categories
            }
        if self.income_groups:
            out["income_groups"] = [
                {"name": g.name, "household_income_month": str(g.household_income_month)}
                for g in self.income_groups
            ]
        return out


def field_label(key: str) -> str:
    """The clerk's name of an input and its JSON key: "Collection rate, % (collection_rate_pct)"."""
    label = FIELD_LABELS.get(key)
    return f"{_(label)} ({key})" if label else key


def _fail(message: str, key: str) -> ValidationError:
    return ValidationError(message.format(field=field_label(key)), field=key)


def to_decimal(value: Any, key: str) -> Decimal:
    """A number from JSON or a form, as an exact Decimal."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise _fail(_("{field} must be a number."), key)
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise _fail(_("{field} must be a number."), key) from None
    if not number.is_finite():
        raise _fail(_("{field} must be a number."), key)
    return number


class _Reader:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def number(
        self,
        key: str,
        *,
        required: bool = True,
        positive: bool = False,
        pct: bool = False,
        value: Any = None,
    ) -> Decimal | None:
        """Read a non-negative number; `positive` refuses zero, `pct` caps at 100."""
        raw = value if value is not None else self.data.get(key, DEFAULTS.get(key))
        if raw is None or raw == "":
            if required:
                raise _fail(_("{field} is missing."), key)
            return None
        number = to_decimal(raw, key)
        if pct and not 0 <= number <= 100:
            raise _fail(_("{field} must be between 0 and 100%."), key)
        if number < 0:
            raise _fail(_("{field} cannot be negative."), key)
        if positive and number == 0:
            raise _fail(_("{field} must be more than zero."), key)
        return number

    def count(self, key: str, *, required: bool) -> int | None:
        number = self.number(key, required=required, positive=True)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise _fail(_("{field} must be a whole number."), key)
        return int(number)


def parse_inputs(data: dict[str, Any]) -> TariffInputs:
    """Validate the tariff inputs (the JSON keys of issue 7).

    Raises:
        ValidationError: the first problem found; `field` is the JSON key.
    """
    if not isinstance(data, dict):
        raise ValidationError(_("The tariff inputs must be a JSON object {...}."))
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise ValidationError(
            _("Unknown key {key} in the tariff inputs. Known keys: {known}.").format(
                key=unknown[0], known=", ".join(sorted(KEYS))
            ),
            field=unknown[0],
        )
    read = _Reader(data)
    service = str(data.get("service") or "").strip()
    if not service:
        raise _fail(_("{field} is missing."), "service")
    unit = data.get("unit")
    if unit not in UNITS:
        raise _fail(_("{field} must be one of: m3, person, household."), "unit")

    costs = _costs(read)
    assets = _assets(data.get("assets", []))
    reserve = read.number("renewal_reserve_pct", pct=True)
    loan = read.number("loan_repayment")
    volume = read.number("volume_produced_m3", required=unit == "m3", positive=True)
    losses = read.number("losses_pct", pct=True)
    assert losses is not None
    if unit == "m3" and losses >= 100:
        raise _fail(_("{field} must be less than 100%: no water would be sold."), "losses_pct")
    persons = read.count("persons", required=unit == "person")
    households = read.count("households", required=unit == "household")
    collection = read.number("collection_rate_pct", pct=True, positive=True)
    litres = read.number("litres_per_person_day", required=unit == "m3", positive=True)
    pph = read.number("persons_per_household", required=unit != "household", positive=True)
    income = read.number("household_income_month", positive=True)
    threshold = read.number("affordability_threshold_pct", pct=True, positive=True)
    years = read.count("phase_years", required=True)
    assert years is not None
    if years > MAX_PHASE_YEARS:
        raise ValidationError(
            _("{field} must be between 1 and {most}.").format(
                field=field_label("phase_years"), most=MAX_PHASE_YEARS
            ),
            field="phase_years",
        )
    inputs = TariffInputs(
        service=service,
        unit=unit,
        costs=costs,
        renewal_reserve_pct=_req(reserve),
        assets=assets,
        loan_repayment=_req(loan),
        volume_produced_m3=volume,
        losses_pct=losses,
        persons=persons,
        households=households,
        collection_rate_pct=_req(collection),
        litres_per_person_day=litres,
        persons_per_household=pph,
        household_income_month=_req(income),
        current_tariff=_req(read.number("current_tariff")),
        affordability_threshold_pct=_req(threshold),
        phase_years=years,
        categories=_categories(data.get("categories")),
        income_groups=_income_groups(data.get("income_groups")),
    )
    if sum(costs.values()) + sum(a.value for a in assets) + inputs.loan_repayment == 0:
        raise _fail(_("{field}: enter at least one cost; the required revenue is zero."), "costs")
    return inputs


def _req(value: Decimal | None) -> Decimal:
    assert value is not None  # required numbers raise before they can be None
    return value


def _costs(read: _Reader) -> dict[str, Decimal]:
    raw = read.data.get("costs")
    if not isinstance(raw, dict):
        raise _fail(_("{field} is missing: give the yearly cost items."), "costs")
    unknown = sorted(set(raw) - set(COST_ITEMS))
    if unknown:
        raise ValidationError(
            _("Unknown cost item {key}. Cost items: {known}.").format(
                key=f"costs.{unknown[0]}", known=", ".join(COST_ITEMS)
            ),
            field=f"costs.{unknown[0]}",
        )
    return {item: _req(read.number(f"costs.{item}", value=raw.get(item, 0))) for item in COST_ITEMS}


def _assets(raw: Any) -> tuple[Asset, ...]:
    if not isinstance(raw, list):
        raise _fail(_("{field} must be a list of {{name, value, life_years}}."), "assets")
    assets = []
    for i, item in enumerate(raw):
        where = f"assets[{i}]"
        if not isinstance(item, dict):
            raise ValidationError(
                _("{where} must be an object with name, value and life_years.").format(where=where),
                field=where,
            )
        unknown = sorted(set(item) - {"name", "value", "life_years"})
        if unknown:
            raise ValidationError(
                _("Unknown key {key} in {where}.").format(key=unknown[0], where=where),
                field=f"{where}.{unknown[0]}",
            )
        name = str(item.get("name") or "").strip() or _("Asset {n}").format(n=i + 1)
        value = _asset_number(item, "value", where, name, allow_zero=True)
        life = _asset_number(item, "life_years", where, name, allow_zero=False)
        assets.append(Asset(name, value, life))
    return tuple(assets)


def _asset_number(
    item: dict[str, Any], key: str, where: str, name: str, *, allow_zero: bool
) -> Decimal:
    path = f"{where}.{key}"
    label = (
        _("Value of {asset}") if key == "value" else _("Useful life of {asset}, years")
    ).format(asset=name)
    field = f"{label} ({path})"
    if item.get(key) is None:
        raise ValidationError(_("{field} is missing.").format(field=field), field=path)
    try:
        number = to_decimal(item[key], path)
    except ValidationError:
        raise ValidationError(
            _("{field} must be a number.").format(field=field), field=path
        ) from None
    if number < 0:
        raise ValidationError(_("{field} cannot be negative.").format(field=field), field=path)
    if number == 0 and not allow_zero:
        raise ValidationError(
            _("{field} must be more than zero years.").format(field=field), field=path
        )
    return number


def _categories(raw: Any) -> tuple[CategoryShare, ...]:
    """{population|budget_org|business: {share_pct, multiplier}}; shares add up to 100."""
    if raw is None or raw == {}:
        return ()
    if not isinstance(raw, dict):
        raise _fail(_("{field} must be an object keyed by category."), "categories")
    unknown = sorted(set(raw) - set(CATEGORY_KEYS))
    if unknown:
        raise ValidationError(
            _("Unknown category {key}. Categories: {known}.").format(
                key=f"categories.{unknown[0]}", known=", ".join(CATEGORY_KEYS)
            ),
            field=f"categories.{unknown[0]}",
        )
    out = []
    for key in CATEGORY_KEYS:
        if key not in raw:
            continue
        item = raw[key]
        if not isinstance(item, dict) or set(item) - {"share_pct", "multiplier"}:
            raise ValidationError(
                _("categories.{key} must be an object with share_pct and multiplier.").format(
                    key=key
                ),
                field=f"categories.{key}",
            )
        share = _Reader(item).number(
            f"categories.{key}.share_pct", pct=True, value=item.get("share_pct")
        )
        default = 1 if key == "population" else None
        multiplier = to_decimal(item.get("multiplier", default), f"categories.{key}.multiplier")
        if key == "population" and multiplier != 1:
            raise ValidationError(
                _("The population multiplier is always 1 (categories.population.multiplier)."),
                field="categories.population.multiplier",
            )
        if not 1 <= multiplier <= 3:
            raise ValidationError(
                _("The multiplier of categories.{key} must be between 1 and 3.").format(key=key),
                field=f"categories.{key}.multiplier",
            )
        out.append(CategoryShare(key, _req(share), multiplier))
    if sum(c.share_pct for c in out) != 100:
        raise _fail(_("{field}: the shares (share_pct) must add up to 100%."), "categories")
    return tuple(out)


def _income_groups(raw: Any) -> tuple[IncomeGroup, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _fail(
            _("{field} must be a list of {{name, household_income_month}}."), "income_groups"
        )
    out = []
    for i, item in enumerate(raw):
        path = f"income_groups[{i}]"
        if not isinstance(item, dict) or set(item) - {"name", "household_income_month"}:
            raise ValidationError(
                _("{where} must be an object with name and household_income_month.").format(
                    where=path
                ),
                field=path,
            )
        name = str(item.get("name") or "").strip()
        if not name:
            raise ValidationError(
                _("{where}.name is missing.").format(where=path), field=f"{path}.name"
            )
        income = _Reader(item).number(
            f"{path}.household_income_month",
            positive=True,
            value=item.get("household_income_month"),
        )
        out.append(IncomeGroup(name, _req(income)))
    return tuple(out)
