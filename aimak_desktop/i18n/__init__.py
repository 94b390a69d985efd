"""Translations (gettext catalogs for ky, ru, en) and the current interface language.

Source strings are English. `_()` translates into the interface language at call time, so module
constants are marked with `N_()` and translated where they are shown. Documents choose their own
language through `translate(lang, text)`, whatever the interface language is.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("ky", "ru", "en")
LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}
DOMAIN = "aimak"
LOCALE_DIR = Path(__file__).with_name("locale")

_current = "ky"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang` (English falls back to the source strings)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, [lang], fallback=True)


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    _current = lang


def get_language() -> str:
    return _current


def _(message: str) -> str:
    """Translate `message` into the current interface language."""
    return translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def translate(lang: str, message: str) -> str:
    """Translate `message` into `lang` (for documents printed in a chosen language)."""
    return translations(lang).gettext(message)
