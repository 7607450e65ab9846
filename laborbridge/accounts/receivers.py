"""Record logins, failed logins and logouts in the audit trail; stamp a new session's start."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from laborbridge.accounts.lockout import record_lock_if_reached
from laborbridge.accounts.middleware import session_start
from laborbridge.accounts.second_factor import second_factor_required
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    # A password accepted where a one-time code must follow is not a sign-in yet (the lockout counts on).
    details = {"second_factor": "pending"} if second_factor_required(user) else {}
    audit_record(actor=user, action=AuditEvent.Action.LOGIN, request=request, details=details)
    if request is not None and hasattr(request, "session"):
        session_start(request)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=None,
        action=AuditEvent.Action.LOGIN_FAILED,
        success=False,
        request=request,
        actor_label=username or "?",
    )
    record_lock_if_reached(username, request)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=AuditEvent.Action.LOGOUT, request=request)
