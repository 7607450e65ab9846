"""Pinyin keys for searching Chinese names by full pinyin (huangxiu) or initials (hx)."""

import functools

from pypinyin import Style, lazy_pinyin


@functools.lru_cache(maxsize=100_000)
def name_keys(name: str) -> tuple[str, str]:
    """Return (full pinyin, initials) in lower case with no separators."""
    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s]
    full = "".join(syllables).lower().replace("ü", "v")
    initials = "".join(s[0] for s in syllables).lower()
    return full, initials


def is_pinyin_query(text: str) -> bool:
    """True for a query made only of Latin letters (a pinyin or initials search)."""
    return bool(text) and text.isascii() and text.isalpha()
