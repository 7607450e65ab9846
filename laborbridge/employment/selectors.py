"""Reads of employment spells, referrals and follow-ups, scoped through the worker (or the employer)."""

import datetime
import re

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from laborbridge.accounts import policy
from laborbridge.employment.calendar import DUE_SOON_DAYS
from laborbridge.employment.models import Employment, FollowUp, Referral, ReferralStep


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


def referral_step_get(*, actor, pk) -> ReferralStep:
    """One step of a referral the actor may read, or 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    step = ReferralStep.objects.filter(pk=pk, referral__in=_referrals(actor).values("pk")).first()
    if step is None:
        raise Http404
    return step


def follow_up_list(
    *, actor, due_by: datetime.date, mine_only: bool = False, due_from: datetime.date | None = None
):
    """Open check-ups due by a date (and from a date, if given), for the workers in the actor's scope.

    `mine_only`: the actor's own tasks, those assigned to the actor and those assigned to nobody (a hire
    recorded by an employer or by the person themselves), not a colleague's (the bureau's trainee check-ups
    are not a township clerk's)."""
    qs = FollowUp.objects.filter(
        policy.follow_ups_q(actor),
        Q(employment__end__isnull=True) | Q(enrolment__isnull=False),  # a trainee's, or an open spell's
        answered_on__isnull=True,
        due_on__lte=due_by,
    )
    if due_from is not None:
        qs = qs.filter(due_on__gte=due_from)
    if mine_only:
        qs = qs.filter(Q(assignee=actor) | Q(assignee__isnull=True))
    return qs.select_related(
        "employment__worker__township",
        "employment__employer",
        "enrolment__worker__township",
        "enrolment__training_class",
        "assignee",
    )


def follow_up_counts(*, actor, today: datetime.date, mine_only: bool = True) -> dict[str, int]:
    """How many open check-ups are overdue, and how many fall due this week (one query): of the actor's own
    tasks (`follow_up_list`'s `mine_only`, what the list and the menu show first), or of all in scope."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS - 1)
    return follow_up_list(actor=actor, due_by=soon, mine_only=mine_only).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)), week=Count("pk", filter=Q(due_on__gte=today))
    )


def placed_list(*, actor):
    """Spells of other regions' workers at work in the actor's territory (an eastern district's view) or at the
    actor's own employer (an employer's view). The workers are shown masked; nothing more of them is read."""
    policy.require(actor, "view_placed")
    return (
        Employment.objects.filter(policy.placed_q(actor))
        .select_related("worker__township__parent", "employer", "place__parent")
        .order_by("-start", "-id")
    )


PAY = re.compile(r"^(\d{3,7})(?:[-–~至到](\d{3,7}))?(?:元|以上|\+)*$")
SEARCH_TERMS = 5  # words of a vacancy search that are read; the rest are ignored


def _vacancy_term_q(term: str) -> Q:
    """One word of a vacancy search: a pay ("5000": pays up to at least 5000; "4000-6000": overlaps it),
    or a part of the title, the employer's name, the occupation (工种) or the place (its township, county,
    city or province)."""
    pay = PAY.match(term)
    if pay:
        low, high = int(pay.group(1)), int(pay.group(2) or 0)
        if high:
            return Q(pay_max__gte=min(low, high), pay_min__lte=max(low, high))
        return Q(pay_max__gte=low)
    return (
        Q(title__contains=term)
        | Q(employer__name__contains=term)
        | Q(occupation__name__contains=term)
        | Q(place__name__contains=term)
        | Q(place__parent__name__contains=term)
        | Q(place__parent__parent__name__contains=term)
        | Q(place__parent__parent__parent__name__contains=term)
    )


def vacancy_search(vacancies: QuerySet, text: str) -> QuerySet:
    """The vacancies (already scoped by the caller's selector) matching every word of `text`."""
    for term in (text or "").split()[:SEARCH_TERMS]:
        vacancies = vacancies.filter(_vacancy_term_q(term[:50]))
    return vacancies
