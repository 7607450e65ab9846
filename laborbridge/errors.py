"""Error pages in Chinese, inside the site's frame: 400, 403 (and a failed CSRF check), 404 and 500."""

import re

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _back(request) -> str:
    """The page the user came from, when it is on this site; else blank (no link)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _page(request, *, status: int, title: str, reason: str, advice: str) -> HttpResponse:
    context = {"status": status, "title": title, "reason": reason, "advice": advice, "back": _back(request)}
    response = render(request, "errors/error.html", context, status=status)
    response.laborbridge_error_page = True
    return response


class ChineseNotFoundMiddleware:
    """With DEBUG on (the demo, `make run`), Django answers a 404 with its English technical page, which
    demo users and the guide's pictures then meet; show ours there too. DEBUG off needs none of this
    (handler404); settings.DEBUG_TECHNICAL_404 brings Django's page back for a developer who wants it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and settings.DEBUG
            and not getattr(settings, "DEBUG_TECHNICAL_404", False)
            and not getattr(response, "laborbridge_error_page", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request)
        return response


@requires_csrf_token
def bad_request(request, exception=None):
    return _page(
        request,
        status=400,
        title=_("请求有误"),
        reason=_("系统无法处理这个请求：链接或提交的内容不完整或格式不对。"),
        advice=_("请返回上一页重新操作；如果是从别处复制的链接，请检查是否完整。"),
    )


@requires_csrf_token
def permission_denied(request, exception=None):
    # Our services and the policy refuse with a Chinese reason; anything else (Django's English) is
    # replaced by the default rather than shown.
    message = str(exception or "")
    if not CHINESE.search(message):
        message = _("您的账户没有进行此项操作的权限。")
    return _page(
        request,
        status=403,
        title=_("没有权限"),
        reason=message,
        advice=_("如需此项权限，请联系本单位的系统管理员。"),
    )


@requires_csrf_token
def page_not_found(request, exception=None):
    # One text for a record that does not exist and one outside the user's regions (never the
    # exception's message): the page must not tell which.
    return _page(
        request,
        status=404,
        title=_("找不到该页面"),
        reason=_("您要找的页面或记录不存在，或不在您可以查看的范围内。"),
        advice=_("请检查链接是否正确，或从首页、菜单重新查找。"),
    )


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: most often a form left open too long, or cookies turned off."""
    from django.middleware.csrf import REASON_NO_CSRF_COOKIE

    if reason == REASON_NO_CSRF_COOKIE:
        why = _("浏览器没有保存本站的 Cookie，无法确认这次提交来自本站。")
        advice = _("请在浏览器设置中允许本站使用 Cookie，然后刷新页面重新提交。")
    else:
        why = _("页面停留时间过长或已在别处退出登录，这次提交无法确认来自本站，未被保存。")
        advice = _("请返回上一页，刷新后重新填写提交。")
    return _page(request, status=403, title=_("页面已过期"), reason=why, advice=advice)


def server_error(request):
    """Render without the request: no user, no session, no database (it may be what failed)."""
    html = loader.get_template("errors/500.html").render({})
    return HttpResponse(html, status=500)
