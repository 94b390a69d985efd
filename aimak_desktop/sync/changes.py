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
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from json.encoder import encode_basestring
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


def encode_payload(changes: Sequence[RowChange | EncodedChanges]) -> str:
    """The oplog payload: `{"changes":[...]}`, compact, non-ASCII kept as it is."""
    parts = [c.json if isinstance(c, EncodedChanges) else _DUMPS(c.as_json()) for c in changes]
    return '{"changes":[' + ",".join(p for p in parts if p) + "]}"


@dataclass(frozen=True)
class EncodedChanges:
    """Row changes already in their JSON form: the objects of a bulk insert, joined by commas.

    `encode_payload` splices the text in as it is, so a bulk insert of 100,000 rows never builds
    100,000 dicts only to serialise them.
    """

    json: str
    count: int


_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _dashed(value: uuid.UUID) -> str:
    h = "%032x" % value.int  # noqa: UP031 - what UUID.hex does, without the property call
    return f'"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"'


def _iso(value: dt.date) -> str:
    return f'"{value.isoformat()}"'


#: JSON text of encode_value(v) for the exact types a column holds; anything else goes the long
#: way (json of encode_value), which is right by construction.
_JSON_BY_TYPE: dict[type, Any] = {
    str: encode_basestring,
    int: int.__repr__,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
    uuid.UUID: _dashed,
    dt.datetime: _iso,
    dt.date: _iso,
    dt.time: _iso,
}


def json_value(value: Any) -> str:
    """The JSON text `encode_payload` writes for a field holding `value`."""
    fast = _JSON_BY_TYPE.get(type(value))
    return fast(value) if fast is not None else _DUMPS(encode_value(value))


def json_column(values: list[Any]) -> list[str]:
    """`json_value` of each value; columns of plain text or integers are done in C."""
    types = set(map(type, values))
    if types == {str}:
        return list(map(encode_basestring, values))
    if types == {int}:
        return list(map(int.__repr__, values))
    if types == {type(None)}:
        return ["null"] * len(values)
    if len(types) == 1:
        fast = _JSON_BY_TYPE.get(types.pop())
        if fast is not None:
            return list(map(fast, values))
    return list(map(json_value, values))


def encode_inserts(
    table: str, keys: list[str], ids: list[str], columns: dict[str, list[str]]
) -> EncodedChanges:
    """Insert changes of a bulk insert, from JSON texts prepared column by column.

    Args:
        table: the table name.
        keys: the field names in payload order (envelope columns already left out).
        ids: JSON text of each row's id as `RowChange.row_id` holds it (a JSON string).
        columns: for each key, the JSON text of the field's value in each row.
    """
    # Each object is the fixed text between the values, interleaved with the values' texts:
    # str.join of that is four times faster than %-formatting a template per row.
    pieces: list[Any] = [repeat(f'{{"t":{encode_basestring(table)},"id":'), ids]
    glue = f',"op":"{INSERT}","f":{{'
    for key in keys:
        pieces += [repeat(f"{glue}{encode_basestring(key)}:"), columns[key]]
        glue = ","
    pieces.append(repeat("}}" if keys else f"{glue}}}}}"))
    count = len(ids)
    if any(len(columns[k]) != count for k in keys):
        raise ValueError("every column needs one text per row")
    # Not strict: the fixed texts repeat forever; the lengths of the others are checked above.
    return EncodedChanges(",".join(map("".join, zip(*pieces, strict=False))), count)


def decode_payload(payload: str) -> list[RowChange]:
    data = json.loads(payload)
    return [RowChange(c["t"], c["id"], c["op"], c["f"], c.get("o")) for c in data["changes"]]
