"""Unified social credit codes (统一社会信用代码, GB 32100): 18 characters with a check character."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def normalise(raw: str) -> str:
    return unicodedata.normalize("NFKC", str(raw or "")).replace(" ", "").replace("-", "").upper()


def parse(raw: str) -> str:
    """The code in canonical form, or a ValidationError with a Chinese reason."""
    code = normalise(raw)
    try:
        return stdnum_uscc.validate(code)
    except InvalidLength:
        raise ValidationError(_("统一社会信用代码应为18位，当前为%(n)d位") % {"n": len(code)}) from None
    except InvalidChecksum:
        raise ValidationError(_("统一社会信用代码校验位错误，请逐位核对")) from None
    except (InvalidComponent, StdnumError):
        raise ValidationError(_("统一社会信用代码格式不正确")) from None
