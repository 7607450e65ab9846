from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from laborbridge.accounts.lockout import is_locked
from laborbridge.accounts.selectors import AUDIT_PAGE, audit_event_list
from laborbridge.core.models import AuditEvent


class LoginForm(AuthenticationForm):
    def clean(self):
        if is_locked(self.data.get("username", "")):
            raise ValidationError(_("登录失败次数过多，该账户已暂时锁定，请15分钟后再试"), code="locked")
        return super().clean()


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm


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
