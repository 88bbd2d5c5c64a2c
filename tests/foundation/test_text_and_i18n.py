from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n import _Catalogue, format_date, format_number, format_percent, t
from bot.text import clean, fold, nfc, shorten, unquoted


def test_nfd_and_nfc_become_equal() -> None:
    composed = "Sở Khoa học và Công nghệ"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert nfc(decomposed) == composed
    assert clean(decomposed) == composed


def test_clean_removes_control_characters_and_extra_spaces() -> None:
    assert clean("  Sở\x00 Y\u00a0 tế \x07\r\nhai ") == "Sở Y tế\nhai"


def test_clean_makes_every_line_break_a_newline() -> None:
    text = "một\rhai\vba\x0cbốn\x85năm\u2028sáu\u2029bảy\r\ntám"
    assert clean(text) == "một\nhai\nba\nbốn\nnăm\nsáu\nbảy\ntám"


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


def test_small_counts_are_written_as_babel_writes_them() -> None:
    from babel.numbers import format_decimal

    for locale in ("vi", "en"):
        for value in range(-5, 1005):
            assert format_number(value, locale) == format_decimal(value, "#,##0", locale=locale)


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
    """`t` parses a message alone when it is first asked for: the quick scan of entry ids must
    see what Fluent's parser sees, each entry's lines must parse as that entry alone (else its
    whole file is parsed, all of it for nothing), and no id may live in two files."""
    from fluent.syntax import FluentParser, ast

    from bot.i18n import _ENTRY, LOCALES_DIR, _Catalogue

    def entry_id(entry: ast.Message | ast.Term) -> str:
        return ("-" if isinstance(entry, ast.Term) else "") + entry.id.name

    for locale in ("vi", "en"):
        seen: dict[str, str] = {}
        catalogue = _Catalogue(locale)
        for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
            source = path.read_text(encoding="utf-8")
            parsed = FluentParser(with_spans=False).parse(source)
            entries = [e for e in parsed.body if isinstance(e, ast.Message | ast.Term)]
            ids = [entry_id(entry) for entry in entries]
            assert _ENTRY.findall(source) == ids, path
            for entry in entries:
                alone = FluentParser(with_spans=False).parse(catalogue.unparsed[entry_id(entry)])
                assert alone.body[0].equals(entry, ["comment"]), (locale, entry_id(entry))
            for message_id in ids:
                assert seen.setdefault(message_id, path.name) == path.name, (locale, message_id)


def test_a_message_is_parsed_alone_on_demand() -> None:
    from bot.i18n import _Catalogue

    catalogue = _Catalogue("en")
    assert "import-file-missing" in catalogue.unparsed
    assert catalogue.format("import-file-missing", {"file": "x.xlsx"}) == t(
        "en", "import-file-missing", file="x.xlsx"
    )
    assert "import-file-missing" not in catalogue.unparsed
    assert "import-map-bad" in catalogue.unparsed  # the same file: not parsed yet
    assert catalogue.format("no-such-message", {}) is None


def test_every_message_parsed_alone_formats_as_its_whole_file_would() -> None:
    """Each message asked for first, alone in a fresh catalogue, comes out as Fluent formats it
    with every file parsed, whatever it holds (selectors, references, several lines)."""
    from fluent.runtime import FluentBundle, FluentResource
    from fluent.syntax import ast

    from bot.i18n import LOCALES_DIR, _Catalogue

    for locale in ("vi", "en"):
        whole = FluentBundle([locale], use_isolating=False)
        for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
            whole.add_resource(FluentResource(path.read_text(encoding="utf-8")))
        for message_id in [key for key in _Catalogue(locale).unparsed if key[0] != "-"]:
            pattern = whole.get_message(message_id).value
            if pattern is None:
                continue
            names = {
                node.id.name for node in _nodes(pattern) if isinstance(node, ast.VariableReference)
            }
            for args in ({n: f"<{n}>" for n in names}, {n: "one" for n in names}):
                expected = str(whole.format_pattern(pattern, args)[0])
                assert _Catalogue(locale).format(message_id, args) == expected, message_id


def _nodes(pattern: object) -> list[object]:
    """Every node of a compiled Fluent pattern (its variables, wherever they are)."""
    found: list[object] = []
    pending = [pattern]
    while pending:
        node = pending.pop()
        found.append(node)
        for value in getattr(node, "__dict__", {}).values():
            pending += value if isinstance(value, list) else [value]
    return found


FTL_CORE = """\
## Terms and messages that name one another.
-brand = Đôn Đốc
    .short = dd
-greeting = { $who ->
    [admin] chào quản trị
   *[other] chào { $who }
}
welcome = { -greeting(who: "bạn") }, { -brand } { -brand.short ->
    [dd] (ĐĐ)
   *[other] (?)
}
signed = { welcome } — { -brand }
menu = Thực đơn
    .title = { -brand }: thực đơn
    .hint = Chọn một mục
menu-title = { menu.title }
tasks = { $count ->
    [one] một việc
   *[other] { $count } việc
} còn lại, { $name }
long = Dòng một
    dòng hai { $name }

    dòng bốn
# a comment between entries
after = Sau
"""
FTL_OTHER = """\
elsewhere = { signed } — và { -brand }
broken = { $name
fine = Ổn
"""


