"""The bulk form of the registry's writes: derived columns, one person per ID, one audit summary."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from laborbridge.core import idnumber
from laborbridge.core.models import AuditEvent
from laborbridge.factories import TONGMU, TOUPAI, make_worker
from laborbridge.ledger.tests.ledgers import make_id
from laborbridge.workers.derived import id_number_index, worker_derived
from laborbridge.workers.models import Worker
from laborbridge.workers.services import WorkerDraft, worker_write_bulk

pytestmark = pytest.mark.django_db


def new(name="黄秀英", order=22, **fields):
    return WorkerDraft(
        name=name, id_number=idnumber.parse(make_id("19880808", order)), **{"township_id": TONGMU, **fields}
    )


def test_it_registers_workers_with_their_derived_columns_and_returns_their_ids(users):
    drafts = [new(phone="13800000001"), new(name="盘志华", order=31)]
    ids = worker_write_bulk(actor=users["tongmu"], new=drafts)
    worker = Worker.objects.get(pk=ids[id_number_index(drafts[0].id_number.number)])
    assert (worker.name_initials, worker.sex, worker.county_id, worker.phone) == (
        "hxy",
        "F",
        "451324",
        "13800000001",
    )
    assert worker.phone_bidx == worker_derived(phone="13800000001")["phone_bidx"]
    assert worker.created_by == users["tongmu"] and len(ids) == 2


def test_one_audit_event_summarises_the_write(users):
    worker_write_bulk(actor=users["tongmu"], new=[new(), new(name="盘志华", order=31)], region_code=TONGMU)
    event = AuditEvent.objects.get(details__workers__created=2)
    assert (event.actor, event.region_code, event.action) == (users["tongmu"], TONGMU, "update")


def test_one_id_number_is_one_person(users):
    make_worker(users["tongmu"], id_number=make_id("19880808", 22))
    with pytest.raises(ValidationError, match="已登记"):
        worker_write_bulk(actor=users["tongmu"], new=[new(name="盘志华", order=31), new()])
    assert Worker.objects.count() == 1


def test_workers_outside_the_actors_regions_are_refused(users):
    with pytest.raises(PermissionDenied):
        worker_write_bulk(actor=users["tongmu"], new=[new(township_id=TOUPAI)])
    assert not Worker.objects.exists()


def stored_phone(worker) -> str:
    """The phone column as stored (ciphertext), read past the field's decryption."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM workers_worker WHERE id = %s", [worker.pk])
        return cursor.fetchone()[0]


def test_a_change_keeps_an_unchanged_phone_encrypted_as_it_was(users):
    worker = make_worker(users["tongmu"], name="黄秀英", phone="13800000001")
    cipher = stored_phone(worker)
    change = WorkerDraft(
        pk=worker.pk,
        name="黄秀兰",
        township_id=TONGMU,
        phone=None,
        phone_cipher=cipher,
        phone_bidx=worker.phone_bidx,
    )
    worker_write_bulk(actor=users["tongmu"], changed=[change])
    worker.refresh_from_db()
    assert (worker.name, worker.name_pinyin, worker.phone) == ("黄秀兰", "huangxiulan", "13800000001")
    assert stored_phone(worker) == cipher


def test_the_registration_time_can_be_given(users):
    at = datetime.datetime(2023, 12, 31, tzinfo=datetime.UTC)
    worker_write_bulk(actor=users["tongmu"], new=[new()], registered_at=at)
    assert Worker.objects.get().created_at == at
