"""The registry's exports as background jobs (docs/decisions/0016): the request asks, a Huey worker builds the
workbook, the page polls its progress, and the user who asked downloads it until it expires.

`ledger.services.export_request` (the web) checks the rights and the reason at once, keeps the filters encrypted
on a job (`filters_sealed`) and queues `ledger.tasks.export_build_task`, which calls `export_build` here.
Nothing here imports either, so there is no cycle. The file is kept encrypted in
STORAGES["private"] (`ledger.storage`), like the error workbooks: any web server reads what any worker wrote.
The export's audit event is written when the file is built, with the address of the request that asked.
"""

import dataclasses
import datetime
import json

from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core import audit, crypto
from laborbridge.core.replica import replica_reads
from laborbridge.ledger import storage
from laborbridge.ledger.exporting import workers_export
from laborbridge.ledger.models import ExportJob
from laborbridge.workers.selectors import WorkerFilters

FILTERS_CONTEXT = "ledger.export.filters"


def filters_sealed(filters: WorkerFilters) -> bytes:
    return crypto.encrypt_bytes(json.dumps(dataclasses.asdict(filters)).encode(), context=FILTERS_CONTEXT)


def _filters_opened(job: ExportJob) -> WorkerFilters:
    return WorkerFilters(**json.loads(crypto.decrypt_bytes(bytes(job.filters), context=FILTERS_CONTEXT)))


def export_filters_described(job: ExportJob) -> str:
    """An export's filters in words, for its asker's pages ("脱贫户 · 桐木镇 · 女"): exports of the same day
    then tell apart. A search by an ID number or a phone says so without repeating the number."""
    from laborbridge.regions.models import Region
    from laborbridge.workers.choices import PlaceClass, PovertyStatus, Sex
    from laborbridge.workers.search import identifier_kind

    try:
        filters = _filters_opened(job)
    except (InvalidTag, ValueError, TypeError):
        return ""  # nothing kept, or kept under a retired key: no description rather than an error
    names = dict(
        Region.objects.filter(code__in=[filters.township, filters.village]).values_list("code", "name")
    )
    parts = [names.get(filters.township, ""), names.get(filters.village, "")]
    for value, choices in (
        (filters.poverty_status, PovertyStatus),
        (filters.sex, Sex),
        (filters.place_class, PlaceClass),
    ):
        if value in choices.values:
            parts.append(str(choices(value).label))
    parts.append({"yes": _("目前在岗"), "no": _("目前未就业")}.get(filters.employed, ""))
    low, high = filters.age_min, filters.age_max
    if low is not None and high is not None:
        parts.append(_("%(low)d–%(high)d 岁") % {"low": low, "high": high})
    elif low is not None:
        parts.append(_("%(low)d 岁及以上") % {"low": low})
    elif high is not None:
        parts.append(_("%(high)d 岁及以下") % {"high": high})
    if filters.q.strip():
        if identifier_kind(filters.q):
            parts.append(_("按身份证号或手机号搜索"))
        else:
            parts.append(_("搜索“%(text)s”") % {"text": filters.q.strip()})
    return " · ".join(str(part) for part in parts if part) or _("全部人员")


def export_get(*, actor, pk: int) -> ExportJob:
    """The actor's own export; anyone else's, or none, is 404 (its existence is not disclosed)."""
    job = ExportJob.objects.filter(pk=pk, actor=actor).first()
    if job is None or not getattr(actor, "is_authenticated", False):
        raise Http404
    if _expired_now(job):  # past its time: expired now, not at the next clean-up
        job.refresh_from_db()
    if job.is_running and export_jobs_fail_stale(pk=job.pk):
        job.refresh_from_db()
    return job


def export_list(*, actor):
    """The actor's own exports, newest first (the export page lists them, to come back to one)."""
    return ExportJob.objects.filter(actor=actor).order_by("-id")


