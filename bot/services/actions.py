"""The choice values that open something from anywhere in a chat: a reminder's or a list's
button (a chat with buttons), or its numbered line (a chat without buttons). Made here and read
back here, so the makers (reminders, /tasks, /overdue) and the dispatcher agree, and forged
values are refused.

- ``update:<assignment>:<period>`` — the status form for that task and period (``update:<a>``,
  from before periods were named, opens the period the task is owed for first).
- ``explain:<request>`` — the answer form of an explanation request.
- ``askexplain:<period>:<agency>`` — a coordinator asks that agency to explain.
- ``tasks:<page>`` — that page (from 1) of the person's /tasks list.
"""

from __future__ import annotations

from dataclasses import dataclass

UPDATE = "update"
EXPLAIN = "explain"
ASK_EXPLANATION = "askexplain"
TASKS_PAGE = "tasks"
MAX_ID = 2**63 - 1


def update_action(assignment_id: int, period_id: int | None) -> str:
    return f"{UPDATE}:{assignment_id}" + (f":{period_id}" if period_id is not None else "")


def explain_action(request_id: int) -> str:
    return f"{EXPLAIN}:{request_id}"


def ask_explanation_action(period_id: int, agency_id: int) -> str:
    return f"{ASK_EXPLANATION}:{period_id}:{agency_id}"


def tasks_page_action(page: int) -> str:
    return f"{TASKS_PAGE}:{page}"


@dataclass(frozen=True, slots=True)
class Action:
    kind: str
    ids: tuple[int, ...]


ARITY = {UPDATE: (1, 2), EXPLAIN: (1,), ASK_EXPLANATION: (2,), TASKS_PAGE: (1,)}


def parse_action(value: str) -> Action | None:
    """The action a choice value names, or None when it is not one or is malformed (a stale or
    forged button): every part must be a positive whole number of the right count."""
    kind, _, rest = value.partition(":")
    if kind not in ARITY or not rest:
        return None
    parts = rest.split(":")
    if len(parts) not in ARITY[kind] or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    ids = tuple(int(part) for part in parts)
    if any(not 0 < item <= MAX_ID for item in ids):
        return None
    return Action(kind, ids)
