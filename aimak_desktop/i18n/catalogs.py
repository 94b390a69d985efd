"""Keep the gettext catalogs in step with the code (used by `python -m aimak_desktop.i18n.tool`).

The code is the source of truth for msgids: `extract_template()` reads every string marked with
`_`, `N_`, `ngettext` or `translate` in the package. The ky, ru and en .po files hold the
translations and the .mo files beside them are what the program loads (both are committed, so a
pip or PyInstaller build needs no Babel step).

Files are rewritten only when their content changes (dates aside), so running the tool on an
unchanged tree leaves git clean.
"""

from __future__ import annotations

import io
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from aimak_desktop import APP_NAME, __version__
from aimak_desktop.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

PACKAGE_DIR = Path(__file__).resolve().parent.parent
POT_PATH = Path(__file__).with_name(f"{DOMAIN}.pot")
# The languages a clerk may pick that need a translation; English is the source language.
REQUIRED = ("ky", "ru")
# `translate(lang, text)` has the text second. Documents bind it to a local shorthand
# `t = lambda text: translate(lang, text)`, so `t("...")` is extracted too.
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "translate": (2,),
    "t": None,
}
COMMENT_TAGS = ("TRANSLATORS:",)
_WIDTH = 100
# Lines that change on every write and say nothing about the messages.
_VOLATILE = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date|Generated-By): .*\\n"\n', re.M)

MessageKey = str | tuple[str, ...] | list[str]


@dataclass(frozen=True)
class Problem:
    """One thing `check` found wrong; `lang` is "" for problems of the code itself."""

    lang: str
    kind: str
    msgid: str
    detail: str = ""

    def __str__(self) -> str:
        where = f"[{self.lang}] " if self.lang else ""
        extra = f" ({self.detail})" if self.detail else ""
        return f"{where}{self.kind}: {self.msgid!r}{extra}"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def _new_catalog(locale: str | None = None) -> Catalog:
    return Catalog(
        locale=locale,
        domain=DOMAIN,
        project=APP_NAME,
        version=__version__,
        copyright_holder="Aimak Desktop contributors",
        msgid_bugs_address="",
        last_translator="Aimak Desktop team",
        language_team="Aimak Desktop team",
        fuzzy=False,
    )


