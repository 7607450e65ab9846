"""An eastern bureau's work in figures: the employers its county hosts or brought in, their open vacancies, the
referrals to them by step and the partner region's workers at work there (its home page)."""

from django.db.models import Count, Q, Sum

from laborbridge.accounts import policy
from laborbridge.employers.models import Employer, Vacancy
from laborbridge.employment.models import Employment, Referral


def receiving_figures(*, actor) -> dict:
    """Counts behind the eastern side's home, each equal to the list it links to."""
    county = (actor.region_id or "")[:6]
    employers = Employer.objects.filter(policy.employers_q(actor)).filter(
        Q(region_id=county) | Q(provided_by_id=county)
    )
    vacancies = Vacancy.objects.filter(employer__in=employers, status=Vacancy.Status.OPEN).aggregate(
        count=Count("id"), positions=Sum("headcount")
    )
    by_status = dict(
        Referral.objects.filter(policy.referrals_q(actor), vacancy__employer__in=employers)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    referrals = [
        (label, by_status[value]) for value, label in Referral.Status.choices if by_status.get(value)
    ]
    placed = Employment.objects.filter(policy.placed_q(actor)) if policy.may(actor, "view_placed") else None
    return {
        "county": county,
        "employers": employers.count(),
        "vacancies": vacancies["count"],
        "positions": vacancies["positions"] or 0,
        "referrals": sum(by_status.values()),
        "referral_steps": referrals,
        "placed_now": placed.filter(end__isnull=True).count() if placed is not None else 0,
        "placed": placed.count() if placed is not None else 0,
    }
