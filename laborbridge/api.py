"""The JSON API at /api/v1/: token or session auth, Chinese error messages, never a 500 for bad input."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from laborbridge.accounts.api import BearerToken
from laborbridge.accounts.api import router as auth_router
from laborbridge.employers.api import router as employers_router
from laborbridge.employment.api import router as referrals_router
from laborbridge.workers.api import router as workers_router

api = NinjaAPI(
    title="LaborBridge 劳务协作服务平台 API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
)
api.add_router("", auth_router)
api.add_router("", workers_router)
api.add_router("", employers_router)
api.add_router("", referrals_router)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": _("提交的数据有误"), "errors": errors}, status=422)


@api.exception_handler(NinjaValidationError)
def on_schema_error(request, exc: NinjaValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query", "params")
        ]
        field = location[-1] if location else "__all__"
        message = _("JSON格式不正确") if error.get("type") == "json_invalid" else _("格式不正确")
        errors.setdefault(field, []).append(message)
    return api.create_response(request, {"detail": _("提交的数据有误"), "errors": errors}, status=422)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": _("未找到")}, status=404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("没有权限")}, status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("请先登录，或提供有效的接口令牌")}, status=401)
