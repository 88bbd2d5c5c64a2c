"""The chat's Fluent messages: no id shared with another area's file (all files load into one
bundle, so a shared id would silently replace one), and every id the handlers name exists."""

from __future__ import annotations

import re
from pathlib import Path

from fluent.syntax import FluentParser, ast

from bot.i18n import LOCALES_DIR, t
from handlers.commands import COMMANDS
from handlers.forms.update import EDITABLE

ROOT = Path(__file__).resolve().parents[2]
LITERAL_ID = re.compile(r"""(?:\.t|\.say|Reask|\bt)\(\s*(?:[a-z_.]+,\s*)?"([a-z][a-z0-9-]+)\"""")


def _ids(path: Path) -> set[str]:
    resource = FluentParser().parse(path.read_text(encoding="utf-8"))
    return {entry.id.name for entry in resource.body if isinstance(entry, ast.Message)}


def test_chat_ids_are_not_defined_by_another_area() -> None:
    for locale in ("vi", "en"):
        chat = _ids(LOCALES_DIR / locale / "chat.ftl")
        for other in (LOCALES_DIR / locale).glob("*.ftl"):
            if other.name != "chat.ftl":
                assert not chat & _ids(other), (other, sorted(chat & _ids(other)))


def test_every_message_the_chat_code_names_exists_in_both_languages() -> None:
    sources = [*ROOT.joinpath("handlers").rglob("*.py"), ROOT / "bot/channels/console.py"]
    named = {m for path in sources for m in LITERAL_ID.findall(path.read_text(encoding="utf-8"))}
    assert len(named) > 80  # the pattern does find them
    defined = {
        locale: set().union(*map(_ids, (LOCALES_DIR / locale).glob("*.ftl")))
        for locale in ("vi", "en")
    }
    for locale in ("vi", "en"):
        assert named <= defined[locale], sorted(named - defined[locale])
    for dynamic in (
        "role-admin",
        "role-coordinator",
        "role-focal",
        "language-vi",
        "language-en",
        "start-code-unknown",
        "start-code-used",
        "start-code-expired",
        "update-file-document",
        "update-file-photo",
        "status-not-started",
        "status-in-progress",
        "status-done",
        "status-blocked",
        *(f"update-field-{field}" for field in EDITABLE),
        *(f"cmd-{name}" for name in COMMANDS),
    ):
        assert t("en", dynamic) != dynamic
