"""Moving a household register in from Excel or CSV: read, map, preview, validate, commit.

The steps are separate so the import page can show each one (file and sheet, column mapping, a
preview, the row report) and run the slow ones in the background::

    table = read_table(path)                       # RawTable, header found
    mapping = resolve_mapping(table, overrides)    # {field: column index}
    plan = validate(session, table, mapping, create_villages=True)
    commit(session, actor, plan)                   # all valid rows in one transaction
    write_rejected(plan, "to-fix.xlsx")            # bad rows with a reason column

Nothing is written before `commit`, and `commit` writes every valid row or none.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.base import utcnow
from aimak_desktop.models.register import Category, Household, HouseholdHistory, Street, Village
from aimak_desktop.services import import_columns as cols
from aimak_desktop.services import register_rules as rules
from aimak_desktop.services.auth import REGISTER_ROLES, Actor, require_role
from aimak_desktop.services.import_columns import FIELD_LABELS, FIELDS, auto_mapping
from aimak_desktop.services.import_table import RawTable, read_table
from aimak_desktop.services.office import get_local_device
from aimak_desktop.services.registers import ACCOUNT_DIGITS
from aimak_desktop.services.search import fill_derived
from aimak_desktop.services.write_path import write

__all__ = [
    "ImportPlan",
    "ImportResult",
    "RawTable",
    "RejectedRow",
    "RowIssue",
    "commit",
    "preview",
    "read_table",
    "resolve_mapping",
    "validate",
    "write_rejected",
]

_TEXT_FIELDS = ("account", "name", "village", "street", "house", "phone", "notes")
_PHONE_SPLIT = re.compile(r"[,;/]|\s+(?:и|же|and)\s+")
_BATCH = 5000


@dataclass(frozen=True)
class RowIssue:
    """One problem: the row number as in the file, the column heading and what is wrong."""

    row: int
    column: str
    reason: str


@dataclass
class RejectedRow:
    row: int
    cells: list[Any]
    issues: list[RowIssue]

    @property
    def reason(self) -> str:
        return "; ".join(f"{i.column}: {i.reason}" for i in self.issues)


@dataclass
class ImportPlan:
    """What `commit` will write, and the rows it will leave out with their reasons."""

    source: str
    header: list[str]
    mapping: dict[str, int]
    households: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    #: Folded village name -> id of an existing village, or None for one to create.
    villages: dict[str, uuid.UUID | None] = field(default_factory=dict)
    village_names: dict[str, str] = field(default_factory=dict)
    #: (folded village, folded street) -> id of an existing street, or None for a new one.
    streets: dict[tuple[str, str], uuid.UUID | None] = field(default_factory=dict)
    street_names: dict[tuple[str, str], str] = field(default_factory=dict)
    new_accounts: int = 0

    @property
    def issues(self) -> list[RowIssue]:
        return [issue for row in self.rejected for issue in row.issues]

    @property
    def new_villages(self) -> list[str]:
        return [self.village_names[k] for k, v in self.villages.items() if v is None]

    @property
    def new_streets(self) -> list[str]:
        return [self.street_names[k] for k, v in self.streets.items() if v is None]

    def summary(self) -> dict[str, Any]:
        """Counts for the CLI and the page."""
        return {
            "file": self.source,
            "valid": len(self.households),
            "rejected": len(self.rejected),
            "new_villages": self.new_villages,
            "new_streets": len(self.new_streets),
            "new_accounts": self.new_accounts,
        }


@dataclass(frozen=True)
class ImportResult:
    imported: int
    villages_created: int
    streets_created: int


def resolve_mapping(
    table: RawTable, overrides: Mapping[str, int | None] | None = None
) -> dict[str, int]:
    """The automatic mapping of the table's header, changed by the user's choices.

    Args:
        table: the read table.
        overrides: {field: column index}; None as the index removes a field's column.

    Raises:
        ValidationError: an unknown field or a column the table does not have.
    """
    mapping = auto_mapping(table.header)
    for name, column in (overrides or {}).items():
        if name not in FIELDS:
            raise ValidationError(f"unknown import field {name!r}", field=name)
        if column is None:
            mapping.pop(name, None)
            continue
        if not 0 <= column < max(table.width, 1):
            raise ValidationError(
                _("Column {n} does not exist in the file.").format(n=column + 1), field=name
            )
        for other, col in list(mapping.items()):
            if col == column and other != name:
                del mapping[other]  # a column feeds one field
        mapping[name] = column
    return mapping


def preview(table: RawTable, mapping: Mapping[str, int], n: int = 20) -> list[dict[str, str]]:
    """The first `n` data rows as the mapping reads them (cell text per field, and the row)."""
    out = []
    for number, cells in table.rows[:n]:
        item = {"row": str(number)}
        for name in FIELDS:
            col = mapping.get(name)
            item[name] = cols.clean_text(cells[col]) if col is not None and col < len(cells) else ""
        out.append(item)
    return out


def _heading(table: RawTable, mapping: Mapping[str, int], name: str) -> str:
    col = mapping.get(name)
    if col is not None and col < len(table.header) and table.header[col]:
        return table.header[col]
    return _(FIELD_LABELS[name])


def _series_max(accounts: Any, series: str) -> int:
    """The highest running number among accounts of this PC's series ("A000123" -> 123)."""
    width = len(series) + ACCOUNT_DIGITS
    best = 0
    for account in accounts:
        if account and len(account) == width and account.startswith(series):
            tail = account[len(series) :]
            if tail.isdigit():
                best = max(best, int(tail))
    return best


