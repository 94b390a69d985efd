"""Translations: every marked string is translated into Kyrgyz and Russian, and the tool works."""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from aimak_desktop.i18n import (
    LANGUAGES,
    N_,
    _,
    catalogs,
    get_language,
    set_language,
    translate,
    translations,
)
from aimak_desktop.i18n.tool import main as tool_main

# Owned by aimak_desktop/i18n/formatting.py, so it does not move with other people's work.
AMOUNT_HINT = "Enter an amount of money, for example 1 234,50."


@pytest.fixture(scope="module")
def template() -> Catalog:
    return catalogs.extract_template()


def _listing(messages: list[str]) -> str:
    return "\n".join(f"  {m!r}" for m in messages)


@pytest.mark.parametrize("lang", catalogs.REQUIRED)
def test_every_marked_string_is_translated(template: Catalog, lang: str) -> None:
    missing = [
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalogs.untranslated(template, catalogs.load_po(lang))
    ]
    assert not missing, (
        f"{len(missing)} msgid(s) have no {lang} translation. Run "
        "`python -m aimak_desktop.i18n.tool update`, then `... todo --lang "
        f"{lang}` and `... apply`:\n{_listing(missing)}"
    )


def test_the_code_marks_many_strings(template: Catalog) -> None:
    # A broken keyword list would make the translation test above pass on nothing.
    ids = {m.id for m in template if m.id}
    assert len(ids) > 50
    assert AMOUNT_HINT in ids


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match(lang: str) -> None:
    problems = list(catalogs.placeholder_problems(lang, catalogs.load_po(lang)))
    assert not problems, "\n".join(str(p) for p in problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_committed_mo_files_match_the_po_files(lang: str) -> None:
    assert catalogs.po_path(lang).exists()
    assert catalogs.mo_is_current(lang), (
        f"{catalogs.mo_path(lang)} is out of date: run `python -m aimak_desktop.i18n.tool compile`"
    )


def test_check_command_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code = tool_main(["check"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "catalogs OK" in out


def test_interface_language_switches_at_call_time() -> None:
    set_language("ky")
    assert get_language() == "ky"
    assert _(AMOUNT_HINT) == "Сумманы жазыңыз, мисалы 1 234,50."
    set_language("ru")
    assert _(AMOUNT_HINT) == "Введите сумму, например 1 234,50."
    set_language("en")
    assert _(AMOUNT_HINT) == AMOUNT_HINT


def test_documents_choose_their_language_whatever_the_interface_says() -> None:
    set_language("ru")
    assert translate("ky", AMOUNT_HINT) == "Сумманы жазыңыз, мисалы 1 234,50."
    assert translate("en", AMOUNT_HINT) == AMOUNT_HINT
    assert _(AMOUNT_HINT) == "Введите сумму, например 1 234,50."


def test_n_marks_without_translating() -> None:
    set_language("ru")
    assert N_(AMOUNT_HINT) == AMOUNT_HINT


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="kg"):
        set_language("kg")


def test_kyrgyz_catalog_uses_kyrgyz_letters() -> None:
    texts = " ".join(m.string for m in catalogs.load_po("ky") if isinstance(m.string, str))
    for letter in "ңөү":
        assert letter in texts
    # The old letter ӊ (U+04CA) must not creep into new text.
    assert "ӊ" not in texts


def test_placeholder_check_catches_a_renamed_field() -> None:
    catalog = Catalog(locale="ru")
    catalog.add("Backup saved: {path}", "Резервная копия сохранена: {путь}")
    catalog.add("User {name} added.", "Пользователь {name} добавлен.")
    problems = list(catalogs.placeholder_problems("ru", catalog))
    assert [p.msgid for p in problems] == ["Backup saved: {path}"]
    assert "{путь}" in problems[0].detail


def test_placeholders_ignore_escaped_braces() -> None:
    assert catalogs.placeholders("a list of {{name}} in {field}") == ["{field}"]


# ---- the tool on a copy of the catalogs -------------------------------------------------------


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The catalog tool working on a copy of the locale folder."""
    locale = tmp_path / "locale"
    shutil.copytree(catalogs.LOCALE_DIR, locale)
    monkeypatch.setattr(catalogs, "LOCALE_DIR", locale)
    monkeypatch.setattr(catalogs, "POT_PATH", tmp_path / "aimak.pot")
    return locale


def _template_with(*extra: str) -> Catalog:
    template = catalogs.extract_template()
    for text in extra:
        template.add(text, locations=[("aimak_desktop/new_page.py", 1)])
    return template


def _gettext(locale: Path, lang: str, text: str) -> str:
    return gettext.translation("aimak", locale, [lang]).gettext(text)


def test_update_todo_apply_compile_round_trip(scratch: Path, tmp_path: Path) -> None:
    new = "Receipt {number} printed."
    template = _template_with(new)
    catalogs.update_catalogs(template)
    todo = catalogs.todo_text("ky", template)
    assert f'msgid "{new}"' in todo
    assert AMOUNT_HINT not in todo  # already translated

    filled = tmp_path / "ky-todo.po"
    filled.write_text(
        todo.replace(
            f'msgid "{new}"\nmsgstr ""', f'msgid "{new}"\nmsgstr "{{number}} дүмүрчөк басылды."'
        ),
        encoding="utf-8",
    )
    assert catalogs.apply_translations("ky", filled) == [new]
    catalogs.compile_catalogs()

    problems = [p for p in catalogs.check(template) if p.msgid == new]
    assert [(p.lang, p.kind) for p in problems] == [("ru", "untranslated")]
    assert _gettext(scratch, "ky", new) == "{number} дүмүрчөк басылды."
    assert all(catalogs.mo_is_current(lang) for lang in LANGUAGES)


def test_update_keeps_translations_and_does_not_guess_changed_sources(scratch: Path) -> None:
    template = catalogs.extract_template()
    catalogs.update_catalogs(template)
    ky = catalogs.load_po("ky")
    assert ky.get(AMOUNT_HINT).string == "Сумманы жазыңыз, мисалы 1 234,50."

    # The English source changes by one word: the old translation must not be reused.
    changed = AMOUNT_HINT.replace("Enter", "Type")
    edited = Catalog()
    for message in template:
        if message.id and message.id != AMOUNT_HINT:
            edited.add(message.id, locations=message.locations)
    edited.add(changed, locations=[("aimak_desktop/i18n/formatting.py", 1)])
    catalogs.update_catalogs(edited)
    ky = catalogs.load_po("ky")
    assert ky.get(changed).string == ""
    assert not ky.get(changed).fuzzy
    assert AMOUNT_HINT not in ky

    # Changed back: the old translation returns from the obsolete list.
    catalogs.update_catalogs(template)
    assert catalogs.load_po("ky").get(AMOUNT_HINT).string == "Сумманы жазыңыз, мисалы 1 234,50."


def test_check_reports_a_stale_mo(scratch: Path) -> None:
    catalogs.apply_translations("ru", [Message(AMOUNT_HINT, "Укажите сумму, например 1 234,50.")])
    assert not catalogs.mo_is_current("ru")
    kinds = {(p.lang, p.kind) for p in catalogs.check()}
    assert ("ru", ".mo out of date") in kinds
    catalogs.compile_catalogs()
    assert catalogs.mo_is_current("ru")
    assert _gettext(scratch, "ru", AMOUNT_HINT) == "Укажите сумму, например 1 234,50."


def test_english_catalog_may_stay_empty() -> None:
    # Untranslated English entries fall back to the source text.
    assert translations("en").gettext("Some text nobody marked") == "Some text nobody marked"
    assert "en" not in catalogs.REQUIRED
