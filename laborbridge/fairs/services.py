"""Writes of job fairs: the fair and its status, employers and positions, pre-registration, check-in at the
door (walk-ins registered through the registry's own service), intents at the booth (referrals through the
employment services) and consultations. Each is atomic, asks the policy and records an audit event.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core import idnumber
from laborbridge.core.audit import audit_record, changes
from laborbridge.core.counters import count_hit
from laborbridge.core.models import AuditEvent
from laborbridge.employers.models import Employer, Vacancy
from laborbridge.employment.models import Referral
from laborbridge.employment.services import referral_advance, referral_create
from laborbridge.fairs.models import (
    Consultation,
    FairIntent,
    FairParticipation,
    FairPosition,
    FairPreregistration,
    FairVisit,
    JobFair,
    TargetGroup,
    Topic,
)
from laborbridge.regions.models import Region
from laborbridge.regions.selectors import region_partner_codes
from laborbridge.workers.derived import id_number_index, phone_index
from laborbridge.workers.models import Worker
from laborbridge.workers.search import registered_elsewhere
from laborbridge.workers.services import worker_register
from laborbridge.workers.validation import worker_clean

S = JobFair.Status
# planned → open → closed; nothing goes back (a closed fair's results are what was reported).
NEXT_STATUS = {S.PLANNED: {S.OPEN}, S.OPEN: {S.CLOSED}, S.CLOSED: set()}
FAIR_FIELDS = (
    "title",
    "theme",
    "date",
    "starts_at",
    "ends_at",
    "township",
    "address",
    "target_groups",
    "programme",
)


def _clean_fair(data: dict) -> dict:
    """Check a fair's fields; raise ValidationError naming each bad one."""
    errors: dict[str, list[str]] = {}
    clean = dict(data)
    for name, limit, label in (
        ("title", 100, _("名称")),
        ("theme", 200, _("主题")),
        ("address", 200, _("地址")),
    ):
        if name in data:
            text = " ".join(str(data[name] or "").split())
            if not text and name != "theme":
                errors[name] = [_("请填写%(f)s") % {"f": label}]
            elif len(text) > limit:
                errors[name] = [_("%(f)s不能超过%(n)d个字") % {"f": label, "n": limit}]
            clean[name] = text
    if "programme" in data:
        clean["programme"] = str(data["programme"] or "").strip()[:2000]
    if "date" in data and not isinstance(data["date"], datetime.date):
        errors["date"] = [_("请填写日期")]
    for name in ("starts_at", "ends_at"):
        if name in data and not isinstance(data[name], datetime.time):
            errors[name] = [_("请填写时间")]
    starts, ends = clean.get("starts_at"), clean.get("ends_at")
    if isinstance(starts, datetime.time) and isinstance(ends, datetime.time) and ends <= starts:
        errors["ends_at"] = [_("结束时间应晚于开始时间")]
    if "township" in data:
        township = data["township"]
        if not isinstance(township, Region):
            township = Region.objects.filter(code=str(township or "").strip()).first()
        if township is None or township.level != Region.Level.TOWNSHIP:
            errors["township"] = [_("请选择举办的乡镇（街道）")]
        clean["township"] = township
    if "target_groups" in data:
        groups = list(dict.fromkeys(data["target_groups"] or []))
        if any(g not in TargetGroup.values for g in groups):
            errors["target_groups"] = [_("面向对象不在可选范围内")]
        clean["target_groups"] = groups
    if errors:
        raise ValidationError(errors)
    return clean


def _organisers(codes) -> list[Region]:
    codes = list(dict.fromkeys(str(c).strip() for c in codes or []))
    regions = list(Region.objects.filter(code__in=codes, level=Region.Level.COUNTY))
    if not codes or len(regions) != len(codes):
        raise ValidationError({"organisers": [_("主办地区应为县（区），至少一个")]})
    return regions


@transaction.atomic
def fair_create(*, actor, organisers, request=None, **data) -> JobFair:
    """Plan a fair; the actor's county must be among its organisers (the administrator's may be any)."""
    policy.require(actor, "manage_fairs")
    missing = [
        name
        for name in FAIR_FIELDS
        if name not in data and name not in ("theme", "target_groups", "programme")
    ]
    unknown = set(data) - set(FAIR_FIELDS)
    if unknown:
        raise ValidationError({name: [_("不能设置此字段")] for name in sorted(unknown)})
    clean = _clean_fair({**dict.fromkeys(missing, ""), **data})
    regions = _organisers(organisers)
    if not policy.may_manage_fair_in(actor, [r.code for r in regions]):
        raise ValidationError({"organisers": [_("主办地区应包括您所在的县（区）")]})
    if clean["township"].code[:6] not in {r.code for r in regions} and not policy.may(actor, "administer"):
        # the venue lies in an organising county (or the partner's: the pairing holds fairs on either side)
        partners = {p for r in regions for p in region_partner_codes(code=r.code)}
        if clean["township"].code[:6] not in partners:
            raise ValidationError({"township": [_("举办地应在主办地区或其结对地区")]})
    fair = JobFair(created_by=actor, slug=secrets.token_urlsafe(9)[:12], **clean)
    fair.save()
    fair.organisers.set(regions)
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, obj=fair, request=request, region_code=fair.township_id
    )
    return fair


