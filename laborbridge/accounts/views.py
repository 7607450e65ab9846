from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from laborbridge.accounts.selectors import AUDIT_PAGE, audit_event_list
from laborbridge.core.models import AuditEvent


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def audit_trail(request):
    action = request.GET.get("action", "")
    actor = request.GET.get("actor", "").strip()
    try:
        before = int(request.GET["before"]) if request.GET.get("before") else None
    except ValueError:
        before = None
    events = audit_event_list(actor=request.user, action=action, actor_label=actor, before=before)
    return render(
        request,
        "accounts/audit.html",
        {
            "events": events,
            "actions": AuditEvent.Action.choices,
            "action": action,
            "actor": actor,
            "next_before": events[-1].id if len(events) == AUDIT_PAGE else None,
        },
    )
