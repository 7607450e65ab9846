"""Uploaded ledgers and error workbooks are kept on disk encrypted, like the personal data they hold."""

import contextlib
import hashlib
import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings

from laborbridge.core import crypto

CONTEXT = "ledger.file"


def folder() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def store(data: bytes, *, suffix: str) -> tuple[str, str]:
    """Encrypt and keep the bytes; return (file name inside the folder, sha256 of the plaintext)."""
    name = f"{uuid.uuid4().hex}{suffix}.enc"
    handle = os.open(folder() / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # owner only
    with os.fdopen(handle, "wb") as out:
        out.write(crypto.encrypt_bytes(data, context=CONTEXT))
    return name, hashlib.sha256(data).hexdigest()


def load(name: str) -> bytes:
    return crypto.decrypt_bytes((folder() / Path(name).name).read_bytes(), context=CONTEXT)


def remove(name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        (folder() / Path(name).name).unlink()


@contextlib.contextmanager
def plaintext_copy(name: str, suffix: str):
    """A short-lived decrypted copy for the spreadsheet reader, removed afterwards."""
    handle, path = tempfile.mkstemp(suffix=suffix, dir=folder())
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(load(name))
        yield Path(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def reencrypt_all() -> int:
    """Encrypt every kept file again with the current field key (after a key rotation); return how many."""
    files = sorted(folder().glob("*.enc"))
    for path in files:
        data = crypto.decrypt_bytes(path.read_bytes(), context=CONTEXT)
        temporary = path.with_suffix(".rotating")
        temporary.write_bytes(crypto.encrypt_bytes(data, context=CONTEXT))
        temporary.replace(path)
    return len(files)
