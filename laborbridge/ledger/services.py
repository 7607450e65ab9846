"""Ledger imports from the web: upload → check → confirm → apply; the check and the apply run in the background.

The import itself (from a file, and the background jobs' bodies) is in `ledger.jobs`; the Huey tasks that
run those bodies are in `ledger.tasks`.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core import audit
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.core.spreadsheets import SpreadsheetError, sniff
from laborbridge.ledger import storage
from laborbridge.ledger.exporting import export_reason_clean
from laborbridge.ledger.exports import filters_sealed
from laborbridge.ledger.jobs import county_by_code
from laborbridge.ledger.models import ExportJob, LedgerImport
from laborbridge.ledger.tasks import export_build_task, ledger_apply_task, ledger_check_task
from laborbridge.workers.selectors import WorkerFilters

SUFFIXES = {".xlsx", ".xls", ".ods", ".csv", ".xlsm"}


def upload_read(uploaded) -> tuple[bytes, str]:
    """The bytes and suffix of an uploaded spreadsheet, after checking its size and its kind by content."""
    limit = settings.LEDGER_MAX_UPLOAD_MB * 1024 * 1024
    if uploaded.size > limit:
        raise ValidationError(
            {"file": [_("文件超过 %(mb)d MB，请拆分后分批导入") % {"mb": settings.LEDGER_MAX_UPLOAD_MB}]}
        )
    suffix = Path(uploaded.name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError({"file": [_("只能导入 .xlsx、.xls、.ods 或 .csv 文件")]})
    data = b"".join(uploaded.chunks())
    if not data:
        raise ValidationError({"file": [_("文件是空的")]})
    try:
        kind = sniff(data[:8192])
    except SpreadsheetError as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    if (kind == "csv") != (suffix == ".csv"):
        raise ValidationError({"file": [_("文件内容与扩展名不符，请在Excel中另存为 .xlsx 后重新上传")]})
    return data, suffix


@transaction.atomic
def ledger_upload(*, actor, uploaded, county_code: str, as_of: datetime.date) -> LedgerImport:
    """Keep an uploaded ledger (encrypted) and queue its check; nothing enters the registry yet."""
    scope = policy.importable_scope(actor)
    if not scope:
        raise PermissionDenied(_("您没有导入台账的权限"))
    county = county_by_code(county_code)
    if not (scope.covers(county.code) or any(p.startswith(county.code) for p in scope.prefixes)):
        raise ValidationError({"county": [_("该县（区）不在您的管辖范围内")]})
    data, suffix = upload_read(uploaded)
    name, digest = storage.store(data, suffix=suffix)
    job = LedgerImport.objects.create(
        county=county,
        actor=actor,
        actor_label=actor.get_username(),
        file_name=Path(uploaded.name).name[:255],
        file_path=name,
        file_sha256=digest,
        file_size=len(data),
        as_of=as_of,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPLOAD,
        obj=job,
        region_code=county.code,
        details={"file": job.file_name, "size": job.file_size, "sha256": digest},
    )
    transaction.on_commit(lambda: ledger_check_task(job.pk))
    return job


@transaction.atomic
def employers_upload(*, actor, uploaded) -> LedgerImport:
    """Keep an uploaded employers' sheet (encrypted) and queue its check, like a ledger: never read in the request."""
    if not policy.may_create_employers(actor):
        raise PermissionDenied(_("您没有导入用工单位的权限"))
    data, suffix = upload_read(uploaded)
    name, digest = storage.store(data, suffix=suffix)
    job = LedgerImport.objects.create(
        kind=LedgerImport.Kind.EMPLOYERS,
        actor=actor,
        actor_label=actor.get_username(),
        file_name=Path(uploaded.name).name[:255],
        file_path=name,
        file_sha256=digest,
        file_size=len(data),
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPLOAD,
        obj=job,
        details={"file": job.file_name, "size": job.file_size, "sha256": digest},
    )
    transaction.on_commit(lambda: ledger_check_task(job.pk))
    return job


@transaction.atomic
def ledger_confirm(*, actor, job: LedgerImport) -> LedgerImport:
    """The user has seen the check: apply the ledger in the background."""
    if not policy.may_confirm_import(actor, job):
        raise PermissionDenied(_("只有上传人可以确认导入"))
    if job.status != LedgerImport.Status.CHECKED:
        raise ValidationError(_("该导入当前不能确认（状态：%(s)s）") % {"s": job.get_status_display()})
    # No heartbeat until a worker takes it: a job waiting in the queue has not lost its worker.
    job.status, job.progress, job.heartbeat_at = LedgerImport.Status.IMPORTING, 0, None
    job.save(update_fields=["status", "progress", "heartbeat_at"])
    transaction.on_commit(lambda: ledger_apply_task(job.pk))
    return job


def ledger_cancel(*, actor, job: LedgerImport) -> LedgerImport:
    if not policy.may_confirm_import(actor, job):
        raise PermissionDenied(_("只有上传人可以取消导入"))
    if job.status != LedgerImport.Status.CHECKED:
        raise ValidationError(_("该导入当前不能取消"))
    job.status = LedgerImport.Status.CANCELLED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    storage.remove(job.file_path)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=job,
        region_code=job.county_id,
        details={"status": ["checked", "cancelled"]},
    )
    return job


@transaction.atomic
def export_request(
    *, actor, filters: WorkerFilters, request=None, full: bool = False, reason: str = ""
) -> ExportJob:
    """Queue an export of the actor's filtered list; the rights and a full export's reason are checked now."""
    if not policy.may(actor, "export_workers"):
        raise PermissionDenied(_("您的角色不能导出劳动力个人信息"))
    if full:
        if not policy.may(actor, "unmask_workers"):
            audit_record(actor=actor, action=AuditEvent.Action.EXPORT, request=request, success=False,
                         object_type="workers.worker", details={"unmasked": True})  # fmt: skip
            raise PermissionDenied(_("您没有导出完整身份证号和手机号的权限"))
        reason = export_reason_clean(reason)
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.WORKERS_FULL if full else ExportJob.Kind.WORKERS,
        actor=actor,
        filters=filters_sealed(filters),
        reason=reason if full else "",
        ip=audit.client_ip(request),
    )
    transaction.on_commit(lambda: export_build_task(job.pk))
    return job
