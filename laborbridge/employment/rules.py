"""The rules every employment spell obeys, whichever path writes it (a page, the API, a referral, a ledger, the demo).

The place class comes from `employment.places.place_class_for`. The services in
`employment.services` apply them; a ledger's row parser asks them too, so that a row
is rejected with its reason instead of failing the whole bulk write.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from laborbridge.regions.models import Region

MAX_MONTHLY_INCOME = 1_000_000  # 元 a month: anything above is a unit mistake (分, or a year's pay)


def income_error(monthly_income: int | None) -> str | None:
    """Why a monthly income cannot be stored, or None."""
    if monthly_income is None or 0 <= monthly_income <= MAX_MONTHLY_INCOME:
        return None
    return _("月收入应为0到%(max)d之间的整数（元）") % {"max": MAX_MONTHLY_INCOME}


def start_error(start, *, today: datetime.date) -> str | None:
    """Why a start date cannot be stored, or None."""
    if not isinstance(start, datetime.date):
        return _("请填写开始日期")
    if start > today:
        return _("开始日期不能晚于今天")
    return None


def end_error(end, *, start: datetime.date) -> str | None:
    """Why an end date cannot close a spell that began on `start`, or None."""
    if not isinstance(end, datetime.date):
        return _("请填写结束日期")
    if end < start:
        return _("结束日期不能早于开始日期（%(start)s）") % {"start": start}
    return None


def place_code_error(code: str, *, home_county_code: str) -> str | None:
    """Why a region cannot be a spell's place, or None: a province, city or county anywhere, or a
    township of the home county (a ledger may say only "广州" or "浙江"; a page picks a county)."""
    if len(code) in (2, 4, 6) or (len(code) == 9 and code.startswith(home_county_code)):
        return None
    return _("就业地点应为省、市、县级区划，或本县的乡镇")


def spell_place(value, *, home_county_code: str) -> Region:
    """A province, city or county anywhere, or a township of the worker's home county."""
    region = (
        value if isinstance(value, Region) else Region.objects.filter(code=str(value or "").strip()).first()
    )
    if region is None:
        raise ValidationError({"place": [_("请选择就业地点（县级区划，或本县的乡镇）")]})
    message = place_code_error(region.code, home_county_code=home_county_code)
    if message:
        raise ValidationError({"place": [message]})
    return region


def spell_place_of_vacancy(place: Region, *, home_county_code: str) -> Region:
    """Where a vacancy's hire works: its township if in the home county, otherwise its county."""
    if place.level == Region.Level.TOWNSHIP and not place.code.startswith(home_county_code):
        return place.parent
    return place


def employer_name_clean(name: str) -> str:
    """An employer's free-text name as stored: single spaces, at most 200 characters."""
    return " ".join((name or "").split())[:200]


def spell_label(*, employer_name: str, start: datetime.date, end: datetime.date | None) -> str:
    """A spell as a message names it: 单位，起止日期 (an open spell runs 至今)."""
    unit = employer_name or _("单位不详")
    if end is None:
        return _("%(unit)s，自%(start)s起") % {"unit": unit, "start": start}
    return _("%(unit)s，%(start)s至%(end)s") % {"unit": unit, "start": start, "end": end}


def spells_overlap(
    start: datetime.date,
    end: datetime.date | None,
    other_start: datetime.date,
    other_end: datetime.date | None,
) -> bool:
    """Whether two spells share a day (both ends inclusive; an open spell runs on without end)."""
    return (other_end is None or start <= other_end) and (end is None or other_start <= end)


def overlap_error(start: datetime.date, end: datetime.date | None, others) -> str | None:
    """Why a spell [start, end] cannot be stored beside the worker's `others` (each with employer_name,
    start, end), or None: one worker's spells never overlap."""
    for other in others:
        if spells_overlap(start, end, other.start, other.end):
            label = spell_label(employer_name=other.employer_name, start=other.start, end=other.end)
            if end is None and other.end is None:
                return _("该劳动力已有未结束的就业记录（%(other)s），请先填写其结束日期") % {"other": label}
            return _("与该劳动力的另一段就业重叠（%(other)s）") % {"other": label}
    return None
