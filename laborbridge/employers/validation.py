"""One validation path for employers and vacancies (forms, API, imports)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from laborbridge.core import phone, uscc
from laborbridge.core.education import Education
from laborbridge.core.vocabulary import UnknownWord
from laborbridge.core.yes_no import yes_no_parse
from laborbridge.employers.models import Employer, Occupation, Vacancy
from laborbridge.regions.models import Region

EMPLOYER_FIELDS = (
    "name",
    "uscc",
    "kind",
    "industry",
    "region",
    "address",
    "contact_name",
    "contact_phone",
    "provided_by",
    "provided_on",
)
VACANCY_FIELDS = (
    "title",
    "occupation",
    "headcount",
    "pay_min",
    "pay_max",
    "place",
    "lodging",
    "meals",
    "age_min",
    "age_max",
    "education_min",
    "skills",
    "certificate",
    "description",
    "posted_on",
    "closes_on",
)
MAX_PAY = 1_000_000


class Errors:
    """Collects Chinese messages by field; raises them together."""

    def __init__(self):
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def check(self, field: str, fn, value):
        try:
            return fn(value)
        except ValidationError as exc:
            for message in exc.messages:
                self.add(field, message)
            return None

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _text(limit: int, *, required_message: str = ""):
    def clean(value):
        text = " ".join(str(value or "").split())
        if required_message and not text:
            raise ValidationError(required_message)
        if len(text) > limit:
            raise ValidationError(_("不能超过%(n)d个字") % {"n": limit})
        return text

    return clean


def _region(levels: tuple[str, ...], message: str):
    def clean(value):
        if value in (None, ""):
            return None
        region = (
            value if isinstance(value, Region) else Region.objects.filter(code=str(value).strip()).first()
        )
        if region is None or region.level not in levels:
            raise ValidationError(message)
        return region

    return clean


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(_("日期格式应为YYYY-MM-DD")) from None


def _whole(minimum: int, maximum: int, message: str):
    def clean(value):
        if value in (None, ""):
            return None
        try:
            number = int(str(value).strip().replace(",", ""))
        except ValueError:
            raise ValidationError(message) from None
        if not minimum <= number <= maximum:
            raise ValidationError(message)
        return number

    return clean


def _bool(value) -> bool:
    try:
        return yes_no_parse(value)
    except UnknownWord as exc:
        raise ValidationError(str(exc)) from None


def employer_clean(data: dict, *, today: datetime.date | None = None) -> dict:
    """Check the given employer fields; raise ValidationError({field: [message]})."""
    today = today or datetime.date.today()
    errors, clean = Errors(), {}
    cleaners = {
        "name": _text(200, required_message=_("请填写单位名称")),
        "uscc": lambda v: uscc.parse(v) if str(v or "").strip() else "",
        "kind": lambda v: _choice(v, Employer.Kind.values, _("单位类型不在可选范围内")),
        "industry": _text(50),
        "region": _region(("county",), _("请选择单位所在的县（区）")),
        "address": _text(200),
        "contact_name": _text(50),
        # A mobile or a landline with area code (an employer's switchboard); a worker's stays mobile-only.
        "contact_phone": lambda v: (
            phone.parse_contact(v, label=_("联系电话")) if str(v or "").strip() else ""
        ),
        "provided_by": _region(("county",), _("引进方应为县级区划")),
        "provided_on": _date,
    }
    for field, value in data.items():
        if field in cleaners:
            clean[field] = errors.check(field, cleaners[field], value)
    if "region" in data and "region" not in errors.by_field and clean.get("region") is None:
        errors.add("region", _("请选择单位所在的县（区）"))
    if clean.get("provided_on") and clean["provided_on"] > today:
        errors.add("provided_on", _("引进日期不能晚于今天"))
    if "kind" in clean and not clean["kind"]:
        clean["kind"] = Employer.Kind.PRIVATE
    errors.raise_if_any()
    return clean


def _choice(value, choices, message):
    value = str(value or "").strip()
    if value and value not in choices:
        raise ValidationError(message)
    return value


def vacancy_clean(data: dict, *, current: Vacancy | None = None) -> dict:
    """Check the given vacancy fields against each other and the vacancy as it is; raise ValidationError."""
    errors, clean = Errors(), {}

    def occupation(value):
        found = (
            value
            if isinstance(value, Occupation)
            else Occupation.objects.filter(pk=str(value or "0")).first()
        )
        if found is None:
            raise ValidationError(_("请选择工种"))
        return found

    cleaners = {
        "title": _text(100, required_message=_("请填写岗位名称")),
        "occupation": occupation,
        "headcount": _whole(1, 100_000, _("招聘人数应为至少1的整数")),
        "pay_min": _whole(1, MAX_PAY, _("月薪应为正整数（元）")),
        "pay_max": _whole(1, MAX_PAY, _("月薪应为正整数（元）")),
        "place": _region(("county", "township"), _("请选择工作地点（县级或乡镇）")),
        "lodging": _bool,
        "meals": _bool,
        "age_min": _whole(16, 70, _("年龄应在16到70岁之间")),
        "age_max": _whole(16, 70, _("年龄应在16到70岁之间")),
        "education_min": lambda v: _choice(v, Education.values, _("学历要求不在可选范围内")),
        "skills": _text(300),
        "certificate": _text(100),
        "description": _text(2000),
        "posted_on": _date,
        "closes_on": _date,
    }
    for field, value in data.items():
        if field in cleaners:
            clean[field] = errors.check(field, cleaners[field], value)
    for required, message in (
        ("headcount", _("请填写招聘人数")),
        ("pay_min", _("请填写月薪下限")),
        ("pay_max", _("请填写月薪上限")),
        ("place", _("请选择工作地点")),
    ):
        if required in data and required not in errors.by_field and clean.get(required) is None:
            errors.add(required, message)

    def final(name):
        return clean[name] if name in clean else getattr(current, name, None)

    pay_min, pay_max = final("pay_min"), final("pay_max")
    if pay_min and pay_max and pay_min > pay_max:
        errors.add("pay_max", _("月薪上限不能低于下限（%(min)d元）") % {"min": pay_min})
    age_min, age_max = final("age_min"), final("age_max")
    if age_min and age_max and age_min > age_max:
        errors.add("age_max", _("年龄上限不能低于下限（%(min)d岁）") % {"min": age_min})
    posted, closes = final("posted_on"), final("closes_on")
    if posted and closes and closes < posted:
        errors.add("closes_on", _("截止日期不能早于发布日期（%(d)s）") % {"d": posted})
    errors.raise_if_any()
    return clean
