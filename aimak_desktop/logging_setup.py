"""Rotating log file in the data folder; bugs are logged with their traceback."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from aimak_desktop import paths

LOG_NAME = "aimak.log"


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Log to DATA/logs/aimak.log (1 MB x 5 files). Returns the log path, None if not writable."""
    folder = paths.logs_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_aimak", False)]:
        root.removeHandler(old)
        old.close()
    handler._aimak = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return folder / LOG_NAME
