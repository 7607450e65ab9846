"""Writes of employers and vacancies: atomic, scoped, audited."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core import phone
from laborbridge.core.audit import audit_record, changes
from laborbridge.core.models import AuditEvent
from laborbridge.employers.models import Employer, EmploymentBase, Occupation, Vacancy
from laborbridge.employers.occupations import OCCUPATIONS
from laborbridge.employers.validation import EMPLOYER_FIELDS, VACANCY_FIELDS, employer_clean, vacancy_clean

# The road a vacancy travels; anything else is refused with a reason.
VACANCY_ROAD = {
    Vacancy.Status.DRAFT: {Vacancy.Status.OPEN, Vacancy.Status.CLOSED},
    Vacancy.Status.OPEN: {Vacancy.Status.FILLED, Vacancy.Status.CLOSED},
    Vacancy.Status.FILLED: {Vacancy.Status.OPEN, Vacancy.Status.CLOSED},
    Vacancy.Status.CLOSED: {Vacancy.Status.OPEN},
}


def _unknown(data: dict, allowed) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError({field: [_("不能设置此字段")] for field in unknown})


def _uscc_taken(code: str, *, exclude_pk=None) -> None:
    if not code:
        return
    clash = Employer.objects.filter(uscc=code).exclude(pk=exclude_pk).first()
    if clash is not None:
        raise ValidationError({"uscc": [_("该统一社会信用代码已登记：%(name)s") % {"name": clash.name}]})


@transaction.atomic
def employer_create(*, actor, request=None, **data) -> Employer:
    """Register an employer in a county the actor may write for (where it is, or the side that brought it)."""
    _unknown(data, EMPLOYER_FIELDS)
    if not policy.may_create_employers(actor):
        raise PermissionDenied(_("您没有登记用工单位的权限"))
    data.setdefault("name", "")
    data.setdefault("region", "")
    clean = employer_clean(data)
    employer = Employer(created_by=actor, **clean)
    if not policy.may_write_employer(actor, employer):
        raise ValidationError({"region": [_("单位所在地或引进方应为您所在的县（区）")]})
    _uscc_taken(employer.uscc)
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError:
        raise ValidationError({"uscc": [_("该统一社会信用代码已登记")]}) from None
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=employer,
        request=request,
        region_code=employer.region_id,
    )
    return employer


@transaction.atomic
def employer_update(*, actor, employer: Employer, request=None, **data) -> Employer:
    _unknown(data, EMPLOYER_FIELDS)
    if not policy.may_write_employer(actor, employer):
        raise PermissionDenied(_("您没有修改该用工单位的权限"))
    clean = employer_clean(data)
    if "uscc" in clean:
        _uscc_taken(clean["uscc"], exclude_pk=employer.pk)
    changed = [field for field, value in clean.items() if getattr(employer, field) != value]
    refused = sorted(set(changed) - policy.employer_fields_writable(actor, employer, changed))
    if refused:
        raise PermissionDenied(
            _("以下信息由人社局维护，用工单位不能修改：%(f)s")
            % {"f": "、".join(str(Employer._meta.get_field(f).verbose_name) for f in refused)}
        )
    before = {field: getattr(employer, field) for field in changed}
    for field in changed:
        setattr(employer, field, clean[field])
    if not changed:
        return employer
    if not policy.may_write_employer(actor, employer):  # a county may not move an employer out of its reach
        raise ValidationError({"region": [_("单位所在地或引进方应为您所在的县（区）")]})
    employer.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=employer,
        request=request,
        region_code=employer.region_id,
        details={"changes": changes(employer, before, masked={"contact_phone": phone.mask})},
    )
    return employer


def employer_contact_unmask(*, actor, employer: Employer, request=None) -> str:
    """The full contact phone, recorded in the audit trail."""
    allowed = policy.may_unmask_employer_contact(actor, employer)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UNMASK,
        obj=employer,
        request=request,
        success=allowed,
        region_code=employer.region_id,
        details={"fields": ["contact_phone"]},
    )
    if not allowed:
        raise PermissionDenied(_("您没有查看完整联系电话的权限"))
    return employer.contact_phone


@transaction.atomic
def vacancy_create(*, actor, employer: Employer, status: str = "", request=None, **data) -> Vacancy:
    """Add a vacancy as a draft, then move it to `status` if given; a refused status leaves no vacancy."""
    _unknown(data, VACANCY_FIELDS)
    if not policy.may_write_employer(actor, employer):
        raise PermissionDenied(_("您没有为该单位发布岗位的权限"))
    for required in ("title", "occupation", "headcount", "pay_min", "pay_max", "place"):
        data.setdefault(required, "")
    clean = vacancy_clean(data)
    vacancy = Vacancy.objects.create(employer=employer, created_by=actor, **clean)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=vacancy,
        request=request,
        region_code=employer.region_id,
    )
    if status and status != vacancy.status:  # in this transaction: a refusal undoes the create
        vacancy_set_status(actor=actor, vacancy=vacancy, status=status, request=request)
    return vacancy


@transaction.atomic
def vacancy_update(*, actor, vacancy: Vacancy, status: str = "", request=None, **data) -> Vacancy:
    """Change the given fields, then move the vacancy to `status` if given; all of it or nothing."""
    _unknown(data, VACANCY_FIELDS)
    if not policy.may_write_employer(actor, vacancy.employer):
        raise PermissionDenied(_("您没有修改该岗位的权限"))
    clean = vacancy_clean(data, current=vacancy)
    changed = [field for field, value in clean.items() if getattr(vacancy, field) != value]
    before = {field: getattr(vacancy, field) for field in changed}
    for field in changed:
        setattr(vacancy, field, clean[field])
    if changed:
        vacancy.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=vacancy,
            request=request,
            region_code=vacancy.employer.region_id,
            details={"changes": changes(vacancy, before)},
        )
    if status and status != vacancy.status:  # in this transaction: a refusal undoes the changes above
        vacancy_set_status(actor=actor, vacancy=vacancy, status=status, request=request)
    return vacancy


@transaction.atomic
def vacancy_set_status(
    *, actor, vacancy: Vacancy, status: str, request=None, today: datetime.date | None = None
) -> Vacancy:
    """Move a vacancy along draft → open → filled/closed (and reopen); publishing dates it."""
    if not policy.may_write_employer(actor, vacancy.employer):
        raise PermissionDenied(_("您没有修改该岗位的权限"))
    if status not in VACANCY_ROAD.get(vacancy.status, set()):
        raise ValidationError(
            {
                "status": [
                    _("岗位状态不能从“%(old)s”改为“%(new)s”")
                    % {
                        "old": vacancy.get_status_display(),
                        "new": dict(Vacancy.Status.choices).get(status, status),
                    }
                ]
            }
        )
    today = today or datetime.date.today()
    if status == Vacancy.Status.OPEN:
        if vacancy.closes_on and vacancy.closes_on < today:
            raise ValidationError({"status": [_("截止日期已过，请先修改截止日期")]})
        vacancy.posted_on = vacancy.posted_on or today
    old = vacancy.status
    vacancy.status = status
    vacancy.save(update_fields=["status", "posted_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=vacancy,
        request=request,
        region_code=vacancy.employer.region_id,
        details={"status": [old, status]},
    )
    return vacancy


@transaction.atomic
def base_recognise(
    *,
    actor,
    employer: Employer,
    kind: str,
    recognised_on: datetime.date,
    recognised_by: str = "",
    request=None,
):
    """Record that an employer was recognised as a 稳岗就业基地 or 就业帮扶车间."""
    if not policy.may_recognise_base(actor, employer):
        raise PermissionDenied(_("认定须由用工单位所在县（区）人社局登记"))
    if kind not in EmploymentBase.Kind.values:
        raise ValidationError({"kind": [_("认定类型应为稳岗就业基地或就业帮扶车间")]})
    if not isinstance(recognised_on, datetime.date) or recognised_on > datetime.date.today():
        raise ValidationError({"recognised_on": [_("请填写不晚于今天的认定日期")]})
    base, created = EmploymentBase.objects.get_or_create(
        employer=employer,
        kind=kind,
        defaults={"recognised_on": recognised_on, "recognised_by": recognised_by[:100]},
    )
    if not created:
        raise ValidationError({"kind": [_("该单位已认定为%(k)s") % {"k": base.get_kind_display()}]})
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=base,
        request=request,
        region_code=employer.region_id,
    )
    return base


def occupations_load() -> int:
    """Create or refresh the curated list of occupations (also done by a migration); returns how many exist."""
    for sort, (name, code) in enumerate(OCCUPATIONS):
        Occupation.objects.update_or_create(name=name, defaults={"code": code, "sort": sort})
    return Occupation.objects.count()
