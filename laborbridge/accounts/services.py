"""Writes for accounts: API tokens."""

import datetime

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.accounts.lockout import is_locked
from laborbridge.accounts.models import ApiToken, User
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent


def api_token_issue(*, username: str, password: str, request=None) -> str:
    """Check the password and return a new bearer token (only its hash is kept)."""
    if is_locked(username):
        raise PermissionDenied(_("登录失败次数过多，该账户已暂时锁定，请15分钟后再试"))
    user = authenticate(request, username=username, password=password)
    if user is None:  # authenticate() recorded the failed login; keep that record
        raise PermissionDenied(_("用户名或密码不正确"))
    return _token_create(user=user, request=request)


@transaction.atomic
def _token_create(*, user: User, request=None) -> str:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash_key(key),
        expires_at=timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS),
    )
    audit_record(actor=user, action=AuditEvent.Action.TOKEN, request=request)
    return key


def api_token_user(key: str) -> User | None:
    """The active user a bearer token belongs to, or None if unknown or expired."""
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or token.is_expired or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
