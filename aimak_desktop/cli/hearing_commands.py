"""Commands of this area (filled in by the area's work)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands."""
