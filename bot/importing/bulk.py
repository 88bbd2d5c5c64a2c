"""Bulk inserts whose values are put in their database form once per distinct value.

A Core `insert()` executed with many parameter sets runs every typed column's bind processing
(UTC conversion, JSON encoding, enum checks, dates as text on SQLite) on every row. An import
repeats the same few values over thousands of rows (the import's timestamp, a section's titles,
a timeframe kind, a role), so here each distinct value is processed once, with the column's own
processor for the connection's dialect, and the rows go through an untyped `table()` clause that
hands them to the driver as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, column, insert, table
from sqlalchemy.ext.asyncio import AsyncConnection

CHUNK = 5000  # rows per executemany


class BulkInsert:
    def __init__(self, target: Table, columns: Sequence[str], connection: AsyncConnection) -> None:
        dialect = connection.dialect
        self.connection = connection
        self.columns = tuple(columns)
        self.statement = insert(table(target.name, *(column(name) for name in self.columns)))
        self.processors: dict[str, Callable[[Any], Any]] = {}
        for name in self.columns:
            processor = target.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self.processors[name] = processor
        self._memo: dict[str, dict[Any, Any]] = {name: {} for name in self.processors}

    def row(self, values: dict[str, Any]) -> dict[str, Any]:
        """The row's values (a dict of every column, changed in place) as the driver takes them."""
        for name, processor in self.processors.items():
            value = values[name]
            key = tuple(value) if isinstance(value, list) else value
            memo = self._memo[name]
            if key not in memo:
                memo[key] = processor(value)
            values[name] = memo[key]
        return values

    async def execute(self, rows: list[dict[str, Any]]) -> None:
        """Insert rows already passed through `row`."""
        for start in range(0, len(rows), CHUNK):
            await self.connection.execute(self.statement, rows[start : start + CHUNK])
