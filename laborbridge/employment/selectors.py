"""Reads of employment spells, referrals and follow-ups, scoped through the worker (or the employer)."""

import datetime

from django.db.models import QuerySet
from django.http import Http404

from laborbridge.accounts.scoping import scope_for
from laborbridge.employment.models import Employment, FollowUp, Referral
from laborbridge.employment.referrals import referral_filter


def employment_list(*, actor, worker=None) -> QuerySet[Employment]:
    qs = Employment.objects.filter(
        scope_for(actor).q(
            "worker__township_id", county_field="worker__county_id", township_field="worker__township_id"
        )
    ).select_related("place", "worker")
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


def referral_list(*, actor, worker=None, vacancy=None):
    """Referrals the actor may read, newest first."""
    scope = referral_filter(actor)
    qs = Referral.objects.all() if scope is None else Referral.objects.filter(scope)
    if worker is not None:
        qs = qs.filter(worker=worker)
    if vacancy is not None:
        qs = qs.filter(vacancy=vacancy)
    return (
        qs.select_related("worker__township", "vacancy__employer").prefetch_related("steps").order_by("-id")
    )


def referral_get(*, actor, pk):
    try:
        referral = referral_list(actor=actor).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        referral = None
    if referral is None:
        raise Http404
    return referral


def follow_up_list(*, actor, due_by: datetime.date, mine_only: bool = False):
    """Open check-ups due by a date, for the workers in the actor's scope."""
    scope = scope_for(actor)
    qs = FollowUp.objects.filter(
        answered_on__isnull=True, due_on__lte=due_by, employment__end__isnull=True
    ).filter(
        scope.q(
            "employment__worker__township_id",
            county_field="employment__worker__county_id",
            township_field="employment__worker__township_id",
        )
    )
    if mine_only:
        qs = qs.filter(assignee=actor)
    return qs.select_related("employment__worker__township", "employment__employer", "assignee")
