"""Authenticated encryption of personal data and keyed blind indexes for exact lookup.

One master key (FIELD_ENCRYPTION_KEY) is stretched by HKDF into two independent keys: one
for AES-256-GCM, one for HMAC-SHA256 blind indexes, so a leaked index never helps decryption.

Every ciphertext starts with the version of the key that made it (`v1:`, `v2:` ...). New data is
always written with the current key (FIELD_ENCRYPTION_KEY, version FIELD_ENCRYPTION_KEY_VERSION);
older versions are read with FIELD_ENCRYPTION_KEYS_OLD until `laborbridge rotate_field_key` has
rewritten them. Blind indexes use the current key only, so rotation rebuilds them too.
"""

import base64
import functools
import hmac
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

NONCE_BYTES = 12
VERSIONED = re.compile(r"v(\d+):")


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"laborbridge/" + purpose).derive(
        master
    )


@functools.cache
def _keys(master: bytes) -> tuple[AESGCM, bytes]:
    return AESGCM(_derive(master, b"aead")), _derive(master, b"blind-index")


def current_version() -> int:
    return settings.FIELD_ENCRYPTION_KEY_VERSION


def prefix() -> str:
    """What every ciphertext made now starts with."""
    return f"v{current_version()}:"


def _master(version: int) -> bytes:
    if version == current_version():
        return settings.FIELD_ENCRYPTION_KEY
    try:
        return settings.FIELD_ENCRYPTION_KEYS_OLD[version]
    except KeyError:
        raise ValueError(f"no key for version {version}: add it to FIELD_ENCRYPTION_KEYS_OLD") from None


def key_version(token: str) -> int:
    """The version of the key that made a ciphertext."""
    match = VERSIONED.match(token)
    if match is None:
        raise ValueError("not an encrypted value")
    return int(match.group(1))


def derived_key(purpose: bytes, version: int | None = None) -> bytes:
    """A key for another purpose (backups), derived from the field key of `version` (default: current)."""
    return _derive(_master(current_version() if version is None else version), purpose)


def encrypt(plaintext: str, *, context: str) -> str:
    """Encrypt text; `context` (e.g. the field name) is bound in so ciphertexts cannot be swapped."""
    aead, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    nonce = os.urandom(NONCE_BYTES)
    sealed = aead.encrypt(nonce, plaintext.encode(), context.encode())
    return prefix() + base64.b64encode(nonce + sealed).decode()


def sealer(*, context: str):
    """`encrypt` for many values of one context (a ledger's phones): the key and version are read once.

    The same ciphertexts as `encrypt`; at 100,000 values the settings look-ups cost more than AES-GCM.
    """
    aead, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    head, associated, urandom, b64encode = prefix(), context.encode(), os.urandom, base64.b64encode

    def seal(plaintext: str) -> str:
        nonce = urandom(NONCE_BYTES)
        return head + b64encode(nonce + aead.encrypt(nonce, plaintext.encode(), associated)).decode()

    return seal


def decrypt(token: str, *, context: str) -> str:
    """Decrypt what `encrypt` produced; raises if the data or its context were tampered with."""
    version = key_version(token)
    aead, _ = _keys(_master(version))
    raw = base64.b64decode(token[token.index(":") + 1 :])
    return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()


def blind_index(value: str, *, context: str) -> str:
    """Keyed hash of a normalised value, for equality lookup and uniqueness without plaintext."""
    _, key = _keys(settings.FIELD_ENCRYPTION_KEY)
    return hmac.digest(key, context.encode() + b"\x00" + value.encode(), "sha256")[:20].hex()


TAIL = 4  # characters of a value's end indexed for a search by its last digits


def blind_index_tail(value: str, *, context: str) -> str:
    """Keyed hash of a value's last TAIL characters (its own context), for a search by the last digits."""
    return blind_index(value[-TAIL:], context=context + ".tail") if len(value) >= TAIL else ""


def encrypt_bytes(data: bytes, *, context: str) -> bytes:
    """Encrypt a whole file's bytes (uploads and error workbooks kept on disk)."""
    aead, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    nonce = os.urandom(NONCE_BYTES)
    return nonce + aead.encrypt(nonce, data, context.encode())


def decrypt_bytes(data: bytes, *, context: str) -> bytes:
    """Decrypt `encrypt_bytes` output, made with the current key or an old one (the tag tells which)."""
    masters = [settings.FIELD_ENCRYPTION_KEY, *settings.FIELD_ENCRYPTION_KEYS_OLD.values()]
    for master in masters:
        aead, _ = _keys(master)
        try:
            return aead.decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], context.encode())
        except InvalidTag:
            if master is masters[-1]:
                raise
    raise InvalidTag  # no keys at all: unreachable with settings validated at start-up
