"""Background jobs (Huey): large ledgers are checked and applied, and the registry exported, outside the web
request."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from laborbridge.ledger.exports import export_build, export_jobs_expire, export_jobs_fail_stale
from laborbridge.ledger.jobs import ledger_apply, ledger_check, ledger_jobs_fail_stale


@db_task()
def ledger_check_task(job_id: int) -> None:
    ledger_check(job_id)


@db_task()
def ledger_apply_task(job_id: int) -> None:
    ledger_apply(job_id)


@db_periodic_task(crontab(minute="*/5"))
def ledger_jobs_fail_stale_task() -> None:
    # A deadline rather than a start-up sweep: with several consumers, one starting says nothing of another's jobs.
    ledger_jobs_fail_stale()


@db_task()
def export_build_task(job_id: int) -> None:
    export_build(job_id)


@db_periodic_task(crontab(minute="*/5"))
def export_jobs_tidy_task() -> None:
    # Exported files are kept EXPORT_KEEP_HOURS; an export whose worker died is failed, as imports are.
    export_jobs_expire()
    export_jobs_fail_stale()
