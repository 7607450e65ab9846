"""Mainland mobile numbers: 1[3-9] and nine digits; +86, spaces and dashes normalise."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MOBILE = re.compile(r"1[3-9]\d{9}")
NOISE = str.maketrans("", "", " \t\u3000-()（）.")


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
    """138****5678."""
    if not number:
        return ""
    return number[:3] + "****" + number[-4:]
