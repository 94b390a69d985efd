"""PCs as data folders, a USB folder, and a real WebDAV server on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

os.environ["AIMAK_NO_KEYRING"] = "1"  # tests never touch the real keyring


class PC:
    """One office PC: a data folder with its own database file."""

    def __init__(self, folder: Path) -> None:
        from aimak_desktop.db import open_database

        self.folder = folder
        self.db = open_database(folder, lock=False)
        self.session = self.db.session()

    def run(self, url: str | Path):
        from aimak_desktop.sync.exchange import sync_run

        return sync_run(self.session, str(url), data_dir=self.folder)

    def fingerprint(self) -> str:
        from aimak_desktop.sync.status import fingerprint

        return fingerprint(self.session)

    def count(self, model: Any, *where: Any) -> int:
        value = self.session.scalar(select(func.count()).select_from(model).where(*where))
        self.session.commit()
        return int(value or 0)

    def admin(self):
        from aimak_desktop.services.users import actor_of, find_user

        return actor_of(find_user(self.session, "admin"))

    def close(self) -> None:
        self.session.close()
        self.db.close()


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty database: joining PCs start from a copy instead of migrating."""
    from aimak_desktop.db import open_database

    folder = tmp_path_factory.mktemp("empty-template")
    open_database(folder).close()
    return folder / "aimak.sqlite"


@pytest.fixture
def make_pc(
    tmp_path: Path, _office_template: Path, _empty_template: Path
) -> Iterator[Callable[..., PC]]:
    """make_pc("a") = the demo office's first PC; make_pc("b", join=usb) joins it from usb."""
    pcs: list[PC] = []

    def make(
        name: str,
        join: str | Path | None = None,
        code: str | None = None,
        base: Path | None = None,
    ) -> PC:
        folder = (base or tmp_path) / f"pc-{name}"
        if join is None:
            folder.mkdir(parents=True)
            shutil.copyfile(_office_template, folder / "aimak.sqlite")
        else:
            from aimak_desktop.sync.join import join_office

            folder.mkdir(parents=True)
            shutil.copyfile(_empty_template, folder / "aimak.sqlite")
            key = (base or tmp_path) / "office.key"
            join_office(folder, key, str(join), code or name.upper())
        pc = PC(folder)
        if join is None:
            from aimak_desktop.sync.join import export_office_key

            export_office_key(pc.session, (base or tmp_path) / "office.key")
        pcs.append(pc)
        return pc

    yield make
    for pc in pcs:
        pc.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class WebDavServer:
    """wsgidav over a folder, served by cheroot in a thread. `truncate_next` cuts one upload."""

    def __init__(self, root: Path) -> None:
        from cheroot import wsgi
        from wsgidav.wsgidav_app import WsgiDAVApp

        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        app = WsgiDAVApp(
            {
                "host": "127.0.0.1",
                "port": self.port,
                "provider_mapping": {"/dav": str(root)},
                "simple_dc": {"user_mapping": {"*": True}},
                "verbose": 0,
                "logging": {"enable": False, "enable_loggers": []},
                "lock_storage": True,
            }
        )
        self.truncate_next = False
        self.server = wsgi.Server(("127.0.0.1", self.port), self._middleware(app))
        self.thread = threading.Thread(target=self.server.safe_start, daemon=True)
        self.thread.start()
        while not self.server.ready:
            threading.Event().wait(0.01)

    def _middleware(self, app: Any) -> Any:
        import io

        def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
            if environ["REQUEST_METHOD"] == "PUT" and self.truncate_next:
                self.truncate_next = False
                length = int(environ.get("CONTENT_LENGTH") or 0)
                body = environ["wsgi.input"].read(length)
                cut = body[: len(body) // 2]
                environ["wsgi.input"] = io.BytesIO(cut)
                environ["CONTENT_LENGTH"] = str(len(cut))
            return app(environ, start_response)

        return wrapped

    @property
    def url(self) -> str:
        return f"webdav://127.0.0.1:{self.port}/dav"

    def stop(self) -> None:
        self.server.stop()


@pytest.fixture
def webdav(tmp_path: Path) -> Iterator[WebDavServer]:
    server = WebDavServer(tmp_path / "webdav-root")
    yield server
    server.stop()
