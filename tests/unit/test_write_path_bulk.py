"""Bulk inserts (`unit.insert_rows`): the fast SQLite path stores and logs exactly what Core did.

Each case inserts the same rows twice in one write: through the fast path into the real table and
through SQLAlchemy Core's executemany into a column-for-column copy of it. The stored values must
be identical, the ORM must read back equal objects, and the oplog must decode to the changes the
previous implementation (kept below as the reference) made of the same rows.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import uuid
from typing import Any

import pytest
from sqlalchemy import Column, LargeBinary, MetaData, Table, Text, Uuid, func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from aimak_desktop.models import Household, LocalDevice, OplogEntry
from aimak_desktop.models.billing import BillingRun, Charge, ChargeKind, Payment, Void
from aimak_desktop.models.ids import new_id, new_ids, parse_id, stored_id
from aimak_desktop.services.auth import SYSTEM
from aimak_desktop.services.write_path import write
from aimak_desktop.sync.changes import (
    EncodedChanges,
    RowChange,
    decode_payload,
    encode_inserts,
    encode_payload,
)

# -- the previous implementation, verbatim in substance: the reference -----------------------


def old_encode_value(value: Any) -> Any:
    if value is None or type(value) in {str, int, bool, float}:
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def old_changes(table: Table, stamped_rows: list[dict[str, Any]]) -> list[RowChange]:
    defaults = {
        c.key: c.default.arg for c in table.columns if c.default is not None and c.default.is_scalar
    }
    changes = []
    for row in stamped_rows:
        full = {**defaults, **row}
        fields = {k: old_encode_value(v) for k, v in full.items() if k != "hlc"}
        changes.append(RowChange(table.name, str(full["id"]), "i", fields))
    return changes


def old_payload(changes: list[RowChange]) -> str:
    return json.dumps(
        {"changes": [c.as_json() for c in changes]}, ensure_ascii=False, separators=(",", ":")
    )


# -- a table with every column type we store, and portable copies of tables -------------------


class SampleBase(DeclarativeBase):
    pass


class Sample(SampleBase):
    __tablename__ = "bulk_samples"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime]
    hlc: Mapped[int] = mapped_column(default=0)
    origin_device: Mapped[uuid.UUID | None]
    ref: Mapped[uuid.UUID | None]
    at: Mapped[dt.datetime | None]
    day: Mapped[dt.date | None]
    flag: Mapped[bool | None]
    blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    text: Mapped[str | None] = mapped_column(Text)
    number: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="по умолчанию")


class OddSample(SampleBase):
    """Types our fast encoders must not take for theirs: string UUIDs, another date format."""

    __tablename__ = "bulk_odd_samples"

    id: Mapped[str] = mapped_column(Uuid(as_uuid=False), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        sqlite.DATETIME(storage_format="%(year)04d/%(month)02d/%(day)02d %(hour)02d:%(minute)02d")
    )
    hlc: Mapped[int] = mapped_column(default=0)
    origin_device: Mapped[uuid.UUID | None]


def mirror(session: Session, model: Any) -> Any:
    """A mapped copy of `model`'s table (same columns and defaults, no indexes), created."""
    table = Table(
        f"{model.__table__.name}_portable",
        MetaData(),
        *(
            Column(c.name, c.type, primary_key=c.primary_key, default=c.default)
            for c in model.__table__.columns
        ),
    )
    table.create(session.connection())

    class MirrorBase(DeclarativeBase):  # one registry per copy: each test makes its own
        pass

    return type(f"{model.__name__}Portable", (MirrorBase,), {"__table__": table})


def insert_both(session: Session, model: Any, rows: list[dict[str, Any]]) -> tuple[Any, str]:
    """Insert `rows` fast into `model` and portably into its copy; return the copy and payload."""
    portable_rows = copy.deepcopy(rows)
    if model in (Sample, OddSample):
        model.__table__.create(session.connection(), checkfirst=True)
    copy_model = mirror(session, model)
    with write(session, SYSTEM, "test.bulk") as unit:
        assert unit.insert_rows(model, rows) == len(rows)
        for fast_row, portable_row in zip(rows, portable_rows, strict=True):
            for key in ("id", "created_at", "hlc", "origin_device"):
                portable_row[key] = fast_row[key]  # stamped by the first insert
        unit.fast_inserts = False
        unit.insert_rows(copy_model, portable_rows)
    op = session.scalar(select(OplogEntry).order_by(OplogEntry.seq.desc()).limit(1))
    return copy_model, op.payload


