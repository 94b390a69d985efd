"""Consolidation: the sync bundles of many offices in one database (mentor laptop, programme).

Layout (decided here, see docs/indicators.md). Each office keeps the exact table set of an office
database in a scope of its own, because office data is unique only within its office (account
numbers, service codes, user names, receipt series repeat from office to office and the shared
importer would quarantine them):

- PostgreSQL (`postgresql://...`): one schema per office, `office_<office id hex>`, reached with
  SQLAlchemy's `schema_translate_map`; the registry tables live in the default schema.
- SQLite (`sqlite:///mentor.sqlite`): the registry in that file and one office database file per
  office beside it, in `mentor.sqlite.offices/<office id>.sqlite`.

An office is identified by its office id (the `office` row id, which is also the `<office>` part
of its bundle paths); every business row in an office's scope belongs to that office. The
registry has `consolidated_offices` (id, name, oblast, rayon...) and `consolidated_devices`
(device id -> office id, from the bundle paths).

Schemas are created with `Base.metadata.create_all` on an empty scope (no Alembic): a
consolidated database is derived data; after a program upgrade that changes the schema it is
rebuilt from the bundles (the registry records the schema heads it was built with).

Importing uses the sync importer unchanged: bundles are verified with `sync.bundles`, received
with `sync.exchange`'s receive step (one transaction per bundle, remembered as seen) and applied
with `sync.apply.apply_pending` (batches with their progress row). Running again adds only what
is new, and a run killed at any moment resumes where it stopped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    create_engine,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from aimak_desktop.errors import AimakError, NotFound
from aimak_desktop.i18n import _
from aimak_desktop.models import Base, load_all
from aimak_desktop.models.base import utcnow
from aimak_desktop.models.core import Office
from aimak_desktop.models.sync_state import SyncRejection, SyncSeenBundle

registry = MetaData()
offices_table = Table(
    "consolidated_offices",
    registry,
    Column("office_id", String(36), primary_key=True),
    Column("scope", String(300), nullable=False),
    Column("name_ky", String(200), nullable=False, default=""),
    Column("name_ru", String(200), nullable=False, default=""),
    Column("oblast", String(100), nullable=False, default=""),
    Column("rayon", String(100), nullable=False, default=""),
    Column("aimak", String(100), nullable=False, default=""),
    Column("schema_heads", String(200), nullable=False, default=""),
    Column("updated_at", DateTime, nullable=True),
)
devices_table = Table(
    "consolidated_devices",
    registry,
    Column("device_id", String(36), primary_key=True),
    Column("office_id", String(36), nullable=False, index=True),
)


@dataclass
class OfficeEntry:
    """An office of a consolidated database (office-level facts only, no personal data)."""

    office_id: uuid.UUID
    name_ky: str
    name_ru: str
    oblast: str
    rayon: str
    aimak: str
    updated_at: dt.datetime | None


@dataclass
class ConsolidationReport:
    """What one run did, per office id; `skipped` lists bundles it could not open."""

    target: str
    offices: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"target": self.target, "offices": self.offices, "skipped": self.skipped}


# -- engines -----------------------------------------------------------------------------------


def _is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def open_engine(url: str) -> Engine:
    """An engine on a consolidated database URL, checked to answer.

    Raises:
        AimakError: a malformed URL, a server that is down or refuses the login.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise AimakError(
            _("{url} is not a database address. Use sqlite:///FILE or postgresql://...").format(
                url=url
            )
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        from aimak_desktop.db import make_engine

        if not parsed.database:
            raise AimakError(_("Give the SQLite file: sqlite:///FILE.sqlite"))
        path = Path(parsed.database).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(path)
    elif backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg2")
        engine = create_engine(parsed, connect_args={"connect_timeout": 10}, pool_pre_ping=True)
    else:
        raise AimakError(
            _("Consolidation works on SQLite or PostgreSQL, not {kind}.").format(kind=backend)
        )
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        engine.dispose()
        raise server_error(parsed.render_as_string(hide_password=True), exc) from exc
    return engine


def server_error(shown: str, exc: BaseException) -> AimakError:
    """A clear message for a database server that cannot be used."""
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else ""
    low = reason.lower()
    if "password authentication failed" in low or ("role" in low and "does not exist" in low):
        return AimakError(
            _(
                "The database server {url} refuses the login. Check the user name and password."
            ).format(url=shown)
        )
    if "database" in low and "does not exist" in low:
        return AimakError(
            _("The database server {url} has no such database. Create it first.").format(url=shown)
        )
    if "refused" in low or "could not connect" in low or "timeout" in low or "resolve" in low:
        return AimakError(
            _(
                "The database server {url} does not answer. Check that it is running and the "
                "address is right."
            ).format(url=shown)
        )
    return AimakError(_("Cannot use the database {url}: {reason}").format(url=shown, reason=reason))


_office_engines: dict[tuple[str, str], Engine] = {}
_engines_lock = threading.Lock()


def _schema_name(office_id: uuid.UUID) -> str:
    return f"office_{office_id.hex}"


def _office_file(engine: Engine, office_id: uuid.UUID) -> Path:
    main = Path(str(engine.url.database)).resolve()
    return main.with_name(main.name + ".offices") / f"{office_id}.sqlite"


def office_engine(engine: Engine, office_id: uuid.UUID) -> Engine:
    """The engine that sees one office's tables (schema-translated or its own file)."""
    if not _is_sqlite(engine):
        return engine.execution_options(schema_translate_map={None: _schema_name(office_id)})
    path = _office_file(engine, office_id)
    key = (str(path), str(office_id))
    with _engines_lock:
        found = _office_engines.get(key)
        if found is None:
            from aimak_desktop.db import make_engine

            path.parent.mkdir(parents=True, exist_ok=True)
            found = _office_engines[key] = make_engine(path)
        return found


def is_consolidated(bind: Session | Engine) -> bool:
    """Whether the database holds a consolidation registry."""
    engine = _engine_of(bind) if isinstance(bind, Session) else bind
    with engine.connect() as conn:
        return bool(inspect(conn).has_table(offices_table.name))


def _engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


@contextlib.contextmanager
def office_session(session: Session, office_id: uuid.UUID | str) -> Iterator[Session]:
    """A session on one office of the consolidated database `session` is bound to.

    Raises:
        NotFound: the database holds no such office.
    """
    office = _as_uuid(office_id)
    engine = _engine_of(session)
    found = session.execute(
        select(offices_table.c.office_id).where(offices_table.c.office_id == str(office))
    ).first()
    session.commit()
    if found is None:
        raise NotFound(
            _("The consolidated database holds no office {office}.").format(office=office)
        )
    scoped = Session(office_engine(engine, office), expire_on_commit=False)
    try:
        yield scoped
    finally:
        scoped.close()


def _as_uuid(value: uuid.UUID | str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise NotFound(_("{office} is not an office id.").format(office=value)) from None


def list_offices(session: Session) -> list[OfficeEntry]:
    """Every office of a consolidated database, by oblast, rayon and name."""
    rows = session.execute(
        select(offices_table).order_by(
            offices_table.c.oblast, offices_table.c.rayon, offices_table.c.name_ky
        )
    ).mappings()
    out = [
        OfficeEntry(
            uuid.UUID(r["office_id"]),
            r["name_ky"],
            r["name_ru"],
            r["oblast"],
            r["rayon"],
            r["aimak"],
            r["updated_at"],
        )
        for r in rows
    ]
    session.commit()
    return out


# -- scopes -------------------------------------------------------------------------------------


def _prepare_registry(engine: Engine) -> None:
    registry.create_all(engine)


def _prepare_office(engine: Engine, office_id: uuid.UUID) -> Engine:
    """Create the office's scope and tables when missing; register it; its engine."""
    from aimak_desktop.db import SCHEMA_HEADS
    from aimak_desktop.sync.versions import insert_ignore

    load_all()
    scoped = office_engine(engine, office_id)
    if not _is_sqlite(engine):
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{_schema_name(office_id)}"'))
    Base.metadata.create_all(scoped)
    scope = _office_file(engine, office_id).name if _is_sqlite(engine) else _schema_name(office_id)
    with engine.begin() as conn:
        insert_ignore(
            conn,
            offices_table,
            [
                {
                    "office_id": str(office_id),
                    "scope": scope,
                    "name_ky": "",
                    "name_ru": "",
                    "oblast": "",
                    "rayon": "",
                    "aimak": "",
                    "schema_heads": ",".join(sorted(SCHEMA_HEADS)),
                    "updated_at": None,
                }
            ],
        )
    return scoped


def _refresh_registry(engine: Engine, office_id: uuid.UUID, session: Session) -> None:
    office = session.scalar(select(Office).where(Office.id == office_id))
    if office is None:  # the profile row has not arrived yet
        office = session.scalar(select(Office).order_by(Office.created_at).limit(1))
    values: dict[str, Any] = {"updated_at": utcnow()}
    if office is not None:
        values |= {
            "name_ky": office.name_ky,
            "name_ru": office.name_ru,
            "oblast": office.oblast,
            "rayon": office.rayon,
            "aimak": office.aimak,
        }
    session.commit()
    with engine.begin() as conn:
        conn.execute(
            offices_table.update().where(offices_table.c.office_id == str(office_id)).values(values)
        )


# -- the run ------------------------------------------------------------------------------------


def load_keys(keys: dict[uuid.UUID | str, bytes] | list[Path] | list[str]) -> dict[str, bytes]:
    """Office id (text) -> bundle key, from key files or a ready mapping of raw office keys.

    Raises:
        ValidationError: a key file that is not one.
    """
    from aimak_desktop.sync import crypto
    from aimak_desktop.sync.join import read_office_key

    out: dict[str, bytes] = {}
    if isinstance(keys, dict):
        for office, raw in keys.items():
            out[str(_as_uuid(office))] = crypto.bundle_key(raw)
        return out
    for path in keys:
        office, raw = read_office_key(Path(path))
        out[str(office)] = crypto.bundle_key(raw)
    return out


def consolidate(
    sources: list[str],
    into_url: str,
    keys: dict[uuid.UUID | str, bytes] | list[Path] | list[str],
    *,
    progress: Callable[[str], None] | None = None,
) -> ConsolidationReport:
    """Import the bundles of every office found at `sources` into `into_url`.

    Args:
        sources: bundle folders or sync addresses (what `sync.transport.open_target` takes).
        into_url: `sqlite:///FILE` or `postgresql://user:password@host/db`.
        keys: office key files (a mentor holds several), or office id -> raw office key.
        progress: called with a short line per office (for the CLI).

    Returns:
        Counts per office; bundles of offices without a key, or that fail verification, are
        listed in `skipped` (never fatal).

    Raises:
        AimakError: the database cannot be used, or a source cannot be read.
    """
    from aimak_desktop.sync import bundles
    from aimak_desktop.sync.apply import apply_pending
    from aimak_desktop.sync.transport import open_target

    bundle_keys = load_keys(keys)
    engine = open_engine(into_url)
    report = ConsolidationReport(engine.url.render_as_string(hide_password=True))
    try:
        try:
            _prepare_registry(engine)
        except (OperationalError, ProgrammingError) as exc:
            raise server_error(report.target, exc) from exc
        found: dict[str, list[tuple[Any, str]]] = {}
        for source in sources:
            target = open_target(source)
            for rel in target.list_bundles():
                name = bundles.parse_name(rel)
                if name is not None:
                    found.setdefault(name.office, []).append((target, rel))
        for office, files in sorted(found.items()):
            key = bundle_keys.get(office)
            if key is None:
                for target, rel in files:
                    report.skipped.append(
                        {"path": rel, "source": target.url, "reason": "no key for this office"}
                    )
                continue
            counts = _import_office(engine, uuid.UUID(office), key, files, report)
            with Session(office_engine(engine, uuid.UUID(office))) as session:
                applied = apply_pending(session)
                _refresh_registry(engine, uuid.UUID(office), session)
            counts.update(
                applied=applied.applied, quarantined=applied.quarantined, held=applied.held
            )
            report.offices[office] = counts
            if progress:
                progress(f"{office}: {counts['received_files']} files, {applied.applied} ops")
    finally:
        engine.dispose()
    return report


def _import_office(
    engine: Engine,
    office_id: uuid.UUID,
    key: bytes,
    files: list[tuple[Any, str]],
    report: ConsolidationReport,
) -> dict[str, Any]:
    from aimak_desktop.sync import bundles, versions
    from aimak_desktop.sync.exchange import _receive

    scoped = _prepare_office(engine, office_id)
    with engine.begin() as conn:
        from aimak_desktop.sync.versions import insert_ignore

        insert_ignore(
            conn,
            devices_table,
            [
                {"device_id": name.device, "office_id": str(office_id)}
                for name in {bundles.parse_name(rel) for _t, rel in files}
                if name is not None
            ],
        )
    counts: dict[str, Any] = {"received_files": 0, "received_ops": 0}
    with Session(scoped) as session:
        seen = set(session.scalars(select(SyncSeenBundle.path)))
        session.commit()
        todo = sorted(
            ((bundles.parse_name(rel), target, rel) for target, rel in files if rel not in seen),
            key=lambda item: (item[0].device, item[0].first),  # type: ignore[union-attr]
        )
        for name, target, rel in todo:
            assert name is not None
            data = target.read(rel)
            try:
                manifest, ops = bundles.open_bundle(key, rel, data)
            except bundles.BundleError as exc:
                report.skipped.append({"path": rel, "source": target.url, "reason": str(exc)})
                with versions.begin(session):
                    session.add(SyncRejection(source=target.url, path=rel, reason=str(exc)))
                continue
            _receive(session, name, manifest, ops, len(data))
            counts["received_files"] += 1
            counts["received_ops"] += len(ops)
        session.commit()
    return counts


def open_consolidated(url: str) -> Session:
    """A session on a consolidated database (for `aimak indicators --db URL`).

    Raises:
        AimakError: the database cannot be used or holds no consolidation.
    """
    engine = open_engine(url)
    if not is_consolidated(engine):
        engine.dispose()
        raise AimakError(
            _("{url} holds no consolidated offices. Fill it with: aimak consolidate").format(
                url=engine.url.render_as_string(hide_password=True)
            )
        )
    return Session(engine, expire_on_commit=False)
