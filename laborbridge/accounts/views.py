from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from laborbridge.accounts.lockout import is_locked
from laborbridge.accounts.selectors import audit_event_list
from laborbridge.core.audit import audit_record
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


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (an employer account's temporary one first of all); audited."""

    template_name = "accounts/password.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            actor=self.request.user,
            action=AuditEvent.Action.UPDATE,
            obj=self.request.user,
            request=self.request,
            details={"password_changed": True},
        )
        messages.success(self.request, _("密码已修改"))
        return response


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
