"""Uploaded ledgers and error workbooks are kept encrypted, like the personal data they hold, in the `private`
storage (settings.STORAGES): a folder in var/ on one machine, an S3-compatible bucket past it, so that any
application server or task worker reads what another one kept."""

import contextlib
import hashlib
import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from laborbridge.core import crypto

CONTEXT = "ledger.file"


def private() -> Storage:
    return storages["private"]


def scratch() -> Path:
    """This machine's folder for the short-lived decrypted copy the spreadsheet reader needs."""
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def store(data: bytes, *, suffix: str) -> tuple[str, str]:
    """Encrypt and keep the bytes; return (the kept file's name, sha256 of the plaintext)."""
    name = private().save(
        f"{uuid.uuid4().hex}{suffix}.enc", ContentFile(crypto.encrypt_bytes(data, context=CONTEXT))
    )
    return name, hashlib.sha256(data).hexdigest()


def load(name: str) -> bytes:
    with private().open(Path(name).name, "rb") as handle:
        return crypto.decrypt_bytes(handle.read(), context=CONTEXT)


def remove(name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        private().delete(Path(name).name)


@contextlib.contextmanager
def plaintext_copy(name: str, suffix: str):
    """A short-lived decrypted copy for the spreadsheet reader, removed afterwards."""
    handle, path = tempfile.mkstemp(suffix=suffix, dir=scratch())
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(load(name))
        yield Path(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _replace(name: str, content: bytes) -> None:
    """Write the file's new bytes in one step: a crash leaves the old file or the new one, never half."""
    storage = private()
    try:
        path = Path(storage.path(name))
    except NotImplementedError:  # object storage: a PUT replaces the object whole (file_overwrite)
        storage.save(name, ContentFile(content))
        return
    temporary = path.with_suffix(".rotating")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(content)
    temporary.replace(path)


def reencrypt_all() -> int:
    """Encrypt every kept file again with the current field key (after a key rotation); return how many."""
    storage = private()
    try:
        names = sorted(name for name in storage.listdir("")[1] if name.endswith(".enc"))
    except FileNotFoundError:  # nothing kept yet
        return 0
    for name in names:
        with storage.open(name, "rb") as handle:
            data = crypto.decrypt_bytes(handle.read(), context=CONTEXT)
        _replace(name, crypto.encrypt_bytes(data, context=CONTEXT))
    return len(names)
