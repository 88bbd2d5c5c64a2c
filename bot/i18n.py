"""Every string a person sees comes from the Fluent files in `bot/locales/<locale>/*.ftl`.

Vietnamese is the default and the fallback; English is second. Each area of the product keeps its
own `.ftl` file (core, chat, import, reminders, reports, …); a message id is unique across them. A
message is parsed when it is first asked for, with the messages and terms it names: Fluent's
parser is pure Python, and parsing a whole file (5 ms for import.ftl, three times that for
chat.ftl), let alone every file of a locale, would be paid by every command and every start
for the few messages it prints. Fluent's own parser does the parsing, of one entry's lines at a
time (an entry starts at a line beginning with its identifier, which is where the parser itself
resumes after an error); what it does not read as that one entry has its whole file parsed.
Numbers and dates are formatted the locale's way: 1.234.567 and 22/11/2026 in Vietnamese.
Most messages are text and variables only: those are filled in by joining their parts, which is
what Fluent's resolver would make of them, for a fifth of its CPU (a reminder has lines no other
message repeats, so a cache of formatted texts does not spare them), and without importing
Fluent's runtime at all (a tenth of a dry run's imports) until a message needs it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fluent.runtime import FluentBundle
    from fluent.syntax.ast import Message, Pattern, Resource

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LOCALE = "vi"
LOCALES = ("vi", "en")
# Where an entry (a message, or a term: "-brand") begins: at the start of a line.
_ENTRY = re.compile(r"^(-?[a-zA-Z][\w-]*)[ \t]*=", re.MULTILINE)

# Fluent's runtime's limits (fluent.runtime.resolver, checked by the tests): what it inserts of
# one text or argument at most, and how many parts a pattern may have.
MAX_PART_LENGTH = 2500
MAX_PARTS = 1000

Parts = tuple[tuple[str, bool], ...]  # (text, False) or (a variable's name, True)


class _Catalogue:
    """One locale's messages, each parsed (with what it references) when first formatted.

    Fluent's syntax package parses; its runtime (with attrs, pytz and Babel's dates) is imported
    when a message first needs its resolver: `dondoc --help` imports this module for its
    commands and needs neither, and a command that prints text and variables only, as a dry run
    does, never loads the runtime."""

    def __init__(self, locale: str, folder: Path = LOCALES_DIR) -> None:
        self.locale = locale
        self._bundle: FluentBundle | None = None
        self._resources: list[Resource] = []  # what was parsed, for the bundle once it is made
        self._messages: dict[str, Message] = {}  # parsed, by id; the first of an id, as Fluent
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

    @property
    def bundle(self) -> FluentBundle:
        """Fluent's bundle of everything parsed so far, made when first needed."""
        if self._bundle is None:
            from fluent.runtime import FluentBundle

            self._bundle = FluentBundle([self.locale], use_isolating=False)
            for resource in self._resources:
                self._bundle.add_resource(resource)
        return self._bundle

    def _add(self, resource: Resource) -> None:
        from fluent.syntax import ast

        self._resources.append(resource)
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                self._messages.setdefault(entry.id.name, entry)
        if self._bundle is not None:
            self._bundle.add_resource(resource)

    def _load(self, entry_id: str) -> None:
        """Parse an entry and, in turn, the entries it references; an entry that does not parse
        as itself alone has its whole file parsed instead."""
        from fluent.syntax import FluentParser, ast

        pending = [entry_id]
        while pending:
            key = pending.pop()
            if key not in self.unparsed:
                continue
            resource = FluentParser().parse(self.unparsed.pop(key))
            entries = [e for e in resource.body if not isinstance(e, ast.BaseComment)]
            entry = entries[0] if len(entries) == 1 else None
            if isinstance(entry, ast.Message | ast.Term) and _entry_id(entry) == key:
                self._add(resource)
                pending += _references(entry)
            else:
                self._parse({self._files[key]})

    def _parse(self, paths: set[Path]) -> None:
        """Parse whole files; entries of theirs already parsed alone stay as they are."""
        from fluent.syntax import FluentParser

        for path in sorted(paths):
            if path in self._texts:
                self._add(FluentParser().parse(self._texts.pop(path)))
        for key in [key for key in self.unparsed if self._files[key] in paths]:
            del self.unparsed[key]

    def format(self, message_id: str, args: dict[str, Any]) -> str | None:
        """The message filled in, or None when this locale does not have it."""
        if message_id in self.unparsed:
            self._load(message_id)
        message = self._messages.get(message_id)
        if message is None or message.value is None:
            return None
        if message_id not in self._parts:
            self._parts[message_id] = _parts(message.value)
        parts = self._parts[message_id]
        if parts is not None and (joined := _joined(parts, args)) is not None:
            return joined
        pattern = self.bundle.get_message(message_id).value
        assert pattern is not None  # the bundle's compiled `message`
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


def _parts(pattern: Pattern) -> Parts | None:
    """A parsed Fluent pattern of text and variables only, as its parts (the bundle does not
    isolate what it inserts); None for anything else (selectors, terms, functions, literals),
    or for what Fluent refuses (too many parts, a text longer than it inserts). The pattern is
    taken as Fluent's runtime compiles it (fluent.runtime.prepare): a text alone stays that
    text, a variable alone is never isolated, and anything else is its elements in turn."""
    from fluent.syntax import ast

    elements = pattern.elements
    if len(elements) == 1 and isinstance(elements[0], ast.TextElement):
        return ((elements[0].value, False),)
    if len(elements) > MAX_PARTS:
        return None
    parts: list[tuple[str, bool]] = []
    for element in elements:
        if isinstance(element, ast.TextElement) and len(element.value) <= MAX_PART_LENGTH:
            parts.append((element.value, False))
        elif isinstance(element, ast.Placeable) and isinstance(
            element.expression, ast.VariableReference
        ):
            parts.append((element.expression.id.name, True))
        else:
            return None
    return tuple(parts)


def _joined(parts: Parts, args: dict[str, Any]) -> str | None:
    """The parts filled in with `args`, as Fluent's resolver fills them; None when Fluent would
    not simply insert an argument (missing, not text, or longer than it inserts)."""
    pieces: list[str] = []
    for text, variable in parts:
        if variable:
            value = args.get(text)
            if not isinstance(value, str) or len(value) > MAX_PART_LENGTH:
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
    """1234567 → "1.234.567" (vi) or "1,234,567" (en); floats keep up to `digits` decimals.

    A count under a thousand has no separator to place: it is written as Babel writes it in both
    locales without loading Babel's locale data (and Babel's dates, which unpickling that data
    imports): most commands print such counts only."""
    if type(value) is int and 0 <= value < 1000:
        return str(value)
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
