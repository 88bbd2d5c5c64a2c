"""Vietnamese text at the boundaries: NFC normalisation, accent folding, cleaning.

Every string that enters dondoc from a file or a chat goes through `nfc` (or `clean`), so that
decomposed (NFD) accents, which look identical but compare unequal, never reach the database.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters that change what a reader sees without being seen: zero-width spaces and joiners,
# the word joiner and byte-order mark, and the bidirectional controls (embeddings, overrides,
# isolates, marks) that can show "Sở Y tế" with its words reordered. Removed at every boundary.
INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_CONTROL = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{INVISIBLE}]")
# Line breaks other than "\n": CR and CRLF, the vertical tab (Word's soft line break as some
# readers and copy-paste give it), form feed, NEL and Unicode's line and paragraph separators
# (U+2028, U+2029). A cell listing one agency a line keeps them apart.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


def nfc(text: str) -> str:
    """The NFC form of `text`."""
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """Every line break as a newline, control and invisible characters removed, NFC (after the
    removal: a zero-width space between a letter and its accent would keep them apart), runs of
    spaces collapsed, ends stripped."""
    if text is None:
        return ""
    text = nfc(_CONTROL.sub("", _LINE_BREAKS.sub("\n", str(text))))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


FOLD_KEPT_CHARS = 120  # choice labels and names; a task's content or a report is not kept


def fold(text: str) -> str:
    """A comparison key: lower case, accents removed (đ → d), spaces collapsed.

    Short texts are remembered: the same choice labels are folded at every typed answer of a
    form; long ones (task contents in an import) would only fill the cache.

    "Sở Công thương", "SỞ CÔNG THƯƠNG" and "So Cong Thuong" all fold to "so cong thuong".
    """
    return _fold_short(text) if len(text) <= FOLD_KEPT_CHARS else _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip()


_fold_short = lru_cache(maxsize=4096)(_fold)


_QUOTES = {'"': '"', "“": "”", "'": "'", "«": "»"}


def unquoted(text: str) -> str:
    """`text` cleaned, without one pair of quotes typed round all of it ('"Sở Y tế"', “Sở Y tế”
    → Sở Y tế): messages put their own quotes round a name."""
    text = clean(text)
    if len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


# What a cut may leave at its end: spaces, punctuation, an ellipsis of the text's own, an opening
# bracket or quote. Trimmed before the "…", else "tuyên truyền, ..." reads "tuyên truyền,...…".
_CUT_TAIL = " ,;:.…!?-–—/(“\"'"


def shorten(text: str, limit: int, *, at_word: bool = False) -> str:
    """One line (spaces collapsed) of at most `limit` characters: a longer one is cut, at a word
    boundary when `at_word`, and ends in "…" after the punctuation and spaces before the cut."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if at_word:
        cut = cut.rsplit(" ", 1)[0] or cut
    return cut.rstrip(_CUT_TAIL) + "…"
