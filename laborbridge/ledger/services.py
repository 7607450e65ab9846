"""Ledger imports from the web (upload → check → confirm → apply, in the background) and from the command line."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.database import refresh_planner_statistics
from laborbridge.core.spreadsheets import SpreadsheetError, read_workbook, sniff
from laborbridge.ledger import storage
from laborbridge.ledger.applying import LedgerImporter
from laborbridge.ledger.employers_import import employers_import_file
from laborbridge.ledger.models import LedgerImport
from laborbridge.ledger.rows import ImportResult, LedgerError
from laborbridge.ledger.workbooks import error_workbook
from laborbridge.regions.models import Region

SUFFIXES = {".xlsx", ".xls", ".ods", ".csv", ".xlsm"}


def _county(code: str) -> Region:
    county = Region.objects.filter(code=str(code).strip(), level=Region.Level.COUNTY).first()
    if county is None:
        raise ValidationError({"county": [_("县级区划代码“%(code)s”不存在") % {"code": code}]})
    return county


def ledger_import_file(
    *,
    path: str | Path,
    county_code: str,
    as_of: datetime.date,
    actor=None,
    actor_label: str = "",
    dry_run: bool = False,
    progress=None,
) -> ImportResult:
    """Import a ledger file straight away (the command line, and the background task)."""
    importer = LedgerImporter(
        county=_county(county_code), as_of=as_of, actor=actor, actor_label=actor_label, progress=progress
    )
    result = importer.run(read_workbook(path), dry_run=dry_run)
    if not dry_run:
        refresh_planner_statistics(
            "workers_worker", "employment_employment", changed_rows=result.created + result.updated
        )
    return result


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
    county = _county(county_code)
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
    from laborbridge.ledger.tasks import ledger_check_task

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
    from laborbridge.ledger.tasks import ledger_check_task

    transaction.on_commit(lambda: ledger_check_task(job.pk))
    return job


def ledger_jobs_fail_stale(*, pk: int | None = None) -> int:
    """Mark jobs whose worker died (checking or importing, silent past the deadline) as failed, with why."""
    deadline = timezone.now() - datetime.timedelta(minutes=settings.LEDGER_JOB_STALE_MINUTES)
    running = (LedgerImport.Status.CHECKING, LedgerImport.Status.IMPORTING)
    stale = LedgerImport.objects.filter(status__in=running, heartbeat_at__lt=deadline)
    if pk is not None:
        stale = stale.filter(pk=pk)
    failed = 0
    for job in stale:
        failed += LedgerImport.objects.filter(pk=job.pk, status=job.status).update(
            status=LedgerImport.Status.FAILED,
            message=_("后台任务意外中止（例如服务器重启或内存耗尽），没有导入任何数据；请重新上传文件"),
            finished_at=timezone.now(),
        )
        storage.remove(job.file_path)
    return failed


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
    from laborbridge.ledger.tasks import ledger_apply_task

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
    return job


def _run(job: LedgerImport, *, dry_run: bool) -> None:
    """Check (dry run) or apply an uploaded ledger, recording progress and the outcome on the job."""
    jobs = LedgerImport.objects.filter(pk=job.pk)

    def progress(percent: int) -> None:
        jobs.update(progress=percent, heartbeat_at=timezone.now())

    def fail(message: str) -> None:
        jobs.update(status=LedgerImport.Status.FAILED, message=message, finished_at=timezone.now())
        storage.remove(job.file_path)

    running = LedgerImport.Status.CHECKING if dry_run else LedgerImport.Status.IMPORTING
    jobs.update(status=running, progress=0, heartbeat_at=timezone.now())
    try:
        with storage.plaintext_copy(job.file_path, Path(job.file_name).suffix.lower()) as path:
            if job.kind == LedgerImport.Kind.EMPLOYERS:
                result = employers_import_file(path=path, actor=job.actor, dry_run=dry_run)
            else:
                result = ledger_import_file(
                    path=path,
                    county_code=job.county_id,
                    as_of=job.as_of,
                    actor=job.actor,
                    actor_label=job.actor_label,
                    dry_run=dry_run,
                    progress=progress,
                )
    except (SpreadsheetError, LedgerError, PermissionDenied) as exc:
        fail(str(exc))
        return
    except Exception:
        fail(_("导入时发生系统错误，台账没有任何改变；请联系系统管理员"))
        raise
    if job.errors_file:
        storage.remove(job.errors_file)
    errors_file = storage.store(error_workbook(result), suffix=".xlsx")[0] if result.rejected else ""
    jobs.update(
        status=LedgerImport.Status.CHECKED if dry_run else LedgerImport.Status.DONE,
        progress=100,
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        rejected=result.rejected,
        errors=[e.as_dict() for e in result.errors],
        notices=result.notices,
        errors_file=errors_file,
        finished_at=None if dry_run else timezone.now(),
    )
    if not dry_run:
        storage.remove(job.file_path)


def ledger_check(job_id: int) -> None:
    """Background: a dry run that counts and explains every row; the registry is not touched."""
    _run(LedgerImport.objects.select_related("actor", "county").get(pk=job_id), dry_run=True)


def ledger_apply(job_id: int) -> None:
    """Background: apply a checked ledger in one transaction."""
    _run(LedgerImport.objects.select_related("actor", "county").get(pk=job_id), dry_run=False)