def _require_manage(actor, fair: JobFair) -> None:
    if not policy.may_manage_fair(actor, fair):
        raise PermissionDenied(_("您没有管理该招聘会的权限"))


@transaction.atomic
def fair_update(*, actor, fair: JobFair, organisers=None, request=None, **data) -> JobFair:
    """Change a fair's details (not its status: see fair_set_status)."""
    _require_manage(actor, fair)
    unknown = set(data) - set(FAIR_FIELDS)
    if unknown:
        raise ValidationError({name: [_("不能设置此字段")] for name in sorted(unknown)})
    if fair.status == S.CLOSED:
        raise ValidationError({"status": [_("招聘会已结束，不能修改")]})
    clean = _clean_fair({"starts_at": fair.starts_at, "ends_at": fair.ends_at, **data})
    before = {name: getattr(fair, name) for name in clean}
    for name, value in clean.items():
        setattr(fair, name, value)
    fair.save()
    details = changes(fair, before)
    if organisers is not None:
        regions = _organisers(organisers)
        if not policy.may_manage_fair_in(actor, [r.code for r in regions]):
            raise ValidationError({"organisers": [_("主办地区应包括您所在的县（区）")]})
        fair.organisers.set(regions)
        details["organisers"] = [r.code for r in regions]
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=fair, request=request,
        region_code=fair.township_id, details={"fields": sorted(details)},
    )  # fmt: skip
    return fair


@transaction.atomic
def fair_set_status(*, actor, fair: JobFair, status: str, request=None) -> JobFair:
    """planned → open (check-in and intents begin) → closed (results are final)."""
    _require_manage(actor, fair)
    # read the status under a lock (two staff phones may press at once), and keep the caller's object current
    fair.status = JobFair.objects.select_for_update().values_list("status", flat=True).get(pk=fair.pk)
    if status not in S.values:
        raise ValidationError({"status": [_("状态不在可选范围内")]})
    if status not in NEXT_STATUS[fair.status]:
        raise ValidationError(
            {
                "status": [
                    _("不能从“%(old)s”变为“%(new)s”")
                    % {"old": fair.get_status_display(), "new": S(status).label}
                ]
            }
        )
    fair.status = status
    fair.save(update_fields=["status"])
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=fair, request=request,
        region_code=fair.township_id, details={"status": status},
    )  # fmt: skip
    return fair


@transaction.atomic
def participation_add(
    *, actor, fair: JobFair, employer: Employer, booth: str = "", request=None
) -> FairParticipation:
    """Give an employer a booth at the fair."""
    _require_manage(actor, fair)
    if fair.status == S.CLOSED:
        raise ValidationError({"employer": [_("招聘会已结束，不能再增加参会单位")]})
    booth = " ".join(str(booth or "").split())
    if len(booth) > 20:
        raise ValidationError({"booth": [_("展位号不能超过20个字")]})
    if booth and fair.participations.filter(booth=booth).exists():
        raise ValidationError({"booth": [_("展位号%(b)s已有单位") % {"b": booth}]})
    try:
        with transaction.atomic():
            participation = FairParticipation.objects.create(fair=fair, employer=employer, booth=booth)
    except IntegrityError:
        raise ValidationError({"employer": [_("该单位已在本次招聘会")]}) from None
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, obj=participation, request=request,
        region_code=fair.township_id, details={"fair": fair.pk, "employer": employer.pk},
    )  # fmt: skip
    return participation


