from django import template

from laborbridge.accounts import policy
from laborbridge.portal.models import SelfSignUp
from laborbridge.portal.selectors import self_sign_ups_of

register = template.Library()


@register.inclusion_tag("portal/_staff_sign_ups.html", takes_context=True)
def self_sign_ups_panel(context, worker):
    """The worker page's public sign-ups: what the person typed and confirmed, flags 待核实 to settle."""
    user = context["request"].user
    rows = []
    for sign_up in self_sign_ups_of(actor=user, worker=worker):
        training_class = sign_up.enrolment.training_class if sign_up.enrolment_id else None
        rows.append(
            {
                "sign_up": sign_up,
                "class": training_class,
                "may_review": sign_up.review == SelfSignUp.Review.PENDING
                and policy.may_check_self_sign_up(user, worker, training_class),
            }
        )
    return {"rows": rows, "csrf_token": context.get("csrf_token"), "next": context["request"].path}
