"""Reports and exports read from the read replica; writes, and reads inside a write transaction, from the
primary (laborbridge/core/replica.py).

The replica here is a second alias on the test database, as Django's TEST MIRROR makes one of the alias that
REPLICA_DATABASE_URL configures in production; it reads through the test's own connection, so that it sees
the rows the test made. The router's decisions are recorded: every read of a report's models goes to it.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connections, router, transaction

from laborbridge.core.replica import REPLICA, ReplicaRouter, replica_reads
from laborbridge.employment.services import employment_start
from laborbridge.factories import make_worker
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db
REPORT_MODELS = {"workers.Worker", "employment.Employment", "regions.Region"}


@pytest.fixture
def replica():
    default = connections["default"]
    connections.settings[REPLICA] = {**default.settings_dict, "TEST": {"MIRROR": "default"}}
    connections[REPLICA] = default  # the mirror of the test database, inside the test's transaction
    yield
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def reads(monkeypatch):
    """(model label, alias) of every read the router is asked about."""
    seen: list[tuple[str, str]] = []
    decide = ReplicaRouter.db_for_read

    def recording(self, model, **hints):
        alias = decide(self, model, **hints)
        seen.append((model._meta.label, alias))
        return alias

    monkeypatch.setattr(ReplicaRouter, "db_for_read", recording)
    return seen


@pytest.fixture
def employed(users):
    worker = make_worker(users["jinxiu"], name="黄甲")
    employment_start(actor=users["jinxiu"], worker=worker, place="440904", start=datetime.date(2024, 3, 1))
    return worker


def aliases_of(reads, models=REPORT_MODELS) -> set[str]:
    return {alias for label, alias in reads if label in models}


def test_the_dashboard_reads_its_figures_from_the_replica(client, users, employed, replica, reads):
    client.force_login(users["jinxiu"])
    response = client.get("/reports/?region=451324&from=2024-01-01&to=2024-10-31")
    assert response.status_code == 200 and 'data-testid="employed">1<' in response.content.decode()
    assert aliases_of(reads) == {REPLICA}
    # the signed-in user is looked up before the view, on the primary
    assert ("accounts.User", "default") in reads


def test_a_drill_down_list_and_the_official_report_read_from_the_replica(
    client, users, employed, replica, reads
):
    client.force_login(users["jinxiu"])
    for url in (
        "/reports/employed/?region=451324&from=2024-01-01&to=2024-10-31",
        "/reports/official/?region=451324&from=2024-01-01&to=2024-10-31",
    ):
        reads.clear()
        assert client.get(url).status_code == 200, url
        assert aliases_of(reads) == {REPLICA}, url


def test_the_registry_export_reads_from_the_replica_and_audits_on_the_primary(
    client, users, employed, replica, reads, django_capture_on_commit_callbacks
):
    from laborbridge.ledger.tests.exports import export

    client.force_login(users["jinxiu"])
    assert export(client, django_capture_on_commit_callbacks).status_code == 200
    assert aliases_of(reads, {"workers.Worker"}) == {REPLICA}
    assert router.db_for_write(Worker) == "default"


def test_the_report_command_reads_from_the_replica(employed, replica, reads):
    call_command("report", "--region", "451324", "--from", "2024-01-01", "--to", "2024-10-31", "--json")
    assert aliases_of(reads, {"workers.Worker", "employment.Employment"}) == {REPLICA}


def test_pages_that_are_not_reports_read_from_the_primary(client, users, employed, replica, reads):
    client.force_login(users["jinxiu"])
    assert client.get(f"/workers/{employed.pk}/").status_code == 200
    assert aliases_of(reads) == {"default"}


def test_inside_a_write_transaction_a_report_reads_from_the_primary(employed, replica):
    with replica_reads():
        assert Worker.objects.all().db == REPLICA
        with transaction.atomic():
            assert Worker.objects.all().db == "default"


def test_a_record_read_from_the_replica_is_written_to_the_primary_and_read_there_afterwards(
    employed, replica
):
    with replica_reads():
        worker = Worker.objects.get(pk=employed.pk)
    assert worker._state.db == REPLICA
    assert router.db_for_write(Worker, instance=worker) == "default"
    assert router.db_for_read(Worker, instance=worker) == "default"


def test_without_a_replica_reports_read_from_the_primary(employed):
    with replica_reads():
        assert Worker.objects.all().db == "default"
