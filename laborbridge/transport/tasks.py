"""Background jobs (Huey): planning a campaign's buses outside the web request."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from laborbridge.transport.jobs import plan_job_run, plan_jobs_fail_stale


@db_task()
def campaign_plan_task(job_id: int) -> None:
    plan_job_run(job_id)


@db_periodic_task(crontab(minute="*/5"))
def plan_jobs_fail_stale_task() -> None:
    plan_jobs_fail_stale()
