"""Demo data of this area (filled in by the area's work)."""

from __future__ import annotations

from aimak_desktop.services.demo import DemoContext


def demo_step(ctx: DemoContext) -> None:
    """Add this area's demo rows."""
