"""Background jobs (Huey): large ledgers are checked and applied outside the web request."""

from huey.contrib.djhuey import db_task

from laborbridge.ledger.services import ledger_apply, ledger_check


@db_task()
def ledger_check_task(job_id: int) -> None:
    ledger_check(job_id)


@db_task()
def ledger_apply_task(job_id: int) -> None:
    ledger_apply(job_id)
