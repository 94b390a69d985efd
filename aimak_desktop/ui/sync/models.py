"""Table models of the sync page: targets, other PCs, conflicts, quarantine."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtGui import QColor

from aimak_desktop.i18n import N_, _
from aimak_desktop.ui.common import RowsModel
from aimak_desktop.ui.sync.data import DeviceRow, TargetRow, local_time
from aimak_desktop.ui.sync.targets import describe

ERROR_FG = QColor("#9b0000")

#: Tables a clerk meets in conflicts and quarantine, in words.
TABLE_LABELS = {
    "households": N_("Households"),
    "villages": N_("Villages"),
    "streets": N_("Streets"),
    "users": N_("Users"),
    "services": N_("Services"),
    "tariffs": N_("Tariffs"),
    "subscriptions": N_("Subscriptions"),
    "payments": N_("Payments"),
    "charges": N_("Charges"),
    "hearings": N_("Hearings"),
    "feedback_entries": N_("Feedback"),
    "office": N_("Office"),
    "audit_log": N_("Audit log"),
}


def table_label(name: str) -> str:
    label = TABLE_LABELS.get(name)
    return _(label) if label else name


def value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


class TargetsModel(RowsModel):
    ADDRESS, KIND, SUCCESS, PENDING, ERROR = range(5)
    HEADERS = (N_("Address"), N_("Kind"), N_("Last success"), N_("Pending"), N_("Last error"))
    NUMERIC = frozenset({PENDING})

    def text(self, row: TargetRow, column: int) -> str:
        if column == self.ADDRESS:
            return row.shown_address
        if column == self.KIND:
            return describe(row.url)
        if column == self.SUCCESS:
            return row.last_success or _("never")
        if column == self.PENDING:
            return str(row.pending)
        return row.last_error

    def foreground(self, row: TargetRow) -> QColor | None:
        return ERROR_FG if row.last_error else None


class DevicesModel(RowsModel):
    CODE, DEVICE, APPLIED, HELD, REASON = range(5)
    HEADERS = (N_("PC"), N_("Device"), N_("Applied up to"), N_("Held back"), N_("Why held back"))
    NUMERIC = frozenset({APPLIED, HELD})

    def text(self, row: DeviceRow, column: int) -> str:
        if column == self.CODE:
            return row.code
        if column == self.DEVICE:
            return row.device_id
        if column == self.APPLIED:
            return str(row.applied_seq)
        if column == self.HELD:
            return str(row.held_back)
        return row.held_reason

    def foreground(self, row: DeviceRow) -> QColor | None:
        return ERROR_FG if row.held_back else None


class ConflictsModel(RowsModel):
    TABLE, ROW, FIELD, MINE, THEIRS, KEPT, WHEN = range(7)
    HEADERS = (
        N_("Table"),
        N_("Row"),
        N_("Field"),
        N_("Mine"),
        N_("Theirs"),
        N_("Kept now"),
        N_("When"),
    )

    def text(self, row: dict[str, Any], column: int) -> str:
        if column == self.TABLE:
            return table_label(row["table"])
        if column == self.ROW:
            return row["row_label"]
        if column == self.FIELD:
            return row["field"]
        if column == self.MINE:
            return value_text(row["mine"])
        if column == self.THEIRS:
            return value_text(row["theirs"])
        if column == self.KEPT:
            if row["winner"] == "mine":
                return _("mine")
            return _("theirs (PC {code})").format(code=row["theirs_code"])
        return local_time(row["at"])


class QuarantineModel(RowsModel):
    TABLE, ROW, FROM, REASON, WHEN = range(5)
    HEADERS = (N_("Table"), N_("Row"), N_("From PC"), N_("Reason"), N_("When"))

    def text(self, row: dict[str, Any], column: int) -> str:
        if column == self.TABLE:
            return table_label(row["table"])
        if column == self.ROW:
            return row["row_label"]
        if column == self.FROM:
            return f"{row['device_code']} #{row['seq']}"
        if column == self.REASON:
            return row["reason"]
        return local_time(row["at"])
