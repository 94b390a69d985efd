"""The PostgreSQL fast path of the importer (COPY) gives exactly what the portable path gives.

One office's bundles are imported twice into one PostgreSQL database, into two schemas laid out
as consolidation lays out an office: once with the fast path and once with the portable path
(`apply_pending(fast=False)`): same rows in every table, same quarantine, conflicts, progress
and hold-backs, same field stamps, same stored operations.

Besides a demo office and work done through the write path, a hand-made bundle of a second
device brings what the write path never writes but a bundle may hold: text COPY must escape,
ids in other spellings, a datetime with a zone offset, a number in a text column, rows lacking
columns, clashes, a forged copy of a row, a row waiting for a parent that never comes, and a
reversal of a charge of the same batch from an operation the fast path cannot take.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    create_engine,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Session

from aimak_desktop.models import AuditEntry, Base, Household, Village
from aimak_desktop.models.catalog import Service
from aimak_desktop.models.core import LocalDevice, Office, OplogEntry
from aimak_desktop.models.ids import new_id
from aimak_desktop.models.sync_state import (
    FieldVersion,
    QuarantineEntry,
    SyncConflict,
    SyncProgress,
)
from aimak_desktop.services.billing_corrections import reverse_charge
from aimak_desktop.services.search import fill_derived
from aimak_desktop.services.users import actor_of, find_user
from aimak_desktop.services.write_path import write
from aimak_desktop.sync import bundles, crypto, fast_apply, pg_rows, schema
from aimak_desktop.sync.apply import apply_pending
from aimak_desktop.sync.changes import encode_value
from aimak_desktop.sync.exchange import _receive, export_bundles, schema_revisions
from aimak_desktop.sync.transport import open_target

TAB_TEXT = "Таб\tжаңы\nсап \\ back\\slash\r ң ө ү \\N \\."


def _change(
    table: str, row_id: str, fields: dict[str, Any], old: dict[str, Any] | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {"t": table, "id": row_id, "op": "u" if old else "i", "f": fields}
    if old:
        data["o"] = old
    return data


def _office_work(folder: Path) -> dict[str, Any]:
    """The demo office plus edits, new rows and reversals through the write path; its facts."""
    from aimak_desktop.db import open_database
    from aimak_desktop.models.billing import Charge

    database = open_database(folder, lock=False)
    session = database.session()
    try:
        admin = actor_of(find_user(session, "admin"))
        first, second = session.scalars(select(Household).order_by(Household.account_no).limit(2))
        with write(session, admin, "edit"):
            first.phone, first.house = "+996 700 000 002", "12"
        with write(session, admin, "village.create"):
            village = Village(name="Жаңы-Жол")
            session.add(village)
        new_rows = [
            fill_derived(
                {"account_no": f"N{i:03d}", "head_name": f"Үй {i}", "village_id": village.id}
            )
            for i in range(12)
        ]
        with write(session, admin, "household.import") as unit:
            unit.insert_rows(Household, new_rows)
        with write(session, admin, "edit"):  # a row inserted earlier in the same batch
            session.get(Household, new_rows[3]["id"]).residents = 7
        with write(session, admin, "edit"):
            second.notes = "checked\tand\\done"
        # Reversals of charges of the same batch: the portable path sends its 1,000s of charges
        # as several INSERT statements, and a reversal must not come before its charge.
        for charge_id in session.scalars(select(Charge.id).order_by(Charge.id.desc()).limit(8)):
            reverse_charge(session, admin, charge_id, "wrong tariff")
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id).limit(1)).one()
        facts = {
            "office": session.scalar(select(Office.id)),
            "key": crypto.bundle_key(session.scalar(select(LocalDevice.office_key))),
            "hlc": session.scalar(select(OplogEntry.hlc).order_by(OplogEntry.hlc.desc())),
            "account_no": first.account_no,
            "service": session.scalar(select(Service.id).limit(1)),
            "audit": {
                c.key: encode_value(getattr(audit, c.key))
                for c in AuditEntry.__mapper__.column_attrs
                if c.key not in schema.BOOKKEEPING_COLUMNS
            },
        }
        session.commit()
        export_bundles(session, str(folder.parent / "usb"), data_dir=folder)
    finally:
        session.close()
        database.close()
    return facts


def _crafted_ops(facts: dict[str, Any], device: uuid.UUID) -> list[list[dict[str, Any]]]:
    """A second device's operations (see the module docstring), one change list per operation.

    Every row gives its created_at: one lacking it gets the time of the import, on either path.
    """
    me = str(device)
    v1, v2, s1, h1, x, r = (str(new_id()) for _ in range(6))
    v2 = v2.upper()  # another spelling of an id: stored as the same uuid
    at = "2024-03-01T10:00:00.000001"
    charge = {
        "household_id": h1,
        "service_id": str(facts["service"]),
        "period": "2024-03",
        "kind": "charge",
        "amount": 150_000,
        "quantity": 1,
        "unit_amount": 150_000,
        "due_date": "2024-03-31T00:00:00",
        "reason": "",
        "created_at": at,
        "origin_device": me,
        "subscription_id": None,
        "tariff_id": None,
        "days": None,
        "period_days": None,
        "run_id": None,
        "reverses_id": None,
    }
    return [
        [  # rows lacking columns (defaults), text to escape
            _change("villages", v1, {"name": TAB_TEXT, "created_at": at}),
            _change(
                "villages",
                v2,
                {"name": "Эски", "created_at": at, "archived_at": None, "origin_device": me},
            ),
        ],
        [  # a datetime with a zone offset: the portable way, and the same on both paths
            _change(
                "streets",
                s1,
                {
                    "village_id": v1,
                    "name": "Ленин \\ көч.",
                    "created_at": "2024-03-01T10:00:00+05:00",
                },
            )
        ],
        [
            _change(
                "households",
                h1,
                {
                    "account_no": "C-1",
                    "head_name": "Ак\tсакал",
                    "village_id": v1,
                    "street_id": s1,
                    "phone": "0555",
                    "residents": 3,
                    "gender": "f",
                    "notes": "a\\Nb",
                    "created_at": at,
                    "origin_device": me,
                },
            )
        ],
        [  # an account number the office already uses
            _change(
                "households",
                str(new_id()),
                {
                    "account_no": facts["account_no"],
                    "head_name": "Б",
                    "village_id": v1,
                    "created_at": at,
                },
            )
        ],
        [_change("charges", x, {**charge, "dedupe_key": f"c:{x}"})],
        [  # the reversal of a charge of this batch, in an operation that also edits a row
            _change(
                "charges",
                r,
                {
                    **charge,
                    "kind": "reversal",
                    "amount": -150_000,
                    "reverses_id": x,
                    "dedupe_key": f"rev:{x}",
                },
            ),
            _change("villages", v1, {"name": "Жаңы аты"}, old={"name": TAB_TEXT}),
        ],
        [  # a number in a text column
            _change(
                "households",
                str(new_id()),
                {
                    "account_no": "C-2",
                    "head_name": "Сан",
                    "village_id": v1,
                    "phone": 555,
                    "created_at": at,
                },
            )
        ],
        [_change("audit_log", facts["audit"]["id"], {**facts["audit"], "summary": "forged"})],
        [
            _change(
                "streets",
                str(new_id()),
                {"village_id": str(new_id()), "name": "Жок", "created_at": at},
            )
        ],
    ]


def _bundle_of(facts: dict[str, Any], usb: Path) -> uuid.UUID:
    device = new_id()
    created = dt.datetime(2024, 3, 1, 10, 0)
    ops = [
        bundles.op_line(
            seq,
            facts["hlc"] + seq,
            "crafted",
            json.dumps({"changes": changes}, ensure_ascii=False, separators=(",", ":")),
            created,
        )
        for seq, changes in enumerate(_crafted_ops(facts, device), start=1)
    ]
    rel, data = bundles.seal_bundle(facts["key"], facts["office"], device, ops, schema_revisions())
    path = usb / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return device


def _import(
    engine: Engine, scope: str, usb: Path, key: bytes, batch_ops: int | None, fast: bool
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Receive every bundle into a new schema, then apply: (report, everything stored)."""
    scoped = engine.execution_options(schema_translate_map={None: scope})
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{scope}"'))
    Base.metadata.create_all(scoped)
    target = open_target(str(usb))
    names = [(bundles.parse_name(rel), rel) for rel in target.list_bundles()]
    with Session(scoped) as session:
        for name, rel in sorted(names, key=lambda n: (n[0].device, n[0].first)):  # type: ignore[union-attr]
            assert name is not None
            data = target.read(rel)
            manifest, ops = bundles.open_bundle(key, rel, data)
            _receive(session, name, manifest, ops, len(data))
        session.commit()
        assert fast_apply.is_fast(session.connection()) is True
        report = apply_pending(session, batch_ops, fast=fast)
        return (report.applied, report.quarantined, report.conflicts, report.held), _state(session)