def _catalogue_of(folder: Path, files: dict[str, str]) -> _Catalogue:
    (folder / "vi").mkdir()
    for name, text in files.items():
        (folder / "vi" / name).write_text(text, encoding="utf-8")
    return _Catalogue("vi", folder)


def test_messages_naming_terms_and_messages_are_parsed_with_what_they_name(tmp_path: Path) -> None:
    catalogue = _catalogue_of(tmp_path, {"core.ftl": FTL_CORE, "other.ftl": FTL_OTHER})
    assert catalogue.format("welcome", {}) == "chào bạn, Đôn Đốc (ĐĐ)"
    assert catalogue.format("menu-title", {}) == "Đôn Đốc: thực đơn"
    assert "tasks" in catalogue.unparsed and "fine" in catalogue.unparsed  # not asked for
    assert catalogue.format("elsewhere", {}) == "chào bạn, Đôn Đốc (ĐĐ) — Đôn Đốc — và Đôn Đốc"
    assert catalogue.format("tasks", {"count": "one", "name": "A"}) == "một việc còn lại, A"
    assert catalogue.format("tasks", {"count": "3", "name": "A"}) == "3 việc còn lại, A"
    assert catalogue.format("long", {"name": "B"}) == "Dòng một\ndòng hai B\n\ndòng bốn"
    assert catalogue.format("after", {}) == "Sau"
    assert catalogue.format("menu", {}) == "Thực đơn"
    assert "fine" in catalogue.unparsed


def test_an_entry_that_does_not_parse_alone_has_its_file_parsed(tmp_path: Path) -> None:
    """ "broken" never closes its placeable: Fluent makes it junk and resumes at "fine"; asking
    for it parses its file, whose other messages come out as they would have anyway."""
    catalogue = _catalogue_of(tmp_path, {"core.ftl": FTL_CORE, "other.ftl": FTL_OTHER})
    assert catalogue.format("broken", {"name": "x"}) is None
    assert "fine" not in catalogue.unparsed and "elsewhere" not in catalogue.unparsed
    assert "tasks" in catalogue.unparsed  # the other file is still unparsed
    assert catalogue.format("fine", {}) == "Ổn"
    assert catalogue.format("elsewhere", {}) == "chào bạn, Đôn Đốc (ĐĐ) — Đôn Đốc — và Đôn Đốc"


def test_the_limits_joining_keeps_to_are_fluents() -> None:
    from fluent.runtime import resolver

    from bot.i18n import MAX_PART_LENGTH, MAX_PARTS

    assert (MAX_PART_LENGTH, MAX_PARTS) == (resolver.MAX_PART_LENGTH, resolver.Pattern.MAX_PARTS)


def test_a_message_of_many_parts_or_a_long_text_goes_to_fluent(tmp_path: Path) -> None:
    from bot.i18n import MAX_PART_LENGTH, MAX_PARTS

    many = "many = " + "{ $a }" * (MAX_PARTS + 1) + "\n"
    long = "long = " + "x" * (MAX_PART_LENGTH + 1) + " { $a }\n"
    catalogue = _catalogue_of(tmp_path, {"core.ftl": many + long})
    assert catalogue.format("many", {"a": "y"}) == "{???}"  # Fluent refuses too many parts
    assert catalogue._parts["many"] is None
    assert catalogue.format("long", {"a": "y"}) == "{???}"  # and too long a text
    assert catalogue._parts["long"] is None


def test_text_and_variables_are_joined_as_fluent_formats_them() -> None:
    """Every message of text and variables, in both languages, comes out of the joining path as
    Fluent's resolver makes it; any other argument (missing, not text, too long) goes to
    Fluent, which says what it makes of it."""
    from bot.i18n import _Catalogue, _joined, _parts

    for locale in ("vi", "en"):
        catalogue = _Catalogue(locale)
        message_ids = [key for key in catalogue.unparsed if key[0] != "-"]
        catalogue._parse(set(catalogue._files.values()))
        joined, left = 0, []
        for message_id in message_ids:
            parsed = catalogue._messages[message_id].value
            pattern = catalogue.bundle.get_message(message_id).value
            parts = None if parsed is None else _parts(parsed)
            if parts is None:
                left.append(message_id)
                continue
            names = {text for text, variable in parts if variable}
            args = {name: f"<{name} & {locale}>" for name in names}
            expected, errors = catalogue.bundle.format_pattern(pattern, args)
            assert not errors
            assert _joined(parts, args) == expected, message_id
            assert catalogue.format(message_id, args) == expected
            joined += 1
            for name in names:
                missing = {key: value for key, value in args.items() if key != name}
                for wrong in ({**args, name: 3}, {**args, name: "x" * 3000}, missing):
                    assert _joined(parts, wrong) is None
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
