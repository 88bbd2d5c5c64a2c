"""Every string a person sees comes from the Fluent files in `bot/locales/<locale>/*.ftl`.

Vietnamese is the default and the fallback; English is second. Each area of the product keeps its
own `.ftl` file (core, chat, import, reminders, reports, …); a message id is unique across them. A
message is parsed when it is first asked for, with the messages and terms it names: Fluent's
parser is pure Python, and parsing a whole file (a twentieth of a second for import.ftl), let
alone every file of a locale, would be paid by every command and every start for the few
messages it prints. Fluent's own parser does the parsing, of one entry's lines at a time (an
entry starts at a line beginning with its identifier, which is where the parser itself resumes
after an error); whatever the parser does not read as that one entry has its whole file parsed.
Numbers and dates are formatted the locale's way: 1.234.567 and 22/11/2026 in Vietnamese.
Most messages are text and variables only: those are filled in by joining their parts, which is
what Fluent's resolver would make of them, for a fifth of its CPU (a reminder has lines no other
message repeats, so a cache of formatted texts does not spare them).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LOCALE = "vi"
LOCALES = ("vi", "en")
# Where an entry (a message, or a term: "-brand") begins: at the start of a line.
_ENTRY = re.compile(r"^(-?[a-zA-Z][\w-]*)[ \t]*=", re.MULTILINE)

Parts = tuple[tuple[str, bool], ...]  # (text, False) or (a variable's name, True)


class _Catalogue:
    """One locale's messages, each parsed (with what it references) when first formatted.

    Fluent and Babel are imported on first use too: `dondoc --help` imports this module for its
    commands and needs neither."""

    def __init__(self, locale: str, folder: Path = LOCALES_DIR) -> None:
        from fluent.runtime import FluentBundle
        from fluent.runtime.resolver import MAX_PART_LENGTH

        self.bundle = FluentBundle([locale], use_isolating=False)
        self.longest = MAX_PART_LENGTH  # what Fluent inserts of one argument or text at most
        # By entry id ("-name" for a term), until parsed: its lines, and the file they are in.
        self.unparsed: dict[str, str] = {}
        self._files: dict[str, Path] = {}
        self._texts: dict[Path, str] = {}  # a file's text, until it is parsed whole
        self._parts: dict[str, Parts | None] = {}  # by message id; None: not text and variables
        for path in sorted((folder / locale).glob("*.ftl")):
            text = self._texts[path] = path.read_text(encoding="utf-8")
            starts = list(_ENTRY.finditer(text))
            ends = [start.start() for start in starts[1:]] + [len(text)]
            for start, end in zip(starts, ends, strict=True):
                if start.group(1) not in self.unparsed:
                    self.unparsed[start.group(1)] = text[start.start() : end]
                    self._files[start.group(1)] = path

    def _load(self, entry_id: str) -> None:
        """Parse an entry and, in turn, the entries it references; an entry that does not parse
        as itself alone has its whole file parsed instead."""
        from fluent.runtime import FluentResource
        from fluent.syntax import ast

        pending = [entry_id]
        while pending:
            key = pending.pop()
            if key not in self.unparsed:
                continue
            resource = FluentResource(self.unparsed.pop(key))
            entries = [e for e in resource.body if not isinstance(e, ast.BaseComment)]
            entry = entries[0] if len(entries) == 1 else None
            if isinstance(entry, ast.Message | ast.Term) and _entry_id(entry) == key:
                self.bundle.add_resource(resource)
                pending += _references(entry)
            else:
                self._parse({self._files[key]})

    def _parse(self, paths: set[Path]) -> None:
        """Parse whole files; entries of theirs already parsed alone stay as they are."""
        from fluent.runtime import FluentResource

        for path in sorted(paths):
            if path in self._texts:
                self.bundle.add_resource(FluentResource(self._texts.pop(path)))
        for key in [key for key in self.unparsed if self._files[key] in paths]:
            del self.unparsed[key]

    def format(self, message_id: str, args: dict[str, Any]) -> str | None:
        """The message filled in, or None when this locale does not have it."""
        if message_id in self.unparsed:
            self._load(message_id)
        if not self.bundle.has_message(message_id):
            return None
        pattern = self.bundle.get_message(message_id).value
        if pattern is None:
            return None
        if message_id not in self._parts:
            self._parts[message_id] = _parts(pattern, self.longest)
        parts = self._parts[message_id]
        if parts is not None and (joined := _joined(parts, args, self.longest)) is not None:
            return joined
        text, errors = self.bundle.format_pattern(pattern, args)
        if errors and self.unparsed:  # it may name what was not parsed yet: parse everything
            self._parse(set(self._files.values()))
            text, errors = self.bundle.format_pattern(pattern, args)
        return str(text)


def _entry_id(entry: Any) -> str:
    """A message's id, or a term's with its dash ("-brand")."""
    from fluent.syntax import ast

    return ("-" if isinstance(entry, ast.Term) else "") + str(entry.id.name)


def _references(entry: Any) -> list[str]:
    """The ids of the messages and terms ("-name") an entry names, wherever in it they are."""
    from fluent.syntax import ast, visitor

    found: list[str] = []

    class References(visitor.Visitor):
        def visit_MessageReference(self, node: ast.MessageReference) -> None:
            found.append(node.id.name)

        def visit_TermReference(self, node: ast.TermReference) -> None:
            found.append("-" + node.id.name)
            self.generic_visit(node)  # its arguments may name more

    References().visit(entry)
    return found


def _parts(pattern: Any, longest: int) -> Parts | None:
    """A compiled Fluent pattern of text and variables only, as its parts (the bundle does not
    isolate what it inserts); None for anything else (selectors, terms, functions), or for what
    Fluent refuses (too many parts, a text longer than `longest`). Fluent compiles a text alone
    to that text, and a variable alone to a placeable never isolated."""
    from fluent.runtime import resolver

    if isinstance(pattern, resolver.TextElement):
        return ((pattern.value, False),)
    if isinstance(pattern, resolver.NeverIsolatingPlaceable):
        return _variable(pattern)
    if not isinstance(pattern, resolver.Pattern) or len(pattern.elements) > pattern.MAX_PARTS:
        return None
    parts: list[tuple[str, bool]] = []
    for element in pattern.elements:
        if isinstance(element, resolver.TextElement) and len(element.value) <= longest:
            parts.append((element.value, False))
        elif isinstance(element, resolver.Placeable) and (variable := _variable(element)):
            parts += variable
        else:
            return None
    return tuple(parts)


def _variable(placeable: Any) -> Parts | None:
    """A placeable of one variable, as its part."""
    from fluent.runtime.resolver import VariableReference

    if isinstance(placeable.expression, VariableReference):
        return ((placeable.expression.id.name, True),)
    return None


def _joined(parts: Parts, args: dict[str, Any], longest: int) -> str | None:
    """The parts filled in with `args`, as Fluent's resolver fills them; None when Fluent would
    not simply insert an argument (missing, not text, or longer than `longest`)."""
    pieces: list[str] = []
    for text, variable in parts:
        if variable:
            value = args.get(text)
            if not isinstance(value, str) or len(value) > longest:
                return None
            text = value
        pieces.append(text)
    return "".join(pieces)


def normalise_locale(locale: str | None) -> str:
    """A supported locale for whatever the platform or the person said ("en-US" → "en")."""
    short = (locale or DEFAULT_LOCALE).split("-")[0].split("_")[0].lower()
    return short if short in LOCALES else DEFAULT_LOCALE


@cache
def _catalogue(locale: str) -> _Catalogue:
    return _Catalogue(locale)


def t(locale: str | None, message_id: str, **args: Any) -> str:
    """The message `message_id` in `locale`, with `args` filled in.

    Ints and floats are pre-formatted as text in the locale's style, because Fluent's own
    NUMBER() formatting ignores Vietnamese grouping in some versions; dates likewise.
    """
    loc = normalise_locale(locale)
    formatted = {key: _format_arg(value, loc) for key, value in args.items()}
    for each in dict.fromkeys((loc, DEFAULT_LOCALE)):
        text = _catalogue(each).format(message_id, formatted)
        if text is not None:
            return text
    return message_id


def _format_arg(value: Any, locale: str) -> Any:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_number(value, locale)
    if isinstance(value, datetime | date):
        return format_date(value, locale)
    return value


def format_number(value: float, locale: str | None = DEFAULT_LOCALE, digits: int = 1) -> str:
    """1234567 → "1.234.567" (vi) or "1,234,567" (en); floats keep up to `digits` decimals."""
    from babel.numbers import format_decimal

    pattern = "#,##0" if isinstance(value, int) else "#,##0." + "#" * digits
    return format_decimal(value, format=pattern, locale=normalise_locale(locale))


def format_percent(value: float, locale: str | None = DEFAULT_LOCALE) -> str:
    """0.875 → "87,5%" (vi) or "87.5%" (en)."""
    return format_number(round(value * 100, 1), locale) + "%"


def format_date(value: date | datetime, locale: str | None = DEFAULT_LOCALE) -> str:
    """dd/mm/yyyy in both locales (the Vietnamese administrative style; English users of a
    Vietnamese plan read the same dates)."""
    from babel.dates import format_date as babel_format_date

    day = value.date() if isinstance(value, datetime) else value
    return babel_format_date(day, format="dd/MM/yyyy", locale=normalise_locale(locale))


def format_datetime(value: datetime, tz: Any, locale: str | None = DEFAULT_LOCALE) -> str:
    """An instant in local time: "08:00 22/11/2026"."""
    local = value.astimezone(tz)
    return f"{local:%H:%M} {format_date(local, locale)}"
