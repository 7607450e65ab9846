"""Referrals: a worker put forward for a vacancy, step by step to a hire, the factory gate, and beyond.

`hired` opens the employment spell and schedules the 1-, 3- and 6-month follow-ups; `arrived` is the
employer's confirmation that the worker came through the gate (进厂门); `left` closes the spell.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.employers.models import Vacancy
from laborbridge.employment.models import Channel, Employment, FollowUp, Referral, ReferralStep, Source
from laborbridge.employment.rules import spell_place_of_vacancy
from laborbridge.employment.services import employment_end, employment_start
from laborbridge.workers.models import Worker

S = Referral.Status
ROAD = {
    S.RECOMMENDED: {S.APPLIED, S.INTENT, S.HIRED, S.DECLINED},
    S.APPLIED: {S.INTENT, S.HIRED, S.DECLINED},
    S.INTENT: {S.HIRED, S.DECLINED},
    S.HIRED: {S.ARRIVED, S.LEFT},
    S.ARRIVED: {S.LEFT},
    S.LEFT: set(),
    S.DECLINED: set(),
}
FOLLOW_UP_MONTHS = (1, 3, 6)
CHANNEL_BY_SOURCE = {
    Referral.Source.JOB_FAIR: Channel.JOB_FAIR,
    Referral.Source.CHARTERED_BUS: Channel.CHARTERED_BUS,
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day (31 January + 1 month = 28/29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def is_stable(spell: Employment, as_of: datetime.date) -> bool:
    """Stable employment (稳定就业): at work at least 3 months by `as_of` (the common subsidy rule)."""
    until = min(spell.end or as_of, as_of)  # the last day at work, inclusive
    return add_months(spell.start, 3) - datetime.timedelta(days=1) <= until


def referral_may_take(actor, referral: Referral, status: str) -> bool:
    """Whether the policy lets `actor` record `status` on this referral (arrival is the employer's gate)."""
    if status == S.ARRIVED:
        return policy.may_confirm_arrival(actor, referral)
    return policy.may_move_referral(actor, referral)


def referral_next_steps(actor, referral: Referral) -> list[str]:
    """The steps `actor` may record next on this referral, forward first."""
    return [s for s in S.values if s in ROAD[referral.status] and referral_may_take(actor, referral, s)]


def _check_actor(actor, referral: Referral, status: str) -> None:
    if referral_may_take(actor, referral, status):
        return
    if status == S.ARRIVED:
        raise PermissionDenied(_("到岗须由用工单位确认"))
    raise PermissionDenied(_("您没有办理该推荐的权限"))


@transaction.atomic
def referral_create(
    *,
    actor,
    worker: Worker,
    vacancy: Vacancy,
    source: str = Referral.Source.STAFF,
    on: datetime.date | None = None,
    request=None,
) -> Referral:
    """Put a worker forward for an open vacancy."""
    if not policy.may_refer(actor, worker):
        raise PermissionDenied(_("您没有推荐该劳动力的权限"))
    if vacancy.status != Vacancy.Status.OPEN:
        raise ValidationError(
            {"vacancy": [_("只能推荐到招聘中的岗位（该岗位：%(s)s）") % {"s": vacancy.get_status_display()}]}
        )
    if source not in Referral.Source.values:
        raise ValidationError({"source": [_("推荐来源不在可选范围内")]})
    on = on or datetime.date.today()
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                worker=worker, vacancy=vacancy, source=source, created_by=actor
            )
    except IntegrityError:
        raise ValidationError({"vacancy": [_("该劳动力已推荐到这个岗位，且尚未结束")]}) from None
    ReferralStep.objects.create(referral=referral, status=S.RECOMMENDED, on=on, by=actor)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=referral,
        request=request,
        region_code=worker.township_id,
    )
    return referral


