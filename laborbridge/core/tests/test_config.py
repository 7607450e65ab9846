import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from laborbridge import config


def test_yes_no_variables_refuse_anything_ambiguous(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        config.env_bool("DEBUG")
    monkeypatch.setenv("DEBUG", "yes")
    assert config.env_bool("DEBUG") is True
    monkeypatch.delenv("DEBUG")
    assert config.env_bool("DEBUG") is False


def test_the_field_key_must_be_32_bytes_of_base64():
    assert len(config.field_key_bytes(config.new_field_key())) == 32
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        config.field_key_bytes(base64.urlsafe_b64encode(b"short").decode())
    with pytest.raises(ImproperlyConfigured):
        config.field_key_bytes("not base64 at all!!")


def test_secrets_are_generated_once_into_the_var_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.local_secret(tmp_path, "SECRET_KEY", config.new_secret_key)
    assert config.local_secret(tmp_path, "SECRET_KEY", config.new_secret_key) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert config.local_secret(tmp_path, "SECRET_KEY", config.new_secret_key) == "from-env"


def test_only_sqlite_and_postgresql_are_accepted(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "mysql://root@localhost/db")
    with pytest.raises(ImproperlyConfigured, match="SQLite or PostgreSQL"):
        config.database(tmp_path / "x.sqlite3")
    monkeypatch.delenv("DATABASE_URL")
    sqlite = config.database(tmp_path / "x.sqlite3")
    assert "journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]
