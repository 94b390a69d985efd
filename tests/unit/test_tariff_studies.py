"""Saved tariff studies and scenarios through the write path; proposing a tariff to the register."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import uuid
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from aimak_desktop.errors import PermissionDenied, ValidationError
from aimak_desktop.models.core import AuditEntry, OplogEntry
from aimak_desktop.models.register import Household
from aimak_desktop.models.tariff_study import TariffScenario, TariffStudy
from aimak_desktop.services import tariff_studies as ts
from tests.conftest import actor_for
from tests.unit.test_tariff_method import m3_inputs


def test_create_study_writes_audit_and_oplog_with_standard_scenarios(office, admin):
    service_id = uuid.uuid4()
    study = ts.create_study(office, admin, service_id, "Суу 2025", m3_inputs())
    audit = office.scalars(
        select(AuditEntry).where(
            AuditEntry.kind == "tariff_study.create", AuditEntry.target_id == study.id
        )
    ).all()
    assert [(a.summary, a.target_id, a.actor_name) for a in audit] == [
        ("Суу 2025", study.id, admin.name)
    ]
    oplog = office.scalars(
        select(OplogEntry)
        .where(OplogEntry.kind == "tariff_study.create")
        .order_by(OplogEntry.seq.desc())
        .limit(1)
    ).one()
    tables = [c["t"] for c in json.loads(oplog.payload)["changes"]]
    assert tables.count("tariff_studies") == 1 and tables.count("tariff_scenarios") == 3
    assert ts.list_studies(office, service_id)[0].created_by == admin.user_id

    table = ts.compare_scenarios(office, study.id)
    assert table.columns == ["Current tariff", "Full cost", "Phased"]
    rows = {r.label: r.values for r in table.rows}
    assert rows["Tariff"] == [D("10"), D("14.17"), D("12.09")]
    assert rows["Required revenue a year"] == [D("272000.00")] * 3
    assert rows["Share of required revenue covered"][1] == D("100.02")  # 14.17 × 19200
    assert rows["Affordable"] == [True, True, True]


def test_custom_scenario_and_update_recomputes(office, admin):
    study = ts.create_study(office, admin, uuid.uuid4(), "Суу", m3_inputs())
    ts.add_scenario(office, admin, study.id, "custom", "Тариф 13", {"tariff": 13, "losses_pct": 30})
    table = ts.compare_scenarios(office, study.id)
    assert table.columns[-1] == "Тариф 13"
    tariffs = next(r.values for r in table.rows if r.label == "Tariff")
    assert tariffs[-1] == D("13.00")

    ts.update_study(office, admin, study.id, inputs=m3_inputs(current_tariff=11))
    tariffs = next(
        r.values for r in ts.compare_scenarios(office, study.id).rows if r.label == "Tariff"
    )
    assert tariffs[0] == D("11")  # the "current" scenario follows the new inputs
    assert (
        office.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.kind == "tariff_study.update")
        )
        == 1
    )


def test_bad_inputs_and_mentor_write_nothing(office, admin):
    before = office.scalar(select(func.count()).select_from(OplogEntry))
    with pytest.raises(ValidationError) as info:
        ts.create_study(office, admin, uuid.uuid4(), "Суу", m3_inputs(losses_pct=140))
    assert info.value.field == "losses_pct"
    with pytest.raises(PermissionDenied):
        ts.create_study(office, actor_for(office, "mentor"), uuid.uuid4(), "Суу", m3_inputs())
    with pytest.raises(ValidationError, match="name"):
        ts.create_study(office, admin, uuid.uuid4(), "  ", m3_inputs())
    study = ts.create_study(office, admin, uuid.uuid4(), "Суу", m3_inputs())
    with pytest.raises(ValidationError, match="Unknown scenario kind"):
        ts.add_scenario(office, admin, study.id, "dream", "x")
    with pytest.raises(ValidationError) as info:
        ts.add_scenario(office, admin, study.id, "custom", "x", {"collection_rate_pct": 0})
    assert info.value.field == "collection_rate_pct"
    assert office.scalar(select(func.count()).select_from(OplogEntry)) == before + 1
    assert office.scalar(select(func.count()).select_from(TariffScenario)) >= 3


def test_archive_hides_study(office, admin):
    study = ts.create_study(office, admin, uuid.uuid4(), "Old", m3_inputs())
    ts.archive_study(office, admin, study.id)
    assert study.id not in [s.id for s in ts.list_studies(office)]
    assert office.get(TariffStudy, study.id) is not None  # archived, never deleted


def test_defaults_from_office_count_the_register(office):
    defaults = ts.defaults_from_office(office, None)
    people = office.execute(
        select(func.count(), func.sum(Household.residents)).where(
            Household.archived_at.is_(None),
            Household.category.not_in(["budget_org", "business"]),
        )
    ).one()
    assert (defaults.households, defaults.persons) == (people[0], people[1])
    assert 0 < defaults.households <= 60
    assert defaults.collection_rate_pct is None  # billing fills this later


def _water_service(session):
    try:
        from aimak_desktop.models.catalog import Service
    except ImportError:
        return None
    return session.scalar(select(Service).where(Service.code == "water"))


def test_demo_office_has_a_water_study(office):
    service = _water_service(office)
    if service is None:
        pytest.skip("the demo office has no water service yet (register area)")
    studies = ts.list_studies(office, service.id)
    assert len(studies) == 1
    result = ts.study_result(studies[0])
    assert result.inputs.losses_pct == 40 and result.inputs.collection_rate_pct == 75
    assert result.depreciation == D("170000.00")  # pipes, pump and reservoir
    assert len(ts.compare_scenarios(office, studies[0].id).columns) == 4


def test_propose_checks_the_decision_before_anything(office, admin):
    study = ts.create_study(office, admin, uuid.uuid4(), "Суу", m3_inputs())
    with pytest.raises(ValidationError) as info:
        ts.propose_tariff(office, admin, study.id, " ", dt.date(2025, 1, 10), dt.date(2025, 2, 1))
    assert info.value.field == "toktom_no"
    with pytest.raises(ValidationError) as info:
        ts.propose_tariff(
            office, admin, study.id, "12/3", dt.date(2025, 1, 10), dt.date(2025, 1, 1)
        )
    assert info.value.field == "valid_from"
    with pytest.raises(PermissionDenied):
        ts.propose_tariff(
            office,
            actor_for(office, "clerk"),
            study.id,
            "12/3",
            dt.date(2025, 1, 10),
            dt.date(2025, 2, 1),
        )


def test_propose_as_new_tariff_creates_a_tariff_version(office, admin):
    try:
        catalog = importlib.import_module("aimak_desktop.services.catalog")
    except ImportError:
        catalog = None
    if not hasattr(catalog, "new_tariff_version"):
        pytest.skip("services.catalog.new_tariff_version does not exist yet (register area)")
    from aimak_desktop.models.catalog import Tariff

    service = _water_service(office)
    assert service is not None
    study = ts.create_study(office, admin, service.id, "Суу", m3_inputs())
    ts.propose_tariff(office, admin, study.id, "12/3", dt.date(2025, 1, 10), dt.date(2025, 2, 1))
    tariff = office.scalar(
        select(Tariff).where(Tariff.service_id == service.id, Tariff.toktom_no == "12/3")
    )
    assert tariff is not None
    assert tariff.amount == 1417  # 14.17 som in tyiyn
    assert tariff.valid_from == dt.date(2025, 2, 1)
    assert tariff.toktom_date == dt.date(2025, 1, 10)
