"""A phone for the tests: the codes a TOTP app would show."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from laborbridge.accounts.second_factor import totp_enrolment_confirm, totp_enrolment_start


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code shown now (or `steps_ahead` steps later: a used code is not accepted twice)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Enrol a phone for `user` through the service, as the setup page does."""
    device = totp_enrolment_start(user)
    codes = totp_enrolment_confirm(user=user, device=device, token=code(device))
    return device, codes
