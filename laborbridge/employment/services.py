"""Writes of employment spells."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.employers.selectors import employer_ids_by_name
from laborbridge.employment.models import Channel, Employment, Source
from laborbridge.employment.places import place_class_for
from laborbridge.regions.models import Region
from laborbridge.regions.selectors import region_partner_codes
from laborbridge.workers.models import Worker

MAX_MONTHLY_INCOME = 1_000_000


def _place(value, *, worker: Worker) -> Region:
    """A county anywhere, or a township of the worker's home county."""
    region = (
        value if isinstance(value, Region) else Region.objects.filter(code=str(value or "").strip()).first()
    )
    if region is None:
        raise ValidationError({"place": [_("请选择就业地点（县级区划，或本县的乡镇）")]})
    if region.level == Region.Level.COUNTY:
        return region
    if region.level == Region.Level.TOWNSHIP and region.code.startswith(worker.county_code):
        return region
    raise ValidationError({"place": [_("就业地点应为县级区划，或本县的乡镇")]})


def employment_assert_writable(*, actor, worker: Worker) -> None:
    """Raise PermissionDenied unless the actor may change this worker's employment."""
    if not policy.may_write_worker(actor, worker.township_id):
        raise PermissionDenied(_("您没有修改该劳动力就业信息的权限"))


@transaction.atomic
def employment_start(
    *,
    actor,
    worker: Worker,
    place,
    start: datetime.date,
    employer_name: str = "",
    monthly_income: int | None = None,
    channel: str = Channel.SELF_FOUND,
    source: str = Source.STAFF,
    request=None,
) -> Employment:
    """Open a spell of work; a worker has at most one open spell."""
    employment_assert_writable(actor=actor, worker=worker)
    errors: dict[str, list[str]] = {}
    try:
        region = _place(place, worker=worker)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        region = None
    if not isinstance(start, datetime.date):
        errors["start"] = [_("请填写开始日期")]
    elif start > datetime.date.today():
        errors["start"] = [_("开始日期不能晚于今天")]
    if monthly_income is not None and not (0 <= monthly_income <= MAX_MONTHLY_INCOME):
        errors["monthly_income"] = [_("月收入应为0到1000000之间的整数（元）")]
    if channel not in Channel.values:
        errors["channel"] = [_("就业渠道不在可选范围内")]
    if source not in Source.values:
        errors["source"] = [_("来源不在可选范围内")]
    if worker.employments.filter(end__isnull=True).exists():
        errors["start"] = [*errors.get("start", []), _("该劳动力已有未结束的就业记录，请先填写其结束日期")]
    if errors:
        raise ValidationError(errors)
    employer_name = " ".join((employer_name or "").split())[:200]
    spell = Employment.objects.create(
        worker=worker,
        employer_name=employer_name,
        employer_id=employer_ids_by_name([employer_name]).get(employer_name),
        place=region,
        place_class=place_class_for(
            place_code=region.code,
            home_county_code=worker.county_code,
            partner_codes=region_partner_codes(code=worker.county_code),
        ),
        start=start,
        monthly_income=monthly_income,
        channel=channel,
        source=source,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=spell,
        request=request,
        region_code=worker.township_id,
    )
    return spell


@transaction.atomic
def employment_end(*, actor, spell: Employment, end: datetime.date, request=None) -> Employment:
    """Close an open spell at `end`."""
    employment_assert_writable(actor=actor, worker=spell.worker)
    if spell.end is not None:
        raise ValidationError({"end": [_("该就业记录已经结束")]})
    if not isinstance(end, datetime.date):
        raise ValidationError({"end": [_("请填写结束日期")]})
    if end < spell.start:
        raise ValidationError({"end": [_("结束日期不能早于开始日期（%(start)s）") % {"start": spell.start}]})
    spell.end = end
    spell.save(update_fields=["end", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=spell,
        request=request,
        region_code=spell.worker.township_id,
        details={"fields": ["end"]},
    )
    return spell
