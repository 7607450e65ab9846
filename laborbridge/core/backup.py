"""Encrypted backups of the whole database, and their restore into an empty one.

SQLite is copied with its online backup API (consistent while the server runs); PostgreSQL with
`pg_dump --format=custom` and put back with `pg_restore`. The copy is then encrypted in segments with
AES-256-GCM under a key derived from FIELD_ENCRYPTION_KEY (the one the data needs anyway), each segment
bound to its place and the last one marked, so a truncated, reordered or altered file is refused.

File: MAGIC, header length (4 bytes), header (JSON: engine, key version, time, size and SHA-256 of the
plain copy), then segments of [length (4 bytes)][nonce][ciphertext and tag].
"""

import contextlib
import datetime
import hashlib
import json
import os
import sqlite3
import struct
import subprocess
import tempfile
import time
from pathlib import Path

import dj_database_url
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import connection, connections

from laborbridge.core import crypto

MAGIC = b"LBBACKUP\x01"
SEGMENT = 1 << 20
NONCE_BYTES = 12
PURPOSE = b"backup"
LOCKED_SECONDS = 60


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why."""


def _engine(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"unsupported database engine {engine}")


def _pg_env(settings_dict: dict) -> dict:
    """libpq settings by environment, so that no password appears on a command line."""
    env = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    env.update({k: str(v) for k, v in values.items() if v})
    return env


def _sqlite_connect(settings_dict: dict) -> sqlite3.Connection:
    name = str(settings_dict["NAME"])
    return sqlite3.connect(name, uri=name.startswith("file:"), detect_types=sqlite3.PARSE_DECLTYPES)


def raw_connection(settings_dict: dict):
    """A new DB-API connection to the database a Django settings dict names."""
    if _engine(settings_dict) == "sqlite":
        return _sqlite_connect(settings_dict)
    import psycopg

    parts = {"host": "HOST", "port": "PORT", "user": "USER", "password": "PASSWORD", "dbname": "NAME"}
    return psycopg.connect(
        **{key: str(settings_dict[name]) for key, name in parts.items() if settings_dict.get(name)}
    )


def _tables(raw) -> list[str]:
    cursor = raw.cursor()
    if isinstance(raw, sqlite3.Connection):
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
    return [row[0] for row in cursor.fetchall()]


def fingerprint(settings_dict: dict) -> dict[str, tuple[int, str]]:
    """Each table's row count and a SHA-256 of its rows in key order: two databases that agree hold the same."""
    raw = raw_connection(settings_dict)
    try:
        result = {}
        for table in _tables(raw):
            cursor = raw.cursor()
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
            digest, count = hashlib.sha256(), 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(row)).encode())
                count += 1
            result[table] = (count, digest.hexdigest())
        return result
    finally:
        raw.close()


def _copy_sqlite(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """SQLite's online backup API: a consistent copy while others keep writing (WAL)."""
    deadline = time.monotonic() + LOCKED_SECONDS

    def progress(status, remaining, total):
        # sqlite3 retries a locked database for ever; give up with a message instead.
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise BackupError(f"the database stayed locked for {LOCKED_SECONDS} s; try again")

    try:
        source.backup(target, progress=progress)
    finally:
        source.close()
        target.close()


def _dump(settings_dict: dict, path: Path) -> None:
    if _engine(settings_dict) == "sqlite":
        # A connection of its own: the server's may be inside a transaction, which the API waits out.
        _copy_sqlite(_sqlite_connect(settings_dict), sqlite3.connect(path))
        return
    done = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)],
        env=_pg_env(settings_dict),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return MAGIC + header + struct.pack(">Q?", index, final)


