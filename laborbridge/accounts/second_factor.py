"""The second factor: TOTP (django-otp) after the password for roles that see personal data, with recovery codes.

Whether a role needs it is the policy's (`policy.needs_second_factor`); this module says whether it is
required right now (the `OTP_REQUIRED` setting; demo accounts skip it while `DEBUG` is on), enrols a phone,
checks codes and issues single-use recovery codes, of which only hashes are kept.
"""

import secrets
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from laborbridge.accounts import policy
from laborbridge.accounts.lockout import record_lock_if_reached
from laborbridge.accounts.models import RecoveryCode, RecoveryCodeDevice, User
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent

RECOVERY_CODES = 10
# Base32 without 0/1/8/9 look-alikes; 16 characters carry 80 bits.
RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz234567"
RECOVERY_LENGTH = 16


def second_factor_required(user) -> bool:
    """Whether `user` must pass a one-time code to sign in, now."""
    if not settings.OTP_REQUIRED or not policy.needs_second_factor(user):
        return False
    return not (user.is_demo and settings.DEBUG)  # the demo stays usable without a phone


def sign_in_pending(request) -> bool:
    """A password was accepted but the required one-time code has not been given in this session."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not second_factor_required(user):
        return False
    return not (hasattr(user, "is_verified") and user.is_verified())


def has_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_enrolment_start(user: User) -> TOTPDevice:
    """The phone being enrolled: a new secret, kept unconfirmed until a code from it comes back."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth URI as an inline SVG QR code (no inline style, so the CSP allows it)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title="otpauth")


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, grouped by four, for typing into an app by hand."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@transaction.atomic
def totp_enrolment_confirm(*, user: User, device: TOTPDevice, token: str, request=None) -> list[str] | None:
    """Confirm the phone with a code from it; the session counts as verified and fresh recovery codes return.

    None when the code is wrong (the attempt is audited and throttled).
    """
    if device.user_id != user.pk or device.confirmed or not device.verify_token(_digits(token)):
        _audit_failure(user, request, "totp_enrolment")
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    if request is not None:
        otp_login(request, device)
    audit_record(
        actor=user,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        request=request,
        details={"second_factor": "enrolled"},
    )
    return _recovery_codes_replace(user)


@transaction.atomic
def recovery_codes_issue(*, user: User, request=None) -> list[str]:
    """New recovery codes (the old ones stop working), shown once."""
    codes = _recovery_codes_replace(user)
    audit_record(
        actor=user,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        request=request,
        details={"second_factor": "recovery_codes_issued"},
    )
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    device, _created = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "recovery", "confirmed": True}
    )
    device.codes.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(RECOVERY_LENGTH))
        for _n in range(RECOVERY_CODES)
    ]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(device=device, code_hash=RecoveryCodeDevice.hash_code(code)) for code in codes]
    )
    return ["-".join(code[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4)) for code in codes]


def _digits(token: str) -> str:
    return "".join(str(token or "").split())


def second_factor_check(*, user: User, token: str, request=None):
    """The device that accepts `token` (a TOTP code, or an unused recovery code), or None; both audited."""
    token = _digits(token)
    device = None
    if token:
        with transaction.atomic():
            if token.isdigit():
                device = next(
                    (
                        d
                        for d in TOTPDevice.objects.filter(user=user, confirmed=True)
                        if d.verify_token(token)
                    ),
                    None,
                )
            else:
                recovery = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
                device = recovery if recovery is not None and recovery.verify_token(token) else None
    if device is None:
        _audit_failure(user, request, "code")
        return None
    kind = "recovery_code" if isinstance(device, RecoveryCodeDevice) else "totp"
    audit_record(actor=user, action=AuditEvent.Action.LOGIN, request=request, details={"second_factor": kind})
    return device


def second_factor_verify(request, token: str) -> bool:
    """Check a code for the signed-in user and, when it is right, mark the session as verified."""
    device = second_factor_check(user=request.user, token=token, request=request)
    if device is None:
        return False
    otp_login(request, device)
    return True


def second_factor_remove(user: User) -> None:
    """Forget the user's phone and recovery codes (the caller audits why)."""
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()


def _audit_failure(user: User, request, stage: str) -> None:
    # Recorded as a failed sign-in under the username: it counts towards the lockout like a wrong password.
    audit_record(
        actor=None,
        action=AuditEvent.Action.LOGIN_FAILED,
        success=False,
        request=request,
        actor_label=user.get_username(),
        details={"second_factor": stage},
    )
    record_lock_if_reached(user.get_username(), request)
