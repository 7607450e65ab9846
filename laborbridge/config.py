"""Read and validate the environment at start-up.

Secrets come from the environment; only in development (DEBUG on, or LOCAL_SECRETS=1) are missing ones
created in var/. The production stack's parts (connection pooling, the read replica, object storage) are
each switched on by their own variables (docs/deploy.md).
"""

import base64
import ipaddress
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


def secret(var_dir: Path, name: str, make, *, local: bool) -> str:
    """Return env var `name` (or the file named by `name`_FILE); without one, a secret kept in var/ when
    `local` (development), else refuse to start: a production process that made up its own key would sign
    or encrypt with a key no other process has."""
    value = os.environ.get(name)
    if value:
        return value
    file = os.environ.get(f"{name}_FILE")  # e.g. systemd's LoadCredential=, a container's secrets
    if file:
        try:
            value = Path(file).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE names a file that cannot be read: {exc}") from exc
        if not value:
            raise ImproperlyConfigured(f"{name}_FILE names an empty file: {file}")
        return value
    if local:
        return local_secret(var_dir, name, make)
    kept = var_dir / name.lower()
    hint = (
        f" ({kept} holds the one this machine used so far: set {name} to its content)"
        if kept.exists()
        else ""
    )
    raise ImproperlyConfigured(
        f"{name} is not set{hint}. With DEBUG off the secrets come from the environment (docs/deploy.md); "
        f"for development set DEBUG=1 or LOCAL_SECRETS=1 to keep them in {var_dir}."
    )


def env_networks(name: str) -> list[str]:
    """A comma-separated list of addresses or networks (127.0.0.1, 10.0.0.0/24), refusing anything else."""
    values = env_list(name, [])
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must list addresses or networks; got {value!r}") from None
    return values


# The secrets this process read from (or created in) var/, for `check --deploy` (laborbridge/core/checks.py).
LOCAL_SECRETS_USED: list[str] = []


def local_secret(var_dir: Path, name: str, make) -> str:
    """Return env var `name`, else the value kept in var/<name>, creating it on first use."""
    value = os.environ.get(name)
    if value:
        return value
    LOCAL_SECRETS_USED.append(name)
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


# --- the production stack (docs/deploy.md, docs/decisions/0015-production-stack.md) -------------------------


def database_connections(config: dict) -> dict:
    """Apply the connection pooling chosen for PostgreSQL: Django's psycopg pool in each process
    (DATABASE_POOL=1, one machine) or PgBouncer in transaction mode in front (DATABASE_PGBOUNCER=1)."""
    pool = env_bool("DATABASE_POOL", False)
    pgbouncer = env_bool("DATABASE_PGBOUNCER", False)
    if not (pool or pgbouncer):
        return config
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_POOL and DATABASE_PGBOUNCER need PostgreSQL (DATABASE_URL)")
    if pool and pgbouncer:
        raise ImproperlyConfigured("Set DATABASE_POOL or DATABASE_PGBOUNCER, not both: PgBouncer is the pool")
    if pool:
        size = env_int("DATABASE_POOL_SIZE", 4)
        if size < 1:
            raise ImproperlyConfigured("DATABASE_POOL_SIZE must be 1 or more")
        # A pool hands out connections per request; Django refuses persistent connections beside it.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            **config.get("OPTIONS", {}),
            "pool": {"min_size": 1, "max_size": size, "timeout": 10},
        }
    else:
        # Transaction pooling gives a connection for one transaction only: a named cursor (QuerySet.iterator()
        # outside a transaction) would be lost between two fetches. Django's persistent connection is then a
        # connection to PgBouncer, which is cheap; its health check stays on.
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
    return config


def replica_database(default: dict) -> dict | None:
    """REPLICA_DATABASE_URL: a read replica of the default database, alias `replica`, used for reports and
    exports (laborbridge/core/replica.py). In tests it mirrors the default database (Django's TEST MIRROR)."""
    url = os.environ.get("REPLICA_DATABASE_URL")
    if not url:
        return None
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:
        raise ImproperlyConfigured(f"REPLICA_DATABASE_URL is not a database URL: {exc}") from exc
    if config.get("ENGINE") != "django.db.backends.postgresql" or default.get("ENGINE") != config["ENGINE"]:
        raise ImproperlyConfigured("REPLICA_DATABASE_URL must point at PostgreSQL, like DATABASE_URL")
    config = database_connections(config)
    config["TEST"] = {"MIRROR": "default"}
    return config


S3_STORAGE = "storages.backends.s3.S3Storage"
LOCAL_STORAGE = "django.core.files.storage.FileSystemStorage"


def private_storage(var_dir: Path) -> dict:
    """Where uploaded ledgers and error workbooks are kept (encrypted by laborbridge/ledger/storage.py):
    a private folder in var/ by default, an S3-compatible bucket when STORAGE_S3_BUCKET is set."""
    bucket = os.environ.get("STORAGE_S3_BUCKET", "").strip()
    if not bucket:
        return {
            "BACKEND": LOCAL_STORAGE,
            "OPTIONS": {
                "location": str(var_dir / "imports"),
                "base_url": None,  # never served by URL: the application reads them and checks access
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        }
    key, secret_key = os.environ.get("STORAGE_S3_ACCESS_KEY"), os.environ.get("STORAGE_S3_SECRET_KEY")
    if bool(key) != bool(secret_key):
        raise ImproperlyConfigured("Set both STORAGE_S3_ACCESS_KEY and STORAGE_S3_SECRET_KEY, or neither")
    options = {
        "bucket_name": bucket,
        "location": os.environ.get("STORAGE_S3_PREFIX", "imports").strip("/"),
        "default_acl": "private",
        "querystring_auth": True,  # never a public URL; the application streams the bytes itself
        "file_overwrite": True,  # names are random; overwriting is how a key rotation rewrites a file
        "signature_version": "s3v4",
    }
    if os.environ.get("STORAGE_S3_ENDPOINT"):
        options["endpoint_url"] = os.environ["STORAGE_S3_ENDPOINT"]
    if os.environ.get("STORAGE_S3_REGION"):
        options["region_name"] = os.environ["STORAGE_S3_REGION"]
    if key:  # else boto3's own chain: instance role, AWS_* variables, ~/.aws
        options["access_key"], options["secret_key"] = key, secret_key
    return {"BACKEND": S3_STORAGE, "OPTIONS": options}
