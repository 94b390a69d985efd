"""Row changes as the operation log records them: table, row id and changed fields.

The write path captures changes from the ORM session (flush events) or from bulk inserts, so a new
table is synced without sync code of its own. Values are stored as JSON; the column type tells how
to read them back.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

INSERT = "i"
UPDATE = "u"

#: Columns that travel in the operation's envelope, not among the changed fields.
ENVELOPE_COLUMNS = frozenset({"hlc"})


@dataclass
class RowChange:
    table: str
    row_id: str
    op: str
    fields: dict[str, Any] = field(default_factory=dict)
    #: For updates: the values the fields had before, where known. The merge uses them to tell a
    #: sequential overwrite (the writer saw our value) from a concurrent edit (a conflict).
    old: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        data = {"t": self.table, "id": self.row_id, "op": self.op, "f": self.fields}
        if self.old:
            data["o"] = self.old
        return data


_PLAIN = frozenset({str, int, bool, float})


def encode_value(value: Any) -> Any:
    """A JSON-friendly form of a column value."""
    if value is None or type(value) in _PLAIN:  # the common case, checked first: bulk inserts
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def encode_payload(changes: list[RowChange]) -> str:
    return json.dumps(
        {"changes": [c.as_json() for c in changes]}, ensure_ascii=False, separators=(",", ":")
    )


def decode_payload(payload: str) -> list[RowChange]:
    data = json.loads(payload)
    return [RowChange(c["t"], c["id"], c["op"], c["f"], c.get("o")) for c in data["changes"]]
