"""Reads of employment spells, referrals and follow-ups, scoped through the worker (or the employer)."""

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from laborbridge.accounts.models import User
from laborbridge.accounts.scoping import prefix_q, scope_for
from laborbridge.employers.models import Employer
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


def placed_list(*, actor):
    """Spells of other regions' workers at work in the actor's territory (an eastern district's view) or at the
    actor's own employer (an employer's view). The workers are shown masked; nothing more of them is read."""
    scope = scope_for(actor)
    if actor.role == User.Role.EMPLOYER:
        where = Q(employer__in=Employer.objects.filter(members=actor))
    elif (
        actor.role in (User.Role.COUNTY, User.Role.COOPERATION, User.Role.ADMIN) and scope.sees_personal_data
    ):
        counties = {p[:6] for p in scope.prefixes if len(p) >= 6} if not scope.everywhere else set()
        if not counties:
            return Employment.objects.none()
        where = Q(pk__in=[])
        for county in counties:
            where |= prefix_q("place__code", county) | Q(employer__region_id=county)
        where &= ~scope.q(
            "worker__township_id", county_field="worker__county_id", township_field="worker__township_id"
        )
    else:
        return Employment.objects.none()
    return (
        Employment.objects.filter(where)
        .select_related("worker__township__parent", "employer", "place__parent")
        .order_by("-start", "-id")
    )
