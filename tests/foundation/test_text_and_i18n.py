from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n import format_date, format_number, format_percent, t
from bot.text import clean, fold, nfc, shorten, unquoted


def test_nfd_and_nfc_become_equal() -> None:
    composed = "Sở Khoa học và Công nghệ"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert nfc(decomposed) == composed
    assert clean(decomposed) == composed


def test_clean_removes_control_characters_and_extra_spaces() -> None:
    assert clean("  Sở\x00 Y\u00a0 tế \x07\r\nhai ") == "Sở Y tế\nhai"


def test_fold_ignores_case_accents_and_d() -> None:
    assert fold("SỞ CÔNG THƯƠNG") == fold("Sở Công thương") == "so cong thuong"
    assert fold("Đài Phát thanh") == "dai phat thanh"


@given(st.text())
def test_fold_is_stable(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


def test_vietnamese_and_english_formats() -> None:
    assert format_number(1234567, "vi") == "1.234.567"
    assert format_number(1234567, "en") == "1,234,567"
    assert format_percent(0.875, "vi") == "87,5%"
    assert format_date(date(2026, 1, 5), "vi") == "05/01/2026"


def test_messages_in_both_languages_with_fallback() -> None:
    assert t("vi", "db-upgraded", revision="x").startswith("Cơ sở dữ liệu")
    assert t("en", "db-upgraded", revision="x").startswith("The database")
    assert t("en-US", "db-upgraded", revision="x").startswith("The database")
    assert t("fr", "db-upgraded", revision="x").startswith("Cơ sở dữ liệu")


def test_every_message_exists_in_both_languages() -> None:
    from fluent.syntax import FluentParser, ast

    from bot.i18n import LOCALES_DIR

    def ids(locale: str) -> set[str]:
        found: set[str] = set()
        for path in (LOCALES_DIR / locale).glob("*.ftl"):
            resource = FluentParser().parse(path.read_text(encoding="utf-8"))
            assert not [e for e in resource.body if isinstance(e, ast.Junk)], path
            found |= {e.id.name for e in resource.body if isinstance(e, ast.Message)}
        return found

    assert ids("vi") == ids("en")


def test_each_message_is_found_in_the_one_file_that_defines_it() -> None:
    """`t` parses a locale's file when one of its messages is first asked for: the quick scan of
    message ids must see what Fluent's parser sees, and no id may live in two files."""
    from fluent.syntax import FluentParser, ast

    from bot.i18n import _MESSAGE_ID, LOCALES_DIR

    for locale in ("vi", "en"):
        seen: dict[str, str] = {}
        for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
            source = path.read_text(encoding="utf-8")
            parsed = FluentParser().parse(source)
            ids = [e.id.name for e in parsed.body if isinstance(e, ast.Message | ast.Term)]
            assert _MESSAGE_ID.findall(source) == ids, path
            for message_id in ids:
                assert seen.setdefault(message_id, path.name) == path.name, (locale, message_id)


def test_a_message_is_formatted_from_a_file_parsed_on_demand() -> None:
    from bot.i18n import _Catalogue

    catalogue = _Catalogue("en")
    assert "import-file-missing" in catalogue.unparsed
    assert catalogue.format("import-file-missing", {"file": "x.xlsx"}) == t(
        "en", "import-file-missing", file="x.xlsx"
    )
    assert "import-file-missing" not in catalogue.unparsed
    assert "console-welcome" in catalogue.unparsed  # another file: not parsed yet
    assert catalogue.format("no-such-message", {}) is None


def test_text_and_variables_are_joined_as_fluent_formats_them() -> None:
    """Every message of text and variables, in both languages, comes out of the joining path as
    Fluent's resolver makes it; any other argument (missing, not text, too long) goes to
    Fluent, which says what it makes of it."""
    from bot.i18n import _Catalogue, _joined, _parts

    for locale in ("vi", "en"):
        catalogue = _Catalogue(locale)
        message_ids = list(catalogue.unparsed)
        catalogue._parse(set(catalogue.unparsed.values()))
        joined, left = 0, []
        for message_id in message_ids:
            pattern = catalogue.bundle.get_message(message_id).value
            parts = None if pattern is None else _parts(pattern, catalogue.longest)
            if parts is None:
                left.append(message_id)
                continue
            names = {text for text, variable in parts if variable}
            args = {name: f"<{name} & {locale}>" for name in names}
            expected, errors = catalogue.bundle.format_pattern(pattern, args)
            assert not errors
            assert _joined(parts, args, catalogue.longest) == expected, message_id
            assert catalogue.format(message_id, args) == expected
            joined += 1
            for name in names:
                missing = {key: value for key, value in args.items() if key != name}
                for wrong in ({**args, name: 3}, {**args, name: "x" * 3000}, missing):
                    assert _joined(parts, wrong, catalogue.longest) is None
                    fluent = catalogue.bundle.format_pattern(pattern, wrong)[0]
                    assert catalogue.format(message_id, wrong) == str(fluent)
        assert joined > 300, (locale, joined)
        assert "reminder-due" in left  # its selectors go to Fluent


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ('"Sở Y tế"', "Sở Y tế"),
        ("“Sở Y tế”", "Sở Y tế"),
        (' " Sở Y tế " ', "Sở Y tế"),
        ("Sở Y tế", "Sở Y tế"),
        ('"Sở Y tế', '"Sở Y tế'),  # not a pair: kept as typed
        ('"', '"'),
    ],
)
def test_unquoted_drops_one_pair_of_quotes(typed: str, name: str) -> None:
    assert unquoted(typed) == name


TITLE = "Tuyên truyền, phổ biến kiến thức…, ... về công nghệ sinh học trong công nghiệp"


@pytest.mark.parametrize("limit", range(34, 41))
def test_a_cut_title_ends_in_one_ellipsis_after_its_last_word(limit: int) -> None:
    """Cut anywhere in "thức…, ... về": not "thức…,...…" but "thức…"."""
    assert shorten(TITLE, limit) == "Tuyên truyền, phổ biến kiến thức…"


def test_shorten_keeps_what_fits_and_cuts_at_a_word_when_asked() -> None:
    assert shorten("  Sở   Y tế ", 20) == "Sở Y tế"
    assert shorten(TITLE, 42) == "Tuyên truyền, phổ biến kiến thức…, ... về…"
    assert shorten(TITLE, 45, at_word=True) == "Tuyên truyền, phổ biến kiến thức…, ... về…"
    assert shorten("Tổ chức hội thảo (lần 2) năm 2026", 19) == "Tổ chức hội thảo…"
    assert len(shorten(TITLE, 30)) == 30
