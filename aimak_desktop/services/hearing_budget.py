"""The citizen's budget of a hearing: revenue and expense lines, typed or imported from .xlsx."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aimak_desktop.errors import NotFound, ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.i18n.formatting import parse_money
from aimak_desktop.models.base import utcnow
from aimak_desktop.models.hearings import (
    BudgetDirection,
    BudgetLine,
)
from aimak_desktop.services.auth import Actor, require_role
from aimak_desktop.services.hearings import HEARING_ROLES, get_hearing
from aimak_desktop.services.write_path import write


def _direction(value: object) -> BudgetDirection | None:
    text = str(value or "").strip().lower()
    if text in ("revenue", "income") or text.startswith(("доход", "кириш", "киреш", "rev")):
        return BudgetDirection.REVENUE
    if text in ("expense", "expenditure") or text.startswith(("расход", "чыгаш", "чыгым", "exp")):
        return BudgetDirection.EXPENSE
    return None


def _check_line(
    direction: object, name: str, planned: object, int_is_tyiyn: bool = True
) -> tuple[str, str, int]:
    """Check a line; an int `planned` is tyiyn from code, som from a spreadsheet cell."""
    found = _direction(direction)
    if found is None:
        raise ValidationError(_("Choose revenue or expense."), field="direction")
    if not str(name).strip():
        raise ValidationError(_("Please fill in the name of the budget line."), field="name")
    try:
        if int_is_tyiyn and isinstance(planned, int) and not isinstance(planned, bool):
            amount = planned
        else:
            amount = parse_money(planned)  # type: ignore[arg-type]
    except ValueError:
        raise ValidationError(
            _("{value} is not an amount. Write it like 1 234,50.").format(value=planned),
            field="planned",
        ) from None
    if amount < 0:
        raise ValidationError(_("A planned amount cannot be negative."), field="planned")
    return found.value, str(name).strip()[:200], amount


def add_budget_line(
    session: Session,
    actor: Actor,
    hearing_id: uuid.UUID,
    direction: str,
    name: str,
    planned: int | str,
    service_id: uuid.UUID | None = None,
) -> BudgetLine:
    """Add a line. `planned` is tyiyn (int) or text typed by a person ("1 234,50").

    Raises:
        ValidationError: unknown direction, empty name, bad or negative amount.
    """
    require_role(actor, HEARING_ROLES)
    hearing = get_hearing(session, hearing_id)
    direction, name, amount = _check_line(direction, name, planned)
    position = _next_position(session, hearing.id)
    line = BudgetLine(
        hearing_id=hearing.id,
        direction=direction,
        name=name,
        planned=amount,
        service_id=service_id,
        position=position,
    )
    with write(session, actor, "hearing.budget_line", name) as unit:
        session.add(line)
        unit.target = line
    return line


def update_budget_line(
    session: Session,
    actor: Actor,
    line_id: uuid.UUID,
    *,
    direction: str,
    name: str,
    planned: int | str,
    service_id: uuid.UUID | None = None,
) -> BudgetLine:
    require_role(actor, HEARING_ROLES)
    line = session.get(BudgetLine, line_id)
    if line is None:
        raise NotFound(_("This budget line does not exist."))
    direction, name, amount = _check_line(direction, name, planned)
    with write(session, actor, "hearing.budget_line", name, line):
        line.direction, line.name, line.planned, line.service_id = (
            direction,
            name,
            amount,
            service_id,
        )
    return line


def archive_budget_line(session: Session, actor: Actor, line_id: uuid.UUID) -> None:
    require_role(actor, HEARING_ROLES)
    line = session.get(BudgetLine, line_id)
    if line is None:
        raise NotFound(_("This budget line does not exist."))
    with write(session, actor, "hearing.budget_line_archive", line.name, line):
        line.archived_at = utcnow()


def _next_position(session: Session, hearing_id: uuid.UUID) -> int:
    top = session.scalar(
        select(func.max(BudgetLine.position)).where(BudgetLine.hearing_id == hearing_id)
    )
    return int(top or 0) + 1


def budget_lines(session: Session, hearing_id: uuid.UUID) -> Sequence[BudgetLine]:
    """Revenue lines first, then expense lines, in entry order."""
    return session.scalars(
        select(BudgetLine)
        .where(BudgetLine.hearing_id == hearing_id, BudgetLine.archived_at.is_(None))
        .order_by(BudgetLine.direction.desc(), BudgetLine.position)
    ).all()


def import_budget_xlsx(session: Session, actor: Actor, hearing_id: uuid.UUID, path: Path) -> int:
    """Import budget lines from the first sheet of an .xlsx: columns type, name, amount (som).

    A first row whose amount is not a number is taken as the header. Type is "revenue"/"expense"
    (or доходы/расходы, кирешелер/чыгашалар). All rows are checked before anything is saved.

    Returns:
        The number of lines added.

    Raises:
        ValidationError: the file cannot be read, or a row is wrong (its number is given).
    """
    require_role(actor, HEARING_ROLES)
    hearing = get_hearing(session, hearing_id)
    try:
        from openpyxl import load_workbook

        book = load_workbook(Path(path), read_only=True, data_only=True)
        try:
            rows = [tuple(r[:3]) for r in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise ValidationError(
            _("The file {name} cannot be read as an Excel workbook (.xlsx).").format(
                name=Path(path).name
            ),
            field="file",
        ) from exc
    lines: list[dict[str, Any]] = []
    position = _next_position(session, hearing.id)
    for number, row in enumerate(rows, start=1):
        cells = list(row) + [None] * (3 - len(row))
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if number == 1 and _direction(cells[0]) is None:
            continue  # header
        try:
            direction, name, amount = _check_line(
                cells[0], str(cells[1] or ""), cells[2], int_is_tyiyn=False
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Row {row}: {problem}").format(row=number, problem=exc.message), field="file"
            ) from None
        lines.append(
            {
                "hearing_id": hearing.id,
                "direction": direction,
                "name": name,
                "planned": amount,
                "service_id": None,
                "position": position,
                "archived_at": None,
            }
        )
        position += 1
    if not lines:
        raise ValidationError(_("The file holds no budget lines."), field="file")
    with write(session, actor, "hearing.budget_import", f"{len(lines)} lines") as unit:
        unit.insert_rows(BudgetLine, lines)
    return len(lines)
