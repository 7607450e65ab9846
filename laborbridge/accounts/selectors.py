"""Reads for accounts: the home page figures and the audit trail."""

from django.core.exceptions import PermissionDenied

from laborbridge.accounts import policy
from laborbridge.core.models import AuditEvent


def audit_event_list(*, actor, action: str = "", actor_label: str = ""):
    """The audit trail, newest first, for auditors and administrators only."""
    if not policy.may_view_audit_trail(actor):
        raise PermissionDenied
    qs = AuditEvent.objects.order_by("-id")
    if action:
        qs = qs.filter(action=action)
    if actor_label:
        qs = qs.filter(actor_label=actor_label)
    return qs