class _RowChecker:
    """Turns one row's cells into a household dict, or into the list of its problems."""

    def __init__(
        self,
        session: Session,
        table: RawTable,
        mapping: Mapping[str, int],
        create_villages: bool,
        default_village: str,
    ) -> None:
        self.heading = {name: _heading(table, mapping, name) for name in FIELDS}
        self.col_of = {name: mapping.get(name) for name in FIELDS}
        self.create_villages = create_villages
        self.default_village = default_village
        self.categories, self.genders = cols.category_index(), cols.gender_index()
        self.category_words = ", ".join(_(label) for label in cols.CATEGORY_LABELS.values())
        self.village_ids = {
            cols.fold(name): vid for vid, name in session.execute(select(Village.id, Village.name))
        }
        self.street_ids = {
            (vid, cols.fold(name)): sid
            for sid, vid, name in session.execute(select(Street.id, Street.village_id, Street.name))
        }
        self.existing = {a.casefold() for a in session.scalars(select(Household.account_no))}
        self.seen: dict[str, int] = {}
        self.file_accounts: list[str] = []

    def check(self, number: int, cells: list[Any]) -> tuple[dict[str, Any], list[RowIssue]]:
        issues: list[RowIssue] = []
        width = len(cells)

        def cell(name: str) -> Any:
            col = self.col_of[name]
            return cells[col] if col is not None and col < width else None

        def bad(name: str, reason: str) -> None:
            issues.append(RowIssue(number, self.heading[name], reason))

        def rule(name: str, clean: Callable[[Any], Any], value: Any) -> Any:
            try:
                return clean(value)
            except ValidationError as exc:
                bad(name, exc.message)
                return None

        texts = {name: cols.clean_text(cell(name)) for name in _TEXT_FIELDS}
        name = rule("name", rules.clean_name, texts["name"]) or ""
        account = rule("account", rules.clean_account, texts["account"]) or ""
        house = rule("house", rules.clean_house, texts["house"]) or ""
        if account:
            self.file_accounts.append(account)
            key = account.casefold()
            if key in self.existing:
                bad("account", _("Account {a} is already in the register.").format(a=account))
            elif key in self.seen:
                bad(
                    "account",
                    _("Account {a} is repeated: first in row {row}.").format(
                        a=account, row=self.seen[key]
                    ),
                )
            else:
                self.seen[key] = number
        village = texts["village"] or self.default_village
        village_key = cols.fold(village)
        if not village_key:
            bad("village", _("The village is missing."))
        elif village_key not in self.village_ids and not self.create_villages:
            bad(
                "village",
                _("Unknown village: {name}. Add it first, or allow new villages.").format(
                    name=village
                ),
            )
        else:
            rule("village", lambda v: rules.clean_place_name(v, "village"), village)
        if texts["street"]:
            rule("street", lambda v: rules.clean_place_name(v, "street"), texts["street"])
        residents = 1
        if cols.clean_text(cell("residents")):
            residents = rule("residents", rules.clean_residents, cell("residents"))
        # Offices write several numbers in one cell: the first is the phone, the rest go to notes.
        phones = [p for p in _PHONE_SPLIT.split(texts["phone"]) if p.strip()]
        cleaned = [rule("phone", rules.clean_phone, p) for p in phones]
        notes = texts["notes"]
        if len(cleaned) > 1 and None not in cleaned:
            notes = " ".join([notes, *cleaned[1:]]).strip()
        category = self._word(cell("category"), self.categories, Category.REGULAR.value)
        if category is None:
            bad(
                "category",
                _("Unknown category: {value}. Use one of: {words}.").format(
                    value=cols.clean_text(cell("category")), words=self.category_words
                ),
            )
        gender = self._word(cell("gender"), self.genders, "")
        if gender is None:
            bad(
                "gender",
                _("Unknown gender: {value}. Write male or female.").format(
                    value=cols.clean_text(cell("gender"))
                ),
            )
        row = {
            "account_no": account,
            "head_name": name,
            "gender": gender or None,
            "phone": cleaned[0] if cleaned and cleaned[0] else "",
            "village": village_key,
            "village_name": village,
            "street": cols.fold(texts["street"]),
            "street_name": texts["street"],
            "house": house,
            "residents": residents,
            "category": category,
            "notes": notes,
            "row": number,
        }
        return row, issues

    @staticmethod
    def _word(value: Any, index: dict[str, str], default: str) -> str | None:
        """The code a word stands for, the default for an empty cell, None for an unknown word."""
        word = cols.fold(value)
        if not word:
            return default
        return index.get(word)


