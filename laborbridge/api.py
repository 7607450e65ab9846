"""The JSON API at /api/v1/: token or session auth, Chinese error messages, never a 500 for bad input."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from laborbridge.accounts.api import BearerToken, session_auth
from laborbridge.accounts.api import router as auth_router
from laborbridge.employers.api import router as employers_router
from laborbridge.employment.api import router as referrals_router
from laborbridge.fairs.api import router as fairs_router
from laborbridge.matching.api import router as matching_router
from laborbridge.training.api import router as training_router
from laborbridge.transport.api import router as transport_router
from laborbridge.workers.api import router as workers_router


def signed_in(view):
    """The schema and its docs page describe the personal data held: only for a signed-in user or token."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if request.user.is_authenticated or BearerToken()(request) is not None:
            return view(request, *args, **kwargs)
        if "text/html" in request.headers.get("Accept", ""):
            return redirect_to_login(request.get_full_path())
        return JsonResponse({"detail": _("请先登录，或提供有效的接口令牌")}, status=401)

    return guarded


api = NinjaAPI(
    title="LaborBridge 劳务协作服务平台 API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), session_auth],
    docs_decorator=signed_in,
)
api.add_router("", auth_router)
api.add_router("", workers_router)
api.add_router("", employers_router)
api.add_router("", referrals_router)
api.add_router("", fairs_router)
api.add_router("", training_router)
api.add_router("", transport_router)
api.add_router("", matching_router)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": _("提交的数据有误"), "errors": errors}, status=422)


def _message(error: dict) -> str:
    """A Chinese message for one of pydantic's errors, saying the allowed range where there is one."""
    kind, context = error.get("type"), error.get("ctx") or {}
    if kind == "json_invalid":
        return _("JSON格式不正确")
    if kind == "missing":
        return _("必须填写")
    if kind in ("greater_than_equal", "greater_than"):
        return _("不能小于%(n)s") % {"n": context.get("ge", context.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("不能大于%(n)s") % {"n": context.get("le", context.get("lt"))}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("应为整数")
    return _("格式不正确")


@api.exception_handler(NinjaValidationError)
def on_schema_error(request, exc: NinjaValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [
            str(part)
            for part in error.get("loc", ())
            if part not in ("body", "payload", "query", "params", "path")
        ]
        field = location[-1] if location else "__all__"
        errors.setdefault(field, []).append(_message(error))
    return api.create_response(request, {"detail": _("提交的数据有误"), "errors": errors}, status=422)


@api.exception_handler(HttpError)
def on_ninja_refusal(request, exc: HttpError):
    # ninja's own refusals: 400 for a body it cannot decode (not UTF-8, not JSON), which the API documents as
    # 422 like any bad input; 403 when a session's CSRF check fails
    if exc.status_code == 400:
        errors = {"__all__": [_("请求内容不是UTF-8编码的JSON")]}
        return api.create_response(request, {"detail": _("提交的数据有误"), "errors": errors}, status=422)
    if exc.status_code == 403:
        return api.create_response(request, {"detail": _("安全校验未通过，请刷新页面后重试")}, status=403)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": _("未找到")}, status=404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("没有权限")}, status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("请先登录，或提供有效的接口令牌")}, status=401)