@transaction.atomic
def position_add(
    *, actor, participation: FairParticipation, vacancy: Vacancy, headcount: int, request=None
) -> FairPosition:
    """Bring one of the employer's open vacancies to the fair, with the headcount offered there."""
    fair = participation.fair
    _require_manage(actor, fair)
    errors: dict[str, list[str]] = {}
    if fair.status == S.CLOSED:
        errors["vacancy"] = [_("招聘会已结束，不能再增加岗位")]
    elif vacancy.employer_id != participation.employer_id:
        errors["vacancy"] = [_("该岗位不属于%(e)s") % {"e": participation.employer.name}]
    elif vacancy.status != Vacancy.Status.OPEN:
        errors["vacancy"] = [
            _("只能带招聘中的岗位参会（该岗位：%(s)s）") % {"s": vacancy.get_status_display()}
        ]
    if not isinstance(headcount, int) or isinstance(headcount, bool) or not 1 <= headcount <= 10000:
        errors["headcount"] = [_("招聘人数应为1至10000的整数")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            position = FairPosition.objects.create(
                participation=participation, vacancy=vacancy, headcount=headcount
            )
    except IntegrityError:
        raise ValidationError({"vacancy": [_("该岗位已在本次招聘会")]}) from None
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, obj=position, request=request,
        region_code=fair.township_id, details={"fair": fair.pk, "vacancy": vacancy.pk, "headcount": headcount},
    )  # fmt: skip
    return position


# --- before: pre-registration from a phone ---------------------------------------------------------------


def preregistration_allow(ip: str | None) -> None:
    """Count one public sign-up from this address, or refuse when there were too many (shared cache)."""
    key = f"fair-preregistrations:{ip or '-'}"
    used = count_hit(key, settings.FAIR_PREREGISTRATION_WINDOW, sliding=True)
    if used > settings.FAIR_PREREGISTRATIONS_PER_IP:
        raise PermissionDenied(_("提交过于频繁，请稍后再试"))


@transaction.atomic
def fair_preregister(
    *, fair: JobFair, name: str, phone: str, township, looking_for: str = "", request=None
) -> FairPreregistration:
    """A job seeker signs up for a fair; a second sign-up with the same phone replaces the first.

    The answer is the same whether the phone was known or not, so the form reveals nothing.
    """
    if fair.status == S.CLOSED:
        raise ValidationError({"__all__": [_("招聘会已结束，不再接受报名")]})
    data = {"name": name, "phone": phone, "township": township or ""}
    clean = worker_clean(data)
    if not clean.get("phone"):
        raise ValidationError({"phone": [_("请填写手机号码")]})
    looking_for = " ".join(str(looking_for or "").split())
    if len(looking_for) > 200:
        raise ValidationError({"looking_for": [_("求职意向不能超过200个字")]})
    if looking_for:  # the registry's rule for free text: no ID numbers or phones in it
        try:
            worker_clean({"skills": looking_for})
        except ValidationError as exc:
            raise ValidationError({"looking_for": exc.message_dict.get("skills", exc.messages)}) from None
    index = phone_index(clean["phone"])
    preregistration, created = FairPreregistration.objects.update_or_create(
        fair=fair,
        phone_bidx=index,
        defaults={
            "name": clean["name"], "phone": clean["phone"], "township": clean["township"],
            "looking_for": looking_for,
        },
    )  # fmt: skip
    audit_record(
        actor=None, actor_label="public", action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=preregistration, request=request, region_code=clean["township"].code, details={"fair": fair.pk},
    )  # fmt: skip
    return preregistration


# --- at the door: check-in ------------------------------------------------------------------------------


def _require_open(fair: JobFair, field: str = "__all__") -> None:
    if fair.status != S.OPEN:
        raise ValidationError({field: [_("招聘会%(s)s，不能办理") % {"s": fair.get_status_display()}]})


