"""The official labels in traditional script: the characters and words that differ, to read mirrors by (spec D16).

Some bodies also publish a traditional-script mirror of their report (湖北: ``上一年項目數量``), and its converter may
swap vocabulary as well (``規範性文件`` → ``規範性檔案``). Label matching folds both back: :data:`WORDS` maps the
swapped words as printed (``檔案``) to the label's words, then :data:`CHARACTERS` maps each traditional form of a
character of an official label to the label's character.

Both are derived, not typed: from every text the formats and readers declare (labels, titles, headings, metadata
labels, the words of table 二's annotations), converted by OpenCC in its simplified → traditional configurations
(mainland, Taiwan, Hong Kong, and Taiwan with its vocabulary). Only characters and words of the declared texts are
mapped, so no other text is touched. A folded character keeps its place, and so does a swapped word (each has the
length of the label's word). Regenerate after changing a declaration (needs ``pip install opencc``)::

    python -m govinfo_report.formats._traditional
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

# --- generated: do not edit by hand -------------------------------------------------------------------------------
CHARACTERS = (
    "萬万與与業业為为爲为舉举於于會会體体關关內内決决況况減减製制辦办務务動动區区單单發发後后國国處处複复審审對对層层"
    "屬属佈布廢废開开強强當当總总執执護护報报據据數数無无機机權权條条構构沒没現现確确祕秘稱称穩稳類类係系糾纠級级納纳"
    "組组織织經经結结繼继續续維维繳缴罰罚範范獲获補补規规計计訂订認认議议許许訟讼訪访訴诉詢询請请購购費费轉转過过這这"
    "進进採采問问項项題题額额"
)
WORDS = (("專案", "项目"), ("檔案", "文件"), ("覆", "复"), ("資料", "数据"), ("資訊", "信息"), ("釋出", "发布"))
# --- end of generated part -----------------------------------------------------------------------------------------

TABLE = str.maketrans(dict(zip(CHARACTERS[::2], CHARACTERS[1::2], strict=True)))
"""``str.translate`` table: each traditional character to the official label's character."""


def fold(text: str) -> str:
    """The text with the traditional script of the labels' characters and words in simplified script.

    Every character keeps its place (a swapped word has the length of the label's word), so a match found in the
    folded text is a slice of the printed one.
    """
    for word, label_word in WORDS:
        if word in text:
            text = text.replace(word, label_word)
    return text.translate(TABLE)


def _declared_texts() -> list[str]:
    """Every text the formats and readers declare that a reader compares with what a source prints."""
    from govinfo_report.formats import formats  # noqa: PLC0415 - a generator's import
    from govinfo_report.formats._common import META_LABELS, PLACEHOLDERS  # noqa: PLC0415
    from govinfo_report.formats._spec import TableSpec  # noqa: PLC0415
    from govinfo_report.importers._front import _VARIANTS  # noqa: PLC0415
    from govinfo_report.importers._markdown import _NAMED_BY  # noqa: PLC0415

    texts: set[str] = set(META_LABELS) | set(PLACEHOLDERS)
    texts |= {v for variants in (*_VARIANTS.values(), *_NAMED_BY.values()) for v in variants}
    for spec in formats():
        for section in spec.sections:
            texts.add(section.title)
            if isinstance(section, TableSpec):
                texts |= {t for t in (section.row_header, section.column_header, section.note) if t}
                for row in section.rows:
                    texts |= set(row.labels)
                    texts |= {label for column in row.columns.columns for label in column.labels}
    return sorted(texts)


def derive(texts: Iterable[str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(CHARACTERS, WORDS) for these texts, from OpenCC."""
    import opencc  # noqa: PLC0415 - needed only to regenerate

    back = opencc.OpenCC("t2s")
    converters = [opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk", "s2twp")]
    characters: dict[str, str] = {}
    words: set[tuple[str, str]] = set()
    for text in texts:
        for converter in converters:
            printed = converter.convert(text)
            if len(printed) != len(text):
                continue  # a word swap of another length: none in the labels so far
            folded = []
            for ours, theirs in zip(text, printed, strict=True):
                if theirs != ours and back.convert(theirs) == ours:
                    characters.setdefault(theirs, ours)
                folded.append(characters.get(theirs, theirs))
            folded_text = "".join(folded)
            # What the characters do not fold back is a swapped word: the run of differing characters.
            i = 0
            while i < len(text):
                if folded_text[i] == text[i]:
                    i += 1
                    continue
                j = i
                while j < len(text) and folded_text[j] != text[j]:
                    j += 1
                words.add((printed[i:j], text[i:j]))  # as printed: its characters need not be any label's
                i = j
    pairs = "".join(t + s for t, s in sorted(characters.items(), key=lambda kv: (kv[1], kv[0])))
    return pairs, tuple(sorted(words))


def _write() -> None:
    path = Path(__file__)
    source = path.read_text("utf-8")
    head, rest = source.split("# --- generated: do not edit by hand", 1)
    _, tail = rest.split("# --- end of generated part", 1)
    characters, words = derive(_declared_texts())
    lines = [
        "# --- generated: do not edit by hand " + "-" * 79,
        "CHARACTERS = (",
        *(f'    "{characters[k : k + 56]}"' for k in range(0, len(characters), 56)),
        ")",
        "WORDS = (" + ", ".join(f'("{word}", "{label_word}")' for word, label_word in words) + ")",
    ]
    path.write_text(head + "\n".join(lines) + "\n# --- end of generated part" + tail, "utf-8")


if __name__ == "__main__":
    _write()
    sys.exit(0)
