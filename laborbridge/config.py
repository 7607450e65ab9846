"""Read and validate the environment at start-up; create local secrets in var/ when unset."""

import base64
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no variable, refusing anything ambiguous."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int) -> int:
    """Read a whole number (zero or more), refusing anything else."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = -1
    if value < 0:
        raise ImproperlyConfigured(f"{name} must be a whole number (0 or more); got {raw!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def local_secret(var_dir: Path, name: str, make) -> str:
    """Return env var `name`, else the value kept in var/<name>, creating it on first use."""
    value = os.environ.get(name)
    if value:
        return value
    path = var_dir / name.lower()
    if path.exists():
        private_file(path)
        return path.read_text().strip()
    private_folder(var_dir)
    value = make()
    # Write with owner-only permissions; never committed (var/ is ignored).
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def private_folder(path: Path) -> Path:
    """Create the folder readable by its owner only (0700), or tighten it if it exists."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def private_file(path: Path) -> Path:
    """Create the file empty and owner-only (0600) before a library creates it world-readable, or tighten it.

    SQLite gives its -wal and -shm files the database file's permissions, and treats an empty file as an
    empty database.
    """
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    path.chmod(0o600)
    return path


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def new_field_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def field_key_bytes(value: str) -> bytes:
    """Decode FIELD_ENCRYPTION_KEY: 32 bytes, URL-safe base64."""
    try:
        key = base64.urlsafe_b64decode(value.encode())
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be URL-safe base64") from exc
    if len(key) != 32:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must decode to 32 bytes (256-bit key)")
    return key


def field_key_version() -> int:
    """FIELD_ENCRYPTION_KEY_VERSION: the number written into new ciphertexts (`v2:...`), 1 when unset."""
    raw = os.environ.get("FIELD_ENCRYPTION_KEY_VERSION", "1").strip()
    if not raw.isdigit() or int(raw) < 1:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY_VERSION must be a whole number from 1")
    return int(raw)


def field_keys_old(current_version: int) -> dict[int, bytes]:
    """FIELD_ENCRYPTION_KEYS_OLD: earlier keys still needed to read data, as `1:KEY,2:KEY`."""
    keys = {}
    for entry in env_list("FIELD_ENCRYPTION_KEYS_OLD", []):
        version, _, value = entry.partition(":")
        if not version.strip().isdigit() or not value.strip():
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS_OLD must read like 1:KEY,2:KEY")
        number = int(version)
        if number == current_version or number in keys:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS_OLD names key version {number} twice")
        keys[number] = field_key_bytes(value.strip())
    return keys


def database(default_sqlite: Path) -> dict:
    """Build the default database from DATABASE_URL, SQLite in var/ when unset."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite}"
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj_database_url raises several kinds
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        name = Path(config["NAME"])
        name.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for path in (name, name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")):
            if path == name or path.exists():
                private_file(path)
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets readers work while an import writes; IMMEDIATE avoids upgrade deadlocks.
            # A 64 MB page cache keeps index pages in memory during large imports.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; "
                "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    elif engine not in ("django.db.backends.postgresql",):
        raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL")
    return config
