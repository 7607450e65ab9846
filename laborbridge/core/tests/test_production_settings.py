"""The production settings (docs/deploy.md): secrets only from the environment with DEBUG off, PostgreSQL with a
pool or behind PgBouncer, the read replica, Redis for cache, sessions and queue, private files in a folder or
an S3 bucket, the client's address behind our proxy, and a clean `check --deploy`."""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from laborbridge import config

ROOT = Path(__file__).resolve().parents[3]
DEPLOY_CHECK = (
    "from laborbridge.__main__ import main; import sys;"
    "sys.argv = ['laborbridge', 'check', '--deploy', '--fail-level', 'WARNING']; main()"
)
SETTINGS_AS_JSON = (
    "import json, django; django.setup(); from django.conf import settings as s;"
    "print(json.dumps({'session': s.SESSION_ENGINE, 'cache': s.CACHES['default']['BACKEND'],"
    "'huey': s.HUEY['huey_class'], 'storage': s.STORAGES['private']['BACKEND'],"
    "'databases': sorted(s.DATABASES), 'pool': s.DATABASES['default'].get('OPTIONS', {}).get('pool'),"
    "'static_root': str(s.STATIC_ROOT), 'proxies': s.TRUSTED_PROXIES}))"
)
FIELD_KEY = base64.urlsafe_b64encode(b"k" * 32).decode()


