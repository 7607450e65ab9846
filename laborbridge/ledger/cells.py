"""Turn ledger cells into clean values, accepting what is clearly the same and rejecting the rest.

Each parser returns the clean value or raises CellError with a Chinese reason; none of them guess.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from laborbridge.core.education import EDUCATION
from laborbridge.core.vocabulary import UnknownWord, drop_controls
from laborbridge.core.vocabulary import fold as fold_word
from laborbridge.core.yes_no import yes_no_parse
from laborbridge.employers.occupations import OCCUPATION_WORDS
from laborbridge.employment.rules import MAX_MONTHLY_INCOME
from laborbridge.ledger.vocabulary import CHANNEL_OF_STATE, EMPLOYMENT_STATES, EmploymentState
from laborbridge.regions.places import PlaceError, PlaceIndex
from laborbridge.workers.choices import ETHNICITIES, PlaceClass
from laborbridge.workers.vocabulary import PLACE_CLASSES, SEXES

EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Words that name more than one place class: the ledger must say which.
AMBIGUOUS_PLACE_WORDS = ("省外", "区外", "外省", "县外", "市外", "省内", "区内", "外地")
DATE_PATTERNS = [
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月?"),
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
]
TOWNSHIP_SUFFIX = re.compile(r"(街道|镇|乡)$")
VILLAGE_SUFFIX = re.compile(
    r"(社区居民委员会|社区居委会|村民委员会|居民委员会|村委会|居委会|村委|居委|社区|村)$"
)


class CellError(ValueError):
    """A cell's value is wrong; the message says why, in Chinese."""


def memoised(parse, size: int = 4096):
    """Remember a parser's answer (or its error) per cell value: a ledger's columns repeat a few values."""
    cache: dict = {}

    def cached(value):
        key = (type(value), value)
        try:
            outcome = cache[key]
        except KeyError:
            try:
                outcome = (True, parse(value))
            except CellError as exc:
                outcome = (False, str(exc))
            except TypeError:  # an unhashable value cannot be a key; parse it each time
                return parse(value)
            if len(cache) < size:
                cache[key] = outcome
        if outcome[0]:
            return outcome[1]
        raise CellError(outcome[1])

    return cached


def text(value) -> str:
    """A cell as text: whole floats lose their '.0', None is empty, spaces are folded."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    return " ".join(unicodedata.normalize("NFKC", drop_controls(str(value))).split())


def free_text(value) -> str:
    """Free text (技能特长, 备注, 就业单位, 务工地点) as written: spaces folded, full-width marks kept （）."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    return " ".join(drop_controls(str(value)).split())


def same_text(stored: str, written: str) -> bool:
    """Whether a stored text and a written one say the same (full-width or not, spaces aside)."""
    return stored == written or fold_word(stored) == fold_word(written)


def id_number(value) -> str:
    """The ID as text; a number with more than 15 digits has lost its last digits in Excel."""
    if isinstance(value, bool):
        raise CellError(_("公民身份号码格式不正确"))
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise CellError(
                _("公民身份号码被保存成了数字，后几位已经丢失；请把该列设置为“文本”格式后重新填写")
            )
        digits = str(int(value))
        if len(digits) > 15:
            raise CellError(
                _("公民身份号码被保存成了数字，后几位已经丢失；请把该列设置为“文本”格式后重新填写")
            )
        return digits
    return text(value)


