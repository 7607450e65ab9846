"""Slow down password guessing: after 5 failed logins within 15 minutes, a username is locked for the rest
of that window. The audit trail already records every failed login, so it is the counter."""

import datetime

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from laborbridge.core.models import AuditEvent

MAX_FAILURES = 5
WINDOW = datetime.timedelta(minutes=15)


def is_locked(username: str) -> bool:
    """Five failures within the window, none of them followed by a successful login."""
    if not username:
        return False
    since = timezone.now() - WINDOW
    recent = AuditEvent.objects.filter(actor_label=username, time__gte=since)
    last_success = recent.filter(action=AuditEvent.Action.LOGIN, success=True).order_by("-time").first()
    failures = recent.filter(action=AuditEvent.Action.LOGIN_FAILED)
    if last_success is not None:
        failures = failures.filter(time__gt=last_success.time)
    return failures.count() >= MAX_FAILURES


class LockoutBackend(ModelBackend):
    """Django's password check, refused outright while the username is locked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if is_locked(username or kwargs.get("username", "")):
            raise PermissionDenied  # stops authenticate(); Django records it as a failed login
        return super().authenticate(request, username=username, password=password, **kwargs)
