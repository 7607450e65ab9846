"""Writes of skills training: classes, enrolments, attendance, completion, certificates, trainees' check-ups.

Each service asks the policy (`may_manage_class`, `may_enrol`) before writing and records one audit event.
Enrolment takes a lock on the class row (`select_for_update`), so that two staff enrolling the last place at
once cannot both have it: the second is told the class is full.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.employment.calendar import FOLLOW_UP_MONTHS, add_months
from laborbridge.employment.models import FollowUp
from laborbridge.regions.models import Region
from laborbridge.training.models import Attendance, Certificate, Enrolment, Programme, TrainingClass
from laborbridge.workers.models import Worker

__all__ = [
    "CLASS_FIELDS",
    "attendance_record",
    "certificate_issue",
    "class_create",
    "class_set_status",
    "class_update",
    "enrolment_apply",
    "enrolment_complete",
    "enrolment_drop",
    "enrolment_enrol",
    "programme_create",
]

E = Enrolment.Status
C = TrainingClass.Status
# The class's own fields a page or the API may set (its programme is fixed once it has trainees).
CLASS_FIELDS = (
    "programme",
    "name",
    "provider",
    "place",
    "address",
    "start",
    "end",
    "capacity",
    "target_groups",
    "teachers",
    "cost_per_trainee",
    "subsidy_per_trainee",
)
MAX_YUAN = 1_000_000  # a trainee's cost or subsidy above this is a typing slip
STATUS_ROAD = {C.PLANNED: {C.RUNNING}, C.RUNNING: {C.FINISHED}, C.FINISHED: set()}


def _require_manage(actor, training_class: TrainingClass) -> None:
    if not policy.may_manage_class(actor, training_class):
        raise PermissionDenied(_("您没有管理该培训班的权限"))


def _text(value, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def _class_errors(data: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    if not isinstance(data.get("programme"), Programme):
        add("programme", _("请选择培训项目"))
    for name, label in (("name", _("班级名称")), ("provider", _("承办机构"))):
        if not data.get(name):
            add(name, _("请填写%(f)s") % {"f": label})
    place = data.get("place")
    if not isinstance(place, Region) or place.level != Region.Level.TOWNSHIP:
        add("place", _("培训地点应为乡镇（街道）"))
    start, end = data.get("start"), data.get("end")
    if not isinstance(start, datetime.date):
        add("start", _("请填写开班日期（YYYY-MM-DD）"))
    if not isinstance(end, datetime.date):
        add("end", _("请填写结业日期（YYYY-MM-DD）"))
    elif isinstance(start, datetime.date) and end < start:
        add("end", _("结业日期不能早于开班日期"))
    capacity = data.get("capacity")
    if not isinstance(capacity, int) or capacity < 1 or capacity > 10_000:
        add("capacity", _("计划人数应为1至10000的整数"))
    for name, label in (("cost_per_trainee", _("人均培训费用")), ("subsidy_per_trainee", _("人均补贴"))):
        value = data.get(name)
        if value is not None and (not isinstance(value, int) or value < 0 or value > MAX_YUAN):
            add(name, _("%(f)s应为0至1000000的整数（元）") % {"f": label})
    return errors


def _clean_class(data: dict) -> dict:
    data = {name: data.get(name) for name in CLASS_FIELDS}
    for name, limit in (
        ("name", 100),
        ("provider", 100),
        ("address", 200),
        ("target_groups", 200),
        ("teachers", 200),
    ):
        data[name] = _text(data[name], limit)
    return data


@transaction.atomic
def programme_create(*, actor, name: str, occupations=(), certificate: str = "", request=None) -> Programme:
    """Add a training programme and the trades (工种) it leads to."""
    policy.require(actor, "manage_training")
    name = _text(name, 100)
    if not name:
        raise ValidationError({"name": [_("请填写培训项目名称")]})
    if Programme.objects.filter(name=name).exists():
        raise ValidationError({"name": [_("已有同名的培训项目")]})
    programme = Programme.objects.create(name=name, certificate=_text(certificate, 100))
    programme.occupations.set(occupations)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=programme, request=request)
    return programme


@transaction.atomic
def class_create(*, actor, organisers: list[Region], request=None, **fields) -> TrainingClass:
    """Open a class, organised by the actor's own region (and, if given, regions of its pairing)."""
    policy.require(actor, "manage_training")
    data = _clean_class(fields)
    errors = _class_errors(data)
    organisers = list(organisers or [])
    if not organisers:
        errors.setdefault("organisers", []).append(_("请选择组织地区"))
    elif not any(policy.may_organise_in(actor, region.code) for region in organisers):
        errors.setdefault("organisers", []).append(_("组织地区须包括本县（区）"))
    if errors:
        raise ValidationError(errors)
    training_class = TrainingClass.objects.create(**data, created_by=actor)
    training_class.organisers.set(organisers)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=training_class,
        request=request,
        details={"organisers": [region.code for region in organisers]},
    )
    return training_class


