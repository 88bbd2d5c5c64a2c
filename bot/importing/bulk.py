"""Bulk inserts whose values are put in their database form once per distinct value.

A Core `insert()` executed with many parameter sets runs every typed column's bind processing
(UTC conversion, JSON encoding, enum checks, dates as text on SQLite) and builds a parameter
dictionary on every row. An import repeats the same few values over thousands of rows (the
import's timestamp, a section's titles, a timeframe kind, a role), so here each distinct value is
processed once, with the column's own processor for the connection's dialect, and the rows go to
the driver as they are: the statement is compiled once for the dialect and run with
`exec_driver_sql` (tuples in the dialect's positional order, or dictionaries where the dialect
names its parameters).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, column, insert, table
from sqlalchemy.ext.asyncio import AsyncConnection

CHUNK = 5000  # rows per executemany


class BulkInsert:
    def __init__(self, target: Table, columns: Sequence[str], connection: AsyncConnection) -> None:
        dialect = connection.dialect
        self.connection = connection
        statement = insert(table(target.name, *(column(name) for name in columns)))
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.positional = bool(compiled.positional)
        self.order: tuple[str, ...] = (
            tuple(compiled.positiontup or ()) if self.positional else tuple(columns)
        )
        order = self.order
        self._values = itemgetter(*order) if len(order) > 1 else lambda row: (row[order[0]],)
        self._processed: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = []
        for position, name in enumerate(self.order):
            processor = target.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self._processed.append((position, processor, {}))

    def row(self, values: dict[str, Any]) -> Any:
        """The row's values (a dict of every column) as the driver takes them."""
        out = list(self._values(values))
        for position, processor, memo in self._processed:
            value = out[position]
            key = tuple(value) if value.__class__ is list else value
            if key not in memo:
                memo[key] = processor(value)
            out[position] = memo[key]
        return tuple(out) if self.positional else dict(zip(self.order, out, strict=True))

    async def execute(self, rows: list[Any]) -> None:
        """Insert rows already passed through `row`."""
        for start in range(0, len(rows), CHUNK):
            await self.connection.exec_driver_sql(self.sql, rows[start : start + CHUNK])
