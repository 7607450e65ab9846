"""Reads of employment spells, referrals and follow-ups, scoped through the worker (or the employer)."""

import datetime

from django.db.models import QuerySet
from django.http import Http404

from laborbridge.accounts import policy
from laborbridge.employment.models import Employment, FollowUp, Referral


def employment_list(*, actor, worker=None) -> QuerySet[Employment]:
    qs = Employment.objects.filter(policy.worker_scope(actor).worker_q("worker__")).select_related(
        "place", "worker"
    )
    if worker is not None:
        qs = qs.filter(worker=worker)
    return qs


def employment_get(*, actor, pk) -> Employment:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    spell = employment_list(actor=actor).filter(pk=pk).first()
    if spell is None:
        raise Http404
    return spell


def _referrals(actor):
    return Referral.objects.filter(policy.referrals_q(actor)).select_related(
        "worker__township", "vacancy__employer"
    )


def referral_list(*, actor, worker=None, vacancy=None, status: str = ""):
    """Referrals the actor may read, newest first."""
    policy.require(actor, "view_referrals")
    qs = _referrals(actor)
    if worker is not None:
        qs = qs.filter(worker=worker)
    if vacancy is not None:
        qs = qs.filter(vacancy=vacancy)
    if status:
        qs = qs.filter(status=status)
    return qs.prefetch_related("steps").order_by("-id")


def referral_get(*, actor, pk):
    try:
        referral = _referrals(actor).prefetch_related("steps").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        referral = None
    if referral is None:
        raise Http404
    return referral


def follow_up_list(*, actor, due_by: datetime.date, mine_only: bool = False):
    """Open check-ups due by a date, for the workers in the actor's scope."""
    qs = FollowUp.objects.filter(
        policy.follow_ups_q(actor), answered_on__isnull=True, due_on__lte=due_by, employment__end__isnull=True
    )
    if mine_only:
        qs = qs.filter(assignee=actor)
    return qs.select_related("employment__worker__township", "employment__employer", "assignee")


def placed_list(*, actor):
    """Spells of other regions' workers at work in the actor's territory (an eastern district's view) or at the
    actor's own employer (an employer's view). The workers are shown masked; nothing more of them is read."""
    policy.require(actor, "view_placed")
    return (
        Employment.objects.filter(policy.placed_q(actor))
        .select_related("worker__township__parent", "employer", "place__parent")
        .order_by("-start", "-id")
    )
