from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from laborbridge.accounts.lockout import is_locked
from laborbridge.accounts.selectors import audit_event_list
from laborbridge.core.models import AuditEvent
from laborbridge.core.pagination import page_from_request


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
    page, query = page_from_request(
        audit_event_list(actor=request.user, action=action, actor_label=actor), request
    )
    return render(
        request,
        "accounts/audit.html",
        {
            "page": page,
            "query": query,
            "actions": AuditEvent.Action.choices,
            "action": action,
            "actor": actor,
        },
    )
