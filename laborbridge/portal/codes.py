"""Phone confirmation codes and the public side's rate limits, kept in the shared cache.

A code is six digits, kept only as a keyed hash with its expiry (10 minutes) and used once. Five wrong codes
lock that phone for 15 minutes (`CodeLocked`), for signing up and for a worker's own page alike. Code requests
and sign-ups are counted per phone and per address (`settings.PORTAL_LIMITS`). The cache is shared by every
process (the database, or Redis when REDIS_URL is set), and its keys carry the phone's blind index, never the
number.
"""

import hmac
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core import crypto
from laborbridge.core import phone as phones
from laborbridge.core.audit import audit_record
from laborbridge.core.counters import count_hit
from laborbridge.core.models import AuditEvent

CODE_SECONDS = 10 * 60
WRONG_CODES_TO_LOCK = 5
LOCK_SECONDS = 15 * 60


class Refused(Exception):
    """A request the public side will not serve now; the message is Chinese and says what to do."""


def now() -> float:
    return time.time()  # one place the tests can move the clock


def _mac(text: str) -> str:
    # A key of its own, derived from the field key: these hashes live minutes in the cache and are no
    # worker's blind index.
    return hmac.new(crypto.derived_key(b"laborbridge portal codes"), text.encode(), "sha256").hexdigest()[:40]


def phone_key(phone: str) -> str:
    """The phone's keyed hash: what the cache keys carry instead of the number."""
    return _mac(f"phone:{phone}")


def _hash(phone: str, code: str) -> str:
    return _mac(f"code:{phone}:{code}")


def count(kind: str, key: str) -> None:
    """Count one request of `kind` ("codes_per_phone", "sign_ups_per_ip" ...) for `key`, or refuse it."""
    limit, window = settings.PORTAL_LIMITS[kind]
    used = count_hit(f"portal:{kind}:{key}", window)
    if used > limit:
        minutes = max(1, window // 60)
        raise Refused(_("操作过于频繁，请%(m)d分钟后再试") % {"m": minutes})


def locked_until(phone: str) -> float | None:
    until = cache.get(f"portal:lock:{phone_key(phone)}")
    return until if until is not None and until > now() else None


def _check_lock(phone: str) -> None:
    if locked_until(phone) is not None:
        raise Refused(
            _("验证码错误次数过多，该手机号已被暂停%(m)d分钟，请稍后再试") % {"m": LOCK_SECONDS // 60}
        )


def code_issue(*, phone: str, ip: str) -> str:
    """A new code for `phone` (replacing any earlier one), after the lock and the limits; returns the code."""
    _check_lock(phone)
    count("codes_per_phone", phone_key(phone))
    count("codes_per_ip", ip or "-")
    code = f"{secrets.randbelow(10**6):06d}"
    cache.set(
        f"portal:code:{phone_key(phone)}",
        {"hash": _hash(phone, code), "expires": now() + CODE_SECONDS},
        timeout=CODE_SECONDS,
    )
    return code


def code_check(*, phone: str, code: str) -> None:
    """Accept the code once, or raise Refused; the fifth wrong code locks the phone."""
    _check_lock(phone)
    key = phone_key(phone)
    stored = cache.get(f"portal:code:{key}")
    given = "".join(str(code or "").split())
    if (
        stored is not None
        and stored["expires"] > now()
        and given.isdigit()
        and hmac.compare_digest(stored["hash"], _hash(phone, given))
    ):
        cache.delete(f"portal:code:{key}")  # single use
        cache.delete(f"portal:wrong:{key}")
        return
    wrong = count_hit(f"portal:wrong:{key}", LOCK_SECONDS)
    if wrong >= WRONG_CODES_TO_LOCK:
        cache.set(f"portal:lock:{key}", now() + LOCK_SECONDS, timeout=LOCK_SECONDS)
        audit_record(
            actor=policy.PORTAL,
            action=AuditEvent.Action.LOCKOUT,
            success=False,
            # The masked phone as a person's detail: the audit log shows it only to those who see workers.
            details={
                "lock": str(_("招工信息平台的短信验证码")),
                "failures": WRONG_CODES_TO_LOCK,
                "minutes": LOCK_SECONDS // 60,
                "phone": phones.mask(phone),
            },
        )
        cache.delete(f"portal:wrong:{key}")
        cache.delete(f"portal:code:{key}")
        _check_lock(phone)
    raise Refused(_("验证码不正确或已过期，请检查短信或重新获取验证码"))
