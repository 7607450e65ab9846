"""Read a place as people write it ("广东省茂名市电白区", "深圳市宝安区", "浙江义乌", "桂林", "桐木镇") into a region.

A `PlaceIndex` is built once (for one home county) from the division tree and answers each distinct
text from memory. A text is read as a chain of names from the top down, each a full name (茂名市) or a
short one (茂名), each inside the one before, levels may be skipped ("浙江义乌" is the province and a
county-level city of it). Provinces, cities and counties are known nationally; a township only inside a
county or city named before it, or alone when it is a township of the home county ("桐木镇").

When a text can be read in several ways, the reading that is the least specific of a chain wins (金秀 is
the county, not its township 金秀镇; 吉林 the province, not its city), then the reading with fewer short
names, then a province over anything else (海南); two unrelated regions left is an ambiguity, refused
with the candidates ("鼓楼区": 江苏省南京市鼓楼区、福建省福州市鼓楼区 ...). Pure: no database access.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from laborbridge.core.vocabulary import drop_controls
from laborbridge.regions.models import PLACEHOLDER_CITY_NAMES

MAX_CANDIDATES = 5
MAX_TEXT = 60  # characters: no place name is longer; a longer cell is not a place
# Ethnic groups as they appear in the names of autonomous regions, prefectures, counties and townships.
# Most are followed by 族; 蒙古, 维吾尔, 哈萨克 and 柯尔克孜 also appear without it (博尔塔拉蒙古自治州).
_ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
    "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 "
    "保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
_ETHNIC_RUN = "(?:(?:{})族|蒙古|维吾尔|哈萨克|柯尔克孜)+".format(
    "|".join(sorted(_ETHNIC, key=len, reverse=True))
)
# The suffixes of each level's names, tried in order; the stem left must keep at least two characters
# (内蒙古自治区 is 内蒙古, not 内 + 蒙古自治区).
_SUFFIXES = {
    2: (re.compile(rf"{_ETHNIC_RUN}自治区$"), re.compile(r"自治区$|特别行政区$|省$|市$")),
    4: (re.compile(rf"{_ETHNIC_RUN}自治州$"), re.compile(r"自治州$|地区$|盟$|市$")),
    6: (re.compile(rf"{_ETHNIC_RUN}自治[县旗]$"), re.compile(r"自治[县旗]$|林区$|特区$|新区$|[县区市旗]$")),
    9: (re.compile(rf"{_ETHNIC_RUN}[乡镇]$"), re.compile(r"民族乡$|街道办事处$|街道$|苏木$|[镇乡]$")),
}
# An autonomous prefecture, county or banner is also written with its stem and 州/县/旗 (恩施州, 金秀县).
_AUTONOMOUS = re.compile(r"自治([州县旗])$")
_SEPARATORS = re.compile(r"[\s\-—/／·•.。,，、_]+")


class PlaceError(ValueError):
    """A text that names no region, or several; the message (Chinese) lists the candidates, if any."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()):
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    full_name: str  # with its province, city and county: 广东省茂名市电白区


def place_text(value) -> str:
    """Fold a cell for reading: full-width to half-width, no spaces or separators."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", drop_controls(str(value or ""))))


def short_names(code: str, name: str) -> set[str]:
    """The other ways a region's name is written: without its suffix (茂名, 金秀), and 金秀县, 恩施州."""
    found: set[str] = set()
    for suffix in _SUFFIXES.get(len(code), ()):
        stem = suffix.sub("", name)
        if len(stem) >= 2 and stem != name:
            found.add(stem)
            autonomous = _AUTONOMOUS.search(name)
            if autonomous:
                found.add(stem + autonomous.group(1))
            break
    return found - {name}


