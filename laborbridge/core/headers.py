"""Find a sheet's header row and recognise its columns by name, with the usual aliases."""

import re
import unicodedata
from dataclasses import dataclass

SEARCH_ROWS = 15
NUMBERING = ("序号", "编号")  # a row-number column, neither imported nor reported as unknown


def fold(text) -> str:
    """Fold a header: full-width to half-width, no spaces or line breaks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


@dataclass
class Header:
    row_index: int  # 0-based index of the header row in the sheet
    columns: dict[str, int]  # field -> 0-based column index
    texts: dict[str, str]  # field -> header text as written
    unknown: list[str]  # header texts not recognised


class HeaderAliases:
    """The header texts that name each field of one kind of sheet, and the fields a header must name."""

    def __init__(self, aliases: dict[str, tuple[str, ...]], *, required: tuple[str, ...]):
        self.aliases = aliases
        self.required = required
        self.lookup: dict[str, str] = {}
        for field, texts in aliases.items():
            for text in texts:
                key = fold(text)
                if self.lookup.setdefault(key, field) != field:
                    raise ValueError(f"header {text!r} names both {self.lookup[key]!r} and {field!r}")

    def field(self, text) -> str | None:
        return self.lookup.get(fold(text))

    def find(self, rows: list[list], *, search_rows: int = SEARCH_ROWS) -> Header | None:
        """The row within the first rows that names the most known columns, if it names the required ones."""
        best = None
        for index, row in enumerate(rows[:search_rows]):
            columns, texts, unknown = {}, {}, []
            for col, cell in enumerate(row):
                key = fold(cell)
                if not key:
                    continue
                field = self.lookup.get(key)
                if field and field not in columns:
                    columns[field], texts[field] = col, str(cell).strip()
                elif key not in NUMBERING:
                    unknown.append(str(cell).strip())
            if all(f in columns for f in self.required) and (
                best is None or len(columns) > len(best.columns)
            ):
                best = Header(row_index=index, columns=columns, texts=texts, unknown=unknown)
        return best