def validate(
    session: Session,
    table: RawTable,
    mapping: Mapping[str, int],
    create_villages: bool,
    *,
    default_village: str | None = None,
) -> ImportPlan:
    """Check every row and plan the import; nothing is written.

    Args:
        session: the office database (read only here).
        table: from `read_table`.
        mapping: from `resolve_mapping`.
        create_villages: unknown village names become new villages; else those rows are rejected.
        default_village: the village of every row when the file has no village column (a file per
            village).

    Returns:
        The plan: valid household rows (with accounts allocated for rows that had none) and the
        rejected rows, each with its row number, column and reason.

    Raises:
        ValidationError: the mapping lacks the name column, or the village column with no default.
    """
    if "name" not in mapping:
        raise ValidationError(
            _("Choose the column that holds the head of household's name."), field="name"
        )
    fallback = cols.clean_text(default_village)
    if "village" not in mapping and not fallback:
        raise ValidationError(
            _("Choose the column that holds the village, or the village of every row."),
            field="village",
        )
    plan = ImportPlan(str(table.path.name), list(table.header), dict(mapping))
    checker = _RowChecker(session, table, mapping, create_villages, fallback)
    for number, cells in table.rows:
        row, issues = checker.check(number, cells)
        if issues:
            plan.rejected.append(RejectedRow(number, list(cells), issues))
        else:
            plan.households.append(row)
    # Only villages and streets of valid rows are created.
    for row in plan.households:
        vkey, skey = row["village"], row["street"]
        village_name, street_name = row.pop("village_name"), row.pop("street_name")
        if vkey not in plan.villages:
            plan.villages[vkey] = checker.village_ids.get(vkey)
            plan.village_names[vkey] = village_name
        if skey and (vkey, skey) not in plan.streets:
            vid = plan.villages[vkey]
            plan.streets[(vkey, skey)] = (
                checker.street_ids.get((vid, skey)) if vid is not None else None
            )
            plan.street_names[(vkey, skey)] = street_name
    _allocate_accounts(session, plan, checker.file_accounts)
    return plan


