from django import template

from laborbridge.accounts.scoping import scope_for
from laborbridge.employment.forms import EmploymentEndForm, EmploymentStartForm

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
    }
