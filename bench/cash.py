"""Cash desk figure: `payment_receipt`.

Save one payment at the desk (services.payments.take_payment: allocation, receipt number,
oplog and audit, one transaction on a real SQLite file with synchronous=FULL) and write its
80 mm receipt PDF (services.billing_views.receipt_data + reports.receipt_pdf, with the QR code),
warm: the office is open and one payment was taken before the clock starts, as at a desk that
has been working. Each measurement takes the next household that owes money. No Qt: printing
the PDF is the printer's time, not ours. Target: median <= 60 ms.
"""

from __future__ import annotations

import functools
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.core import BenchError, Figure, demo_office, fresh_copy, workdir

HOUSEHOLDS = 10_000  # the size the startup figure builds too (made once per run)


@functools.cache
def _desk() -> dict[str, Any]:
    from sqlalchemy import select

    from aimak_desktop.db import open_database
    from aimak_desktop.models.register import Household
    from aimak_desktop.services.debts import households_with_debt
    from aimak_desktop.services.users import actor_of, find_user

    folder = fresh_copy(demo_office(HOUSEHOLDS))
    db = open_database(folder, lock=False)
    session = db.session()
    ids = list(
        session.scalars(
            select(Household.id)
            .where(Household.archived_at.is_(None), Household.id.in_(households_with_debt()))
            .order_by(Household.account_no)
            .limit(500)
        )
    )
    if not ids:
        raise BenchError("the demo office has no household in debt")
    out = Path(tempfile.mkdtemp(prefix="receipts-", dir=workdir()))
    desk = {"db": db, "session": session, "actor": actor_of(find_user(session, "kassa")),
            "ids": ids, "next": 0, "out": out}  # fmt: skip
    _pay(desk)  # warm: imports, fonts, statement caches
    return desk


def _pay(desk: dict[str, Any]) -> Path:
    from aimak_desktop.reports.receipt_pdf import write_receipt_pdf
    from aimak_desktop.services.billing_views import receipt_data
    from aimak_desktop.services.payments import take_payment

    session, ids = desk["session"], desk["ids"]
    household_id = ids[desk["next"] % len(ids)]
    desk["next"] += 1
    taken = take_payment(session, desk["actor"], household_id, 250_00)
    data = receipt_data(session, taken.receipt_no)
    return write_receipt_pdf(data, desk["out"] / f"{taken.receipt_no}.pdf", "80mm", "ky")


def run_payment_receipt() -> tuple[float, float | None]:
    desk = _desk()
    start = time.perf_counter()
    path = _pay(desk)
    elapsed = (time.perf_counter() - start) * 1000
    if not path.exists():
        raise BenchError(f"no receipt PDF at {path}")
    return elapsed, None


FIGURES = [
    Figure(
        id="payment_receipt",
        unit="ms",
        target="<= 60",
        run=run_payment_receipt,
        description="save one payment and write its 80 mm receipt PDF (warm)",
    ),
]
