"""Citizen ID numbers (公民身份号码, GB 11643): normalise, convert 15→18, validate, derive birth date and sex.

The address code must exist now or have existed at some time: it is the county of first
registration, which need not have existed in the birth year (a 1975-born 金秀 worker registered
in 2005 carries 451324, a code created in 2002), so stdnum's birth-year rule is not applied.
"""

import datetime
import functools
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import numdb

CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
SEPARATORS = str.maketrans("", "", " \t\u3000-_")


@dataclass(frozen=True)
class CitizenId:
    number: str
    birth_date: datetime.date
    sex: str  # "M" or "F"

    @property
    def address_code(self) -> str:
        return self.number[:6]


def check_digit(first17: str) -> str:
    """Compute the 18th character from the first 17 digits (ISO 7064 MOD 11-2).

    The weights are 2^(18-i) mod 11 for the i-th digit. Read as a base-13 number, the digits give
    Σ d·13^(17-i) ≡ Σ d·2^(17-i) (mod 11), since 13 ≡ 2; doubled, that is the weighted sum mod 11.
    """
    return CHECK_CHARS[int(first17, 13) * 2 % 11]


def normalise(raw: str) -> str:
    """Fold full-width characters, drop spaces and dashes, upper-case a trailing x."""
    text = unicodedata.normalize("NFKC", str(raw)).translate(SEPARATORS).upper()
    return text


@functools.cache
def address_code_known(code: str) -> bool:
    """True if the six-digit code is, or once was, a county-level division code."""
    info = dict(item for _, props in numdb.get("cn/loc").info(code) for item in props.items())
    return "county" in info


def parse(raw: str, *, today: datetime.date | None = None) -> CitizenId:
    """Validate an ID number and return it in canonical 18-character form with what it encodes."""
    if raw is None or not str(raw).strip():
        raise ValidationError(_("请填写公民身份号码"), code="required")
    number = normalise(raw)
    if "E+" in number or ("." in number and number.replace(".", "", 1).isdigit()):
        raise ValidationError(
            _("公民身份号码被保存成了数字，后几位已经丢失；请把该列设置为“文本”格式后重新填写"),
            code="numeric",
        )
    if len(number) == 15:
        if not number.isdigit():
            raise ValidationError(_("15位公民身份号码只能由数字组成"), code="format")
        body = number[:6] + "19" + number[6:]
        number = body + check_digit(body)
    elif len(number) != 18:
        raise ValidationError(
            _("公民身份号码应为18位（或旧版15位），当前为%(n)d位") % {"n": len(number)}, code="length"
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("公民身份号码只能由数字组成，最后一位可以是X"), code="format")
    if number[17] != check_digit(number[:17]):
        raise ValidationError(_("公民身份号码校验位错误，请逐位核对"), code="checksum")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("公民身份号码中的出生日期不存在"), code="birth_date") from None
    today = today or datetime.date.today()
    if birth < EARLIEST_BIRTH or birth > today:
        raise ValidationError(_("公民身份号码中的出生日期不合理"), code="birth_date")
    if not address_code_known(number[:6]):
        raise ValidationError(_("公民身份号码前6位地址码不存在"), code="address_code")
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return CitizenId(number=number, birth_date=birth, sex=sex)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Whole years of age on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def mask(number: str) -> str:
    """451324**********3X: the address code and the last two characters only.

    The hidden twelve hold the birth date and the serial. Pages show the age beside the masked number, not
    the birth date; with the year known, about 3,000 numbers still fit what is shown (366 days × 100 serials
    ÷ 11 check digits), so the number cannot be rebuilt from a masked record (issue 10, finding 1).
    """
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 8) + number[-2:]