def _allocate_accounts(session: Session, plan: ImportPlan, file_accounts: list[str]) -> None:
    """Rows without an account get the next numbers of this PC's series (after the highest)."""
    missing = [row for row in plan.households if not row["account_no"]]
    if not missing:
        return
    series = get_local_device(session).series
    stored = session.scalars(
        select(Household.account_no).where(Household.account_no.like(f"{series}%"))
    )
    last = max(_series_max(stored, series), _series_max(file_accounts, series))
    for offset, row in enumerate(missing, start=1):
        row["account_no"] = f"{series}{last + offset:0{ACCOUNT_DIGITS}d}"
    plan.new_accounts = len(missing)


def commit(session: Session, actor: Actor, plan: ImportPlan) -> ImportResult:
    """Write every valid row of the plan, with its new villages and streets, in one transaction.

    Raises:
        PermissionDenied: the actor may not change the register.
        ValidationError: nothing to import, or the register changed since `validate` (an account
            now exists): check the file again.
    """
    require_role(actor, REGISTER_ROLES)
    if not plan.households:
        raise ValidationError(_("Nothing to import: no row passed the checks."))
    summary = _("{n} households from {file}").format(n=len(plan.households), file=plan.source)
    with write(session, actor, "register.import", summary) as unit:
        accounts = [row["account_no"] for row in plan.households]
        for start in range(0, len(accounts), 500):
            taken = session.scalars(
                select(Household.account_no).where(
                    Household.account_no.in_(accounts[start : start + 500])
                )
            ).first()
            if taken is not None:
                raise ValidationError(
                    _(
                        "Account {account} was added to the register after the check. "
                        "Check the file again."
                    ).format(account=taken)
                )
        village_ids = dict(plan.villages)
        new_villages: list[dict[str, Any]] = [
            {"name": plan.village_names[k]} for k, v in village_ids.items() if v is None
        ]
        unit.insert_rows(Village, new_villages)
        for row in new_villages:
            village_ids[cols.fold(row["name"])] = row["id"]
        street_ids = dict(plan.streets)
        new_streets: list[dict[str, Any]] = [
            {"village_id": village_ids[k[0]], "name": plan.street_names[k]}
            for k, v in street_ids.items()
            if v is None
        ]
        keys = [k for k, v in street_ids.items() if v is None]
        unit.insert_rows(Street, new_streets)
        for key, row in zip(keys, new_streets, strict=True):
            street_ids[key] = row["id"]
        rows = [_household_row(r, village_ids, street_ids) for r in plan.households]
        now = utcnow()
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            unit.insert_rows(Household, batch)
            # The household card's history starts with its import, like a household added by hand.
            unit.insert_rows(
                HouseholdHistory,
                [
                    {
                        "household_id": row["id"],
                        "field": "created",
                        "new_value": row["account_no"],
                        "actor_id": actor.user_id,
                        "actor_name": actor.name,
                        "at": now,
                    }
                    for row in batch
                ],
            )
    return ImportResult(len(rows), len(new_villages), len(new_streets))


def _household_row(
    planned: dict[str, Any],
    village_ids: dict[str, uuid.UUID | None],
    street_ids: dict[tuple[str, str], uuid.UUID | None],
) -> dict[str, Any]:
    village, street = planned["village"], planned["street"]
    return fill_derived(
        {
            "account_no": planned["account_no"],
            "head_name": planned["head_name"],
            "gender": planned["gender"],
            "phone": planned["phone"],
            "village_id": village_ids[village],
            "street_id": street_ids[(village, street)] if street else None,
            "house": planned["house"],
            "residents": planned["residents"],
            "category": planned["category"],
            "notes": planned["notes"],
            "archive_reason": "",
        }
    )


def write_rejected(plan: ImportPlan, path: str | Path) -> Path:
    """Save the rejected rows as an .xlsx: the original columns, then the row and the reason.

    The file imports again as it is once the rows are corrected.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    path = Path(path)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Rejected rows"))
    bold = Font(bold=True)
    width = max([len(plan.header)] + [len(r.cells) for r in plan.rejected])
    header = [*plan.header, *[""] * (width - len(plan.header)), _("Row"), _("Reason")]
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for rejected in plan.rejected:
        values = [*rejected.cells, *[None] * (width - len(rejected.cells))]
        sheet.append([*values, rejected.row, rejected.reason])
    workbook.save(path)
    return path
