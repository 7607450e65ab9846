"""`laborbridge backup` writes an encrypted copy; `laborbridge restore` puts it into a fresh database, row for row."""

import base64
import os
import sqlite3
import subprocess
import sys
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from laborbridge.core import backup
from laborbridge.factories import make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a new, empty database of the same engine as the one under test; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    source = connection.settings_dict
    name = f"{source['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    server = backup.raw_connection({**source, "NAME": "postgres"})
    server.autocommit = True
    server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url_of({**source, "NAME": name})
    finally:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


@pytest.fixture
def source_database(tmp_path, users):
    """The database to back up, holding workers: on PostgreSQL the committed test database (pg_dump sees no
    open transaction); on SQLite a file holding this test's database as it is now, workers included."""
    make_worker(users["jinxiu"], phone="13800000001")
    if connection.vendor != "sqlite":
        return connection.settings_dict
    path = tmp_path / "source.sqlite3"
    snapshot = sqlite3.connect(":memory:")
    snapshot.deserialize(connection.connection.serialize())
    with sqlite3.connect(path) as copy:
        snapshot.backup(copy)
    return {"ENGINE": connection.settings_dict["ENGINE"], "NAME": str(path)}


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_checksum(
    tmp_path, source_database, fresh_database
):
    file = tmp_path / "laborbridge.backup"
    backup.backup(file, settings_dict=source_database)
    backup.restore(file, database_url=fresh_database)
    source = backup.fingerprint(source_database)
    restored = backup.fingerprint(backup.dj_database_url.parse(fresh_database))
    assert source["regions_region"][0] > 40_000
    if connection.vendor == "sqlite":
        assert source["workers_worker"][0] == 1
    assert restored == source


def test_the_backup_file_is_encrypted_and_private(tmp_path, source_database):
    file = tmp_path / "laborbridge.backup"
    header = backup.backup(file, settings_dict=source_database)
    data = file.read_bytes()
    assert b"SQLite format 3" not in data and b"PGDMP" not in data
    assert "金秀".encode() not in data and b"451324" not in data
    assert file.stat().st_mode & 0o777 == 0o600
    assert header["key_version"] == 1 and len(header["sha256"]) == 64


def test_an_altered_or_truncated_backup_is_refused(tmp_path, source_database, fresh_database):
    file = tmp_path / "laborbridge.backup"
    backup.backup(file, settings_dict=source_database)
    data = bytearray(file.read_bytes())
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(CommandError, match=r"truncated|altered"):
        call_command("restore", str(truncated), "--database-url", fresh_database)
    data[-100] ^= 1
    altered = tmp_path / "altered.backup"
    altered.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="altered"):
        call_command("restore", str(altered), "--database-url", fresh_database)


def test_a_restore_refuses_a_database_that_is_not_empty(tmp_path, source_database):
    file = tmp_path / "laborbridge.backup"
    backup.backup(file, settings_dict=source_database)
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore(file, database_url=url_of(source_database))


def url_of(settings_dict) -> str:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user, password = settings_dict.get("USER") or "", settings_dict.get("PASSWORD") or ""
    login = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host, port = settings_dict.get("HOST") or "localhost", settings_dict.get("PORT") or 5432
    return f"postgres://{login}{host}:{port}/{settings_dict['NAME']}"


def test_the_commands_back_up_the_configured_database_and_restore_it_elsewhere(
    tmp_path, settings, source_database, fresh_database
):
    env = {
        **os.environ,
        "DATABASE_URL": url_of(source_database),
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(settings.FIELD_ENCRYPTION_KEY).decode(),
        "SECRET_KEY": "test",
        "LABORBRIDGE_VAR_DIR": str(tmp_path / "var"),
    }
    file = tmp_path / "laborbridge.backup"
    for command in (["backup", str(file)], ["restore", str(file), "--database-url", fresh_database]):
        done = subprocess.run(
            [sys.executable, "-m", "laborbridge", *command], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    assert backup.fingerprint(backup.dj_database_url.parse(fresh_database)) == backup.fingerprint(
        source_database
    )
