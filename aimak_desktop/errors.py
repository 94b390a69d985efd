"""Errors a user can act on.

`AimakError` carries a message already translated into the user's language (and optional help).
Anything else is a bug: logged with its traceback and shown in a crash dialog.
"""

from __future__ import annotations


class AimakError(Exception):
    """A known problem with a message for the user (already translated)."""

    def __init__(self, message: str, help: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.help = help

    def __str__(self) -> str:
        return self.message


class ValidationError(AimakError):
    """Input that cannot be saved as given. `field` names the offending input where known."""

    def __init__(self, message: str, field: str | None = None, help: str | None = None) -> None:
        super().__init__(message, help)
        self.field = field


class PermissionDenied(AimakError):
    """The user's role does not allow the operation."""


class NotFound(AimakError):
    """A record the user named does not exist."""


class DataDirError(AimakError):
    """The data folder cannot be used (is a file, read-only, missing)."""


class DatabaseError(AimakError):
    """Known environment problems with the database file."""


class DatabaseBusy(DatabaseError):
    """Another program holds the database (a second Aimak window, a backup tool)."""


class DatabaseCorrupt(DatabaseError):
    """The file is not a readable Aimak database. `backup` is the newest backup, if any."""

    def __init__(self, message: str, backup: object | None = None, help: str | None = None) -> None:
        super().__init__(message, help)
        self.backup = backup


class NewerSchema(DatabaseError):
    """The file was written by a newer program version; we refuse to touch it."""


class DiskFull(DatabaseError):
    """No space left on the data drive."""


class LoginFailed(AimakError):
    """Wrong user name or password."""