@transaction.atomic
def class_update(*, actor, training_class: TrainingClass, request=None, **fields) -> TrainingClass:
    """Change a class's details; capacity not below the trainees already enrolled."""
    _require_manage(actor, training_class)
    training_class = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    data = _clean_class({**{name: getattr(training_class, name) for name in CLASS_FIELDS}, **fields})
    errors = _class_errors(data)
    taken = training_class.enrolments.filter(status__in=(E.ENROLLED, E.COMPLETED)).count()
    if isinstance(data["capacity"], int) and data["capacity"] < taken:
        errors.setdefault("capacity", []).append(_("计划人数不能少于已录取的%(n)d人") % {"n": taken})
    if data["programme"] != training_class.programme and training_class.enrolments.exists():
        errors.setdefault("programme", []).append(_("已有学员的培训班不能更换培训项目"))
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(training_class, name) for name in data}
    for name, value in data.items():
        setattr(training_class, name, value)
    training_class.save()
    changed = sorted(name for name in data if before[name] != data[name])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=training_class,
        request=request,
        details={"fields": changed},
    )
    return training_class


@transaction.atomic
def class_set_status(*, actor, training_class: TrainingClass, status: str, request=None) -> TrainingClass:
    """Planned → running → finished; finishing schedules each completed trainee's 1-, 3-, 6-month check-ups."""
    _require_manage(actor, training_class)
    training_class = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    if status not in C.values:
        raise ValidationError({"status": [_("培训班状态不在可选范围内")]})
    if status not in STATUS_ROAD[training_class.status]:
        raise ValidationError(
            {
                "status": [
                    _("不能从“%(old)s”直接变为“%(new)s”")
                    % {"old": training_class.get_status_display(), "new": C(status).label}
                ]
            }
        )
    if status == C.FINISHED and training_class.enrolments.filter(status__in=(E.APPLIED, E.ENROLLED)).exists():
        raise ValidationError({"status": [_("还有学员未办理结业或退出，请先办理")]})
    training_class.status = status
    training_class.save(update_fields=["status"])
    if status == C.FINISHED:
        _schedule_follow_ups(actor=actor, training_class=training_class)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=training_class,
        request=request,
        details={"status": status},
    )
    return training_class


def _schedule_follow_ups(*, actor, training_class: TrainingClass) -> None:
    assignee = actor if policy.may(actor, "answer_follow_ups") else None
    completed = training_class.enrolments.filter(status=E.COMPLETED)
    FollowUp.objects.bulk_create(
        (
            FollowUp(
                enrolment=enrolment,
                months=months,
                due_on=add_months(training_class.end, months),
                assignee=assignee
                if policy.may_write_worker(assignee, enrolment.worker.township_id)
                else None,
            )
            for enrolment in completed.select_related("worker")
            for months in FOLLOW_UP_MONTHS
        ),
        ignore_conflicts=True,
    )


def _enrolment_for_update(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("training_class", "worker")
        .get(pk=enrolment.pk)
    )


def _record(actor, enrolment: Enrolment, action: str, request, details: dict) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=enrolment,
        request=request,
        region_code=enrolment.worker.township_id,
        details=details,
    )


