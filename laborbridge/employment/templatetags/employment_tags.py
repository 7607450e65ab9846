from django import template

from laborbridge.accounts import policy
from laborbridge.core.pagination import page_from_request
from laborbridge.employment.forms import EmploymentEndForm, EmploymentStartForm, vacancy_picker
from laborbridge.employment.models import Referral
from laborbridge.employment.road import referral_next_steps
from laborbridge.employment.selectors import referral_list

register = template.Library()


@register.inclusion_tag("employment/_panel.html", takes_context=True)
def employment_panel(context, worker):
    """The worker page's employment spells, with forms to open and close one."""
    user = context["request"].user
    spells = list(worker.employments.select_related("place", "place__parent"))
    open_spell = next((s for s in spells if s.end is None), None)
    can_write = policy.may_write_worker(user, worker.township_id)
    return {
        "worker": worker,
        "spells": spells,
        "open_spell": open_spell,
        "can_write": can_write,
        "start_form": EmploymentStartForm(worker=worker) if can_write and open_spell is None else None,
        "end_form": EmploymentEndForm() if can_write and open_spell else None,
        "csrf_token": context.get("csrf_token"),
        "referral_rows": _referral_rows(user, referral_list(actor=user, worker=worker)),
        **(vacancy_picker(user) if can_write else {"referral_form": None}),
        "next": context["request"].path,
    }


def _referral_rows(user, referrals) -> list[dict]:
    """Each referral with the next steps this user may record (arrival is the employer's to confirm)."""
    return [
        {
            "referral": referral,
            "moves": [(s, Referral.Status(s).label) for s in referral_next_steps(user, referral)],
        }
        for referral in referrals
    ]


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
    )
    page, query = page_from_request(pending, context["request"])
    return {
        "rows": _referral_rows(user, page.items),
        "page": page,
        "query": query,
        "csrf_token": context.get("csrf_token"),
        "next": context["request"].path,
    }
