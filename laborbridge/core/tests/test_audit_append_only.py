"""The audit trail is append-only in the database, kept at least 184 days, and purged only past that."""

import datetime
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.factories import PASSWORD

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table


def event(days_ago: float = 0, **fields) -> AuditEvent:
    """An event written `days_ago` days ago (the clock is moved, as auto_now_add reads it)."""
    when = timezone.now() - datetime.timedelta(days=days_ago)
    with mock.patch("django.utils.timezone.now", return_value=when):
        return audit_record(
            actor=None, action=fields.pop("action", AuditEvent.Action.LOGIN_FAILED), actor_label="x", **fields
        )


def refused_by_the_database(sql: str, params=()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as exc:
        return "append-only" in str(exc)
    return False


def test_the_database_refuses_to_update_an_audit_event():
    logged = event(success=False)
    assert refused_by_the_database(f"UPDATE {TABLE} SET success = %s WHERE id = %s", [True, logged.pk])
    assert AuditEvent.objects.get(pk=logged.pk).success is False


def test_the_database_refuses_to_update_even_an_old_audit_event():
    old = event(days_ago=400)
    assert refused_by_the_database(f"UPDATE {TABLE} SET actor_label = 'y' WHERE id = %s", [old.pk])


def test_the_database_refuses_to_delete_an_event_younger_than_184_days():
    young = event(days_ago=183)
    assert refused_by_the_database(f"DELETE FROM {TABLE} WHERE id = %s", [young.pk])
    assert AuditEvent.objects.filter(pk=young.pk).exists()


def test_the_database_lets_an_event_older_than_184_days_be_deleted():
    old = event(days_ago=185)
    assert not refused_by_the_database(f"DELETE FROM {TABLE} WHERE id = %s", [old.pk])
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_to_truncate_the_audit_table():
    event()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the insert's foreign key now, not at commit
    assert refused_by_the_database(f"TRUNCATE {TABLE}")


def test_the_application_refuses_bulk_updates_and_deletes():
    event()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(success=False)
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.purge_before(timezone.now() - datetime.timedelta(days=10))
    assert AuditEvent.objects.count() == 1


def test_deleting_failed_logins_does_not_reset_a_lockout(users, client):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "tongmu", "password": "guess"})
    failures = AuditEvent.objects.filter(actor_label="tongmu", action=AuditEvent.Action.LOGIN_FAILED)
    assert refused_by_the_database(
        f"DELETE FROM {TABLE} WHERE actor_label = %s AND action = %s", ["tongmu", "login_failed"]
    )
    with pytest.raises(PermissionError):
        failures.delete()
    response = client.post("/accounts/login/", {"username": "tongmu", "password": PASSWORD})
    assert "_auth_user_id" not in client.session and "暂时锁定" in response.content.decode()


def test_purge_removes_events_older_than_the_date_and_keeps_the_rest():
    old, kept = event(days_ago=400), event(days_ago=200)
    cutoff = (timezone.localdate() - datetime.timedelta(days=300)).isoformat()
    call_command("audit_purge", "--before", cutoff)
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=kept.pk).exists()


def test_purge_by_age_removes_events_older_than_n_days():
    old, kept = event(days_ago=250), event(days_ago=190)
    call_command("audit_purge", "--older-than-days", "200")
    assert list(AuditEvent.objects.exclude(action=AuditEvent.Action.PURGE)) == [kept]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_purge_refuses_a_date_younger_than_184_days_and_deletes_nothing():
    young = event(days_ago=100)
    with pytest.raises(CommandError, match="184"):
        call_command("audit_purge", "--older-than-days", "183")
    with pytest.raises(CommandError, match="184"):
        call_command("audit_purge", "--before", timezone.localdate().isoformat())
    assert AuditEvent.objects.filter(pk=young.pk).exists()


def test_purge_writes_one_event_saying_how_many_it_removed():
    event(days_ago=400)
    event(days_ago=500)
    call_command("audit_purge", "--older-than-days", "365")
    purge = AuditEvent.objects.get()
    assert purge.action == AuditEvent.Action.PURGE and purge.details["deleted"] == 2
