"""Run a planning job (排车) in the background, recording its progress and outcome on the `PlanJob`.

The task (`transport.tasks`) calls `plan_job_run`; the web's 自动排车 queues it through
`plan_queue.campaign_plan_queue`. A job whose worker died (silent past the deadline) is marked failed.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.core import audit
from laborbridge.transport.models import PlanJob
from laborbridge.transport.services import campaign_plan

STALE_MINUTES = 10


def plan_job_run(job_id: int) -> None:
    """Plan the job's campaign on its presser's behalf; the progress bar follows the days planned."""
    job = PlanJob.objects.select_related("campaign", "bus_type", "actor").get(pk=job_id)
    jobs = PlanJob.objects.filter(pk=job.pk)
    if job.status != PlanJob.Status.QUEUED:
        return  # run already (a task delivered twice)

    def progress(percent: int) -> None:
        jobs.update(progress=percent, heartbeat_at=timezone.now())

    def finish(status, **fields) -> None:
        jobs.update(status=status, finished_at=timezone.now(), heartbeat_at=timezone.now(), **fields)

    jobs.update(status=PlanJob.Status.RUNNING, progress=0, heartbeat_at=timezone.now())
    try:
        with audit.on_behalf(ip=job.ip, subject=job):
            plan = campaign_plan(
                actor=job.actor,
                campaign=job.campaign,
                bus_type=job.bus_type,
                seconds_per_day=settings.TRANSPORT_PLAN_SECONDS_PER_DAY,
                progress=progress,
            )
    except ValidationError as exc:
        finish(PlanJob.Status.FAILED, message="；".join(exc.messages)[:500])
        return
    except PermissionDenied as exc:
        finish(PlanJob.Status.FAILED, message=str(exc)[:500])
        return
    except Exception:
        finish(PlanJob.Status.FAILED, message=_("排车时发生系统错误，原有排车没有改变；请联系系统管理员"))
        raise
    finish(
        PlanJob.Status.DONE,
        progress=100,
        buses=plan.buses,
        lower_bound=plan.lower_bound,
        signups=sum(len(t.passengers) for t in plan.trips),
    )


def plan_jobs_fail_stale() -> int:
    """Mark jobs whose worker died (queued or running, silent past the deadline) as failed, with why."""
    deadline = timezone.now() - datetime.timedelta(minutes=STALE_MINUTES)
    return PlanJob.objects.filter(
        status__in=(PlanJob.Status.QUEUED, PlanJob.Status.RUNNING), heartbeat_at__lt=deadline
    ).update(
        status=PlanJob.Status.FAILED,
        message=_("后台任务意外中止（例如服务器重启），原有排车没有改变；请重新排车"),
        finished_at=timezone.now(),
    )
