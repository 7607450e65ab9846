"""Run a ledger import: a file straight away (the command line), or an uploaded job's check and apply.

The background tasks (`ledger.tasks`) call `ledger_check`, `ledger_apply` and `ledger_jobs_fail_stale`;
the web's upload and confirm (`ledger.services`) queue those tasks. Nothing here imports either, so
there is no cycle.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.core import audit
from laborbridge.core.collector import collector_paused
from laborbridge.core.database import refresh_planner_statistics
from laborbridge.core.models import AuditEvent
from laborbridge.core.redaction import scrub
from laborbridge.core.spreadsheets import SpreadsheetError, read_workbook
from laborbridge.ledger import storage
from laborbridge.ledger.applying import LedgerImporter
from laborbridge.ledger.employers_import import employers_import_file
from laborbridge.ledger.models import LedgerImport
from laborbridge.ledger.rows import ImportResult, LedgerError
from laborbridge.ledger.workbooks import error_workbook
from laborbridge.regions.models import Region


def county_by_code(code: str) -> Region:
    """The county of a 6-digit code, or a Chinese error on the `county` field."""
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
        county=county_by_code(county_code),
        as_of=as_of,
        actor=actor,
        actor_label=actor_label,
        progress=progress,
    )
    with collector_paused():
        result = importer.run(read_workbook(path), dry_run=dry_run)
    if not dry_run:
        refresh_planner_statistics(
            "workers_worker", "employment_employment", changed_rows=result.created + result.updated
        )
    return result


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


def upload_ip(job: LedgerImport) -> str | None:
    """The address the job's file was uploaded from (its upload event), for the events of its check and import."""
    events = AuditEvent.objects.filter(
        action=AuditEvent.Action.UPLOAD, object_type=job._meta.label_lower, object_id=str(job.pk)
    )
    return events.values_list("ip", flat=True).first()


def _run(job: LedgerImport, *, dry_run: bool) -> None:
    """Check or apply a job on its uploader's behalf: its events carry the upload's address and the job."""
    with audit.on_behalf(ip=upload_ip(job), subject=job):
        _run_job(job, dry_run=dry_run)


def _run_job(job: LedgerImport, *, dry_run: bool) -> None:
    """Check (dry run) or apply an uploaded ledger, recording progress and the outcome on the job."""
    jobs = LedgerImport.objects.filter(pk=job.pk)

    def progress(percent: int) -> None:
        jobs.update(progress=percent, heartbeat_at=timezone.now())

    def fail(message: str) -> None:
        message = scrub(message)
        jobs.update(status=LedgerImport.Status.FAILED, message=message, finished_at=timezone.now())
        storage.remove(job.file_path)
        # The check is recorded here; an import is recorded by the importer when it writes, so a failed
        # import writes its own (failed) event here.
        audit.audit_record(
            actor=job.actor,
            actor_label=job.actor_label,
            action=AuditEvent.Action.CHECK if dry_run else AuditEvent.Action.IMPORT,
            success=False,
            region_code=job.county_id or "",
            details={"message": message},
        )

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
        # A misplaced column puts an ID number or phone into a message ("no township named 138..."): the
        # stored list is shown to whoever sees the job, so it keeps them masked (the uploader's error
        # workbook keeps the rows as they were).
        errors=scrub([e.as_dict() for e in result.errors]),
        notices=scrub(result.notices),
        unread_columns=scrub(result.unread_columns),
        errors_file=errors_file,
        finished_at=None if dry_run else timezone.now(),
    )
    if dry_run:
        audit.audit_record(
            actor=job.actor,
            actor_label=job.actor_label,
            action=AuditEvent.Action.CHECK,
            region_code=job.county_id or "",
            details={"rows": result.rows, "rejected": result.rejected},
        )
    else:
        storage.remove(job.file_path)


def ledger_check(job_id: int) -> None:
    """Background: a dry run that counts and explains every row; the registry is not touched."""
    _run(LedgerImport.objects.select_related("actor", "county").get(pk=job_id), dry_run=True)


def ledger_apply(job_id: int) -> None:
    """Background: apply a checked ledger in one transaction."""
    _run(LedgerImport.objects.select_related("actor", "county").get(pk=job_id), dry_run=False)
