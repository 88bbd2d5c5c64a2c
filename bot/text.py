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
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


def nfc(text: str) -> str:
    """The NFC form of `text`."""
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """Control and invisible characters removed, NFC (after the removal: a zero-width space
    between a letter and its accent would keep them apart), runs of spaces collapsed, ends
    stripped. Keeps newlines."""
    if text is None:
        return ""
    text = nfc(_CONTROL.sub("", str(text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """A comparison key: lower case, accents removed (đ → d), spaces collapsed.

    Remembered: the same choice labels are folded at every typed answer of a form.

    "Sở Công thương", "SỞ CÔNG THƯƠNG" and "So Cong Thuong" all fold to "so cong thuong".
    """
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip()
