"""Background jobs (Huey): large ledgers are checked and applied outside the web request."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

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
