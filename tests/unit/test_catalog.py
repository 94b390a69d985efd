"""Service catalogue, tariff versions, subscriptions and meter readings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from aimak_desktop.errors import NotFound, PermissionDenied, ValidationError
from aimak_desktop.models.catalog import MeterReading, Service, Subscription, Tariff
from aimak_desktop.models.register import Household
from aimak_desktop.services import catalog as cat
from aimak_desktop.services import subscriptions as subs
from aimak_desktop.services.demo import create_demo_office
from tests.conftest import actor_for

D = dt.date


def _household(session, category: str | None = None) -> Household:
    query = select(Household).where(Household.archived_at.is_(None)).order_by(Household.account_no)
    if category:
        query = query.where(Household.category == category)
    return session.scalars(query).first()


def _new_service(session, actor, **kw) -> Service:
    values = {
        "code": "parks",
        "name_ky": "Парктар",
        "name_ru": "Парки",
        "billing_unit": "household",
    }
    values.update(kw)
    return cat.create_service(session, actor, **values)


# --- catalogue ------------------------------------------------------------------------------


def test_demo_catalogue_has_the_domain_services(office):
    services = {s.code: s for s in cat.list_services(office)}
    assert set(services) == {"water", "water_meter", "waste", "irrigation", "hall"}
    assert (services["water"].billing_unit, services["water"].period) == ("person", "monthly")
    assert services["water_meter"].billing_unit == "m3"
    assert services["irrigation"].period == "yearly"
    assert services["hall"].period == "once"
    assert services["waste"].provider_kind == "municipal"


def test_new_service_has_penalty_off_by_default(office, admin):
    service = _new_service(office, admin)
    assert (service.penalty_enabled, service.penalty_pct_per_month, service.penalty_grace_days) == (
        False,
        Decimal(0),
        0,
    )
    other = _new_service(
        office, admin, code="sport", penalty_enabled=True, penalty_pct_per_month="0,1"
    )
    assert other.penalty_bp_per_month == 10 and other.penalty_pct_per_month == Decimal("0.1")


@pytest.mark.parametrize(
    ("kw", "message", "field"),
    [
        ({"code": "Водa"}, "The code must be 2-30 small Latin letters", "code"),
        ({"code": "water"}, "A service with the code water already exists", "code"),
        ({"billing_unit": "litre"}, "litre is not a valid choice", "billing_unit"),
        ({"period": "weekly"}, "weekly is not a valid choice", "period"),
        ({"name_ky": " "}, "Please fill in this field", "name_ky"),
        ({"penalty_pct_per_month": "0,001"}, "at most two decimals", "penalty_pct_per_month"),
        ({"penalty_grace_days": "400"}, "from 0 to 365", "penalty_grace_days"),
    ],
)
def test_service_validation_messages(office, admin, kw, message, field):
    with pytest.raises(ValidationError, match=message) as info:
        _new_service(office, admin, **kw)
    assert info.value.field == field


def test_unit_is_fixed_once_tariffs_exist(office, admin):
    water = cat.find_service(office, "water")
    with pytest.raises(ValidationError, match="cannot change once the service has tariffs"):
        cat.update_service(office, admin, water.id, {"billing_unit": "household"})
    cat.update_service(office, admin, water.id, {"provider_name": "Ак-Суу", "penalty_enabled": 1})
    assert water.provider_name == "Ак-Суу" and water.penalty_enabled is True


def test_service_with_subscribers_cannot_be_archived(office, admin):
    with pytest.raises(ValidationError, match="Households still take"):
        cat.archive_service(office, admin, cat.find_service(office, "waste").id)
    parks = _new_service(office, admin)
    cat.archive_service(office, admin, parks.id)
    assert "parks" not in {s.code for s in cat.list_services(office)}


def test_unknown_service_code_lists_the_known_ones(office):
    with pytest.raises(NotFound, match=r"no service with the code gas\. Known codes: hall,"):
        cat.find_service(office, "gas")


def test_mentor_cannot_change_the_catalogue(office):
    mentor = actor_for(office, "mentor")
    with pytest.raises(PermissionDenied):
        _new_service(office, mentor)
    with pytest.raises(PermissionDenied):
        cat.new_tariff_version(
            office, mentor, cat.find_service(office, "waste"), "all", 1, D(2030, 1, 1)
        )


# --- tariffs --------------------------------------------------------------------------------


def test_current_tariff_falls_back_from_category_to_all(office):
    waste = cat.find_service(office, "waste")
    water = cat.find_service(office, "water")
    on = D(2024, 6, 1)
    assert cat.current_tariff(office, waste.id, "pensioner", on).amount == 1500
    assert cat.current_tariff(office, waste.id, "regular", on).amount == 2500
    assert cat.current_tariff(office, waste.id, "regular", D(2020, 6, 1)).amount == 2000
    assert cat.current_tariff(office, waste.id, "regular", D(2018, 6, 1)) is None
    assert cat.current_tariff(office, water.id, "regular", on, "street").amount == 2000
    assert cat.current_tariff(office, water.id, "pensioner", on, "yard").amount == 3500
    assert cat.current_tariff(office, water.id, "regular", on, "none") is None


def test_new_version_closes_the_previous_one(office, admin):
    waste = cat.find_service(office, "waste")
    clerk = actor_for(office, "clerk")
    new = cat.new_tariff_version(
        office, clerk, waste, "all", 3000, D(2025, 1, 1), "31/2", D(2024, 12, 20)
    )
    history = cat.tariff_history(office, waste.id, "all", "any")
    assert [(t.amount, t.valid_from, t.valid_to) for t in history] == [
        (2000, D(2019, 1, 1), D(2023, 2, 28)),
        (2500, D(2023, 3, 1), D(2024, 12, 31)),
        (3000, D(2025, 1, 1), None),
    ]
    assert (new.toktom_no, new.toktom_date) == ("31/2", D(2024, 12, 20))
    assert cat.current_tariff(office, waste.id, "regular", D(2024, 12, 31)).amount == 2500
    assert cat.current_tariff(office, waste.id, "regular", D(2025, 1, 1)).amount == 3000
    # The pensioners' own tariff is another timeline: untouched.
    assert cat.current_tariff(office, waste.id, "pensioner", D(2025, 1, 1)).amount == 1500


def test_overlapping_versions_are_refused(office, admin):
    waste = cat.find_service(office, "waste")
    before = int(office.scalar(select(func.count()).select_from(Tariff)))
    with pytest.raises(ValidationError, match=r"A tariff version from 01\.03\.2023 already exists"):
        cat.new_tariff_version(office, admin, waste, "all", 3000, D(2023, 3, 1))
    with pytest.raises(ValidationError, match=r"overlaps the version valid until 28\.02\.2023"):
        cat.new_tariff_version(office, admin, waste, "all", 3000, D(2021, 1, 1))
    assert int(office.scalar(select(func.count()).select_from(Tariff))) == before
    # A closed version (valid to a date) is not overlapped either.
    parks = _new_service(office, admin)
    cat.new_tariff_version(
        office, admin, parks, "all", 100, D(2024, 1, 1), valid_to=D(2024, 12, 31)
    )
    with pytest.raises(ValidationError, match=r"overlaps the version valid until 31\.12\.2024"):
        cat.new_tariff_version(office, admin, parks, "all", 200, D(2024, 6, 1))
    with pytest.raises(ValidationError, match="The end date is before the start date"):
        cat.new_tariff_version(
            office, admin, parks, "all", 200, D(2025, 6, 1), valid_to=D(2025, 1, 1)
        )
    with pytest.raises(ValidationError, match="amount of zero or more"):
        cat.new_tariff_version(office, admin, parks, "all", -5, D(2025, 6, 1))
    with pytest.raises(ValidationError, match="Unknown category elite"):
        cat.new_tariff_version(office, admin, parks, "elite", 5, D(2025, 6, 1))


def test_tariff_in_use_hook_and_correction(office, admin):
    parks = _new_service(office, admin)
    tariff = cat.new_tariff_version(office, admin, parks, None, 100, D(2024, 1, 1), "1/1")
    assert tariff.category == "all" and tariff.tap_type == "any"
    assert cat.tariff_in_use(office, tariff.id) is False  # no billing yet
    cat.correct_tariff(office, admin, tariff.id, amount=150, toktom_no="1/2")
    assert (tariff.amount, tariff.toktom_no) == (150, "1/2")


# --- subscriptions and readings -------------------------------------------------------------


def test_demo_subscriptions_and_readings(office):
    households = int(office.scalar(select(func.count()).select_from(Household)))
    water_ids = [cat.find_service(office, c).id for c in ("water", "water_meter")]
    water = office.scalar(
        select(func.count()).select_from(Subscription).where(Subscription.service_id.in_(water_ids))
    )
    assert 0.6 * households <= water <= households
    metered = office.scalars(
        select(Subscription).where(Subscription.service_id == water_ids[1])
    ).all()
    assert metered and all(s.meter_serial for s in metered)
    for sub in metered:
        values = [r.value_l for r in subs.readings_of(office, sub.id)]
        assert 6 <= len(values) <= 12 and values == sorted(values)


def test_demo_catalogue_is_deterministic(tmp_path):
    from aimak_desktop.db import open_database

    counts = []
    for name in ("a", "b"):
        with open_database(tmp_path / name) as db:
            session = db.session()
            create_demo_office(session, households=40, seed=3)
            counts.append(
                [
                    int(session.scalar(select(func.count()).select_from(m)))
                    for m in (Subscription, MeterReading)
                ]
                + [session.scalar(select(func.sum(MeterReading.value_l)))]
            )
            session.close()
    assert counts[0] == counts[1]


def test_one_active_subscription_per_service(office, admin):
    household = _household(office)
    parks = _new_service(office, admin)
    sub = subs.subscribe(office, admin, household.id, parks.id, D(2024, 1, 1), tap_type="none")
    with pytest.raises(ValidationError, match="This household already takes Парктар"):
        subs.subscribe(office, admin, household.id, parks.id, D(2024, 6, 1))
    with pytest.raises(ValidationError, match="before the start date"):
        subs.end_subscription(office, admin, sub.id, D(2023, 12, 31))
    subs.end_subscription(office, admin, sub.id, D(2024, 5, 31))
    again = subs.subscribe(office, admin, household.id, parks.id, D(2024, 6, 1))
    assert again.end_date is None
    with pytest.raises(ValidationError, match="garden is not a valid tap type"):
        subs.subscribe(office, admin, household.id, parks.id, D(2025, 1, 1), tap_type="garden")


def _metered(session, admin) -> Subscription:
    household = _household(session)
    parks = _new_service(session, admin, code="water2", billing_unit="m3")
    return subs.subscribe(
        session, admin, household.id, parks.id, D(2024, 1, 1), tap_type="yard", meter_serial="M-1"
    )


def test_reading_rules(office, admin):
    sub = _metered(office, admin)
    today = D(2024, 6, 30)
    first = subs.add_reading(
        office, admin, sub.id, D(2024, 2, 25), "100,5", "Контролёр", today=today
    )
    assert first.value_l == 100_500
    with pytest.raises(
        ValidationError, match=r"The reading 99,000 m³ is below the previous one \(100,500 m³\)"
    ):
        subs.add_reading(office, admin, sub.id, D(2024, 3, 25), 99, today=today)
    with pytest.raises(ValidationError, match=r"before the last reading \(25.02.2024\)"):
        subs.add_reading(office, admin, sub.id, D(2024, 2, 1), 120, today=today)
    with pytest.raises(ValidationError, match="The reading date is in the future"):
        subs.add_reading(office, admin, sub.id, D(2024, 7, 1), 120, today=today)
    with pytest.raises(ValidationError, match="at most 3 decimals"):
        subs.add_reading(office, admin, sub.id, D(2024, 3, 25), "1,2345", today=today)
    with pytest.raises(ValidationError, match="before the service started"):
        subs.add_reading(office, admin, sub.id, D(2023, 12, 25), 120, today=today)
    replaced = subs.add_reading(
        office,
        admin,
        sub.id,
        D(2024, 3, 25),
        "0",
        meter_replaced=True,
        new_meter_serial="M-2",
        today=today,
    )
    assert replaced.meter_replaced and sub.meter_serial == "M-2"
    assert [r.value_l for r in subs.readings_of(office, sub.id)] == [100_500, 0]


def test_a_void_reading_no_longer_blocks(office, admin):
    sub = _metered(office, admin)
    today = D(2024, 6, 30)
    subs.add_reading(office, admin, sub.id, D(2024, 2, 25), 100, today=today)
    typo = subs.add_reading(office, admin, sub.id, D(2024, 3, 25), 1100, today=today)
    with pytest.raises(ValidationError, match="Please give the reason"):
        subs.void_reading(office, admin, typo.id, "")
    subs.void_reading(office, admin, typo.id, "typed 1100 for 110")
    subs.add_reading(office, admin, sub.id, D(2024, 3, 25), 110, today=today)
    assert [r.value_l for r in subs.readings_of(office, sub.id)] == [100_000, 110_000]


def test_readings_need_a_meter(office, admin):
    household = _household(office)
    parks = _new_service(office, admin)
    sub = subs.subscribe(office, admin, household.id, parks.id, D(2024, 1, 1))
    with pytest.raises(ValidationError, match="This subscription has no meter"):
        subs.add_reading(office, admin, sub.id, D(2024, 2, 1), 1, today=D(2024, 6, 1))


def test_m3_parsing_and_format():
    assert subs.parse_m3("1 234,5") == 1_234_500
    assert subs.parse_m3(Decimal("0.001")) == 1
    assert subs.format_m3(123_456) == "123,456"
    with pytest.raises(ValidationError, match="m³"):
        subs.parse_m3("-1")
