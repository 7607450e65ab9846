"""Authenticated encryption of personal data and keyed blind indexes for exact lookup.

One master key (FIELD_ENCRYPTION_KEY) is stretched by HKDF into two independent keys: one
for AES-256-GCM, one for HMAC-SHA256 blind indexes, so a leaked index never helps decryption.
"""

import base64
import functools
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "v1:"
NONCE_BYTES = 12


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"laborbridge/" + purpose).derive(
        master
    )


@functools.cache
def _keys(master: bytes) -> tuple[AESGCM, bytes]:
    return AESGCM(_derive(master, b"aead")), _derive(master, b"blind-index")


def encrypt(plaintext: str, *, context: str) -> str:
    """Encrypt text; `context` (e.g. the field name) is bound in so ciphertexts cannot be swapped."""
    aead, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    nonce = os.urandom(NONCE_BYTES)
    sealed = aead.encrypt(nonce, plaintext.encode(), context.encode())
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(token: str, *, context: str) -> str:
    """Decrypt what `encrypt` produced; raises if the data or its context were tampered with."""
    if not token.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    aead, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    raw = base64.b64decode(token[len(PREFIX) :])
    return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()


def blind_index(value: str, *, context: str) -> str:
    """Keyed hash of a normalised value, for equality lookup and uniqueness without plaintext."""
    _, key = _keys(settings.FIELD_ENCRYPTION_KEY)
    return hmac.digest(key, context.encode() + b"\x00" + value.encode(), "sha256")[:20].hex()


def encrypt_bytes(data: bytes, *, context: str) -> bytes:
    """Encrypt a whole file's bytes (uploads and error workbooks kept on disk)."""
    aead, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    nonce = os.urandom(NONCE_BYTES)
    return nonce + aead.encrypt(nonce, data, context.encode())


def decrypt_bytes(data: bytes, *, context: str) -> bytes:
    aead, _ = _keys(settings.FIELD_ENCRYPTION_KEY)
    return aead.decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], context.encode())
