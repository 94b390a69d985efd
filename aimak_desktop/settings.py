"""Per-office settings kept as JSON in the data folder (language, printers, backup choices)."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from aimak_desktop import paths

DEFAULTS: dict[str, Any] = {
    "language": "ky",
    "backup_on_exit": True,
}


def load(path: Path | None = None) -> dict[str, Any]:
    path = path or paths.settings_path()
    values = dict(DEFAULTS)
    # Missing or unreadable settings fall back to defaults: they hold no data.
    with contextlib.suppress(OSError, ValueError):
        values.update(json.loads(path.read_text(encoding="utf-8")))
    return values


def save(values: dict[str, Any], path: Path | None = None) -> None:
    """Write atomically (temporary file, then rename) so a crash never leaves half a file."""
    path = path or paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def update(**changes: Any) -> dict[str, Any]:
    values = load()
    values.update(changes)
    save(values)
    return values