def extract_template(package_dir: Path = PACKAGE_DIR) -> Catalog:
    """Every marked string in the package, with the files it appears in."""
    template = _new_catalog()
    root = package_dir.name
    found = extract_from_dir(
        str(package_dir),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        location = (f"{root}/{filename}".replace("\\", "/"), lineno)
        template.add(message, None, [location], auto_comments=comments, context=context)
    return template


def _po_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(
        buf,
        catalog,
        width=_WIDTH,
        # Keep the catalog's own order (the code's order, as extracted): sorting would depend on
        # line numbers, which a .po read back from disk no longer has.
        sort_by_file=False,
        # Line numbers move with every edit elsewhere; file names are enough context.
        include_lineno=False,
        ignore_obsolete=False,
    )
    return buf.getvalue()


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and _VOLATILE.sub(b"", path.read_bytes()) == _VOLATILE.sub(b"", data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_template(template: Catalog | None = None) -> bool:
    """Write aimak.pot; returns True when it changed."""
    return _write_if_changed(POT_PATH, _po_bytes(template or extract_template()))


def load_po(lang: str) -> Catalog:
    """The committed catalog of `lang` (an empty one if there is none yet)."""
    path = po_path(lang)
    if not path.exists():
        return _new_catalog(lang)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def update_catalogs(template: Catalog | None = None) -> list[str]:
    """Merge the code's msgids into every .po, keeping translations; returns the changed files.

    No fuzzy matching: a changed English source needs a new translation, not a guess. A msgid
    that comes back after being removed gets its old translation back from the obsolete list.
    """
    template = template or extract_template()
    write_template(template)
    changed = []
    for lang in LANGUAGES:
        catalog = load_po(lang)
        for message in template:
            key = message.id if isinstance(message.id, str) else message.id[0]
            old = catalog.obsolete.pop(key, None)
            if message.id and old is not None and key not in catalog:
                catalog[old.id] = old
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        if _write_if_changed(po_path(lang), _po_bytes(catalog)):
            changed.append(str(po_path(lang)))
    return changed


def _translated(catalog: Catalog) -> dict[tuple[MessageKey, str | None], MessageKey]:
    """What a .mo built from `catalog` holds: non-fuzzy messages with every form filled in."""
    out: dict[tuple[MessageKey, str | None], MessageKey] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not _is_complete(message):
            continue
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        out[(key, message.context)] = tuple(_forms(message.string))
    return out


def _is_complete(message: Message) -> bool:
    forms = _forms(message.string)
    return bool(forms) and all(forms)


def _mo_bytes(catalog: Catalog) -> bytes:
    # A half-translated plural would show an empty text; leave it out so English shows instead.
    for message in catalog:
        if message.id and not _is_complete(message):
            message.string = "" if isinstance(message.id, str) else ("",) * catalog.num_plurals
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def mo_is_current(lang: str) -> bool:
    """Does the committed .mo hold exactly the translations of the .po (and its plural rule)?"""
    path = mo_path(lang)
    if not path.exists():
        return False
    with path.open("rb") as fh:
        compiled = read_mo(fh)
    source = load_po(lang)
    return (
        _translated(compiled) == _translated(source)
        and compiled.plural_forms == source.plural_forms
    )


def compile_catalogs(force: bool = False) -> list[str]:
    """Write a .mo next to each .po that is out of date; returns the written files."""
    written = []
    for lang in LANGUAGES:
        if not po_path(lang).exists() or (not force and mo_is_current(lang)):
            continue
        mo_path(lang).write_bytes(_mo_bytes(load_po(lang)))
        written.append(str(mo_path(lang)))
    return written


def placeholders(text: str) -> list[str]:
    """The `{name}` fields of a str.format text, sorted ("{n:d}" keeps its spec).

    Raises:
        ValueError: the braces do not form a valid format string.
    """
    fields = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        conv = f"!{conversion}" if conversion else ""
        fmt = f":{spec}" if spec else ""
        fields.append(f"{{{name}{conv}{fmt}}}")
    return sorted(fields)


def _forms(value: MessageKey | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def placeholder_problems(lang: str, catalog: Catalog) -> Iterator[Problem]:
    """Translations whose `{fields}` differ from their msgid's (a crash or a lost value)."""
    for message in catalog:
        if not message.id:
            continue
        ids = _forms(message.id)
        label = ids[0]
        try:
            # Each plural form serves "many" numbers in some language: compare with msgid_plural.
            expected = placeholders(ids[-1])
        except ValueError as exc:
            yield Problem(lang, "bad braces in msgid", label, str(exc))
            continue
        for form in _forms(message.string):
            if not form:
                continue
            try:
                got = placeholders(form)
            except ValueError as exc:
                yield Problem(lang, "bad braces in translation", label, str(exc))
                continue
            if got != expected:
                yield Problem(
                    lang,
                    "placeholders differ",
                    label,
                    f"msgid has {' '.join(expected) or 'none'}, translation has "
                    f"{' '.join(got) or 'none'}",
                )


def untranslated(template: Catalog, catalog: Catalog) -> list[Message]:
    """Messages of `template` without a complete, non-fuzzy translation in `catalog`."""
    missing = []
    for message in template:
        if not message.id:
            continue
        have = catalog.get(message.id, context=message.context)
        if have is None or have.fuzzy or not _is_complete(have):
            missing.append(message)
    return missing


def check(template: Catalog | None = None) -> list[Problem]:
    """Everything that would show English, crash a format() or ship a stale .mo."""
    template = template or extract_template()
    problems: list[Problem] = []
    for message in template:
        if not message.id:
            continue
        for text in _forms(message.id):
            try:
                placeholders(text)
            except ValueError as exc:
                problems.append(Problem("", "bad braces in msgid", text, str(exc)))
    for lang in LANGUAGES:
        catalog = load_po(lang)
        if lang in REQUIRED:
            for message in untranslated(template, catalog):
                kind = "missing" if message.id not in catalog else "untranslated"
                problems.append(Problem(lang, kind, _forms(message.id)[0]))
        problems.extend(placeholder_problems(lang, catalog))
        if po_path(lang).exists() and not mo_is_current(lang):
            problems.append(Problem(lang, ".mo out of date", str(mo_path(lang))))
    return problems


def todo_catalog(lang: str, template: Catalog | None = None) -> Catalog:
    """A small .po holding only the messages `lang` still needs, ready to fill in and `apply`."""
    template = template or extract_template()
    todo = _new_catalog(lang)
    for message in untranslated(template, load_po(lang)):
        blank: MessageKey = "" if isinstance(message.id, str) else ("",) * todo.num_plurals
        todo.add(
            message.id,
            blank,
            message.locations,
            auto_comments=message.auto_comments,
            context=message.context,
        )
    return todo


def todo_text(lang: str, template: Catalog | None = None) -> str:
    return _po_bytes(todo_catalog(lang, template)).decode("utf-8")


def apply_translations(lang: str, source: Path | Iterable[Message]) -> list[str]:
    """Copy filled-in translations (a todo .po or messages) into the catalog of `lang`.

    Only msgids the catalog already has are taken (run `update` first); empty or fuzzy entries
    are skipped. Returns the msgids that were set.
    """
    if isinstance(source, Path):
        with source.open("rb") as fh:
            messages: Iterable[Message] = list(read_po(fh, locale=lang))
    else:
        messages = source
    catalog = load_po(lang)
    done = []
    for message in messages:
        if not message.id or message.fuzzy or not _is_complete(message):
            continue
        target = catalog.get(message.id, context=message.context)
        if target is None:
            continue
        target.string = message.string
        target.flags.discard("fuzzy")
        done.append(_forms(message.id)[0])
    if done:
        _write_if_changed(po_path(lang), _po_bytes(catalog))
    return done