def fair_check_in(
    *, actor, fair: JobFair, worker: Worker, preregistration: FairPreregistration | None = None,
    walk_in: bool = False, at: datetime.datetime | None = None, request=None,
) -> tuple[FairVisit, bool]:  # fmt: skip
    """Check a registry record in at the door; a second check-in returns the first visit (created=False).

    `at` is for a record of a past fair (the demo); the door itself leaves it to the clock. The checks run
    before the transaction, so that the audit event of a person registered elsewhere stays (as the registry's).
    """
    if not policy.may_check_in_at_fair(actor, fair):
        raise PermissionDenied(_("您没有在该招聘会办理签到的权限"))
    _require_open(fair)
    if not policy.may_see_worker(actor, worker):
        raise ValidationError(
            {"id_number": [registered_elsewhere(actor=actor, source="fair", request=request)]}
        )
    if preregistration is not None and preregistration.fair_id != fair.pk:
        raise ValidationError({"code": [_("该报名码不是本次招聘会的")]})
    visit = FairVisit.objects.filter(fair=fair, worker=worker).first()
    if visit is not None:
        return visit, False
    linked = (
        preregistration if preregistration is not None and not hasattr(preregistration, "visit") else None
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                visit = FairVisit.objects.create(
                    fair=fair, worker=worker, checked_in_at=at or timezone.now(), checked_in_by=actor,
                    walk_in=walk_in, preregistration=linked,
                )  # fmt: skip
        except IntegrityError:  # the same person at two doors at once
            return FairVisit.objects.get(fair=fair, worker=worker), False
        audit_record(
            actor=actor, action=AuditEvent.Action.CREATE, obj=visit, request=request,
            region_code=worker.township_id, details={"fair": fair.pk, "walk_in": walk_in},
        )  # fmt: skip
    return visit, True


def fair_walk_in(
    *, actor, fair: JobFair, id_number: str, name: str = "", township="", phone: str = "",
    preregistration: FairPreregistration | None = None, request=None,
) -> tuple[FairVisit, bool]:  # fmt: skip
    """Check in by ID number: the registry record with that number, else a new one registered on the spot
    with the registry's rules (`worker_register`)."""
    if not policy.may_check_in_at_fair(actor, fair):
        raise PermissionDenied(_("您没有在该招聘会办理签到的权限"))
    _require_open(fair)
    try:
        number = idnumber.parse(id_number).number
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    existing = Worker.objects.filter(id_number_bidx=id_number_index(number)).first()
    if existing is not None:
        return fair_check_in(
            actor=actor, fair=fair, worker=existing, preregistration=preregistration, request=request
        )
    data = {"name": name, "id_number": number, "township": township}
    if phone:
        data["phone"] = phone
    with transaction.atomic():
        worker = worker_register(actor=actor, request=request, **data)
        return fair_check_in(
            actor=actor,
            fair=fair,
            worker=worker,
            preregistration=preregistration,
            walk_in=True,
            request=request,
        )


# --- at the booth: intents --------------------------------------------------------------------------------


@transaction.atomic
def fair_intent_record(
    *, actor, fair: JobFair, worker: Worker, vacancy: Vacancy, on: datetime.date | None = None, request=None
) -> FairIntent:
    """An intent agreed at the booth: a referral of source 招聘会, advanced to 达成意向 through the employment
    services, tied to the fair, so that a later hire carries the channel 招聘会."""
    position = (
        FairPosition.objects.filter(participation__fair=fair, vacancy=vacancy)
        .select_related("participation")
        .first()
    )
    if position is None:
        raise ValidationError({"vacancy": [_("该岗位不在本次招聘会")]})
    _require_open(fair, "vacancy")
    if not fair.visits.filter(worker=worker).exists():
        raise ValidationError({"worker": [_("此人未在本次招聘会签到")]})
    if not policy.may_record_fair_intent(actor, fair, worker, vacancy):
        raise PermissionDenied(_("您没有在该招聘会为此岗位记录意向的权限"))
    on = on or timezone.localdate()
    referral = referral_create(
        actor=actor, worker=worker, vacancy=vacancy, source=Referral.Source.JOB_FAIR, on=on, fair=fair,
        request=request,
    )  # fmt: skip
    referral = referral_advance(
        actor=actor, referral=referral, status=Referral.Status.INTENT, on=on, fair=fair, request=request
    )
    intent = FairIntent.objects.create(fair=fair, position=position, referral=referral, recorded_by=actor)
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, obj=intent, request=request,
        region_code=worker.township_id, details={"fair": fair.pk, "referral": referral.pk},
    )  # fmt: skip
    return intent


# --- consultations ----------------------------------------------------------------------------------------


@transaction.atomic
def consultation_record(
    *, actor, fair: JobFair, topic: str, worker: Worker | None = None, note: str = "", request=None
) -> Consultation:
    """Log a one-to-one consultation at the advice desk; the person may stay anonymous."""
    if not policy.may_record_consultation(actor, fair):
        raise PermissionDenied(_("您没有在该招聘会登记咨询的权限"))
    if fair.status == S.PLANNED:
        raise ValidationError({"topic": [_("招聘会尚未开始")]})
    errors: dict[str, list[str]] = {}
    if topic not in Topic.values:
        errors["topic"] = [_("咨询类别不在可选范围内")]
    note = " ".join(str(note or "").split())
    if len(note) > 200:
        errors["note"] = [_("说明不能超过200个字")]
    elif note:
        try:
            worker_clean({"notes": note})
        except ValidationError as exc:
            errors["note"] = exc.message_dict.get("notes", exc.messages)
    if worker is not None and not policy.may_see_worker(actor, worker):
        errors["worker"] = [_("未找到该劳动力")]
    if errors:
        raise ValidationError(errors)
    consultation = Consultation.objects.create(fair=fair, topic=topic, staff=actor, worker=worker, note=note)
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, obj=consultation, request=request,
        region_code=fair.township_id, details={"fair": fair.pk, "topic": topic},
    )  # fmt: skip
    return consultation
