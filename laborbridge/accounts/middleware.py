"""What stands between a signed-in session and the pages: session limits, the second factor, the password.

In order: a session idle for `SESSION_IDLE_MINUTES` or older than `SESSION_ABSOLUTE_HOURS` ends; a user whose
role needs a one-time code and has not given one is sent to give it (or to enrol a phone); a user whose
password is temporary or expired is sent to change it. The API is not redirected: its session
authentication refuses such sessions (accounts/api.py).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from laborbridge.accounts.second_factor import has_totp, sign_in_pending
from laborbridge.accounts.services import password_change_due

STARTED, SEEN = "laborbridge_started", "laborbridge_seen"
SEEN_RESOLUTION = 60  # seconds: the last-seen time is written at most once a minute


def session_start(request) -> None:
    """Stamp a new session with its start, from which its absolute lifetime counts."""
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now


def _session_expired(request) -> bool:
    now = int(time.time())
    started, seen = request.session.get(STARTED), request.session.get(SEEN)
    if started is None or seen is None:
        session_start(request)  # a session made some other way (e.g. before this rule): it starts now
        return False
    idle = settings.SESSION_IDLE_MINUTES * 60
    if now - seen > idle or now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
        return True
    if now - seen >= SEEN_RESOLUTION:
        request.session[SEEN] = now
    return False


class SignInGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and not self._exempt(request) and user.is_authenticated:
            response = self._guard(request)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def _exempt(request) -> bool:
        return request.path.startswith("/" + settings.STATIC_URL.lstrip("/")) or request.path == "/healthz"

    def _guard(self, request):
        api = request.path.startswith("/api/")
        if _session_expired(request):
            logout(request)
            if api:
                return None  # the API sees an anonymous request and answers 401
            messages.info(request, _("长时间未操作或登录时间过长，请重新登录"))
            return self._to(request, "accounts:login")
        if api:
            return None
        name = self._view_name(request)
        if name == "accounts:logout":
            return None
        if sign_in_pending(request):
            target = "accounts:otp_verify" if has_totp(request.user) else "accounts:otp_setup"
            request.sign_in_pending = True
            return (
                None if name in ("accounts:otp_verify", "accounts:otp_setup") else self._to(request, target)
            )
        if password_change_due(request.user) and name != "accounts:password":
            return self._to(request, "accounts:password")
        return None

    @staticmethod
    def _view_name(request) -> str:
        try:
            return resolve(request.path_info).view_name
        except Resolver404:
            return ""

    @staticmethod
    def _to(request, name: str):
        url = reverse(name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
