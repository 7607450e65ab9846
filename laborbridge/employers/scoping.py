"""Which employers and vacancies an actor may see and change.

Employers are not personal data: both sides of a pairing see each other's employers (the western
county refers its workers to the eastern side's jobs; the eastern district sees the western workshops).
An employer's own users see their employer only. Writing is for the county where the employer is, or
the county that brought it in, and for the employer's own users (their own details and vacancies).
"""

from django.db.models import Q

from laborbridge.accounts.models import User
from laborbridge.accounts.scoping import scope_for
from laborbridge.regions.selectors import region_partner_codes


def _counties(actor) -> set[str]:
    return {prefix[:6] for prefix in scope_for(actor).prefixes if len(prefix) >= 6}


def employer_filter(actor) -> Q | None:
    """A filter on Employer for what the actor may read; None means everything."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return Q(pk__in=[])
    if scope_for(actor).everywhere:
        return None
    if actor.role == User.Role.EMPLOYER:
        return Q(members=actor)
    counties = _counties(actor)
    for county in list(counties):
        counties.update(region_partner_codes(code=county))
    if not counties:
        return Q(pk__in=[])
    return Q(region_id__in=counties) | Q(provided_by_id__in=counties)


def can_write_employer(actor, employer) -> bool:
    scope = scope_for(actor)
    if scope.everywhere:
        return True
    if actor.role == User.Role.EMPLOYER:
        return employer.pk is not None and employer.members.filter(pk=actor.pk).exists()
    if actor.role != User.Role.COUNTY or not scope.can_write:
        return False
    return actor.region_id in (employer.region_id, employer.provided_by_id)


def can_create_employers(actor) -> bool:
    return scope_for(actor).everywhere or (actor.role == User.Role.COUNTY and scope_for(actor).can_write)


def can_see_contact(actor, employer) -> bool:
    """The full contact phone: roles that may unmask, and the employer's own users."""
    if scope_for(actor).can_unmask:
        return True
    return actor.role == User.Role.EMPLOYER and employer.members.filter(pk=actor.pk).exists()