def stored(session: Session, table: Table) -> dict[str, tuple[Any, ...]]:
    """The values as SQLite holds them, by stored id."""
    result = session.connection().exec_driver_sql(f"SELECT * FROM {table.name}")
    return {r._mapping["id"]: tuple(r) for r in result}


def read_back(session: Session, model: Any) -> dict[Any, dict[str, Any]]:
    session.expire_all()
    keys = [c.key for c in model.__table__.columns]
    return {o.id: {k: getattr(o, k) for k in keys} for o in session.scalars(select(model))}


def assert_same(session: Session, model: Any, copy_model: Any, ids: list[uuid.UUID]) -> None:
    fast = {k: v for k, v in stored(session, model.__table__).items() if uuid.UUID(k) in set(ids)}
    assert fast == stored(session, copy_model.__table__)
    fast_objects = {k: v for k, v in read_back(session, model).items() if k in set(ids)}
    assert fast_objects == read_back(session, copy_model)
    assert len(fast_objects) == len(ids)


TEXTS = ["Жаңы-Айыл: ң ө ү", 'кавычки " и \\ слэш', "строка\nвторая\tтаб", "100% «ёлка»", ""]


def sample_rows() -> list[dict[str, Any]]:
    rows = []
    for i in range(40):
        rows.append(
            {
                "ref": None if i % 3 == 0 else uuid.uuid4(),
                "at": [
                    dt.datetime(2026, 3, 4, 5, 6, 7, 123456),
                    dt.datetime(2026, 3, 4, 5, 6, 7),  # no microseconds: still stored with .000000
                    dt.datetime(2026, 3, 4, 5, 6, 7, 1, tzinfo=dt.UTC),
                    dt.date(2026, 1, 2),  # a plain date in a DateTime column
                    None,
                ][i % 5],
                "day": None if i % 4 == 0 else dt.date(2026, 2, 1) + dt.timedelta(days=i),
                "flag": [True, False, None][i % 3],
                "blob": [b"\x00\xff\xfe", b"", None, "ң".encode()][i % 4],
                "text": TEXTS[i % len(TEXTS)] if i % 7 else None,
                "number": [0, -5, 2**62, None, 10**15][i % 5],
            }
        )
    return rows


def charge_rows(office: Session, n: int) -> list[dict[str, Any]]:
    household_ids = office.scalars(select(Household.id).limit(10)).all()
    service, tariff = uuid.uuid4(), uuid.uuid4()
    return [
        {
            "household_id": household_ids[i % len(household_ids)],
            "service_id": service,
            "subscription_id": None if i % 5 == 0 else uuid.uuid4(),
            "period": "2026-01",
            "kind": ChargeKind.CHARGE,  # a StrEnum, as services pass it
            "amount": 15_000 + i,
            "tariff_id": tariff,
            "days": None if i % 2 else 14,
            "period_days": None if i % 2 else 31,
            "due_date": dt.date(2026, 2, 10),
            "reason": TEXTS[i % len(TEXTS)],
            "run_id": None,
            "reverses_id": None,
            "dedupe_key": f"bulk-test:{i}",
        }
        for i in range(n)
    ]


# -- tests -------------------------------------------------------------------------------------


def test_every_column_type_is_stored_and_read_back_as_core_stores_it(office):
    rows = sample_rows()
    copy_model, _payload = insert_both(office, Sample, rows)
    ids = [r["id"] for r in rows]
    assert_same(office, Sample, copy_model, ids)
    by_id = read_back(office, Sample)
    first = by_id[rows[0]["id"]]
    assert first["at"] == dt.datetime(2026, 3, 4, 5, 6, 7, 123456)
    assert first["blob"] == b"\x00\xff\xfe" and first["note"] == "по умолчанию"
    assert by_id[rows[1]["id"]]["text"] == 'кавычки " и \\ слэш'
    raw = stored(office, Sample.__table__)[rows[1]["id"].hex]  # 32 lowercase hex digits
    assert raw[5] == "2026-03-04 05:06:07.000000"


def test_column_types_stored_differently_are_left_to_sqlalchemy(office):
    rows = [
        {"id": str(uuid.uuid4()), "created_at": dt.datetime(2026, 5, 6, 7, 8)} for _ in range(5)
    ]
    copy_model, payload = insert_both(office, OddSample, rows)
    fast = stored(office, OddSample.__table__)
    assert fast == stored(office, copy_model.__table__)
    assert {r[1] for r in fast.values()} == {"2026/05/06 07:08"}
    got = [c for c in decode_payload(payload) if c.table == OddSample.__tablename__]
    assert got == old_changes(OddSample.__table__, rows)