def production_environment(var: Path) -> dict[str, str]:
    """What docs/deploy.md sets on a production server (none of it is contacted by the checks)."""
    return {
        "LABORBRIDGE_VAR_DIR": str(var),
        "SECRET_KEY": config.new_secret_key(),
        "FIELD_ENCRYPTION_KEY": FIELD_KEY,
        "ALLOWED_HOSTS": "laowu.example.gov.cn",
        "HTTPS": "1",
        "BEHIND_HTTPS_PROXY": "1",
        "TRUSTED_PROXIES": "127.0.0.1",
        "DATABASE_URL": "postgres://laborbridge@127.0.0.1:5432/laborbridge",
        "DATABASE_POOL": "1",
        "REPLICA_DATABASE_URL": "postgres://laborbridge@replica.internal:5432/laborbridge",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "STORAGE_S3_BUCKET": "laborbridge-files",
        "STORAGE_S3_ENDPOINT": "https://oss-cn-guangzhou.example.com",
    }


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    """Run Python with the project's settings, only `env` beside PATH and HOME (no LOCAL_SECRETS)."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**keep, "DJANGO_SETTINGS_MODULE": "laborbridge.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- secrets ------------------------------------------------------------------------------------------------


def test_with_debug_off_a_missing_secret_stops_the_start_instead_of_making_one_up(tmp_path):
    result = run_python("import django; django.setup()", LABORBRIDGE_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret_key").exists() and not (tmp_path / "field_encryption_key").exists()


def test_a_missing_field_key_stops_the_start_and_names_the_key_this_machine_kept(tmp_path):
    (tmp_path / "field_encryption_key").write_text(FIELD_KEY)
    result = run_python(
        "import django; django.setup()", LABORBRIDGE_VAR_DIR=str(tmp_path), SECRET_KEY="s" * 60
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY is not set" in result.stderr
    assert "field_encryption_key holds the one this machine used so far" in result.stderr


def test_the_demo_with_debug_on_needs_no_environment_and_keeps_its_secrets_in_var(tmp_path):
    result = run_python("import django; django.setup()", LABORBRIDGE_VAR_DIR=str(tmp_path), DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists() and (tmp_path / "field_encryption_key").exists()


def test_a_secret_can_come_from_a_file_named_by_the_environment(tmp_path, monkeypatch):
    (tmp_path / "key").write_text("from-a-file\n")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "key"))
    assert config.secret(tmp_path, "SECRET_KEY", config.new_secret_key, local=False) == "from-a-file"
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE"):
        config.secret(tmp_path, "SECRET_KEY", config.new_secret_key, local=False)


# --- the deployment check -----------------------------------------------------------------------------------


def test_the_deployment_check_is_clean_with_the_production_environment(tmp_path):
    result = run_python(DEPLOY_CHECK, **production_environment(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_warns_of_secrets_in_var_of_a_missing_redis_and_of_sqlite(tmp_path):
    env = production_environment(tmp_path)
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "REDIS_URL", "DATABASE_URL", "DATABASE_POOL"):
        del env[name]
    del env["REPLICA_DATABASE_URL"]
    result = run_python(DEPLOY_CHECK, **env, LOCAL_SECRETS="1")
    assert result.returncode != 0
    for warning in ("core.W001", "core.W002", "core.W003"):
        assert warning in result.stderr + result.stdout


# --- what the production environment switches on -------------------------------------------------------------


def test_redis_carries_the_cache_the_sessions_and_the_task_queue(tmp_path):
    result = run_python(SETTINGS_AS_JSON, **production_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["session"] == "django.contrib.sessions.backends.cached_db"
    assert found["huey"] == "huey.RedisHuey"
    assert found["storage"] == config.S3_STORAGE
    assert found["databases"] == ["default", "replica"]
    assert found["pool"]["max_size"] == 4
    assert found["proxies"] == ["127.0.0.1"]


def test_without_redis_the_cache_sessions_and_queue_stay_on_this_machine(tmp_path):
    result = run_python(SETTINGS_AS_JSON, LABORBRIDGE_VAR_DIR=str(tmp_path), LOCAL_SECRETS="1")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert found["session"] == "django.contrib.sessions.backends.db"
    assert found["huey"] == "huey.SqliteHuey"
    assert found["storage"] == config.LOCAL_STORAGE
    assert found["databases"] == ["default"]
    assert found["static_root"] == str(tmp_path / "staticfiles")


POSTGRES = {"ENGINE": "django.db.backends.postgresql", "NAME": "laborbridge", "CONN_MAX_AGE": 60}


def test_the_psycopg_pool_replaces_persistent_connections(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL", "1")
    monkeypatch.setenv("DATABASE_POOL_SIZE", "6")
    database = config.database_connections(dict(POSTGRES))
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 6, "timeout": 10}


def test_behind_pgbouncer_server_side_cursors_are_off(monkeypatch):
    monkeypatch.setenv("DATABASE_PGBOUNCER", "1")
    database = config.database_connections(dict(POSTGRES))
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert "pool" not in database.get("OPTIONS", {})


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"DATABASE_POOL": "1", "DATABASE_PGBOUNCER": "1"}, "not both"),
        ({"DATABASE_POOL": "1", "DATABASE_POOL_SIZE": "0"}, "DATABASE_POOL_SIZE"),
        ({"DATABASE_POOL": "maybe"}, "DATABASE_POOL must be one of"),
    ],
)
def test_pooling_settings_that_make_no_sense_stop_the_start(monkeypatch, environment, message):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        config.database_connections(dict(POSTGRES))


def test_a_pool_needs_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL", "1")
    with pytest.raises(ImproperlyConfigured, match="need PostgreSQL"):
        config.database_connections({"ENGINE": "django.db.backends.sqlite3", "NAME": "x"})


def test_the_replica_mirrors_the_default_database_in_tests_and_must_be_postgresql(monkeypatch):
    monkeypatch.delenv("REPLICA_DATABASE_URL", raising=False)
    assert config.replica_database(POSTGRES) is None
    monkeypatch.setenv("REPLICA_DATABASE_URL", "postgres://reader@replica.internal:5432/laborbridge")
    replica = config.replica_database(POSTGRES)
    assert replica["HOST"] == "replica.internal" and replica["TEST"] == {"MIRROR": "default"}
    monkeypatch.setenv("REPLICA_DATABASE_URL", "sqlite:///elsewhere.sqlite3")
    with pytest.raises(ImproperlyConfigured, match="REPLICA_DATABASE_URL"):
        config.replica_database(POSTGRES)


def test_private_files_are_kept_in_var_unless_a_bucket_is_set(monkeypatch, tmp_path):
    monkeypatch.delenv("STORAGE_S3_BUCKET", raising=False)
    local = config.private_storage(tmp_path)
    assert local["BACKEND"] == config.LOCAL_STORAGE
    assert local["OPTIONS"]["location"] == str(tmp_path / "imports")
    assert local["OPTIONS"]["file_permissions_mode"] == 0o600
    for name, value in {
        "STORAGE_S3_BUCKET": "laborbridge-files",
        "STORAGE_S3_ENDPOINT": "https://oss.example.com",
        "STORAGE_S3_REGION": "cn-south-1",
        "STORAGE_S3_ACCESS_KEY": "AK",
        "STORAGE_S3_SECRET_KEY": "SK",
    }.items():
        monkeypatch.setenv(name, value)
    s3 = config.private_storage(tmp_path)
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (
        s3["OPTIONS"].items()
        >= {
            "bucket_name": "laborbridge-files",
            "endpoint_url": "https://oss.example.com",
            "region_name": "cn-south-1",
            "access_key": "AK",
            "secret_key": "SK",
            "default_acl": "private",
            "location": "imports",
        }.items()
    )
    monkeypatch.delenv("STORAGE_S3_SECRET_KEY")
    with pytest.raises(ImproperlyConfigured, match="STORAGE_S3_ACCESS_KEY and STORAGE_S3_SECRET_KEY"):
        config.private_storage(tmp_path)


def test_trusted_proxies_must_be_addresses_or_networks(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/24")
    assert config.env_networks("TRUSTED_PROXIES") == ["127.0.0.1", "10.0.0.0/24"]
    monkeypatch.setenv("TRUSTED_PROXIES", "nginx")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        config.env_networks("TRUSTED_PROXIES")
