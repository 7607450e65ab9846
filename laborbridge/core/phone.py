"""Mainland phone numbers.

A worker's phone is a mobile (1[3-9] and nine digits; +86, spaces and dashes normalise): `parse`.
Other contact phones may also be a landline with its area code: `parse_contact`, stored as
`0668-5123456` or `0668-5123456-801` with an extension. A blind index, where one is kept, is computed
on these stored forms, so any way of writing the same number finds it.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MOBILE = re.compile(r"1[3-9]\d{9}")
NOISE = str.maketrans("", "", " \t\u3000-()（）.")

# Landlines: an area code (010 and 02x have three digits, the rest four: 0 and 3 more) and a
# local number of 7 or 8 digits that never starts with 0 (a 0 there is a second area code); an optional extension.
AREA_SHORT = re.compile(r"0(?:10|2\d)")
AREA_LONG = re.compile(r"0[3-9]\d{2}")
LOCAL = re.compile(r"[1-9]\d{6,7}")
EXTENSION_WORD = re.compile(r"(?:转|分机|ext\.?|x)\s*(\d{1,6})\s*$", re.IGNORECASE)
LANDLINE_TEXT = re.compile(r"[\d\s\-()]+")
STORED_LANDLINE = re.compile(r"(0\d{2,3})-(\d{7,8})(?:-(\d{1,6}))?")


def normalise(raw: str) -> str:
    """Strip separators and a +86 / 0086 / 86 country prefix."""
    text = unicodedata.normalize("NFKC", str(raw)).translate(NOISE)
    for prefix in ("+86", "0086", "86"):
        if text.startswith(prefix) and len(text) == len(prefix) + 11:
            return text[len(prefix) :]
    return text


def parse(raw: str) -> str:
    """Return the 11-digit mobile number, or raise with a Chinese reason."""
    number = normalise(raw)
    if not MOBILE.fullmatch(number):
        raise ValidationError(_("手机号码应为11位中国大陆手机号（1开头，第二位为3-9）"), code="phone")
    return number


def mask(number: str) -> str:
    """138****5678; a landline keeps its area code, extension and the local number's last three: 0668-****456."""
    if not number:
        return ""
    if landline := STORED_LANDLINE.fullmatch(number):
        area, local, extension = landline.groups()
        masked = f"{area}-{'*' * (len(local) - 3)}{local[-3:]}"
        return f"{masked}-{extension}" if extension else masked
    return number[:3] + "****" + number[-4:]


def _area(group: str) -> bool:
    return bool(AREA_SHORT.fullmatch(group) or AREA_LONG.fullmatch(group))


def _landline(digits: str) -> tuple[str, str] | None:
    """(0668, 5123456) from 06685123456, or None when the digits are no landline."""
    for area in (AREA_SHORT, AREA_LONG):
        code = area.match(digits)
        if code and LOCAL.fullmatch(digits[code.end() :]):
            return code.group(), digits[code.end() :]
    return None


def _parse_landline(raw: str) -> str | None:
    """The stored form of a landline written any usual way, or None.

    The writer's grouping is respected, not guessed past: `066-85123456` is a wrong area code, and in
    `010-1234567-8` the last group is an extension because the second is a whole local number.
    """
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    extension = ""
    if found := EXTENSION_WORD.search(text):
        text, extension = text[: found.start()].strip(), found.group(1)
    if not LANDLINE_TEXT.fullmatch(text):
        return None
    groups = re.findall(r"\d+", text)
    if not groups:
        return None
    if _area(groups[0]) and len(groups) > 1:
        area = groups[0]
        if LOCAL.fullmatch(groups[1]):
            local, rest = groups[1], groups[2:]
        else:  # 020 1234 5678
            local, rest = "".join(groups[1:]), []
            if not LOCAL.fullmatch(local):
                return None
    elif groups[0].startswith("0") and len(groups[0]) <= 4:
        return None  # an area code that is none
    elif found := _landline(groups[0]):
        (area, local), rest = found, groups[1:]
    else:
        return None
    if rest:
        if extension or len(rest) > 1 or len(rest[0]) > 6:
            return None
        extension = rest[0]
    return f"{area}-{local}-{extension}" if extension else f"{area}-{local}"


def parse_contact(raw: str, *, label: str | None = None) -> str:
    """A mobile (13812345678) or a landline with area code (0668-5123456, 0668-5123456-801).

    For contact phones that are not a worker's: an employer's switchboard is a landline. Raises with
    a Chinese reason naming the field (`label`, 联系电话 by default).
    """
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    number = normalise(text)
    if MOBILE.fullmatch(number):
        return number
    landline = _parse_landline(text)
    if landline is not None:
        return landline
    raise ValidationError(
        _("%(field)s应为11位手机号，或带区号的固定电话（如 0668-5123456，分机写作 0668-5123456-801）")
        % {"field": label or _("联系电话")},
        code="phone",
    )
