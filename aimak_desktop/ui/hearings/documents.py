"""Writing a PDF in the background and opening it when done (shared by the three pages)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel

from aimak_desktop.errors import AimakError
from aimak_desktop.i18n import _
from aimak_desktop.ui.common import documents_dir, failure_handler, say


def write_document(
    ctx: Any,
    render: Callable[[Any, Path], Path],
    name: str,
    label: QLabel,
    opener: Callable[[Path], None],
    done: Callable[[Path], None] | None = None,
) -> None:
    """Run `render(session, out)` in the pool for DATA/documents/`name`, then open the file.

    A file still open in a PDF viewer cannot be replaced on Windows: the document is then written
    under a new name (with the time) instead of failing.
    """
    folder = documents_dir()

    def run(session: Any) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / name
        try:
            return render(session, out)
        except PermissionError:
            stamped = out.with_stem(f"{out.stem}-{dt.datetime.now():%H%M%S}")
            return render(session, stamped)
        except OSError as exc:
            raise AimakError(
                _("The document could not be written to {folder}: {error}").format(
                    folder=folder, error=exc.strerror or exc
                )
            ) from exc

    def finished(path: Path) -> None:
        say(label, _("Written to {path}").format(path=path), ok=True)
        if done is not None:
            done(path)
        opener(path)

    say(label, _("Writing {name}...").format(name=name), ok=True)
    ctx.tasks.run_read(run, finished, failure_handler(ctx, label))
