"""What a command gets: parsed arguments, the open database and the acting user."""

from __future__ import annotations

import argparse
import getpass
import os
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from aimak_desktop.db import Database, open_database
from aimak_desktop.errors import AimakError, LoginFailed
from aimak_desktop.i18n import _
from aimak_desktop.services.auth import Actor


class UsageError(AimakError):
    """Bad command-line usage (exit code 2)."""


@dataclass
class Result:
    """A command's outcome: `data` is printed as JSON with --json, `text` otherwise."""

    data: dict[str, Any]
    text: str = ""


@dataclass
class CliContext:
    args: argparse.Namespace
    _db: Database | None = field(default=None, init=False)
    _session: Session | None = field(default=None, init=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_database()
        return self._db

    def session(self) -> Session:
        if self._session is None:
            self._session = self.db.session()
        return self._session

    def require_office(self) -> Session:
        from aimak_desktop.services.office import has_office

        session = self.session()
        if not has_office(session):
            raise AimakError(
                _(
                    "This data folder holds no office yet. Start the program to set one up, "
                    "or create a demo office with: aimak demo"
                )
            )
        return session

    def actor(self) -> Actor:
        """The user running the command: --user with AIMAK_PASSWORD or a prompt.

        In the demo office the demo administrator acts when no user is given.
        """
        from aimak_desktop.services.demo import DEMO_PASSWORD
        from aimak_desktop.services.office import get_office
        from aimak_desktop.services.users import actor_of, authenticate

        session = self.require_office()
        username = getattr(self.args, "user", None)
        office = get_office(session)
        if not username:
            if office is not None and office.is_demo:
                return actor_of(authenticate(session, "admin", DEMO_PASSWORD))
            raise LoginFailed(
                _("Give your user name with --user NAME (this office needs a log-in).")
            )
        password = os.environ.get("AIMAK_PASSWORD")
        if password is None:
            try:
                password = getpass.getpass(_("Password for {user}: ").format(user=username))
            except EOFError:  # no terminal (scripts, scheduled tasks)
                raise LoginFailed(
                    _("No password was given. Set AIMAK_PASSWORD or run the command in a terminal.")
                ) from None
        return actor_of(authenticate(session, username, password))

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
        if self._db is not None:
            self._db.close()