@transaction.atomic
def referral_advance(
    *,
    actor,
    referral: Referral,
    status: str,
    on: datetime.date | None = None,
    reason: str = "",
    monthly_income: int | None = None,
    request=None,
) -> Referral:
    """Take the next step on the road; anything off the road is refused with a reason."""
    referral = (
        Referral.objects.select_for_update().select_related("worker", "vacancy__employer").get(pk=referral.pk)
    )
    if status not in S.values:
        raise ValidationError({"status": [_("推荐状态不在可选范围内")]})
    if status not in ROAD[referral.status]:
        raise ValidationError(
            {
                "status": [
                    _("不能从“%(old)s”直接变为“%(new)s”")
                    % {"old": referral.get_status_display(), "new": S(status).label}
                ]
            }
        )
    _check_actor(actor, referral, status)
    on = on or datetime.date.today()
    last = referral.steps.order_by("-on", "-id").first()
    if last and on < last.on:
        raise ValidationError({"on": [_("日期不能早于上一步（%(d)s）") % {"d": last.on}]})
    if on > datetime.date.today():
        raise ValidationError({"on": [_("日期不能晚于今天")]})
    reason = " ".join((reason or "").split())[:200]
    if status == S.DECLINED and not reason:
        raise ValidationError({"reason": [_("请填写未成功的原因")]})
    if status == S.HIRED:
        _hire(actor=actor, referral=referral, on=on, monthly_income=monthly_income, request=request)
    if status == S.LEFT:
        spell = Employment.objects.filter(referral=referral, end__isnull=True).first()
        if spell is not None:
            employment_end(
                actor=actor, spell=spell, end=max(on, spell.start), reason="referral_left", request=request
            )
    referral.status = status
    referral.declined_reason = reason if status == S.DECLINED else referral.declined_reason
    referral.save(update_fields=["status", "declined_reason"])
    ReferralStep.objects.create(referral=referral, status=status, on=on, by=actor, note=reason)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=referral,
        request=request,
        region_code=referral.worker.township_id,
        details={"status": status},
    )
    return referral


def _hire(
    *, actor, referral: Referral, on: datetime.date, monthly_income: int | None, request=None
) -> Employment:
    worker, vacancy = referral.worker, referral.vacancy
    try:
        spell = employment_start(
            actor=actor,
            worker=worker,
            place=spell_place_of_vacancy(vacancy.place, home_county_code=worker.county_code),
            start=on,
            monthly_income=monthly_income,
            channel=CHANNEL_BY_SOURCE.get(referral.source, Channel.ORGANISED),
            source=Source.REFERRAL,
            referral=referral,
            request=request,
        )
    except ValidationError as exc:  # the hire's date is the step's date
        raise ValidationError(
            {"status" if name == "start" else name: messages for name, messages in exc.message_dict.items()}
        ) from None
    # The check-ups fall to the staff member who made the referral (an employer's user does not follow up).
    assignee = referral.created_by if policy.may(referral.created_by, "answer_follow_ups") else None
    FollowUp.objects.bulk_create(
        FollowUp(employment=spell, months=m, due_on=add_months(on, m), assignee=assignee)
        for m in FOLLOW_UP_MONTHS
    )
    return spell


@transaction.atomic
def follow_up_answer(
    *,
    actor,
    follow_up: FollowUp,
    still_working: bool,
    on: datetime.date | None = None,
    note: str = "",
    request=None,
) -> FollowUp:
    """Record the answer to "still at work?"; a no closes the spell on that day and skips later check-ups."""
    spell = follow_up.employment
    if not policy.may_write_worker(actor, spell.worker.township_id):
        raise PermissionDenied(_("您没有办理该回访的权限"))
    if follow_up.answered_on:
        raise ValidationError({"still_working": [_("该回访已完成")]})
    on = on or datetime.date.today()
    if on < spell.start:
        raise ValidationError({"on": [_("回访日期不能早于入职日期（%(d)s）") % {"d": spell.start}]})
    follow_up.answered_on, follow_up.still_working, follow_up.note = on, still_working, note[:200]
    follow_up.save(update_fields=["answered_on", "still_working", "note"])
    if not still_working and spell.end is None:
        employment_end(actor=actor, spell=spell, end=on, reason="follow_up", request=request)
        FollowUp.objects.filter(employment=spell, answered_on__isnull=True).delete()
        if spell.referral_id and spell.referral.status in (S.HIRED, S.ARRIVED):
            spell.referral.status = S.LEFT
            spell.referral.save(update_fields=["status"])
            ReferralStep.objects.create(
                referral=spell.referral, status=S.LEFT, on=on, by=actor, note=_("回访时已离职")
            )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=spell,
        request=request,
        region_code=spell.worker.township_id,
        details={"follow_up": follow_up.months, "still_working": still_working},
    )
    return follow_up