def _enrol_checks(actor, training_class: TrainingClass, worker: Worker) -> None:
    if not policy.may_enrol(actor, training_class, worker):
        raise PermissionDenied(_("您没有为该劳动力办理该培训班报名的权限"))
    if training_class.status == C.FINISHED:
        raise ValidationError({"worker": [_("培训班已结业，不能再报名")]})


@transaction.atomic
def enrolment_apply(
    *, actor, training_class: TrainingClass, worker: Worker, on: datetime.date | None = None, request=None
) -> Enrolment:
    """Record a worker's application (报名); staff accept it later. A second application is the same one.

    The public portal's sign-up calls this as the person themselves (`policy.PORTAL`, `may_apply_self`), with
    the worker found or registered from the confirmed sign-up; the row then has no `created_by`.
    """
    if policy.is_portal(actor):
        if not policy.may_apply_self(actor, training_class):
            raise ValidationError({"worker": [_("培训班已结业，不能再报名")]})
    else:
        _enrol_checks(actor, training_class, worker)
    user = actor if getattr(actor, "is_authenticated", False) else None  # None: the person themselves
    enrolment, created = Enrolment.objects.get_or_create(
        training_class=training_class,
        worker=worker,
        defaults={"applied_on": on or datetime.date.today(), "created_by": user},
    )
    if created:
        _record(actor, enrolment, AuditEvent.Action.CREATE, request, {"status": E.APPLIED})
    return enrolment


@transaction.atomic
def enrolment_enrol(
    *, actor, training_class: TrainingClass, worker: Worker, on: datetime.date | None = None, request=None
) -> Enrolment:
    """Enrol a worker (录取), applied or not, while the class has a place; the class row is locked meanwhile."""
    _enrol_checks(actor, training_class, worker)
    # The lock makes concurrent enrolments in one class wait here, each then counting the places taken.
    training_class = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    enrolment = Enrolment.objects.filter(training_class=training_class, worker=worker).first()
    if enrolment is not None and enrolment.status in (E.ENROLLED, E.COMPLETED):
        return enrolment  # a worker enrolled twice in one class is one enrolment
    taken = training_class.enrolments.filter(status__in=(E.ENROLLED, E.COMPLETED)).count()
    if taken >= training_class.capacity:
        raise ValidationError(
            {"worker": [_("培训班已满（计划%(n)d人），不能再录取") % {"n": training_class.capacity}]}
        )
    if enrolment is None:
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    training_class=training_class,
                    worker=worker,
                    status=E.ENROLLED,
                    applied_on=on or datetime.date.today(),
                    created_by=actor,
                )
        except IntegrityError:
            raise ValidationError({"worker": [_("该劳动力已报名该培训班")]}) from None
        _record(actor, enrolment, AuditEvent.Action.CREATE, request, {"status": E.ENROLLED})
        return enrolment
    old = enrolment.status
    enrolment.status, enrolment.dropped_reason = E.ENROLLED, ""
    enrolment.save(update_fields=["status", "dropped_reason"])
    _record(actor, enrolment, AuditEvent.Action.UPDATE, request, {"status": [old, E.ENROLLED]})
    return enrolment


def _class_day_error(training_class: TrainingClass, day: datetime.date) -> str:
    if not training_class.start <= day <= training_class.end:
        return _("%(d)s 不是上课日期（%(s)s 至 %(e)s）") % {
            "d": day,
            "s": training_class.start,
            "e": training_class.end,
        }
    if day > datetime.date.today():
        return _("日期不能晚于今天")
    return ""


@transaction.atomic
def attendance_record(
    *, actor, training_class: TrainingClass, day: datetime.date, present: dict[int, bool], request=None
) -> int:
    """Tick the day's list: `present` maps enrolment ids to present or absent; only enrolled trainees count.

    A day already ticked is changed; the whole list is refused when one entry is not an enrolled trainee.
    """
    _require_manage(actor, training_class)
    message = _class_day_error(training_class, day)
    if message:
        raise ValidationError({"day": [message]})
    enrolments = {
        e.pk: e
        for e in training_class.enrolments.filter(pk__in=list(present), status__in=(E.ENROLLED, E.COMPLETED))
    }
    strangers = [pk for pk in present if pk not in enrolments]
    if strangers:
        raise ValidationError(
            {"present": [_("只能为已录取的学员记录出勤（%(n)d人不符）") % {"n": len(strangers)}]}
        )
    for pk, here in present.items():
        Attendance.objects.update_or_create(enrolment_id=pk, day=day, defaults={"present": bool(here)})
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=training_class,
        request=request,
        details={
            "attendance": str(day),
            "present": sum(1 for v in present.values() if v),
            "count": len(present),
        },
    )
    return len(present)