def phone(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return text(value)


def yes_no(value) -> bool:
    """是/否/有/无/√/Y/N/1/0; blank is no."""
    try:
        return yes_no_parse(value)
    except UnknownWord as exc:
        raise CellError(str(exc)) from None


def date(value) -> datetime.date | None:
    """Excel dates and serial numbers, 2024-10-31, 2024/10/31, 2024年10月31日, 2024.10 (the 1st)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial date (1954–2119)
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        if isinstance(value, float) and 1900 < value < 2200:  # 2024.10 typed as a number
            year, month = divmod(round(value * 100), 100)
            return _make_date(year, month, 1)
        raise CellError(_("日期格式不正确，应为 2024-10-31 或 2024年10月31日"))
    word = unicodedata.normalize("NFKC", str(value)).strip()
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(word)
        if match:
            parts = match.groupdict()
            return _make_date(int(parts["y"]), int(parts["m"]), int(parts.get("d") or 1))
    raise CellError(_("日期格式不正确，应为 2024-10-31 或 2024年10月31日"))


def _make_date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("日期不存在")) from None


def income(value) -> int | None:
    """Monthly income in whole 元: 3500, 3500.0, '3,500元', '￥3500'."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("月收入应为数字（元）"))
    if isinstance(value, int | float):
        amount = float(value)
    else:
        word = unicodedata.normalize("NFKC", str(value)).strip()
        word = re.sub(r"[,，\s]|元|¥|￥|/月|每月", "", word)
        if not word:
            return None
        try:
            amount = float(word)
        except ValueError:
            raise CellError(_("月收入应为数字（元），例如 3500")) from None
    if amount != amount or amount in (float("inf"), float("-inf")):
        raise CellError(_("月收入应为数字（元），例如 3500"))
    if amount < 0:
        raise CellError(_("月收入不能为负数"))
    if amount > MAX_MONTHLY_INCOME:
        raise CellError(_("月收入数额过大，请核对单位（元）"))
    return round(amount)


def sex(value) -> str:
    try:
        return SEXES.parse(text(value))
    except UnknownWord as exc:
        raise CellError(str(exc)) from None


def education(value) -> str:
    try:
        return EDUCATION.parse(text(value))
    except UnknownWord as exc:
        raise CellError(str(exc)) from None


def ethnicity(value) -> str:
    word = text(value)
    if not word:
        return ""
    for candidate in (word, word + "族"):
        if candidate in ETHNICITIES:
            return candidate
    raise CellError(_("民族名称不正确（例如：瑶族、壮族、汉族）"))


def employment_state(value) -> str | None:
    """The 就业状态 (an EmploymentState value), None when not stated."""
    word = text(value)
    if not word:
        return None
    try:
        return EMPLOYMENT_STATES.parse(word)
    except UnknownWord as exc:
        raise CellError(str(exc)) from None


def employed_and_channel(state: str | None) -> tuple[bool | None, str]:
    """(employed, channel) of a state: True, False or None (not stated), and the channel it says."""
    if state is None:
        return None, ""
    return state != EmploymentState.NOT_EMPLOYED, CHANNEL_OF_STATE.get(state, "")


@dataclass(frozen=True)
class PlaceCell:
    """A 务工地点 cell read: a region (its code as a spell stores it), or only a place class (县内 ...)."""

    text: str  # as written, kept with the spell
    place_class: str
    code: str | None = None


class PlaceReader:
    """Read the 务工地点 cells of one county's ledger: a class word, or a region at any level in full or
    short form (see regions.places), whose class follows from the pairing (`classify`)."""

    def __init__(
        self,
        *,
        index: PlaceIndex,
        classify: Callable[[str], str],
        partner_province_names: tuple[str, ...],
    ):
        self.index, self.classify = index, classify
        self.partner_province_names = partner_province_names
        self.partner_words = {fold_word(n) for n in partner_province_names} | {
            fold_word(re.sub(r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)$", "", n))
            for n in partner_province_names
        }
        self.read = memoised(self._read)
        self._class_words: dict[str, str] = {}  # asked for every open spell of a file: remembered

    def __call__(self, value) -> PlaceCell | None:
        return self.read(value)

    def class_word(self, word: str) -> str:
        """The place class a class word names (县内, 区内县外, 广东省 ...), or ''."""
        try:
            return self._class_words[word]
        except KeyError:
            pass
        found = self._class_word(word)
        if len(self._class_words) < 4096:
            self._class_words[word] = found
        return found

    def _class_word(self, word: str) -> str:
        key = fold_word(word)
        if not key:
            return ""
        if key in self.partner_words:
            return PlaceClass.PARTNER_PROVINCE
        try:
            return PLACE_CLASSES.parse(word)
        except UnknownWord:
            return ""

    def _read(self, value) -> PlaceCell | None:
        written = free_text(value)
        if not written:
            return None
        written = written[:100]
        place_class = self.class_word(written)
        if place_class:
            return PlaceCell(text=written, place_class=place_class)
        if fold_word(written) in AMBIGUOUS_PLACE_WORDS:
            raise CellError(
                _("“%(word)s”不能确定务工地域，请写明地点（如“深圳市宝安区”“南宁市”）或填写：%(allowed)s")
                % {"word": written, "allowed": "、".join(self.words())}
            )
        try:
            place = self.index.resolve(written)
        except PlaceError as exc:
            message = str(exc)
            if not exc.candidates:
                message += _("；或填写：%(allowed)s") % {"allowed": "、".join(self.words())}
            raise CellError(message) from None
        code = place.code
        if len(code) == 9 and not code.startswith(self.index.home_county):
            code = code[:6]  # a spell is placed in another county, not in one of its townships
        return PlaceCell(text=written, place_class=self.classify(code), code=code)

    def words(self) -> list[str]:
        return place_words(self.partner_province_names, alias="区内县外（省内县外）")


def place_words(partner_province_names: tuple[str, ...], *, alias: str = "") -> list[str]:
    """The place classes as a ledger writes them, the partner province by its name."""
    words = []
    for value in PLACE_CLASSES.values:
        if value == PlaceClass.PARTNER_PROVINCE:
            words.extend(partner_province_names)
        elif value == PlaceClass.IN_PROVINCE and alias:
            words.append(alias)
        else:
            words.append(PLACE_CLASSES.label(value))
    return words


def name_variants(name: str, suffix: re.Pattern) -> set[str]:
    """The full name and the name minus its administrative suffix (桐木镇 → 桐木)."""
    stem = suffix.sub("", name)
    return {name, stem} if stem else {name}


def build_name_lookup(regions, suffix: re.Pattern) -> dict[str, object]:
    """Map each unambiguous variant of a region's name to the region."""
    lookup: dict[str, object] = {}
    ambiguous: set[str] = set()
    for region in regions:
        variants = name_variants(region.name, suffix)
        if suffix is VILLAGE_SUFFIX:
            stem = suffix.sub("", region.name)
            if region.name.endswith(("村委会", "村民委员会")):
                variants.add(stem + "村")
            elif region.name.endswith(("社区居委会", "社区居民委员会", "居委会", "居民委员会")):
                variants.add(stem + "社区")
        for variant in variants:
            if variant in lookup and lookup[variant] is not region:
                ambiguous.add(variant)
            lookup[variant] = region
    for variant in ambiguous:
        lookup.pop(variant)
    return lookup


class OccupationReader:
    """A 工种 cell: an occupation of the list by its name, a part of it (普工, 粤菜) or a common other word
    (厨师, 保姆, 主播); anything else is refused, naming the list."""

    def __init__(self, occupations: dict[str, int]):
        # occupations: the list's names and their row ids
        self.words: dict[str, int] = {}
        for name, pk in occupations.items():
            self.words[fold_word(name)] = pk
            for part in re.split(r"[/()（）、]", name):
                if part:
                    self.words.setdefault(fold_word(part), pk)
        for word, name in OCCUPATION_WORDS.items():
            if name in occupations:
                self.words.setdefault(fold_word(word), occupations[name])
        self.names = list(occupations)
        self._memo: dict[str, int | None] = {}

    def __call__(self, value) -> int | None:
        written = text(value)
        if not written:
            return None
        key = fold_word(written)
        if key not in self._memo:
            self._memo[key] = self.words.get(key) or self.words.get(key.removesuffix("工").removesuffix("员"))
        found = self._memo[key]
        if found is None:
            raise CellError(
                _("工种“%(w)s”不在工种目录中，可填写：%(names)s")
                % {"w": written, "names": "、".join(self.names)}
            )
        return found


# --- a worker's wishes (求职意愿): optional columns; a blank cell leaves the stored wish as it is -----------

# Words that state no wish at all: the stored wish is cleared.
NO_WISH = frozenset({"不限", "均可", "都可以", "无要求", "不限制", "任意", "无"})
WISH_SEPARATORS = re.compile(r"[、,，;；/\s]+")
P = PlaceClass
# Wish words that name several place classes (the 务工地点 of a spell must say one, a wish need not).
WISH_CLASS_WORDS = {
    "县内": (P.IN_COUNTY,),
    "本县": (P.IN_COUNTY,),
    "就近": (P.IN_COUNTY,),
    "本地": (P.IN_COUNTY,),
    "区内": (P.IN_COUNTY, P.IN_PROVINCE),
    "省内": (P.IN_COUNTY, P.IN_PROVINCE),
    "本省": (P.IN_COUNTY, P.IN_PROVINCE),
    "县外": (P.IN_PROVINCE, P.PARTNER_PROVINCE, P.OTHER_PROVINCE),
    "省外": (P.PARTNER_PROVINCE, P.OTHER_PROVINCE),
    "区外": (P.PARTNER_PROVINCE, P.OTHER_PROVINCE),
    "外省": (P.PARTNER_PROVINCE, P.OTHER_PROVINCE),
    "协作地": (P.PARTNER_PROVINCE,),
    "东部协作地": (P.PARTNER_PROVINCE,),
    "协作省": (P.PARTNER_PROVINCE,),
}
ANY_TIME = "any_time"  # 随时: available now (the stored date is cleared)
ANY_TIME_WORDS = frozenset({"随时", "随时到岗", "随时上岗", "立即", "立即到岗", "马上", "即时"})
YES_LODGING = frozenset({"需要", "要", "需", "需住宿", "需要住宿", "包住"})
NO_LODGING = frozenset({"不需要", "不要", "不需", "无需", "不需住宿"})
MAX_WISHED_PAY = 100_000  # as workers.preferences: a monthly wage above this is a typing error


def _wish_items(value) -> list[str] | None:
    """The words of a wish cell; None when blank, [] when it states no wish (不限)."""
    written = text(value)
    if not written:
        return None
    if written in NO_WISH:
        return []
    return [item for item in WISH_SEPARATORS.split(written) if item]


class WishedOccupationsReader:
    """期望工种: one or more 工种 (、 or , between them) read as the 工种 column reads one; the ids, sorted."""

    def __init__(self, occupations: "OccupationReader"):
        self.occupations = occupations

    def __call__(self, value) -> tuple[int, ...] | None:
        items = _wish_items(value)
        if items is None:
            return None
        return tuple(sorted({self.occupations(item) for item in items}))


class WishedPlacesReader:
    """意向务工地: place classes (县内, 区内, 省外, 协作地 ...) and/or places (广东, 深圳市, 茂名), each place read
    as the 务工地点 column reads one; (place classes in their order, region codes sorted).

    A province is kept as that region, not as the class 协作省份 even when it is the partner's: for the
    county's workers the two match the same vacancies, and the export writes each back as it was stored."""

    def __init__(self, places: PlaceReader):
        self.places = places

    def __call__(self, value) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        items = _wish_items(value)
        if items is None:
            return None
        classes: set[str] = set()
        codes: set[str] = set()
        for item in items:
            key = fold_word(item)
            if key in WISH_CLASS_WORDS:
                classes.update(WISH_CLASS_WORDS[key])
                continue
            try:  # 县内, 区内县外, 协作省份 ... (a province's own name, 广东, is read as that region)
                classes.add(PLACE_CLASSES.parse(item))
                continue
            except UnknownWord:
                pass
            try:
                place = self.places.index.resolve(item)
            except PlaceError as exc:
                raise CellError(
                    _("意向务工地“%(w)s”无法识别：%(why)s；也可填写县内、区内、省外、协作地")
                    % {"w": item, "why": str(exc)}
                ) from None
            codes.add(place.code[:6])  # a township stands for its county: a wish names a county at most
        order = PLACE_CLASSES.values
        return tuple(sorted(classes, key=order.index)), tuple(sorted(codes))


def wished_pay(value) -> int | None:
    """期望月薪: 4000, '4000元', '4000元以上', '4000-6000' (the lower end), '0.5万'; 不限/面议 is 0 (no minimum)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("期望月薪应为数字（元），例如 4000"))
    if isinstance(value, int | float):
        amount = float(value)
    else:
        word = unicodedata.normalize("NFKC", str(value)).strip()
        if not word:
            return None
        if word in NO_WISH or word == "面议":
            return 0
        word = re.sub(r"[,，\s]|元|¥|￥|/月|每月|以上|左右|起|及以上|不低于|最低", "", word)
        word = re.split(r"[-~～—至到]", word, maxsplit=1)[0]
        scale = 10_000 if word.endswith("万") else 1
        try:
            amount = float(word.removesuffix("万")) * scale
        except ValueError:
            raise CellError(_("期望月薪应为数字（元），例如 4000 或 4000-6000")) from None
    if amount != amount or not 0 <= amount <= MAX_WISHED_PAY:
        raise CellError(_("期望月薪应在0至%(n)d元之间") % {"n": MAX_WISHED_PAY})
    return round(amount)


def needs_lodging(value) -> bool | None:
    """是否需要住宿: 是/否 and the other yes/no words, 需要/不需要; blank is not stated (None)."""
    if value is None or text(value) == "":
        return None
    word = text(value)
    if word in YES_LODGING:
        return True
    if word in NO_LODGING:
        return False
    return yes_no(value)


def available_from(value, *, latest: datetime.date) -> datetime.date | str | None:
    """可到岗时间: a date as the other date columns take it (from 2000 to `latest`), or 随时 (ANY_TIME)."""
    if isinstance(value, str) and text(value) in ANY_TIME_WORDS:
        return ANY_TIME
    day = date(value)
    if day is not None and not datetime.date(2000, 1, 1) <= day <= latest:
        raise CellError(_("可到岗时间应在今后三年之内"))
    return day