def _rows(session: Session, table: Table, leave_out: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    columns = [c for c in table.columns if c.name not in leave_out]
    return [tuple(r) for r in session.execute(select(*columns).order_by(*columns))]


def _state(session: Session) -> dict[str, Any]:
    state: dict[str, Any] = {
        name: _rows(session, info.table) for name, info in schema.synced_tables().items()
    }
    state["progress"] = _rows(session, SyncProgress.__table__, ("updated_at",))
    state["versions"] = _rows(session, FieldVersion.__table__)
    state["quarantine"] = _rows(session, QuarantineEntry.__table__, ("id", "at"))
    state["conflicts"] = _rows(session, SyncConflict.__table__, ("id", "at"))
    state["oplog"] = _rows(session, OplogEntry.__table__)
    session.commit()
    return state


@pytest.mark.parametrize("batch_ops", [None, 3])
def test_both_paths_store_the_same_on_postgresql(pg_url, tmp_path, _office_template, batch_ops):
    folder = tmp_path / "office"
    folder.mkdir()
    shutil.copyfile(_office_template, folder / "aimak.sqlite")
    facts = _office_work(folder)
    usb = tmp_path / "usb"
    crafted = _bundle_of(facts, usb)
    engine = create_engine(pg_url)
    try:
        fast_report, fast = _import(engine, "fast", usb, facts["key"], batch_ops, True)
        portable_report, portable = _import(engine, "portable", usb, facts["key"], batch_ops, False)
    finally:
        engine.dispose()
    assert fast_report == portable_report
    for name in fast:
        assert fast[name] == portable[name], name
    # The batch really held what it should.
    reasons = sorted(row[4] for row in fast["quarantine"])
    assert any("is already used by another row of households" in r for r in reasons)
    assert any("same id, different content (summary)" in r for r in reasons)
    assert "waiting for row" in fast_report[3][str(crafted)]
    name_at = list(Village.__table__.columns).index(Village.__table__.c.name)
    assert "Эски" in [row[name_at] for row in fast["villages"]]
    assert len(fast["households"]) > 60 and len(fast["charges"]) > 100


_PROBE = Table(
    "probe",
    MetaData(),
    Column("n", Integer, primary_key=True),
    Column("u", Uuid),
    Column("ts", DateTime),
    Column("d", Date),
    Column("b", Boolean),
    Column("i", BigInteger),
    Column("s", String(100)),
    Column("t", Text),
)
_SAMPLES: dict[str, list[Any]] = {
    "u": [
        "0190f0c2-7a3b-7c4d-8e5f-0123456789ab",
        "0190F0C2-7A3B-7C4D-8E5F-0123456789AB",
        "0190f0c27a3b7c4d8e5f0123456789ab",
        "{0190f0c2-7a3b-7c4d-8e5f-0123456789ab}",
        "urn:uuid:0190f0c2-7a3b-7c4d-8e5f-0123456789ab",
    ],
    "ts": [
        "2024-02-29T23:59:58.000001",
        "2024-02-29T23:59:58",
        "2024-02-29 23:59:58.5",
        "0999-01-02T03:04:05",
        "2024-02-29T23:59:58+05:00",
    ],
    "d": ["2024-02-29", "2024-02-29T00:00:00", "0999-01-02"],
    "b": [True, False, 1],
    "i": [0, -5, 10**15, True, 1.5],
    "s": [
        "",
        "ң ө ү",
        "tab\there",
        "line\nbreak",
        "cr\rx",
        "back\\slash",
        "\\N",
        "\\.",
        "end\\",
        5,
    ],
    "t": [TAB_TEXT, None],
}


def test_copy_texts_store_what_the_portable_insert_stores(pg_url):
    """Each COPY text against SQLAlchemy's insert of the decoded value, read back from the server;
    a value with no sure text is refused (its rows then take the portable insert)."""
    engine = create_engine(pg_url)
    try:
        _PROBE.create(engine)
        copied = refused = 0
        with engine.begin() as conn:
            for name, samples in _SAMPLES.items():
                column = _PROBE.c[name]
                convert = pg_rows.copy_converter(column)
                assert convert is not None
                decode = schema.decoder_for(column)
                for value in samples:
                    try:
                        copy_text = pg_rows.NULL if value is None else convert(value)
                    except pg_rows.NotCopyable:
                        refused += 1
                        continue
                    if value is not None:  # the whole-column shortcuts give the same texts
                        column_texts = pg_rows.copy_column([value, None, value], convert)
                        assert list(column_texts) == [copy_text, None, copy_text]
                    conn.execute(insert(_PROBE).values(n=1, **{name: decode(value)}))
                    cursor = conn.connection.cursor()
                    cursor.copy_expert(
                        f"COPY probe (n, {name}) FROM STDIN", io.StringIO(f"2\t{copy_text}\n")
                    )
                    stored = conn.execute(select(column).order_by(_PROBE.c.n)).scalars().all()
                    assert stored[0] == stored[1], (name, value, stored)
                    conn.execute(_PROBE.delete())
                    copied += 1
        assert copied == 28 and refused == 5
    finally:
        engine.dispose()


def test_a_reversal_is_written_after_its_charge():
    """The portable path's order of new rows (PostgreSQL checks each INSERT statement)."""
    from aimak_desktop.sync.apply import parents_first

    info = schema.synced_tables()["charges"]
    charge, other = {"id": new_id(), "reverses_id": None}, {"id": new_id(), "reverses_id": None}
    reversal = {"id": new_id(), "reverses_id": charge["id"]}
    elsewhere = {"id": new_id(), "reverses_id": new_id()}  # its charge is already stored
    rows = parents_first(info, [reversal, elsewhere, charge, other])
    assert rows.index(charge) < rows.index(reversal) and len(rows) == 4
    village = schema.synced_tables()["villages"]
    assert parents_first(village, [reversal, charge]) == [reversal, charge]
