"""Record logins, failed logins and logouts in the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit_record(actor=user, action=AuditEvent.Action.LOGIN, request=request)


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


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=AuditEvent.Action.LOGOUT, request=request)
