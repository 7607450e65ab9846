"""Reads for accounts: the home page figures, the audit trail and the accounts a user manages."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from laborbridge.accounts import policy
from laborbridge.accounts.models import User
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


def user_list(*, actor, query: str = ""):
    """The accounts `actor` manages (the administrator: all; a county bureau: its county's), by username."""
    policy.require(actor, "manage_users")
    qs = User.objects.filter(policy.users_q(actor)).select_related("region").order_by("username")
    if query:
        qs = qs.filter(Q(username__icontains=query) | Q(first_name__icontains=query))
    return qs
