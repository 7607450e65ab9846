"""Reads for accounts: the home page figures, the audit trail and the accounts a user manages."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from laborbridge.accounts import policy
from laborbridge.accounts.models import User
from laborbridge.core.database import prefix_q
from laborbridge.core.models import AuditEvent


@dataclass
class AuditFilters:
    """What the audit trail is narrowed to; dates are whole days in the site's time zone (Asia/Shanghai)."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    actor_label: str = ""
    action: str = ""
    region: str = ""  # a region code: the events of that region and the regions inside it
    object_type: str = ""
    object_id: str = ""

    def as_details(self) -> dict:
        """The filters given, as an audit event's details record them."""
        return {k: str(v) for k, v in vars(self).items() if v not in ("", None)}


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_event_list(*, actor, filters: AuditFilters | None = None):
    """The audit trail, newest first, for auditors and administrators only."""
    if not policy.may_view_audit_trail(actor):
        raise PermissionDenied
    filters = filters or AuditFilters()
    qs = AuditEvent.objects.order_by("-id")
    if filters.date_from:
        qs = qs.filter(time__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(time__lt=_day_start(filters.date_to + datetime.timedelta(days=1)))
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.actor_label:
        qs = qs.filter(actor_label=filters.actor_label)
    if filters.region:
        qs = qs.filter(prefix_q("region_code", filters.region))
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)
    return qs


def user_list(*, actor, query: str = ""):
    """The accounts `actor` manages (the administrator: all; a county bureau: its county's), by username."""
    policy.require(actor, "manage_users")
    qs = User.objects.filter(policy.users_q(actor)).select_related("region").order_by("username")
    if query:
        qs = qs.filter(Q(username__icontains=query) | Q(first_name__icontains=query))
    return qs
