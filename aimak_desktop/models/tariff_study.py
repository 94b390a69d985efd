"""Saved tariff studies and their scenarios (issue 7).

A study belongs to one service of the register; `service_id` is a plain UUID without a foreign key
because the service row may arrive by sync after the study. Inputs and results are JSON text with
Decimals written as strings, so no float ever touches the figures.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aimak_desktop.i18n import N_
from aimak_desktop.models.base import Base, Synced


class ScenarioKind(enum.StrEnum):
    CURRENT = "current"
    FULL_COST = "full_cost"
    PHASED = "phased"
    CUSTOM = "custom"


SCENARIO_KIND_LABELS = {
    ScenarioKind.CURRENT: N_("Current tariff"),
    ScenarioKind.FULL_COST: N_("Full cost"),
    ScenarioKind.PHASED: N_("Phased"),
    ScenarioKind.CUSTOM: N_("Custom"),
}


class TariffStudy(Synced, Base):
    __tablename__ = "tariff_studies"
    __table_args__ = (Index("ix_tariff_studies_service", "service_id"),)

    service_id: Mapped[uuid.UUID]
    name: Mapped[str] = mapped_column(String(200))
    #: The validated inputs (services.tariff_inputs.TariffInputs.to_dict) as JSON text.
    inputs: Mapped[str] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None]
    created_by_name: Mapped[str] = mapped_column(String(200), default="")
    archived_at: Mapped[dt.datetime | None]


class TariffScenario(Synced, Base):
    __tablename__ = "tariff_scenarios"
    __table_args__ = (Index("ix_tariff_scenarios_study", "study_id"),)

    study_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tariff_studies.id"))
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    #: Overrides of the study inputs (same keys) plus an optional "tariff" to test, as JSON text.
    inputs: Mapped[str] = mapped_column(Text, default="{}")
    #: The scenario's figures (services.tariff_studies.scenario_results) as JSON text.
    results: Mapped[str] = mapped_column(Text, default="{}")
    position: Mapped[int] = mapped_column(default=0)
    archived_at: Mapped[dt.datetime | None]
