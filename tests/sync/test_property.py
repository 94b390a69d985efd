"""Property: PCs making random payments and register edits with random partial syncs converge.

"Payments" are append-only audit rows (kind "pay", amount in the summary) until the payments
table exists; register edits change households' phone, house and residents on several PCs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from aimak_desktop.models import AuditEntry, Household
from aimak_desktop.services.write_path import write
from aimak_desktop.sync.join import carry

N_PCS = 3


def test_random_edits_and_partial_syncs_converge(make_pc):
    class Office(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.base = Path(tempfile.mkdtemp(prefix="aimak-prop-"))
            self.usb, self.share = self.base / "usb", self.base / "share"
            first = make_pc("a", base=self.base)
            first.run(self.usb)
            self.pcs = [first] + [
                make_pc(n, join=self.usb, base=self.base) for n in "bcde"[: N_PCS - 1]
            ]
            self.households = [h.id for h in first.session.scalars(select(Household).limit(5))]
            first.session.commit()
            self.paid: list[int] = []
            self.done = False

        @rule(pc=st.integers(0, N_PCS - 1), amount=st.integers(1, 10_000_00))
        def pay(self, pc: int, amount: int) -> None:
            p = self.pcs[pc]
            with write(p.session, p.admin(), "pay", str(amount)):
                pass
            self.paid.append(amount)

        @rule(
            pc=st.integers(0, N_PCS - 1),
            hh=st.integers(0, 4),
            field=st.sampled_from(["phone", "house", "residents"]),
            value=st.integers(1, 9),
        )
        def edit(self, pc: int, hh: int, field: str, value: int) -> None:
            p = self.pcs[pc]
            with write(p.session, p.admin(), "household.update"):
                row = p.session.get(Household, self.households[hh])
                setattr(row, field, value if field == "residents" else f"{field}-{pc}-{value}")

        @rule(pc=st.integers(0, N_PCS - 1), use_share=st.booleans())
        def sync(self, pc: int, use_share: bool) -> None:
            self.pcs[pc].run(self.share if use_share else self.usb)

        @precondition(lambda self: self.share.exists() and self.usb.exists())
        @rule()
        def courier(self) -> None:
            carry(str(self.share), str(self.usb))

        @invariant()
        def nothing_duplicated(self) -> None:
            for p in self.pcs:
                amounts = [
                    int(s)
                    for s in p.session.scalars(
                        select(AuditEntry.summary).where(AuditEntry.kind == "pay")
                    )
                ]
                p.session.commit()
                assert len(amounts) <= len(self.paid)

        def teardown(self) -> None:
            if self.share.exists():
                carry(str(self.share), str(self.usb))
            for _round in range(2):
                for p in self.pcs:
                    p.run(self.usb)
            prints = {p.fingerprint() for p in self.pcs}
            assert len(prints) == 1
            for p in self.pcs:
                amounts = sorted(
                    int(s)
                    for s in p.session.scalars(
                        select(AuditEntry.summary).where(AuditEntry.kind == "pay")
                    )
                )
                p.session.commit()
                assert amounts == sorted(self.paid)
            for p in self.pcs:
                p.close()

    run_state_machine_as_test(
        Office,
        settings=settings(
            max_examples=3,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )
