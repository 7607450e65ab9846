from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from laborbridge.accounts import policy
from laborbridge.accounts.audit_display import audit_rows
from laborbridge.accounts.audit_export import audit_export
from laborbridge.accounts.forms import AuditFilterForm, CodeForm, EnrolForm, UserForm
from laborbridge.accounts.lockout import LOCKED_MESSAGE, is_locked
from laborbridge.accounts.second_factor import (
    has_totp,
    qr_svg,
    recovery_codes_issue,
    second_factor_required,
    second_factor_verify,
    secret_text,
    sign_in_pending,
    totp_enrolment_confirm,
    totp_enrolment_start,
)
from laborbridge.accounts.selectors import audit_event_list, user_list
from laborbridge.accounts.services import (
    password_changed,
    password_expired,
    sessions_end_all,
    user_create,
    user_managed,
    user_password_reset,
    user_second_factor_reset,
    user_set_active,
    user_update,
)
from laborbridge.core.forms import add_service_errors
from laborbridge.core.pagination import page_from_request
from laborbridge.core.spreadsheets import XLSX_TYPE


class LoginForm(AuthenticationForm):
    def clean(self):
        if is_locked(self.data.get("username", ""), self.request):
            raise ValidationError(LOCKED_MESSAGE, code="locked")
        return super().clean()


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm


class LogoutView(auth_views.LogoutView):
    """Signing out ends every session of the user and revokes its API tokens, not only this browser's."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            sessions_end_all(user=request.user, request=request, reason="logout")
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (a temporary or expired one first of all); ends the other sessions; audited."""

    template_name = "accounts/password.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["reason"] = (
            "temporary" if user.must_change_password else "expired" if password_expired(user) else ""
        )
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=self.request.user, request=self.request)
        messages.success(self.request, _("密码已修改"))
        return response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


@login_required
def otp_verify(request):
    """The second step of signing in: a code from the phone, or a recovery code."""
    if not sign_in_pending(request):
        return redirect(_next_url(request))
    if not has_totp(request.user):
        return redirect("accounts:otp_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_locked(request.user.get_username(), request):
            form.add_error(None, LOCKED_MESSAGE)
        elif second_factor_verify(request, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        else:
            form.add_error("code", _("验证码不正确或已用过，请重新输入"))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@never_cache
def otp_setup(request):
    """Enrol a phone: scan the QR code (or type the secret), then type the code it shows."""
    if has_totp(request.user):
        # An enrolled phone is replaced only after an administrator's reset (用户管理 → 解除手机验证器).
        return redirect("accounts:otp_verify" if sign_in_pending(request) else "accounts:recovery_codes")
    device = totp_enrolment_start(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_enrolment_confirm(
            user=request.user, device=device, token=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "new": True},
            )
        form.add_error("code", _("验证码不正确，请确认手机时间准确后重新输入"))
    context = {
        "form": form,
        "qr": qr_svg(device),
        "secret": secret_text(device),
        "uri": device.config_url,
        "required": second_factor_required(request.user),
        "next": _next_url(request),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
@never_cache
def recovery_codes(request):
    """The state of one's second factor, and new recovery codes (the old ones stop working)."""
    if not has_totp(request.user):
        return redirect("accounts:otp_setup")
    if request.method == "POST":
        codes = recovery_codes_issue(user=request.user, request=request)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("home")})
    device = request.user.recoverycodedevice_set.first()
    return render(
        request,
        "accounts/recovery_codes.html",
        {"remaining": device.remaining if device else 0, "codes": None},
    )


@login_required
def audit_trail(request):
    form = AuditFilterForm(request.GET or None)
    page, query = page_from_request(audit_event_list(actor=request.user, filters=form.filters()), request)
    rows = audit_rows(actor=request.user, events=page.items)
    return render(request, "accounts/audit.html", {"form": form, "page": page, "rows": rows, "query": query})


@login_required
@require_GET
def audit_export_view(request):
    """The filtered trail as .xlsx, in the page's words; the export is recorded as an event of its own."""
    form = AuditFilterForm(request.GET or None)
    try:
        handle, _count = audit_export(actor=request.user, filters=form.filters(), request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(reverse("accounts:audit") + "?" + request.GET.urlencode())
    handle.seek(0)  # the temporary file is removed when the response closes it
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(handle, as_attachment=True, filename=f"审计记录-{stamp}.xlsx", content_type=XLSX_TYPE)


# --- user administration ------------------------------------------------------------------------------------


@login_required
def users(request):
    query = request.GET.get("q", "").strip()[:50]
    accounts = user_list(actor=request.user, query=query)
    return render(request, "accounts/users.html", {"accounts": accounts[:500], "q": query})


@login_required
@never_cache
def user_new(request):
    policy.require(request.user, "manage_users")
    form = UserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                role=data["role"],
                region_code=data["region"] or None,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "accounts/user_issued.html", {"issued": issued, "created": True})
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_edit(request, pk: int):
    account = user_managed(actor=request.user, pk=pk)
    initial = {"full_name": account.first_name, "role": account.role, "region": account.region_id or ""}
    form = UserForm(request.POST or None, actor=request.user, editing=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user_update(
                actor=request.user,
                user=account,
                full_name=data["full_name"],
                role=data["role"],
                region_code=data["region"] or None,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("accounts:user_edit", pk=account.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "account": account, "may_manage": policy.may_manage_user(request.user, account)},
    )


@login_required
@require_POST
def user_active(request, pk: int):
    account = user_managed(actor=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    user_set_active(actor=request.user, user=account, active=active, request=request)
    messages.success(request, _("账户已启用") if active else _("账户已停用，其登录和接口令牌均已失效"))
    return redirect("accounts:user_edit", pk=account.pk)


@login_required
@require_POST
@never_cache
def user_password_reset_view(request, pk: int):
    account = user_managed(actor=request.user, pk=pk)
    issued = user_password_reset(actor=request.user, user=account, request=request)
    return render(request, "accounts/user_issued.html", {"issued": issued, "created": False})


@login_required
@require_POST
def user_second_factor_reset_view(request, pk: int):
    account = user_managed(actor=request.user, pk=pk)
    user_second_factor_reset(actor=request.user, user=account, request=request)
    messages.success(request, _("已解除该账户绑定的手机验证器，对方下次登录时重新绑定"))
    return redirect("accounts:user_edit", pk=account.pk)
