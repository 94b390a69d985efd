"""The QApplication: bundled fonts, Qt's own translations, the interface language."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QLibraryInfo, QTranslator, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from aimak_desktop import APP_NAME, paths
from aimak_desktop.i18n import LANGUAGES, set_language

log = logging.getLogger(__name__)

FONT_FAMILY = "DejaVu Sans"
FONT_SIZE = 10

_fonts_done = False
_translator: QTranslator | None = None


def ensure_app(argv: list[str] | None = None) -> QApplication:
    """The running QApplication, created (with fonts) if there is none."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setApplicationName(APP_NAME)
        app.setOrganizationName("Aimak")
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
            qInstallMessageHandler(_offscreen_messages)
    register_fonts(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def register_fonts(app: QApplication) -> None:
    """Register the bundled DejaVu fonts so ң ө ү never fall back to a font without them."""
    global _fonts_done
    if not _fonts_done:
        for ttf in sorted((paths.resources_dir() / "fonts").glob("*.ttf")):
            if QFontDatabase.addApplicationFont(str(ttf)) < 0:
                log.warning("could not load font %s", ttf)
        _fonts_done = True
    app.setFont(QFont(FONT_FAMILY, FONT_SIZE))


def apply_language(lang: str) -> None:
    """Set the interface language and load Qt's own qtbase catalog (stock buttons) if shipped."""
    global _translator
    if lang not in LANGUAGES:
        lang = "ky"
    set_language(lang)
    app = QApplication.instance()
    if app is None:
        return
    if _translator is not None:
        app.removeTranslator(_translator)
        _translator = None
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qm = os.path.join(folder, f"qtbase_{lang}.qm")
    if lang != "en" and os.path.exists(qm):
        translator = QTranslator(app)
        if translator.load(qm):
            app.installTranslator(translator)
            _translator = translator


def _offscreen_messages(_kind: object, _context: object, message: str) -> None:
    """Without a screen (screenshots, benchmarks) Qt notes that it cannot resize a window frame."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)
