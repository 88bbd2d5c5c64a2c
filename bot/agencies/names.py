"""Comparison keys for agency names.

"Sở Công thương", "SỞ CÔNG THƯƠNG", "Sở  Công Thương." and the NFD spelling all give the same key;
"&" reads as "và" so "Sở KH&CN" and "Sở KH và CN" meet; punctuation and dashes become spaces so
"Đài PT-TH" and "Đài PT TH" meet. `compact_key` drops spaces and "và" too, for abbreviations
written run together ("LĐTBXH", "Sở KHCN").
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.text import fold

_PUNCT = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_LEADING = re.compile(r"^(?:[-+•*–—]|\d+[.)]|[a-zđ][)])\s*")
_WORD_FORMS = (
    (re.compile(r"\buy ban nhan dan\b"), "ubnd"),
    (re.compile(r"\buy ban mat tran to quoc\b"), "uy ban mttq"),
)


@lru_cache(maxsize=65536)  # pure, and an import asks for the same names many times
def name_key(name: str) -> str:
    """The key a name is looked up by: folded, '&' as 'và', no punctuation, single spaces."""
    text = fold(name.replace("&", " và ").replace("\u2019", "'"))
    text = _LEADING.sub("", text.strip())
    text = _PUNCT.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    for pattern, replacement in _WORD_FORMS:
        text = pattern.sub(replacement, text)
    return text


def compact_key(name: str) -> str:
    """The key without spaces or 'và': 'Sở LĐ-TB&XH' and 'Sở LĐTBXH' both give 'soldtbxh'."""
    return re.sub(r"\bva\b|\s", "", name_key(name))
