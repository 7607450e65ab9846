from django import template

from laborbridge.accounts.models import User
from laborbridge.accounts.scoping import scope_for
from laborbridge.employers.models import Vacancy
from laborbridge.employers.selectors import vacancy_list
from laborbridge.employment.forms import EmploymentEndForm, EmploymentStartForm, ReferralForm
from laborbridge.employment.models import Referral
from laborbridge.employment.referrals import ROAD
from laborbridge.employment.selectors import referral_list

register = template.Library()


@register.inclusion_tag("employment/_panel.html", takes_context=True)
def employment_panel(context, worker):
    """The worker page's employment spells, with forms to open and close one."""
    user = context["request"].user
    scope = scope_for(user)
    spells = list(worker.employments.select_related("place", "place__parent"))
    open_spell = next((s for s in spells if s.end is None), None)
    can_write = scope.can_write and scope.covers(worker.township_id)
    return {
        "worker": worker,
        "spells": spells,
        "open_spell": open_spell,
        "can_write": can_write,
        "start_form": EmploymentStartForm(worker=worker) if can_write and open_spell is None else None,
        "end_form": EmploymentEndForm() if can_write and open_spell else None,
        "csrf_token": context.get("csrf_token"),
        "referral_rows": _referral_rows(user, referral_list(actor=user, worker=worker)),
        "referral_form": ReferralForm(vacancies=vacancy_list(actor=user, status=Vacancy.Status.OPEN)[:300])
        if can_write
        else None,
        "next": context["request"].path,
    }


def _referral_rows(user, referrals) -> list[dict]:
    """Each referral with the next steps this user may record (arrival is the employer's to confirm)."""
    scope = scope_for(user)
    rows = []
    for referral in referrals:
        member = user.role == User.Role.EMPLOYER
        staff = scope.can_write and scope.covers(referral.worker.township_id)
        moves = []
        if member or staff:
            for status in [s for s in Referral.Status.values if s in ROAD[referral.status]]:  # forward first
                if status == Referral.Status.ARRIVED and not (member or scope.everywhere):
                    continue
                moves.append((status, Referral.Status(status).label))
        rows.append({"referral": referral, "moves": moves})
    return rows


@register.inclusion_tag("employment/_referrals.html", takes_context=True)
def vacancy_referrals(context, vacancy):
    """The referrals to a vacancy, for its employer and the staff who may see them (workers masked)."""
    user = context["request"].user
    return {
        "rows": _referral_rows(user, referral_list(actor=user, vacancy=vacancy)),
        "csrf_token": context.get("csrf_token"),
        "next": context["request"].path,
    }


@register.inclusion_tag("employment/_referrals.html", takes_context=True)
def employer_desk(context):
    """An employer's desk: referrals to its vacancies still on the road (to answer, hire, or see arrive)."""
    user = context["request"].user
    pending = referral_list(actor=user).filter(
        status__in=[
            Referral.Status.RECOMMENDED,
            Referral.Status.APPLIED,
            Referral.Status.INTENT,
            Referral.Status.HIRED,
        ]
    )[:100]
    return {
        "rows": _referral_rows(user, pending),
        "csrf_token": context.get("csrf_token"),
        "next": context["request"].path,
    }
