"""Pinyin keys for searching Chinese names by full pinyin (huangxiu) or initials (hx).

Names are read character by character (cached), with the surname readings that differ from a
character's everyday one (覃 qin, 曾 zeng, 单 shan ...): a name is not a phrase of ordinary text.
"""

import functools

from pypinyin import Style, lazy_pinyin

SURNAME_READINGS = {
    "覃": "qin",
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "翟": "zhai",
    "区": "ou",
    "盖": "ge",
    "乐": "yue",
    "缪": "miao",
    "尉": "yu",
    "繁": "po",
    "员": "yun",
    "种": "chong",
    "秘": "bi",
    "冼": "xian",
    "洗": "xian",
    "任": "ren",
    "那": "na",
    "适": "kuo",
    "句": "gou",
    "过": "guo",
}


@functools.lru_cache(maxsize=50_000)
def _reading(char: str) -> str:
    syllables = lazy_pinyin(char, style=Style.NORMAL, errors="ignore")
    return syllables[0].lower().replace("ü", "v") if syllables else ""


@functools.lru_cache(maxsize=100_000)
def name_keys(name: str) -> tuple[str, str]:
    """Return (full pinyin, initials) in lower case with no separators."""
    syllables = [SURNAME_READINGS.get(name[0]) or _reading(name[0])] if name else []
    syllables += [_reading(char) for char in name[1:]]
    syllables = [s for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


SEPARATORS = str.maketrans("", "", " \t\u3000'’-·.")  # what people type between syllables


def pinyin_query_key(text: str) -> str:
    """The search key of a pinyin or initials query ("Huang Xiumei", "huang xiu mei", "HXM", "huang'xiu"):
    lower case, separators removed; "" when the text is not pinyin (Chinese characters, digits)."""
    key = (text or "").translate(SEPARATORS).lower()
    return key if key and key.isascii() and key.isalpha() else ""


def is_pinyin_query(text: str) -> bool:
    """True for a query made only of Latin letters, spaces and syllable separators (a pinyin or initials search)."""
    return bool(pinyin_query_key(text))