@transaction.atomic
def enrolment_complete(
    *, actor, enrolment: Enrolment, on: datetime.date | None = None, request=None
) -> Enrolment:
    """Record that an enrolled trainee completed the class (结业), on or after its last day."""
    enrolment = _enrolment_for_update(enrolment)
    training_class = enrolment.training_class
    _require_manage(actor, training_class)
    if enrolment.status != E.ENROLLED:
        raise ValidationError(
            {"status": [_("只有已录取的学员才能结业（当前：%(s)s）") % {"s": enrolment.get_status_display()}]}
        )
    on = on or training_class.end
    if on < training_class.end:
        raise ValidationError(
            {"on": [_("结业日期不能早于培训班结束日期（%(d)s）") % {"d": training_class.end}]}
        )
    if on > datetime.date.today():
        raise ValidationError({"on": [_("日期不能晚于今天")]})
    enrolment.status, enrolment.completed_on = E.COMPLETED, on
    enrolment.save(update_fields=["status", "completed_on"])
    _record(actor, enrolment, AuditEvent.Action.UPDATE, request, {"status": [E.ENROLLED, E.COMPLETED]})
    return enrolment


@transaction.atomic
def enrolment_drop(*, actor, enrolment: Enrolment, reason: str, request=None) -> Enrolment:
    """An applicant or trainee leaves the class (退出), with a reason."""
    enrolment = _enrolment_for_update(enrolment)
    _require_manage(actor, enrolment.training_class)
    reason = _text(reason, 200)
    if not reason:
        raise ValidationError({"reason": [_("请填写退出原因")]})
    if enrolment.status not in (E.APPLIED, E.ENROLLED):
        raise ValidationError(
            {"status": [_("该学员不能退出（当前：%(s)s）") % {"s": enrolment.get_status_display()}]}
        )
    old = enrolment.status
    enrolment.status, enrolment.dropped_reason = E.DROPPED, reason
    enrolment.save(update_fields=["status", "dropped_reason"])
    _record(actor, enrolment, AuditEvent.Action.UPDATE, request, {"status": [old, E.DROPPED]})
    return enrolment


@transaction.atomic
def certificate_issue(
    *,
    actor,
    enrolment: Enrolment,
    kind: str,
    number: str,
    issued_on: datetime.date,
    level: str = "",
    request=None,
) -> Certificate:
    """Record a certificate a trainee earned; only after completing the class."""
    enrolment = _enrolment_for_update(enrolment)
    _require_manage(actor, enrolment.training_class)
    errors: dict[str, list[str]] = {}
    if enrolment.status != E.COMPLETED:
        errors["enrolment"] = [_("学员结业后才能登记证书")]
    if kind not in Certificate.Kind.values:
        errors["kind"] = [_("证书类别不在可选范围内")]
    number = _text(number, 50)
    if not number:
        errors["number"] = [_("请填写证书编号")]
    if not isinstance(issued_on, datetime.date):
        errors["issued_on"] = [_("请填写发证日期（YYYY-MM-DD）")]
    elif issued_on < enrolment.training_class.start or issued_on > datetime.date.today():
        errors["issued_on"] = [_("发证日期应在开班之后、今天之前")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                enrolment=enrolment, kind=kind, number=number, level=_text(level, 20), issued_on=issued_on
            )
    except IntegrityError:
        raise ValidationError({"number": [_("该证书编号已登记")]}) from None
    _record(actor, enrolment, AuditEvent.Action.CREATE, request, {"certificate": kind})
    return certificate
