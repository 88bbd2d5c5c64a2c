"""Generic categories of bodies, fragments of names, and near-duplicate spellings.

Appendix cells name categories as often as agencies: "các cơ sở y tế", "các tổ chức tín dụng",
"các hội, hiệp hội ngành nghề", "doanh nghiệp", "Viện, Trung tâm nghiên cứu". They are groups,
not agencies, and nobody can list them all, so they are recognised by their family: a plural
("các", "những") or a generic head noun (cơ sở, tổ chức, đơn vị, trường, viện, trung tâm …)
without a proper name after it ("Trung tâm Xúc tiến Thương mại" is an agency; "trung tâm nghiên
cứu" is a category). A head noun alone ("Trung tâm" cut from "Viện, Trung tâm") is a fragment:
never an agency. A spelling one regional variant or one typo away from a known agency ("Sở Tài
chánh") is that agency, offered to the admin, never created beside it.
"""

from __future__ import annotations

from bot.text import fold

# (head nouns, the group they belong to), longest heads first within the table's search.
FAMILIES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("to chuc tin dung", "ngan hang", "quy tin dung"), "Các tổ chức tín dụng"),
    (("hop tac xa", "to hop tac"), "Các hợp tác xã"),
    (
        ("doanh nghiep", "cong ty", "tap doan", "nha dau tu", "ho kinh doanh", "thuong nhan"),
        "Doanh nghiệp",
    ),
    (("hiep hoi", "hoi", "cau lac bo"), "Các hội, hiệp hội"),
    (("truong", "hoc vien"), "Các trường đại học, cao đẳng"),
    (("vien", "trung tam"), "Các viện, trung tâm nghiên cứu"),
    (("co so", "benh vien", "phong kham"), "Các cơ sở liên quan"),
    (("to chuc", "ca nhan", "nha khoa hoc", "chuyen gia"), "Các tổ chức, cá nhân liên quan"),
    (("don vi", "co quan", "phong"), "Các đơn vị có liên quan"),
    (("xa", "phuong", "thi tran", "huyen", "dia phuong"), "UBND các huyện, thị xã, thành phố"),
)
# Words that begin like a head noun and are not one: a council, a chief, "phòng, chống".
_NOT_HEADS = ("hoi dong", "truong ban", "truong phong", "phong chong", "co so du lieu")
_PLURALS = ("cac", "nhung", "moi", "mot so", "cac loai")
# Words that may be capitalised inside a category without making it a proper name.
_GENERIC_WORDS = frozenset(
    word for heads, _ in FAMILIES for head in heads for word in head.split()
) | {"dai", "hoc", "cao", "dang", "trung", "cap", "nghien", "cuu", "nghe", "va", "cac"}
# Head nouns that never stand alone as a name.
_BARE = frozenset(
    {
        "so", "ban", "nganh", "vien", "trung tam", "truong", "hoi", "cuc", "chi cuc", "phong",
        "co quan", "don vi", "to chuc", "co so", "dia phuong", "cap", "so ban nganh", "hiep hoi",
    }
)  # fmt: skip
# Regional spellings and the standard one, over folded words.
_REGIONAL = {"chanh": "chinh", "nhut": "nhat", "tanh": "tinh"}
_SHORT_Y = frozenset({"ky", "ly", "my", "sy", "ty", "hy", "quy"})


def _words(name: str) -> list[tuple[str, str]]:
    """(word as written, folded) for each word, punctuation stripped."""
    pairs = []
    for raw in name.replace(",", " ").replace(";", " ").replace("-", " ").split():
        written = raw.strip(".:()\"'“”")
        if written:
            pairs.append((written, fold(written)))
    return pairs


def _head(folded: list[str]) -> tuple[str, int] | None:
    """The family of the head noun the words begin with, and how many words it takes."""
    best: tuple[str, int] | None = None
    for heads, group in FAMILIES:
        for head in heads:
            size = len(head.split())
            if folded[:size] == head.split() and (best is None or size > best[1]):
                best = (group, size)
    return best


def category_family(name: str) -> str | None:
    """The group a generic category belongs to ("các tổ chức văn hóa, thể thao" → "Các tổ
    chức, cá nhân liên quan"), or None for a proper name, a fragment or anything else."""
    pairs = _words(name)
    folded = [word for _, word in pairs]
    if folded[:1] == ["va"]:
        pairs, folded = pairs[1:], folded[1:]
    plural = False
    for marker in sorted(_PLURALS, key=len, reverse=True):
        size = len(marker.split())
        if folded[:size] == marker.split():
            pairs, folded, plural = pairs[size:], folded[size:], True
            break
    head = _head(folded)
    if head is None or " ".join(folded).startswith(_NOT_HEADS):
        return None
    group, size = head
    rest = pairs[size:]
    if plural:
        return group
    if not rest:
        return group if " ".join(folded) not in _BARE else None
    proper = any(written[:1].isupper() and word not in _GENERIC_WORDS for written, word in rest)
    return None if proper else group


def is_fragment(name: str) -> bool:
    """A head noun alone ("Trung tâm", "Sở", "Ban, ngành"): a piece cut from a list."""
    folded = " ".join(word for _, word in _words(name))
    return not folded or folded in _BARE


def variant_key(key: str) -> str:
    """A name key with regional spellings and i/y made standard ("so tai chanh" → "so tai
    chinh", "ky thuat" and "ki thuat" meet)."""
    words = []
    for word in key.split():
        word = _REGIONAL.get(word, word)
        if word in _SHORT_Y:
            word = word[:-1] + "i"
        words.append(word)
    return " ".join(words)


def typo_budget(key: str) -> int:
    """How many edits a spelling may differ by and still be the same agency: one for short
    names, two for long ones ("so noi vu" and "so ngoai vu" are two agencies)."""
    return 1 if len(key) < 20 else 2
