"""Signed tokens printed as QR codes: a visitor's badge (a registry record) and a pre-registration's ticket.

A token names a record by its number and carries an HMAC of the site's secret, so that a typed or scanned
text is trusted only when the site made it; it holds no name, ID number or phone.
"""

from django.core import signing

_SIGNER = signing.Signer(salt="laborbridge.fairs.badge")


def badge_token(worker) -> str:
    return _SIGNER.sign(f"w{worker.pk}")


def ticket_token(preregistration) -> str:
    return _SIGNER.sign(f"p{preregistration.pk}")


def token_read(text: str) -> tuple[str, int] | None:
    """("w", worker id) or ("p", pre-registration id) for a token the site made, else None."""
    try:
        value = _SIGNER.unsign((text or "").strip())
    except signing.BadSignature:
        return None
    kind, number = value[:1], value[1:]
    if kind not in ("w", "p") or not number.isdigit():
        return None
    return kind, int(number)