def test_oplog_of_a_bulk_insert_decodes_as_before(office):
    rows = sample_rows()
    _copy_model, payload = insert_both(office, Sample, rows)
    expected = old_changes(Sample.__table__, rows)
    got = [c for c in decode_payload(payload) if c.table == Sample.__tablename__]
    assert got == decode_payload(old_payload(expected))
    # Byte for byte the text json.dumps made of the same changes.
    assert old_payload(expected)[len('{"changes":[') : -2] in payload
    blob_change = next(c for c in got if c.row_id == str(rows[0]["id"]))
    assert base64.b64decode(blob_change.fields["blob"]) == b"\x00\xff\xfe"
    assert blob_change.fields["at"] == "2026-03-04T05:06:07.123456"


def test_charges_through_the_fast_path_equal_core_and_the_old_oplog(office):
    rows = charge_rows(office, 300)
    copy_model, payload = insert_both(office, Charge, rows)
    assert_same(office, Charge, copy_model, [r["id"] for r in rows])
    expected = old_changes(Charge.__table__, rows)
    got = [c for c in decode_payload(payload) if c.table == "charges"]
    assert got == decode_payload(old_payload(expected))
    assert old_payload(expected)[len('{"changes":[') : -2] in payload
    assert got[0].fields["kind"] == "charge" and got[0].fields["quantity"] == 1


@pytest.mark.parametrize("fast", [True, False])
def test_rows_given_column_by_column_are_stored_and_logged_as_rows(office, fast):
    rows = charge_rows(office, 120)
    del rows[0]["reason"]  # hence for every row: the column default applies
    for row in rows[1:]:
        del row["reason"]
    keys = list(rows[0])
    columns = {key: [row[key] for row in rows] for key in keys}
    copy_model = mirror(office, Charge)
    with write(office, SYSTEM, "test.bulk") as unit:
        unit.fast_inserts = fast
        ids = unit.insert_columns(Charge, columns)
        for row, new in zip(rows, ids, strict=True):
            row.update(id=new, created_at=unit_created(office, new), origin_device=unit.device_id)
        unit.fast_inserts = False
        unit.insert_rows(copy_model, copy.deepcopy(rows))
    assert len(ids) == len(set(ids)) == 120
    assert_same(office, Charge, copy_model, ids)
    op = office.scalar(select(OplogEntry).order_by(OplogEntry.seq.desc()).limit(1))
    got = [c for c in decode_payload(op.payload) if c.table == "charges"]
    assert got == old_changes(Charge.__table__, rows)
    assert got[0].fields["reason"] == ""
    assert unit.insert_columns(Charge, {}) == []


def test_columns_of_different_lengths_are_refused_and_nothing_is_written(office):
    rows = charge_rows(office, 3)
    columns = {key: [row[key] for row in rows] for key in rows[0]}
    columns["amount"].pop()
    count = office.scalar(select(func.count()).select_from(Charge))
    with pytest.raises(ValueError), write(office, SYSTEM, "test.bulk") as unit:
        unit.insert_columns(Charge, columns)
    assert office.scalar(select(func.count()).select_from(Charge)) == count


def unit_created(session: Session, row_id: uuid.UUID) -> dt.datetime:
    """created_at as the insert stored it (one time for the whole batch)."""
    return session.scalar(select(Charge.created_at).where(Charge.id == row_id))


def test_rows_with_different_keys_still_go_in_whole(office):
    rows = charge_rows(office, 6)
    del rows[4]["reason"]  # the column default applies to this row
    rows[3]["quantity"] = 3
    copy_model, payload = insert_both(office, Charge, rows)
    assert_same(office, Charge, copy_model, [r["id"] for r in rows])
    got = [c for c in decode_payload(payload) if c.table == "charges"]
    assert got == old_changes(Charge.__table__, rows)


def test_a_column_default_computed_per_row_is_left_to_core(office):
    household = office.scalar(select(Household.id).limit(1))
    rows = [
        {
            "household_id": household,
            "amount": 100 * (i + 1),
            "day": dt.date(2026, 3, 1),
            "receipt_no": f"T-2026-{i:06d}",
            "series": "T",
            "year": 2026,
            "seq": i,
        }
        for i in range(3)
    ]
    _copy_model, payload = insert_both(office, Payment, rows)
    office.expire_all()
    paid = office.scalars(select(Payment.paid_at).where(Payment.series == "T")).all()
    assert len(paid) == 3 and all(p is not None for p in paid)  # utcnow() filled by Core
    got = [c for c in decode_payload(payload) if c.table == "payments"]
    assert got == old_changes(Payment.__table__, rows)


