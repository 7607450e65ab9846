"""Rotating FIELD_ENCRYPTION_KEY: old data stays readable, the command moves everything to the new key, resumably."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from laborbridge import config
from laborbridge.core import crypto, keyrotation
from laborbridge.factories import make_employer, make_worker
from laborbridge.ledger import storage
from laborbridge.workers.derived import id_number_index, phone_index
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db
NEW_KEY = bytes(range(32))


def raw_column(column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM workers_worker ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def workers(users):
    return [make_worker(users["jinxiu"], phone=f"1380000000{n}") for n in range(5)]


@pytest.fixture
def new_key(settings):
    """Switch to key version 2, keeping version 1 readable, as an operator does before rotating."""
    old = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_KEY_VERSION = NEW_KEY, 2
    settings.FIELD_ENCRYPTION_KEYS_OLD = {1: old}
    return settings


def test_ciphertexts_carry_the_version_of_their_key(workers, new_key):
    assert all(token.startswith("v1:") for token in raw_column("id_number"))
    assert crypto.encrypt("x", context="c").startswith("v2:")


def test_data_under_an_old_key_stays_readable_before_rotation(workers, new_key):
    assert [w.id_number for w in Worker.objects.order_by("id")] == [w.id_number for w in workers]


def test_rotation_rewrites_every_value_and_blind_index_with_the_new_key(workers, users, new_key):
    employer = make_employer(users["dianbai"], contact_phone="13912345678")
    call_command("rotate_field_key", "--batch-size", "2", verbosity=0)
    assert all(token.startswith("v2:") for token in raw_column("id_number"))
    assert all(token.startswith("v2:") for token in raw_column("phone"))
    new_key.FIELD_ENCRYPTION_KEYS_OLD = {}  # the old key can go once rotation is done
    for worker in workers:
        found = Worker.objects.get(id_number_bidx=id_number_index(worker.id_number))
        assert found.pk == worker.pk and found.phone_bidx == phone_index(worker.phone)
    employer.refresh_from_db()
    assert employer.contact_phone == "13912345678"


def test_an_interrupted_rotation_resumes_where_it_stopped(workers, new_key, monkeypatch):
    real_encrypt, calls = crypto.encrypt, []

    def encrypt_then_fail(plaintext, *, context):
        if context == "workers.Worker.id_number":
            calls.append(plaintext)
        if len(calls) > 2:  # in the second batch of two workers
            raise KeyboardInterrupt
        return real_encrypt(plaintext, context=context)

    monkeypatch.setattr(crypto, "encrypt", encrypt_then_fail)
    with pytest.raises(KeyboardInterrupt):
        call_command("rotate_field_key", "--batch-size", "2", verbosity=0)
    assert [t[:3] for t in raw_column("id_number")] == ["v2:", "v2:", "v1:", "v1:", "v1:"]
    monkeypatch.setattr(crypto, "encrypt", real_encrypt)
    outcome = keyrotation.rotate_table(Worker, *keyrotation.encrypted_fields(Worker), batch_size=2,
                                       check=True, report=lambda o: None)  # fmt: skip
    assert outcome.remaining == 3
    call_command("rotate_field_key", "--batch-size", "2", verbosity=0)
    assert [t[:3] for t in raw_column("id_number")] == ["v2:"] * 5


def test_kept_files_are_re_encrypted_too(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "private": config.private_storage(tmp_path)}
    old = settings.FIELD_ENCRYPTION_KEY
    name, _ = storage.store(b"ledger bytes", suffix=".xlsx")
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_KEY_VERSION = NEW_KEY, 2
    settings.FIELD_ENCRYPTION_KEYS_OLD = {1: old}
    call_command("rotate_field_key", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS_OLD = {}
    assert storage.load(name) == b"ledger bytes"


def test_a_value_whose_key_version_is_unknown_says_which_key_is_missing(workers, new_key):
    new_key.FIELD_ENCRYPTION_KEYS_OLD = {}
    with pytest.raises(ValueError, match="no key for version 1"):
        list(Worker.objects.all())


def test_old_keys_are_configured_as_version_colon_key(monkeypatch):
    key = base64.urlsafe_b64encode(NEW_KEY).decode()
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS_OLD", f"1:{key}")
    assert config.field_keys_old(2) == {1: NEW_KEY}
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS_OLD", f"2:{key}")
    with pytest.raises(ImproperlyConfigured):
        config.field_keys_old(2)
