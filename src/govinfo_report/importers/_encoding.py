"""Chinese text that was misread and saved again (乱码; spec §7, D17), read back.

A crawler that takes a UTF-8 page for GBK turns each Chinese character's three bytes into one and a half GBK
characters (``政府`` becomes ``鏀垮簻``) and, where a pair of bytes is no GBK character, drops or replaces one
byte.  Encoding the text as GBK again gives the bytes back, less those dropped; decoding them as UTF-8 then
gives every character but the ones that lost a byte, each of which becomes one ``U+FFFD`` in its place (about
one character in eight).  The format's own words (labels, headings, captions) are then put back where the
characters left of them say which word it was: at least two, and at least half of the word, in their
places, and no other word of the formats fits them.  Every other lost character stays ``U+FFFD``: it is not
guessed.  Latin-1 keeps every byte: a page read as Latin-1 (HTTP's default where no charset is given) comes back
whole.
"""

from __future__ import annotations

import re
from functools import cache

from govinfo_report.formats import FormatSpec, formats

__all__ = ["LOST", "MARKERS", "Repair", "repair", "restore_key"]

LOST = "\ufffd"
MARKERS = ("政府", "信息", "公开")
"""Words every report prints many times: text without any of them is no report as it stands."""
_MIN_WORD = 3
_MIN_KNOWN = 2
_KNOWN_SHARE = 1 / 2
_EXTRA_WORDS = (
    "政府信息公开工作年度报告",
    "年度报告",
    "人民政府",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
    "总体情况",
)


class Repair:
    """The text read back: how it had been misread, and how many of its characters were lost (``U+FFFD``)."""

    __slots__ = ("lost", "read_as", "restored", "text", "was")

    def __init__(self, text: str, read_as: str, was: str, lost: int, restored: int) -> None:
        self.text, self.read_as, self.was, self.lost, self.restored = text, read_as, was, lost, restored


def _labels(spec: FormatSpec) -> set[str]:
    """Every label, title and heading a format prints."""
    words: set[str] = set()
    for table in spec.tables:
        words.add(table.title)
        if table.column_header:
            words.add(table.column_header)
        for row in table.rows:
            words.update(row.labels)
            for column in row.columns.columns:
                words.update(column.labels)
    words.update(section.title for section in spec.sections)
    return words


@cache
def _known_words() -> tuple[str, ...]:
    """The formats' words of at least :data:`_MIN_WORD` characters, longest first."""
    words: set[str] = set(_EXTRA_WORDS)
    for spec in formats():
        words.update(_labels(spec))
    return tuple(sorted((w for w in words if len(w) >= _MIN_WORD), key=lambda w: (-len(w), w)))


class _Words:
    """Known words, found with their lost characters (``U+FFFD``) in the places of any of theirs."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.pattern = re.compile("|".join("".join(f"[{re.escape(c)}{LOST}]" for c in w) for w in words))
        by_length: dict[int, list[str]] = {}
        for word in words:
            by_length.setdefault(len(word), []).append(word)
        self.by_length = {n: tuple(ws) for n, ws in by_length.items()}

    def word_of(self, printed: str) -> str | None:
        """The one known word that ``printed`` is, its lost characters aside (None if none or several are)."""
        found = {
            w
            for w in self.by_length.get(len(printed), ())
            if all(p in (c, LOST) for p, c in zip(printed, w, strict=True))
        }
        return found.pop() if len(found) == 1 else None

    def restore(self, text: str) -> tuple[str, int]:
        """The words put back where enough of their characters are left; and how many characters that was."""
        restored = 0

        def put_back(match: re.Match[str]) -> str:
            nonlocal restored
            printed = match.group()
            lost = printed.count(LOST)
            known = len(printed) - lost
            if not lost or known < _MIN_KNOWN or known < _KNOWN_SHARE * len(printed):
                return printed
            word = self.word_of(printed)
            if word is None:
                return printed
            restored += lost
            return word

        return self.pattern.sub(put_back, text), restored


@cache
def _words() -> _Words:
    return _Words(_known_words())


@cache
def _keys() -> _Words:
    from govinfo_report.importers._grid import norm  # noqa: PLC0415 - norm calls restore_key

    return _Words(tuple(sorted({norm(w) for w in _known_words()}, key=lambda w: (-len(w), w))))


@cache
def _short_keys() -> _Words:
    """The formats' two-character words (总计, 其他, 规章), in their compared form."""
    from govinfo_report.importers._grid import norm  # noqa: PLC0415 - norm calls restore_key

    words = {norm(label) for spec in formats() for label in _labels(spec)}
    return _Words(tuple(sorted(w for w in words if len(w) == _MIN_WORD - 1)))


def restore_key(key: str) -> str:
    """A label in its compared form (:func:`~govinfo_report.importers._grid.norm`), known words put back.

    For a label whose characters were lost and which was split over lines or elements of a misread page.  A
    whole label of two characters with one lost (总�) is the one two-character word it can be.
    """
    if len(key) == _MIN_WORD - 1:
        word = _short_keys().word_of(key)
        return key if word is None or key.count(LOST) == len(key) else word
    return _keys().restore(key)[0]


_HOLDING_LOST = re.compile(f"[^\\s<>]*{LOST}[^\\s<>]*")
"""A run of text between spaces and markup that holds a lost character: a word of the formats is within one."""


def _restore(text: str) -> tuple[str, int]:
    """The known words put back in the runs of ``text`` that hold lost characters (markup and spaces passed by)."""
    words = _words()
    restored = 0

    def within(match: re.Match[str]) -> str:
        nonlocal restored
        out, n = words.restore(match.group())
        restored += n
        return out

    return _HOLDING_LOST.sub(within, text), restored


_MISREADINGS = (
    ("gbk", "utf-8"),
    ("gb18030", "utf-8"),
    ("latin-1", "utf-8"),  # no charset given: HTTP's default (requests' r.text), every byte kept
    ("cp1252", "utf-8"),
    ("latin-1", "gb18030"),  # a GBK page read the same way
)
"""(how the text was read, what it was): the misreadings tried, each undone by encoding and decoding again."""


def repair(text: str) -> Repair | None:
    """The text read back if it is Chinese text misread (UTF-8 as GBK, or either as Latin-1); None if not such."""
    if any(m in text for m in MARKERS):
        return None
    best: Repair | None = None
    for read_as, was in _MISREADINGS:
        data = text.replace(LOST, "").encode(read_as, errors="ignore")
        fixed = data.decode(was, errors="replace")
        if sum(m in fixed for m in MARKERS) < 2:  # noqa: PLR2004 - two of the three words
            continue
        lost = fixed.count(LOST)
        if best is None or lost < best.lost:
            best = Repair(fixed, read_as, was, lost, 0)
    if best is None:
        return None
    restored_text, restored = _restore(best.text) if best.lost else (best.text, 0)
    return Repair(restored_text, best.read_as, best.was, best.lost - restored, restored)
