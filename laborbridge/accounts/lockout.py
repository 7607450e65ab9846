"""Slow down password guessing without letting a stranger lock a colleague out.

Failed sign-ins within the window (15 minutes) lock, counted from the audit trail:

- a username from one address, after 5 failures from that address since the username last signed in there;
- an address for every username, after 20 failures from it (one address guessing across many accounts);
- a username from every address, after 50 failures since it last signed in (guessing spread over many
  addresses, each of them below its own limits).

So an attacker failing from address A locks only (username, A) — the real user signing in from B is not
locked until the failures reach the much higher limit for the username alone. The moment a lock begins is
audited (action `lockout`). Limits are settings (`LOGIN_FAILURES_*`).
"""

import datetime
import enum

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laborbridge.core.audit import audit_record, client_ip
from laborbridge.core.models import AuditEvent

LOCKED_MESSAGE = _("登录失败次数过多，已暂时锁定，请15分钟后再试")


class Lock(enum.Enum):
    USERNAME_AND_IP = "username_ip"
    IP = "ip"
    USERNAME = "username"


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def _failures_since_success(events) -> int:
    """Failures among `events` after the latest successful sign-in among them."""
    # A password accepted while a one-time code is still owed is not a sign-in (it would reset the count).
    complete = ~Q(details__has_key="second_factor") | Q(details__second_factor__in=["totp", "recovery_code"])
    signed_in = events.filter(complete, action=AuditEvent.Action.LOGIN, success=True)
    last = signed_in.order_by("-time").first()
    failures = events.filter(action=AuditEvent.Action.LOGIN_FAILED)
    if last is not None:
        failures = failures.filter(time__gt=last.time)
    return failures.count()


def failure_counts(username: str, ip: str | None) -> dict[Lock, int]:
    """The counts each limit is measured against, at this moment."""
    recent = AuditEvent.objects.filter(time__gte=_window_start())
    counts = {Lock.USERNAME: _failures_since_success(recent.filter(actor_label=username)) if username else 0}
    if ip:
        counts[Lock.USERNAME_AND_IP] = (
            _failures_since_success(recent.filter(actor_label=username, ip=ip)) if username else 0
        )
        # Not reset by a success: the attacker could sign in to an account of its own to clear it.
        counts[Lock.IP] = recent.filter(action=AuditEvent.Action.LOGIN_FAILED, ip=ip).count()
    return counts


def limits() -> dict[Lock, int]:
    return {
        Lock.USERNAME_AND_IP: settings.LOGIN_FAILURES_PER_USERNAME_AND_IP,
        Lock.IP: settings.LOGIN_FAILURES_PER_IP,
        Lock.USERNAME: settings.LOGIN_FAILURES_PER_USERNAME,
    }


def locks(username: str, ip: str | None) -> list[Lock]:
    """The limits that (username, ip) has reached."""
    limit = limits()
    return [lock for lock, count in failure_counts(username, ip).items() if count >= limit[lock]]


def is_locked(username: str, request=None) -> bool:
    """Whether a sign-in as `username` from the request's address is refused for now."""
    return bool(locks(username or "", client_ip(request)))


def record_lock_if_reached(username: str, request=None) -> None:
    """After a failure is recorded: audit a lock that this very failure began (the count hit its limit)."""
    ip = client_ip(request)
    limit = limits()
    for lock, count in failure_counts(username, ip).items():
        if count == limit[lock]:
            audit_record(
                actor=None,
                action=AuditEvent.Action.LOCKOUT,
                success=False,
                request=request,
                actor_label=username or "?",
                details={
                    "lock": lock.value,
                    "failures": count,
                    "minutes": settings.LOGIN_FAILURE_WINDOW_MINUTES,
                },
            )


class LockoutBackend(ModelBackend):
    """Django's password check, refused outright while the username or the address is locked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if is_locked(username or kwargs.get("username", ""), request):
            raise PermissionDenied  # stops authenticate(); Django records it as a failed login
        return super().authenticate(request, username=username, password=password, **kwargs)