def export_file(*, actor, job: ExportJob) -> bytes:
    """The built workbook, for the user who asked, while it is kept."""
    if (
        job.actor_id != actor.pk
        or job.status != ExportJob.Status.DONE
        or not job.file_path
        or _expired_now(job)
    ):
        raise Http404
    try:
        return storage.load(job.file_path)
    except FileNotFoundError:
        raise Http404 from None


def export_build(job_id: int) -> None:
    """Background: build the workbook on the asker's behalf (their scope, their address in the audit event)."""
    job = ExportJob.objects.select_related("actor").get(pk=job_id)
    if job.status != ExportJob.Status.QUEUED:
        return
    jobs = ExportJob.objects.filter(pk=job.pk)
    jobs.update(status=ExportJob.Status.RUNNING, progress=0, heartbeat_at=timezone.now())

    def progress(percent: int) -> None:
        jobs.update(progress=percent, heartbeat_at=timezone.now())

    full = job.kind == ExportJob.Kind.WORKERS_FULL
    try:
        # The rights are read again: a role changed or an account closed since the request exports nothing.
        if not job.actor.is_active or not policy.may(job.actor, "export_workers"):
            raise PermissionDenied(_("您的角色不能导出劳动力个人信息"))
        with audit.on_behalf(ip=job.ip), replica_reads():
            handle, count = workers_export(actor=job.actor, filters=_filters_opened(job), full=full,
                                           reason=job.reason, progress=progress)  # fmt: skip
        with handle:
            handle.seek(0)
            name, _digest = storage.store(handle.read(), suffix=".xlsx")
    except PermissionDenied as exc:
        jobs.update(status=ExportJob.Status.FAILED, message=str(exc), finished_at=timezone.now())
        return
    except Exception:
        jobs.update(status=ExportJob.Status.FAILED, message=_("导出时发生系统错误；请稍后重试或联系系统管理员"),
                    finished_at=timezone.now())  # fmt: skip
        raise
    now = timezone.now()
    jobs.update(status=ExportJob.Status.DONE, progress=100, rows=count, file_path=name, finished_at=now,
                expires_at=now + datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS))  # fmt: skip


def _expired_now(job: ExportJob) -> bool:
    """Expire a built export whose time has passed; whether it did."""
    if job.status == ExportJob.Status.DONE and job.expires_at and job.expires_at <= timezone.now():
        export_expire(job)
        return True
    return False


def export_expire(job: ExportJob) -> None:
    storage.remove(job.file_path)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.EXPIRED, file_path="")


def export_jobs_expire() -> int:
    """Remove the files of exports past their time (the periodic task); return how many."""
    expired = ExportJob.objects.filter(status=ExportJob.Status.DONE, expires_at__lte=timezone.now())
    jobs = list(expired)
    for job in jobs:
        export_expire(job)
    return len(jobs)


def export_jobs_fail_stale(*, pk: int | None = None) -> int:
    """Mark exports whose worker died (running, silent past the deadline) or that no worker took up (queued
    past the deadline: the queue lost the task, or no consumer runs) as failed, with why. A lost task that
    turns up later finds its job no longer queued and does nothing."""
    deadline = timezone.now() - datetime.timedelta(minutes=settings.LEDGER_JOB_STALE_MINUTES)
    jobs = ExportJob.objects.all() if pk is None else ExportJob.objects.filter(pk=pk)
    died = jobs.filter(status=ExportJob.Status.RUNNING, heartbeat_at__lt=deadline).update(
        status=ExportJob.Status.FAILED,
        message=_("后台任务意外中止（例如服务器重启），没有生成文件；请重新导出"),
        finished_at=timezone.now(),
    )
    never_started = jobs.filter(status=ExportJob.Status.QUEUED, created_at__lt=deadline).update(
        status=ExportJob.Status.FAILED,
        message=_(
            "导出排队超过 %(minutes)d 分钟仍未开始（后台任务可能没有运行），没有生成文件；请重新导出，或联系系统管理员"
        )
        % {"minutes": settings.LEDGER_JOB_STALE_MINUTES},
        finished_at=timezone.now(),
    )
    return died + never_started