class PlaceIndex:
    """Every region's names (full and short) → the regions so named; resolve a text into one region.

    `regions` are (code, name) pairs: the provinces, cities and counties, and the townships of the home
    county at least. The townships of other counties may be given too, or loaded when a text needs them:
    `townships_under(prefix)` gives those under a city or county, `townships_named(names)` those with one
    of these names (to say where a township that is not the home county's is).
    """

    def __init__(
        self,
        regions: Iterable[tuple[str, str]],
        *,
        home_county: str,
        townships_under: Callable[[str], Iterable[tuple[str, str]]] | None = None,
        townships_named: Callable[[list[str]], Iterable[tuple[str, str]]] | None = None,
    ):
        self.home_county = home_county
        self.townships_under, self.townships_named = townships_under, townships_named
        self.names: dict[str, str] = {}
        # name → [(code, is_short)]: regions that may start a text, and townships (only after their county)
        self.top: dict[str, list[tuple[str, bool]]] = {}
        self.townships: dict[str, list[tuple[str, bool]]] = {}
        self.loaded: set[str] = set()  # prefixes whose townships are in self.townships
        self.longest = 0  # the longest name: no segment of a text is tried beyond it
        for code, name in regions:
            self._add(code, name)
        self._memo: dict[str, Place | PlaceError] = {}

    def _add(self, code: str, name: str) -> None:
        if len(code) not in _SUFFIXES or name in PLACEHOLDER_CITY_NAMES or code in self.names:
            return
        self.names[code] = name
        spellings = [(name, False), *((short, True) for short in short_names(code, name))]
        self.longest = max(self.longest, len(name))
        if len(code) < 9 or code.startswith(self.home_county):
            for spelling, short in spellings:
                self.top.setdefault(spelling, []).append((code, short))
        if len(code) == 9:
            for spelling, short in spellings:
                self.townships.setdefault(spelling, []).append((code, short))

    def _load_townships(self, prefix: str) -> None:
        """The townships under a city or county, once, if they are loaded on demand."""
        if self.townships_under is None or prefix in self.loaded:
            return
        self.loaded.add(prefix)
        for code, name in self.townships_under(prefix):
            self._add(code, name)

    def full_name(self, code: str) -> str:
        """The region with its province, city and county (a placeholder or repeated city left out)."""
        parts: list[str] = []
        for length in (2, 4, 6, 9):
            if len(code) < length:
                break
            name = self.names.get(code[:length])
            if name and (not parts or parts[-1] != name):
                parts.append(name)
        return "".join(parts)

    def place(self, code: str) -> Place:
        return Place(code=code, name=self.names[code], full_name=self.full_name(code))

    def resolve(self, value) -> Place:
        """The one region the text names; PlaceError (with candidates) when none or several."""
        key = place_text(value)
        try:
            outcome = self._memo[key]
        except KeyError:
            try:
                outcome = self._resolve(key, drop_controls(str(value or "")).strip())
            except PlaceError as exc:
                outcome = exc
            if len(self._memo) < 10_000:
                self._memo[key] = outcome
        if isinstance(outcome, PlaceError):  # a new one each time: a raised exception keeps its traceback
            raise PlaceError(str(outcome), outcome.candidates)
        return outcome

    def _resolve(self, text: str, shown: str) -> Place:
        if not text:
            raise PlaceError(_("请填写地点"))
        readings: dict[str, int] = {}  # code → fewest short names in a reading of the whole text
        if len(text) <= MAX_TEXT:
            for code, shorts in self._readings(text, 0, ""):
                readings[code] = min(shorts, readings.get(code, shorts))
        if not readings:
            raise self._unknown(text, shown)
        codes = self._widest(set(readings))
        if len(codes) > 1:
            fewest = min(readings[c] for c in codes)
            codes = self._widest({c for c in codes if readings[c] == fewest})
        if len(codes) > 1:
            provinces = [c for c in codes if len(c) == 2]
            if len(provinces) == 1:
                codes = provinces
        if len(codes) > 1:
            candidates = tuple(sorted(self.full_name(c) for c in codes))
            raise PlaceError(
                _("“%(text)s”有多个同名地区：%(candidates)s，请写明所在省市")
                % {"text": shown, "candidates": _listing(candidates)},
                candidates[:MAX_CANDIDATES],
            )
        return self.place(codes.pop())

    def _readings(self, text: str, start: int, within: str):
        """(code, short names used) for each reading of text[start:] as a chain of names inside `within`."""
        names = None
        if len(within) in (4, 6) and len(text) - start >= 2:  # a township's name has two characters or more
            self._load_townships(within)
            names = self.townships
        end_limit = min(len(text), start + self.longest)
        for end in range(start + 1, end_limit + 1):
            segment = text[start:end]
            entries = self.top.get(segment, [])
            if names is not None:
                entries = [*entries, *names.get(segment, ())]
            for code, short in entries:
                if within and not (code.startswith(within) and len(code) > len(within)):
                    continue
                if end == len(text):
                    yield code, int(short)
                else:
                    for deeper, shorts in self._readings(text, end, code):
                        yield deeper, shorts + int(short)

    @staticmethod
    def _widest(codes: set[str]) -> set[str]:
        """Leave out a region inside another candidate: the wider one is what the text surely means."""
        return {c for c in codes if not any(o != c and c.startswith(o) for o in codes)}

    def _unknown(self, text: str, shown: str) -> PlaceError:
        """No reading: if it is a township elsewhere, say where; otherwise say what is expected."""
        if self.townships_named is not None:
            spellings = [text, *(text + suffix for suffix in ("镇", "乡", "街道"))]
            for code, name in self.townships_named(spellings):
                self._add(code, name)
        elsewhere = sorted(
            {self.full_name(code) for code, _short in self.townships.get(text, ())}
            - {self.full_name(code) for code, _short in self.top.get(text, ())}
        )
        if elsewhere:
            return PlaceError(
                _("“%(text)s”不是本县的乡镇；如指外地的乡镇，请连同县市一起填写，例如：%(candidates)s")
                % {"text": shown, "candidates": _listing(tuple(elsewhere))},
                tuple(elsewhere[:MAX_CANDIDATES]),
            )
        return PlaceError(
            _(
                "无法识别地点“%(text)s”：请填写省、市、县（区）或本县乡镇的名称，"
                "例如“广东省茂名市电白区”“深圳市宝安区”“南宁市”"
            )
            % {"text": shown}
        )


def _listing(candidates: tuple[str, ...]) -> str:
    shown = "、".join(candidates[:MAX_CANDIDATES])
    if len(candidates) > MAX_CANDIDATES:
        shown += _("等%(n)d处") % {"n": len(candidates)}
    return shown