def test_bad_boolean_fails_as_with_core_and_nothing_is_written(office):
    before = office.get(LocalDevice, 1).last_seq
    count = office.scalar(select(func.count()).select_from(Void))
    row = {
        "payment_id": uuid.uuid4(),
        "receipt_no": "X-1",
        "household_id": uuid.uuid4(),
        "amount": 5,
        "reason": "тест",
        "day": dt.date(2026, 1, 1),
        "after_close": 2,
    }
    with (
        pytest.raises(StatementError, match="not None, True, or False"),
        write(office, SYSTEM, "test.bulk") as unit,
    ):
        unit.insert_rows(Void, [row])
    office.expire_all()
    assert office.get(LocalDevice, 1).last_seq == before
    assert office.scalar(select(func.count()).select_from(Void)) == count


def test_duplicate_key_rolls_back_the_whole_write(office):
    before = office.get(LocalDevice, 1).last_seq
    count = office.scalar(select(func.count()).select_from(Charge))
    rows = charge_rows(office, 5)
    rows[4]["dedupe_key"] = rows[0]["dedupe_key"]
    with pytest.raises(IntegrityError), write(office, SYSTEM, "test.bulk") as unit:
        unit.insert_rows(Charge, rows)
    office.expire_all()
    assert office.scalar(select(func.count()).select_from(Charge)) == count
    assert office.get(LocalDevice, 1).last_seq == before


def test_callers_read_the_new_ids_back_from_their_rows(office):
    rows = charge_rows(office, 4)
    rows[1]["id"] = given = new_id()
    with write(office, SYSTEM, "test.bulk") as unit:
        unit.insert_rows(Charge, rows)
    assert rows[1]["id"] == given
    assert len({r["id"] for r in rows}) == 4
    assert all(office.get(Charge, r["id"]).amount == r["amount"] for r in rows)
    assert {r["origin_device"] for r in rows} == {unit.device_id}


def test_batch_ids_are_ordered_unique_version_7_and_continue_new_id():
    before = new_id()
    batch = new_ids(10_000)  # more than 4096: borrows the next milliseconds
    after = new_id()
    ids = [before, *batch, after]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in ids)
    assert all(uuid.UUID(str(u)) == u and hash(uuid.UUID(u.hex)) == hash(u) for u in batch[:50])
    assert new_ids(0) == []


def test_ids_read_as_stored_are_the_ids_written(office):
    rows = charge_rows(office, 3)
    with write(office, SYSTEM, "test.bulk") as unit:
        unit.insert_rows(Charge, rows)
    ids = [r["id"] for r in rows]
    stored = office.scalars(
        select(stored_id(Charge.id)).where(Charge.id.in_(ids)).order_by(Charge.id)
    ).all()
    assert all(isinstance(s, str) for s in stored)
    assert [parse_id(s) for s in stored] == sorted(ids)
    some = rows[0]["id"]
    assert parse_id(str(some)) == parse_id(some.hex) == parse_id(some) == some
    assert hash(parse_id(some.hex)) == hash(some) and parse_id(some.hex).version == 7
    with pytest.raises(ValueError):
        parse_id("not an id")


def test_payload_with_bulk_and_orm_changes_is_the_json_of_all_changes():
    orm = RowChange("villages", "1", "u", {"name": "Ак-Суу"}, {"name": "Аксуу"})
    bulk = [
        RowChange("t", "a", "i", {"x": 1, "y": "ө"}),
        RowChange("t", "b", "i", {"x": None, "y": ""}),
    ]
    encoded = encode_inserts(
        "t", ["x", "y"], ['"a"', '"b"'], {"x": ["1", "null"], "y": ['"ө"', '""']}
    )
    assert isinstance(encoded, EncodedChanges) and encoded.count == 2
    assert encode_payload([orm, encoded, orm]) == old_payload([orm, *bulk, orm])
    assert encode_payload([]) == old_payload([])


def test_objects_added_before_a_bulk_insert_are_written_first_and_logged_as_before(office):
    run = BillingRun(id=new_id(), period="2026-01", kind="run")
    rows = charge_rows(office, 3)
    for row in rows:
        row["run_id"] = run.id  # a foreign key: the run must be in the table first
    with write(office, SYSTEM, "test.bulk") as unit:
        office.add(run)
        unit.insert_rows(Charge, rows)
    op = office.scalar(select(OplogEntry).order_by(OplogEntry.seq.desc()).limit(1))
    tables = [c.table for c in decode_payload(op.payload)]
    assert tables == ["charges"] * 3 + ["billing_runs", "audit_log"]  # the order it always had
    assert office.get(Charge, rows[0]["id"]).run_id == run.id
