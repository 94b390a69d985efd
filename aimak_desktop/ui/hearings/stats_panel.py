"""Live participation statistics of a hearing: totals, % women, % youth, villages, trend."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_short_date
from aimak_desktop.models.hearings import HearingKind
from aimak_desktop.ui.common import RowsModel, make_table


@dataclass
class StatsData:
    stats: Any  # services.hearing_stats.ParticipationStats
    trend: list[Any]  # services.hearing_stats.TrendRow, oldest first


def load_stats(session: Any, hearing_id: uuid.UUID) -> StatsData:
    from aimak_desktop.services.hearing_stats import compare_with_earlier, participation

    return StatsData(participation(session, hearing_id), compare_with_earlier(session, hearing_id))


def pct(value: Decimal) -> str:
    return _("{value}%").format(value=value)


def change(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:+}"


#: Short kind names for the narrow comparison table.
SHORT_KINDS = {
    HearingKind.DRAFT_BUDGET: N_("Draft budget"),
    HearingKind.EXECUTION_REPORT: N_("Execution"),
    HearingKind.OTHER: N_("Other"),
}


class VillagesModel(RowsModel):
    HEADERS = (N_("Village"), N_("People"), N_("Share"))
    NUMERIC = frozenset({1, 2})

    def text(self, row: Any, column: int) -> str:
        if column == 0:
            return row.name or _("(not known)")
        if column == 1:
            return str(row.count)
        return pct(row.share)


class TrendModel(RowsModel):
    HEADERS = (
        N_("Date"), N_("Kind"), N_("People"), N_("Women"), N_("Change"), N_("Youth"), N_("Change"),
    )  # fmt: skip
    NUMERIC = frozenset({2, 3, 4, 5, 6})

    def text(self, row: Any, column: int) -> str:
        if column == 0:
            return format_short_date(row.held_on)
        if column == 1:
            try:
                return _(SHORT_KINDS[HearingKind(row.kind)])
            except ValueError:
                return row.kind
        values = (
            str(row.total), pct(row.pct_women), change(row.change_women),
            pct(row.pct_youth), change(row.change_youth),
        )  # fmt: skip
        return values[column - 2]


class StatsPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox(_("Participation"))
        form = QFormLayout(box)
        self.total = QLabel("0")
        self.named = QLabel("0")
        self.tallied = QLabel("0")
        self.women = QLabel(pct(Decimal("0.0")))
        self.youth = QLabel(pct(Decimal("0.0")))
        self.vulnerable = QLabel("0")
        for label in (self.total, self.women, self.youth):
            label.setStyleSheet("font-weight: bold;")
        form.addRow(_("Total"), self.total)
        form.addRow(_("Named"), self.named)
        form.addRow(_("Counted in tallies"), self.tallied)
        form.addRow(_("Women"), self.women)
        form.addRow(_("Youth (18-35)"), self.youth)
        form.addRow(_("Vulnerable groups"), self.vulnerable)
        layout.addWidget(box)
        self.villages = VillagesModel()
        self.villages_view = make_table(self.villages, stretch=0)
        layout.addWidget(QLabel(_("By village")))
        layout.addWidget(self.villages_view, 1)
        self.trend = TrendModel()
        self.trend_view = make_table(self.trend, stretch=1)
        layout.addWidget(QLabel(_("Compared with earlier hearings")))
        layout.addWidget(self.trend_view, 1)

    def show_stats(self, data: StatsData) -> None:
        s = data.stats
        self.total.setText(str(s.total))
        self.named.setText(str(s.named))
        self.tallied.setText(str(s.tallied))
        self.women.setText(_("{pct} ({n} people)").format(pct=pct(s.pct_women), n=s.women))
        self.youth.setText(_("{pct} ({n} people)").format(pct=pct(s.pct_youth), n=s.youth))
        self.vulnerable.setText(str(s.vulnerable))
        self.villages.set_rows(s.by_village)
        self.trend.set_rows(data.trend)
