"""From a read document to parsed tasks and plan facts: tables first, prose otherwise.

A body's section "Tổ chức thực hiện" gives the plan's tasks when nothing else does; beside a
task table, "Đơn vị chủ trì: …" fields, or a reference to an appendix, it gives the agencies'
general duties instead, coded apart so they never duplicate a table row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.importing.errors import ImportFailed, Place
from bot.importing.facts import PlanFacts, read_facts
from bot.importing.implementation import as_duties, read_implementation, refers_to_appendix
from bot.importing.parsed import Notice, ParsedTask
from bot.importing.prose import read_prose
from bot.importing.readers import SourceDocument
from bot.importing.table import read_tables


@dataclass
class ParsedDocument:
    tasks: list[ParsedTask]
    facts: PlanFacts
    notices: list[Notice] = field(default_factory=list)
    duties: list[ParsedTask] = field(default_factory=list)

    @property
    def is_plan_body_only(self) -> bool:
        """A plan body whose tasks sit in a separate appendix: it sets the plan's facts (and
        its agencies' general duties) only."""
        return not self.tasks


def parse_document(
    document: SourceDocument, max_tasks: int, *, duties_as_tasks: bool = False
) -> ParsedDocument:
    """The tasks and facts of a document, or ImportFailed when it holds neither. With
    `duties_as_tasks` (the admin asks for it) general duties are followed up as tasks too."""
    name = document.file_name
    reader = read_tables(document.tables)
    tasks = reader.tasks
    facts = read_facts(document.paragraphs)
    duties: list[ParsedTask] = []
    if document.format in ("docx", "txt"):
        if not tasks:
            tasks = read_prose(document.paragraphs)
        items, label = read_implementation(document.paragraphs)
        fielded = {task.code for task in tasks}
        items = [item for item in items if item.code not in fielded]
        if tasks or refers_to_appendix(document.paragraphs):
            duties = as_duties(items, label)
            if duties_as_tasks:
                for duty in duties:
                    duty.duty = False
                tasks, duties = [*tasks, *duties], []
        else:
            tasks = items
    if len(tasks) + len(duties) > max_tasks:
        raise ImportFailed("import-error-rows", name, limit=max_tasks)
    if not tasks and not duties:
        first = document.tables[0] if document.tables else None
        place = Place(first.container, first.label) if first else None
        if reader.headers_found:
            raise ImportFailed("import-error-no-tasks", name, place)
        if document.format in ("xlsx", "csv"):
            raise ImportFailed("import-error-no-header", name, place)
        if not (facts.reporting or facts.coordinating_agency_name):
            raise ImportFailed("import-error-no-tasks", name)
    return ParsedDocument(tasks, facts, reader.notices, duties)