def backup(destination: str | Path, *, settings_dict: dict | None = None) -> dict:
    """Write an encrypted backup of the database to `destination` (mode 0600); return its header."""
    settings_dict = settings_dict or connection.settings_dict
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "copy"
        _dump(settings_dict, plain)
        digest = hashlib.sha256()
        with open(plain, "rb") as handle:
            for block in iter(lambda: handle.read(SEGMENT), b""):
                digest.update(block)
        header_data = {
            "engine": _engine(settings_dict),
            "key_version": crypto.current_version(),
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "bytes": plain.stat().st_size,
            "sha256": digest.hexdigest(),
        }
        header = json.dumps(header_data, sort_keys=True).encode()
        aead = AESGCM(crypto.derived_key(PURPOSE))
        descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out, open(plain, "rb") as handle:
            out.write(MAGIC + struct.pack(">I", len(header)) + header)
            index, block = 0, handle.read(SEGMENT)
            while True:
                following = handle.read(SEGMENT)
                nonce = os.urandom(NONCE_BYTES)
                sealed = nonce + aead.encrypt(nonce, block, _aad(header, index, not following))
                out.write(struct.pack(">I", len(sealed)) + sealed)
                if not following:
                    break
                index, block = index + 1, following
    return header_data


def read_header(source: str | Path) -> dict:
    with open(source, "rb") as handle:
        return _header(handle)[0]


def _header(handle) -> tuple[dict, bytes]:
    if handle.read(len(MAGIC)) != MAGIC:
        raise BackupError("not a LaborBridge backup file")
    (length,) = struct.unpack(">I", handle.read(4))
    header = handle.read(length)
    return json.loads(header), header


def _decrypt_to(source: Path, plain: Path) -> dict:
    with open(source, "rb") as handle, open(plain, "wb") as out:
        header_data, header = _header(handle)
        try:
            aead = AESGCM(crypto.derived_key(PURPOSE, header_data["key_version"]))
        except ValueError as exc:
            raise BackupError(str(exc)) from None
        digest, index, final = hashlib.sha256(), 0, False
        while not final:
            size = handle.read(4)
            if len(size) < 4:
                raise BackupError("the backup file is truncated")
            sealed = handle.read(struct.unpack(">I", size)[0])
            for final in (False, True):
                with contextlib.suppress(InvalidTag):
                    block = aead.decrypt(
                        sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _aad(header, index, final)
                    )
                    break
            else:
                raise BackupError("the backup file was altered, or made with another key")
            digest.update(block)
            out.write(block)
            index += 1
        if handle.read(1):
            raise BackupError("the backup file has data after its end")
    if digest.hexdigest() != header_data["sha256"]:
        raise BackupError("the backup's checksum does not match")
    return header_data


def _is_empty(settings_dict: dict) -> bool:
    if _engine(settings_dict) == "sqlite" and not str(settings_dict["NAME"]).startswith("file:"):
        if not Path(settings_dict["NAME"]).exists():
            return True
    raw = raw_connection(settings_dict)
    try:
        return not _tables(raw)
    finally:
        raw.close()


def restore(source: str | Path, *, database_url: str = "", force: bool = False) -> dict:
    """Restore an encrypted backup into the database (DATABASE_URL, or `database_url`); return its header.

    An empty target only, unless `force`: a restore replaces everything in it.
    """
    settings_dict = dict(dj_database_url.parse(database_url)) if database_url else connection.settings_dict
    header = read_header(source)
    if header["engine"] != _engine(settings_dict):
        raise BackupError(f"this is a {header['engine']} backup; the target is {_engine(settings_dict)}")
    if not force and not _is_empty(settings_dict):
        raise BackupError("the target database is not empty; restore into an empty one, or use --force")
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "copy"
        _decrypt_to(Path(source), plain)
        if settings_dict is connection.settings_dict:
            connections.close_all()
        if header["engine"] == "sqlite":
            _copy_sqlite(sqlite3.connect(plain), _sqlite_connect(settings_dict))
            return header
        arguments = [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--dbname",
            settings_dict["NAME"],
        ]
        if force:
            arguments += ["--clean", "--if-exists"]
        done = subprocess.run(
            [*arguments, str(plain)], env=_pg_env(settings_dict), capture_output=True, text=True
        )
        if done.returncode:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    return header
