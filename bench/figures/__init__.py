"""The list of figure modules. Add yours here (one line); see bench/README.md."""

from __future__ import annotations

import importlib

from bench.core import Figure

MODULES = [
    "bench.figures.startup",
    "bench.figures.hearings",
    "bench.register_import",
    "bench.register",
    "bench.register_ui",
    "bench.billing",
    "bench.billing_docs",
    "bench.cash",
    "bench.sync",
    "bench.indicators",
    "bench.dashboard",
]


def all_figures() -> list[Figure]:
    """Every registered figure, in the order of MODULES.

    Raises:
        ValueError: two figures share an id.
    """
    figures: list[Figure] = []
    for name in MODULES:
        figures.extend(importlib.import_module(name).FIGURES)
    ids = [f.id for f in figures]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"figure ids used twice: {', '.join(dupes)}")
    return figures
