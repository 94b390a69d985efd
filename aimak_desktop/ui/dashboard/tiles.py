"""Indicator tiles: a card with the big value, its label, the change since the previous period
and a short detail line. Hover shows the definition; a click opens the list behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor, QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout

from aimak_desktop.i18n import N_, _
from aimak_desktop.i18n.formatting import format_money, format_number
from aimak_desktop.ui.dashboard.common import NO_DATA, decimal_text, value_text

TILE_STYLE = (
    "QFrame#tile { background: #ffffff; border: 1px solid #d6dbe1; border-radius: 6px; }"
    " QFrame#tile:hover, QFrame#tile:focus { border: 1px solid #2E6F9E; background: #f4f8fb; }"
    " QFrame#tile QLabel { background: transparent; border: none; }"
)
GOOD, BAD, SAME = "#2f7d32", "#b00020", "#666666"


@dataclass(frozen=True)
class TileSpec:
    key: str
    label: str  # N_()
    unit: str
    #: figures (collect_figures) -> value; None = no data.
    value: Callable[[dict[str, Any]], Any]
    #: figures -> detail line (already translated), "" for none.
    detail: Callable[[dict[str, Any]], str]
    definition: str  # N_(): the tooltip
    page: str  # page key opened by a click
    #: What the opened page should show: "debtors" (billing tab), "overdue" (feedback filter).
    view: str | None = None
    up_is_good: bool = True


def _value(key: str, sub: str | None = None) -> Callable[[dict[str, Any]], Any]:
    def get(figures: dict[str, Any]) -> Any:
        return (figures[key][sub] if sub else figures[key]).value

    return get


def _part(key: str, part: str) -> Callable[[dict[str, Any]], Any]:
    def get(figures: dict[str, Any]) -> Any:
        figure = figures[key]
        return None if figure.value is None else figure.parts.get(part)

    return get


def _money(value: Any) -> str:
    from aimak_desktop.i18n import get_language

    return format_money(int(value), get_language())


def _rate_detail(f: dict[str, Any]) -> str:
    parts = f["collection_rate"].parts
    if parts.get("collected") is None:
        return ""
    return _("Collected {collected} of {billed}").format(
        collected=_money(parts["collected"]), billed=_money(parts["billed"])
    )


def _billed_detail(f: dict[str, Any]) -> str:
    billed = f["billed"].value
    return "" if billed is None else _("Billed {billed}").format(billed=_money(billed))


def _arrears_detail(f: dict[str, Any]) -> str:
    households = f["arrears"].parts.get("households")
    if f["arrears"].value is None or households is None:
        return ""
    return _("{n} households owe").format(n=format_number(households))


def _overdue_detail(f: dict[str, Any]) -> str:
    open_ = f["feedback"]["open"].value
    return "" if open_ is None else _("{n} open").format(n=format_number(open_))


def _on_time_detail(f: dict[str, Any]) -> str:
    days = f["feedback"]["median_days"].value
    if days is None:
        return ""
    return _("Median {days} days to resolve").format(days=decimal_text(days))


def _hearing_detail(f: dict[str, Any]) -> str:
    figure = f["last_hearing"]
    if figure.value is None:
        return ""
    return _("Women {women} · youth {youth}").format(
        women=value_text(figure.parts.get("pct_women"), "pct"),
        youth=value_text(figure.parts.get("pct_youth"), "pct"),
    )


def _proposals_detail(f: dict[str, Any]) -> str:
    figure = f["proposals"]
    if figure.value is None:
        return ""
    return _("{accepted} of {received} received").format(
        accepted=figure.value, received=figure.parts.get("received", 0)
    )


def _first_tariff(f: dict[str, Any]) -> tuple[str, Any]:
    """The first service (by code) whose latest tariff study gives a coverage."""
    from aimak_desktop.i18n import get_language

    for figure in f["tariff_coverage"].values():
        if figure.value is not None:
            name = figure.parts.get("ru" if get_language() == "ru" else "ky", "")
            return name, figure.value
    return "", None


TILES: tuple[TileSpec, ...] = (
    TileSpec(
        "collection_rate",
        N_("Collection rate"),
        "pct",
        _value("collection_rate"),
        _rate_detail,
        N_(
            "Money collected in the period (payments minus voids) out of the net charges of "
            "the period, in percent: (arrears at the start + billed - arrears at the end - "
            "written off) / billed. No data when nothing was billed."
        ),
        "billing",
    ),
    TileSpec(
        "arrears",
        N_("Arrears"),
        "money",
        _value("arrears"),
        _arrears_detail,
        N_(
            "What households owe at the end of the period (or today): the sum of every "
            "household's unpaid balance, split by days since due. Click for the debtors list."
        ),
        "billing",
        view="debtors",
        up_is_good=False,
    ),
    TileSpec(
        "collected",
        N_("Collected"),
        "money",
        _value("collected"),
        _billed_detail,
        N_("Payments taken in the period minus voided payments."),
        "billing",
    ),
    TileSpec(
        "overdue",
        N_("Feedback overdue"),
        "count",
        _value("feedback", "overdue"),
        _overdue_detail,
        N_(
            "Feedback received by the end of the period that is still new or in progress and "
            "past its due date. Click for the overdue entries."
        ),
        "feedback",
        view="overdue",
        up_is_good=False,
    ),
    TileSpec(
        "resolved_on_time",
        N_("Feedback answered on time"),
        "pct",
        _value("feedback", "resolved_on_time"),
        _on_time_detail,
        N_(
            "Feedback of the period closed (resolved or rejected) by its due date, out of the "
            "entries closed or already past due at the end of the period, in percent."
        ),
        "feedback",
    ),
    TileSpec(
        "last_hearing",
        N_("Last hearing: participants"),
        "count",
        _value("last_hearing"),
        _hearing_detail,
        N_(
            "Participants (named and tallied) of the last hearing held by the end of the "
            "period, with the share of women and youth."
        ),
        "hearings",
    ),
    TileSpec(
        "proposals",
        N_("Proposals accepted"),
        "count",
        _value("proposals"),
        _proposals_detail,
        N_(
            "Citizens' proposals from the hearings of the period's year that were accepted, "
            "included in the budget or implemented."
        ),
        "hearings",
    ),
    TileSpec(
        "tariff_coverage",
        N_("Tariff covers full cost"),
        "pct",
        lambda f: _first_tariff(f)[1],
        lambda f: _first_tariff(f)[0],
        N_(
            "Expected revenue at the current tariff out of the required revenue (full cost), "
            "in percent, from the service's latest tariff study."
        ),
        "tariffs_calc",
    ),
)


MIN_HEIGHT = 118


class Tile(QFrame):
    """One indicator card; emits `clicked(spec)` on a click, Enter or Space."""

    clicked = Signal(object)

    def __init__(self, spec: TileSpec) -> None:
        super().__init__()
        self.spec = spec
        self.value: Any = None
        self.setObjectName("tile")
        self.setStyleSheet(TILE_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
        # Taller when a Kyrgyz title or change line takes more lines: nothing overlaps.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setMinimumHeight(MIN_HEIGHT)
        self.setToolTip(_(spec.definition))
        self.setAccessibleName(_(spec.label))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.label = QLabel(_(spec.label))
        self.label.setStyleSheet("color: #44505c;")
        self.label.setWordWrap(True)
        self.value_label = QLabel("…")
        font = self.value_label.font()
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        self.value_label.setFont(font)
        self._value_font = QFont(font)
        # The value never widens the tile (four must fit a row); its font shrinks to fit instead.
        self.value_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.change_label = QLabel()
        self.change_label.setWordWrap(True)
        self.detail_label = QLabel()
        self.detail_label.setStyleSheet("color: #5c6670;")
        self.detail_label.setWordWrap(True)
        for label in (self.label, self.value_label, self.change_label, self.detail_label):
            layout.addWidget(label)
        layout.addStretch(1)

    def resizeEvent(self, event: Any) -> None:  # Qt override
        super().resizeEvent(event)
        self._fit_value()
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the wrapped lines need at this width (a grid row asks a word-wrapped
        label only for its height at its preferred width, so a long title overlapped)."""
        layout = self.layout()
        needed = max(MIN_HEIGHT, layout.heightForWidth(self.width()) if layout else 0)
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def _fit_value(self) -> None:
        """The value's font, a point smaller at a time, until the value fits: money is never
        cut off ("3 742 382,93 сом" in a quarter of a 1,024-pixel window)."""
        font = QFont(self._value_font)
        room = self.contentsRect().width() - 24  # the layout's side margins
        text = self.value_label.text()
        smallest = self.font().pointSize() + 2
        while font.pointSize() > smallest and QFontMetrics(font).horizontalAdvance(text) > room:
            font.setPointSize(font.pointSize() - 1)
        self.value_label.setFont(font)

    def set_loading(self) -> None:
        self.value_label.setText("…")
        self.value_label.setStyleSheet("color: #9aa3ab;")
        self.change_label.setText("")
        self.detail_label.setText("")

    def set_figures(
        self, now: dict[str, Any], before: dict[str, Any] | None, before_label: str = ""
    ) -> None:
        """Show the value of `now`; `before` (None while loading) gives the change line."""
        self.value = self.spec.value(now)
        no_data = self.value is None
        self.value_label.setText(value_text(self.value, self.spec.unit))
        self._fit_value()
        self.value_label.setStyleSheet("color: #7a838b;" if no_data else "color: #1d2a36;")
        self.detail_label.setText(self.spec.detail(now))
        self.change_label.setText("")
        if before is not None and not no_data:
            self._show_change(self.spec.value(before), before_label)
        self._fit_height()

    def _show_change(self, previous: Any, before_label: str) -> None:
        if previous is None:
            self.change_label.setStyleSheet(f"color: {SAME};")
            self.change_label.setText(
                _("{period}: {none}").format(period=before_label, none=_(NO_DATA).lower())
            )
            return
        delta = Decimal(self.value) - Decimal(previous)
        if delta == 0:
            arrow, colour = "=", SAME
        else:
            arrow = "▲" if delta > 0 else "▼"
            colour = GOOD if (delta > 0) == self.spec.up_is_good else BAD
        self.change_label.setStyleSheet(f"color: {colour};")
        self.change_label.setText(
            _("{arrow} {delta} vs {period}").format(
                arrow=arrow, delta=self._delta_text(delta), period=before_label
            )
        )

    def _delta_text(self, delta: Decimal) -> str:
        size = abs(delta)  # the arrow gives the direction
        if self.spec.unit == "money":
            return _money(int(size))
        if self.spec.unit == "pct":
            return decimal_text(size, 1)  # percentage points
        return format_number(int(size))

    def mouseReleaseEvent(self, event: Any) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit(self.spec)
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.spec)
            return
        super().keyPressEvent(event)
