"""Writes to the registry. Each is atomic, checks the actor's scope and records an audit event."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.workers.derived import id_number_index, worker_derived
from laborbridge.workers.models import Worker
from laborbridge.workers.validation import EDITABLE, worker_clean


def _duplicate_message(*, actor, existing: Worker) -> str:
    """Say the ID is taken; name the record only if the actor may see it."""
    if policy.may_see_worker(actor, existing):
        return _("该公民身份号码已登记：%(name)s，%(township)s（编号%(pk)d）") % {
            "name": existing.name,
            "township": existing.township.name,
            "pk": existing.pk,
        }
    return _("该公民身份号码已在其他地区登记，不能重复登记；如需迁入，请联系原登记地区")


def _apply(worker: Worker, clean: dict) -> list[str]:
    """Copy cleaned values onto the worker; return the names of fields that changed."""
    changed = []
    for field, value in clean.items():
        if field == "id_number":
            if worker.id_number != value.number:
                worker.id_number = value.number
                _set_derived(worker, id_number=value)
                changed.append("id_number")
            continue
        if field == "sex":
            continue  # derived from the ID; a given sex was only checked against it
        if field == "phone":
            if (worker.phone or "") != value:
                worker.phone = value
                _set_derived(worker, phone=value)
                changed.append("phone")
            continue
        if field in ("township", "village"):
            code = value.code if value is not None else None
            if getattr(worker, f"{field}_id") != code:
                setattr(worker, field, value)
                changed.append(field)
                if field == "township":
                    _set_derived(worker, township_code=value.code)
            continue
        if getattr(worker, field) != value:
            setattr(worker, field, value)
            changed.append(field)
    if "name" in changed:
        _set_derived(worker, name=worker.name)
    return changed


def _set_derived(worker: Worker, **sources) -> None:
    for column, value in worker_derived(**sources).items():
        setattr(worker, column, value)


def _check_writable(*, actor, township_code: str) -> None:
    scope = policy.worker_write_scope(actor)
    if not scope:
        raise PermissionDenied(_("您没有修改劳动力台账的权限"))
    if not scope.covers(township_code):
        raise ValidationError({"township": [_("该乡镇（街道）不在您的管辖范围内")]})


@transaction.atomic
def worker_register(*, actor, request=None, today: datetime.date | None = None, **data) -> Worker:
    """Register a new worker; one ID number is one person across all regions."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError({field: [_("不能设置此字段")] for field in sorted(unknown)})
    for required in ("name", "id_number", "township"):
        data.setdefault(required, "")
    clean = worker_clean(data, today=today)
    _check_writable(actor=actor, township_code=clean["township"].code)
    existing = Worker.objects.filter(id_number_bidx=id_number_index(clean["id_number"].number)).first()
    if existing is not None:
        raise ValidationError({"id_number": [_duplicate_message(actor=actor, existing=existing)]})
    worker = Worker(created_by=actor, updated_by=actor)
    _apply(worker, clean)
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError:  # registered by someone else a moment ago
        raise ValidationError({"id_number": [_("该公民身份号码已登记，不能重复登记")]}) from None
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=worker,
        request=request,
        region_code=worker.township_id,
    )
    return worker


@transaction.atomic
def worker_update(
    *, actor, worker: Worker, request=None, today: datetime.date | None = None, **data
) -> Worker:
    """Change some fields of a worker the actor may write; records which fields changed."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError({field: [_("不能修改此字段")] for field in sorted(unknown)})
    _check_writable(actor=actor, township_code=worker.township_id)
    if "sex" in data and "id_number" not in data:
        data["id_number"] = worker.id_number  # check the given sex against the ID on file
    clean = worker_clean(data, today=today)
    if "township" in clean and "village" not in clean and worker.village_id:
        clean["village"] = None  # a village of the old township cannot stay
    if "village" in clean and "township" not in clean and clean["village"] is not None:
        if clean["village"].parent_id != worker.township_id:
            raise ValidationError({"village": [_("该村（社区）不属于%(t)s") % {"t": worker.township.name}]})
    if "township" in clean:
        _check_writable(actor=actor, township_code=clean["township"].code)
    if "id_number" in clean:
        clash = (
            Worker.objects.filter(id_number_bidx=id_number_index(clean["id_number"].number))
            .exclude(pk=worker.pk)
            .first()
        )
        if clash is not None:
            raise ValidationError({"id_number": [_duplicate_message(actor=actor, existing=clash)]})
    changed = _apply(worker, clean)
    if not changed:
        return worker
    worker.updated_by = actor
    worker.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=worker,
        request=request,
        region_code=worker.township_id,
        details={"fields": changed},
    )
    return worker


def worker_unmask(*, actor, worker: Worker, request=None) -> dict[str, str]:
    """Return the full ID number and phone of a worker, recording that the actor looked."""
    if not policy.may_unmask_worker(actor, worker):
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UNMASK,
            obj=worker,
            request=request,
            success=False,
            region_code=worker.township_id,
        )
        raise PermissionDenied(_("您没有查看完整个人信息的权限"))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UNMASK,
        obj=worker,
        request=request,
        region_code=worker.township_id,
        details={"fields": ["id_number", "phone"]},
    )
    return {"id_number": worker.id_number, "phone": worker.phone or ""}
