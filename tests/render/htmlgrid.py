"""Parse rendered HTML tables back into (tag, text, rowspan, colspan) rows."""

from __future__ import annotations

from html.parser import HTMLParser


class TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, str, int, int, str | None]]]] = []
        self._cell: list[str] | None = None
        self._attrs: dict[str, str | None] = {}
        self._tag = ""
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell, self._attrs, self._tag = [], dict(attrs), tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            a = self._attrs
            self.tables[-1][-1].append(
                (
                    self._tag,
                    "".join(self._cell),
                    int(a.get("rowspan") or 1),
                    int(a.get("colspan") or 1),
                    a.get("data-cell"),
                )
            )
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> TableParser:
    p = TableParser()
    p.feed(html)
    p.close()
    return p


def occupancy(rows: list[list[tuple[str, str, int, int, str | None]]]) -> list[int]:
    """How many grid columns each row covers once row spans from above are counted."""
    carried: dict[int, int] = {}  # row index -> columns covered by spans from above
    widths = []
    for r, row in enumerate(rows):
        width = carried.get(r, 0) + sum(cs for _, _, _, cs, _ in row)
        widths.append(width)
        for _, _, rs, cs, _ in row:
            for k in range(1, rs):
                carried[r + k] = carried.get(r + k, 0) + cs
    return widths
