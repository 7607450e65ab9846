"""One validation path for a worker's fields, shared by the form, the API and the ledger import.

Every message is Chinese and keyed by the field it concerns.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from laborbridge.core import idnumber, phone
from laborbridge.core.education import Education
from laborbridge.core.redaction import contains_personal_numbers
from laborbridge.regions.models import Region
from laborbridge.workers.choices import ETHNICITIES, PovertyStatus, Sex

MINIMUM_AGE = 16
NAME_MARKS = "·•．. "  # the middle dot of transliterated names (阿依古丽·买买提)
TEXT_LIMITS = {"name": 50, "skills": 500, "notes": 2000}
EDITABLE = (
    "name",
    "id_number",
    "sex",
    "phone",
    "township",
    "village",
    "poverty_status",
    "education",
    "ethnicity",
    "skills",
    "notes",
)


SEXES = frozenset(Sex.values)
POVERTY = frozenset(PovertyStatus.values)
EDUCATIONS = frozenset(Education.values)
ETHNICITY_SET = frozenset(ETHNICITIES)


def _region(value, level: str, label) -> Region | None:
    if value in (None, ""):
        return None
    region = value if isinstance(value, Region) else Region.objects.filter(code=str(value).strip()).first()
    if region is None or region.level != level:
        raise ValidationError(_("%(label)s代码“%(code)s”不存在") % {"label": label(), "code": value})
    return region


def _choice(value, choices: frozenset, message) -> str:
    """A value from a closed list, or '' when blank; `message` is called only on error."""
    if isinstance(value, str):
        value = value.strip()
    if value in (None, ""):
        return ""
    if value not in choices:
        raise ValidationError(message())
    return value


def _name(value, today):
    text = " ".join(str(value or "").split())
    if not text:
        raise ValidationError(_("请填写姓名"))
    if len(text) > TEXT_LIMITS["name"]:
        raise ValidationError(_("姓名不能超过50个字"))
    if not all(ch.isalpha() or ch in NAME_MARKS for ch in text):
        if any(ch.isdigit() for ch in text):
            raise ValidationError(_("姓名中不能含有数字"))
        raise ValidationError(_("姓名只能包含汉字、字母和间隔号（·）"))
    return text


def _id_number(value, today):
    parsed = idnumber.parse(value, today=today)
    if idnumber.age_on(parsed.birth_date, today) < MINIMUM_AGE:
        raise ValidationError(_("未满16周岁，不能登记为劳动力"))
    return parsed


def _phone(value, today):
    if value in (None, ""):
        return ""
    return phone.parse(value)


def _free_text(field):
    limit = TEXT_LIMITS[field]

    def clean(value, today):
        value = str(value or "").strip()
        if len(value) > limit:
            raise ValidationError(_("不能超过%(n)d个字") % {"n": limit})
        if contains_personal_numbers(value):
            # Free text is stored in clear: keep ID numbers and phones in their protected fields.
            raise ValidationError(_("请不要在此填写身份证号或手机号，请填在对应栏目中"))
        return value

    return clean


CLEANERS = {
    "name": _name,
    "id_number": _id_number,
    "phone": _phone,
    "sex": lambda v, today: _choice(v, SEXES, lambda: _("性别只能是男或女")),
    "poverty_status": lambda v, today: (
        _choice(v, POVERTY, lambda: _("脱贫属性应为脱贫劳动力、防止返贫监测对象或一般农户"))
        or PovertyStatus.ORDINARY
    ),
    "education": lambda v, today: _choice(v, EDUCATIONS, lambda: _("文化程度不在可选范围内")),
    "ethnicity": lambda v, today: _choice(v, ETHNICITY_SET, lambda: _("民族名称不正确")),
    "skills": _free_text("skills"),
    "notes": _free_text("notes"),
    "township": lambda v, today: _region(v, Region.Level.TOWNSHIP, lambda: _("乡镇（街道）")),
    "village": lambda v, today: _region(v, Region.Level.VILLAGE, lambda: _("村（社区）")),
}


def worker_clean(data: dict, *, today: datetime.date | None = None) -> dict:
    """Normalise and check the given fields; raise ValidationError({field: [message]}) on any error.

    Only the keys present in `data` are cleaned, so a partial update checks what it changes.
    """
    today = today or datetime.date.today()
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for field, value in data.items():
        cleaner = CLEANERS.get(field)
        if cleaner is None:
            continue
        try:
            clean[field] = cleaner(value, today)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)

    if "township" in data and "township" not in errors and clean.get("township") is None:
        errors["township"] = [_("请选择户籍乡镇（街道）")]
    township, village = clean.get("township"), clean.get("village")
    if township and village and village.parent_id != township.code:
        errors.setdefault("village", []).append(
            _("%(village)s不属于%(township)s") % {"village": village.name, "township": township.name}
        )
    parsed = clean.get("id_number")
    if parsed and clean.get("sex") and clean["sex"] != parsed.sex:
        errors.setdefault("sex", []).append(
            _("性别与公民身份号码不一致（号码显示为%(sex)s）") % {"sex": Sex(parsed.sex).label}
        )
    if errors:
        raise ValidationError(errors)
    return clean
