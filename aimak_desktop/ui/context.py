"""What every page gets: the open office, the logged-in user and the background runner."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aimak_desktop.db import Database
from aimak_desktop.services.auth import Actor
from aimak_desktop.ui.tasks import TaskRunner


@dataclass
class AppContext:
    db: Database
    actor: Actor
    tasks: TaskRunner
    #: settings.json values (language, printers ...); save with aimak_desktop.settings.update().
    settings: dict[str, Any] = field(default_factory=dict)
    #: Set by the main window: `show_error(exc)` opens the error dialog for an AimakError or bug.
    show_error: Any = None
    #: Set by the main window: `open_page(key, **kwargs)` switches to a page (tiles use it).
    open_page: Any = None
