"""Writes for accounts: API tokens, employer accounts."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
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


# No 0/O, 1/l/I: the password is read out or copied by hand.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12


def employer_account_create(*, username: str, display_name: str = "") -> tuple[User, str]:
    """A new employer-role account with a temporary password, returned once (the caller links and audits it)."""
    errors: dict[str, list[str]] = {}
    display_name = " ".join(display_name.split())
    if not username:
        errors["username"] = [_("请填写登录名")]
    elif len(username) > 150:
        errors["username"] = [_("登录名不能超过150个字符")]
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = [_("登录名只能包含字母、数字和 @/./+/-/_")]
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = [_("登录名“%(u)s”已被使用") % {"u": username}]
    if len(display_name) > 150:
        errors["display_name"] = [_("名称不能超过150个字")]
    if errors:
        raise ValidationError(errors)
    password = "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(PASSWORD_LENGTH))
    user = User(username=username, first_name=display_name, role=User.Role.EMPLOYER)
    user.set_password(password)
    user.save()
    return user, password
