"""`python -m bench [--json] [--runs N] [--list] [--work-dir DIR] [--strict] [ids...]`.

Prints one row per figure: id, value, unit, floor, ratio, target (floor and ratio are empty for
figures with an absolute target). Exit code 0 when every figure was measured, 1 when one failed
(or, with --strict, missed its target), 2 for an unknown id.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bench.core import Row, measure, set_workdir
from bench.figures import all_figures

COLUMNS = ("id", "value", "unit", "floor", "ratio", "target", "result")


def _number(x: float | None, digits: int) -> str:
    return "" if x is None else f"{x:.{digits}f}"


def _cells(row: Row) -> list[str]:
    if row.error is not None:
        result = f"ERROR: {row.error}"
    else:
        applies = "ratio" if row.ratio is not None else "value"
        result = f"{'ok' if row.met else 'MISSED'} ({applies}, {row.runs} runs)"
    return [
        row.id,
        _number(row.value, 1),
        row.unit,
        _number(row.floor, 1),
        _number(row.ratio, 2),
        row.target,
        result,
    ]


def print_table(rows: Sequence[Row]) -> None:
    table = [list(COLUMNS)] + [_cells(r) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS) - 1)]
    for line in table:
        head = "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=False))
        print(f"{head}  {line[-1]}".rstrip(), flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="figures to run (default: all)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure; medians (5)")
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    parser.add_argument(
        "--work-dir", type=Path, help="keep demo offices here and reuse them next time"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    figures = all_figures()
    if args.list:
        for f in figures:
            print(f"{f.id:<24} {f.target:<10} {f.unit:<6} {f.description}")
        return 0
    known = {f.id: f for f in figures}
    unknown = [i for i in args.ids if i not in known]
    if unknown:
        print(
            f"bench: unknown figure {', '.join(unknown)}; known: {', '.join(known)}",
            file=sys.stderr,
        )
        return 2
    chosen = [known[i] for i in args.ids] if args.ids else figures
    set_workdir(args.work_dir)

    rows: list[Row] = []
    if not args.json:
        print(f"{len(chosen)} figure(s), {args.runs} run(s) each, medians", file=sys.stderr)
    for figure in chosen:
        rows.append(measure(figure, args.runs))
    if args.json:
        print(json.dumps({"runs": args.runs, "figures": [r.as_dict() for r in rows]}, indent=1))
    else:
        print_table(rows)
    if any(r.error for r in rows):
        return 1
    if args.strict and any(r.met is False for r in rows):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
