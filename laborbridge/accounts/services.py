"""Writes for accounts: API tokens, ending sessions, passwords, and the administration of user accounts."""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.accounts.lockout import LOCKED_MESSAGE, is_locked
from laborbridge.accounts.models import ApiToken, User
from laborbridge.accounts.second_factor import (
    has_totp,
    second_factor_check,
    second_factor_remove,
    second_factor_required,
)
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.regions.models import Region

# --- API tokens --------------------------------------------------------------------------------------------


def api_token_issue(*, username: str, password: str, otp: str = "", request=None) -> str:
    """Check the password (and the one-time code where the role needs one); return a new bearer token."""
    if is_locked(username, request):
        raise PermissionDenied(LOCKED_MESSAGE)
    user = authenticate(request, username=username, password=password)
    if user is None:  # authenticate() recorded the failed login; keep that record
        raise PermissionDenied(_("用户名或密码不正确"))
    if second_factor_required(user):
        if not has_totp(user):
            raise PermissionDenied(_("该账户须先在网页上登录并绑定手机验证器，才能申请接口令牌"))
        if second_factor_check(user=user, token=otp, request=request) is None:
            raise PermissionDenied(_("动态验证码不正确（otp）"))
    if password_change_due(user):
        raise PermissionDenied(_("请先在网页上登录并修改密码"))
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


def api_token_find(key: str) -> ApiToken | None:
    """The live token of an active user for a bearer key, or None if unknown, expired or revoked."""
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or token.is_expired or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, request=None) -> None:
    """Revoke one token (the one a client signs out with)."""
    ApiToken.objects.filter(pk=token.pk).delete()
    audit_record(
        actor=token.user, action=AuditEvent.Action.TOKEN_REVOKE, request=request, details={"tokens": 1}
    )


# --- sessions ----------------------------------------------------------------------------------------------


@transaction.atomic
def sessions_end_all(*, user: User, request=None, keep_current: bool = False, reason: str) -> None:
    """End every session of `user` (optionally all but the current one) and revoke all its API tokens.

    Sessions end by raising the user's session epoch, which is part of the hash Django checks on each
    request: wherever a session is stored, it is flushed at its next use.
    """
    User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch + 1)
    user.session_epoch += 1
    revoked, _per_model = ApiToken.objects.filter(user=user).delete()
    if keep_current and request is not None and request.user.pk == user.pk:
        update_session_auth_hash(request, user)
    if revoked:  # the cause (logout, deactivation ...) is audited by its caller; this records the tokens
        audit_record(
            actor=user,
            action=AuditEvent.Action.TOKEN_REVOKE,
            request=request,
            details={"tokens": revoked, "reason": reason},
        )


# --- passwords ---------------------------------------------------------------------------------------------


def password_expired(user: User) -> bool:
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days or user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > datetime.timedelta(days=days)


def password_change_due(user: User) -> bool:
    """A temporary password from an administrator, or an expired one, must be changed before anything else."""
    return user.must_change_password or password_expired(user)


@transaction.atomic
def password_changed(*, user: User, request=None) -> None:
    """After a user sets a new password of its own: clear the flag, end other sessions, revoke tokens, audit."""
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    user.must_change_password = False
    audit_record(
        actor=user,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        request=request,
        details={"password_changed": True},
    )
    sessions_end_all(user=user, request=request, keep_current=True, reason="password_changed")


# No 0/O, 1/l/I: the password is read out or copied by hand.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12


def temporary_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(PASSWORD_LENGTH))


def _username_problem(username: str) -> str:
    """Why a new account cannot have this login name, or ""."""
    if not username:
        return _("请填写登录名")
    if len(username) > 150:
        return _("登录名不能超过150个字符")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return _("登录名只能包含字母、数字和 @/./+/-/_")
    if User.objects.filter(username__iexact=username).exists():
        return _("登录名“%(u)s”已被使用") % {"u": username}
    return ""


def employer_account_create(*, username: str, display_name: str = "") -> tuple[User, str]:
    """A new employer-role account with a temporary password, returned once (the caller links and audits it).

    The password must be changed at the first sign-in, like any account someone else opened."""
    errors: dict[str, list[str]] = {}
    display_name = " ".join(display_name.split())
    problem = _username_problem(username)
    if problem:
        errors["username"] = [problem]
    if len(display_name) > 150:
        errors["display_name"] = [_("名称不能超过150个字")]
    if errors:
        raise ValidationError(errors)
    password = temporary_password()
    user = User(
        username=username, first_name=display_name, role=User.Role.EMPLOYER, must_change_password=True
    )
    user.set_password(password)
    user.save()
    return user, password


# --- user administration ------------------------------------------------------------------------------------


@dataclass
class Issued:
    """An account and its temporary password, which is shown once and never stored in clear."""

    user: User
    temporary_password: str


def _check_assignment(actor: User, *, role: str, region_code: str | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if role not in User.Role.values:
        return {"role": [_("请选择角色")]}
    needs = {User.Role.COUNTY: 6, User.Role.COOPERATION: 6, User.Role.TOWNSHIP: 9}.get(role)
    if needs is None:
        if region_code:
            errors["region"] = [_("该角色不属于某个地区，请不要填写地区")]
    elif not region_code or len(region_code) != needs or not Region.objects.filter(code=region_code).exists():
        level = _("县（区）") if needs == 6 else _("乡镇（街道）")
        errors["region"] = [_("请选择一个%(level)s") % {"level": level}]
    if not errors and not policy.may_assign(actor, role, region_code):
        errors["role"] = [_("您不能开设这种角色或这个地区的账户")]
    return errors


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    full_name: str = "",
    role: str,
    region_code: str | None = None,
    request=None,
) -> Issued:
    """Open an account within the actor's reach, with a temporary password to change at first sign-in."""
    policy.require(actor, "manage_users")
    username, full_name = (username or "").strip(), " ".join((full_name or "").split())
    errors = _check_assignment(actor, role=role, region_code=region_code or None)
    problem = _username_problem(username)
    if problem:
        errors["username"] = [problem]
    if len(full_name) > 150:
        errors["full_name"] = [_("姓名不能超过150个字")]
    if errors:
        raise ValidationError(errors)
    password = temporary_password()
    user = User(
        username=username,
        first_name=full_name,
        role=role,
        region_id=region_code or None,
        must_change_password=True,
        # In the demo, accounts a demo account opens are demo accounts too (no phone needed under DEBUG).
        is_demo=actor.is_demo,
        is_staff=role == User.Role.ADMIN,
        is_superuser=role == User.Role.ADMIN,
    )
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=user,
        request=request,
        details={"role": role, "region": region_code or ""},
    )
    return Issued(user=user, temporary_password=password)


def user_managed(*, actor: User, pk: int) -> User:
    """An account the actor manages, or 404 (accounts beyond its reach are not found)."""
    user = User.objects.filter(policy.users_q(actor), pk=pk).first()
    if user is None:
        raise Http404
    return user


def _require_manage(actor: User, user: User) -> None:
    if not policy.may_manage_user(actor, user):
        raise PermissionDenied(_("您不能管理这个账户"))


@transaction.atomic
def user_update(
    *, actor: User, user: User, full_name: str, role: str, region_code: str | None, request=None
) -> User:
    """Change an account's name, role and region (within the actor's reach); a new role ends its sessions."""
    _require_manage(actor, user)
    full_name = " ".join((full_name or "").split())
    errors = _check_assignment(actor, role=role, region_code=region_code or None)
    if len(full_name) > 150:
        errors["full_name"] = [_("姓名不能超过150个字")]
    if errors:
        raise ValidationError(errors)
    before = {"role": user.role, "region": user.region_id or "", "full_name": user.first_name}
    user.first_name, user.role, user.region_id = full_name, role, region_code or None
    user.is_staff = user.is_superuser = role == User.Role.ADMIN
    user.save(update_fields=["first_name", "role", "region", "is_staff", "is_superuser"])
    after = {"role": user.role, "region": user.region_id or "", "full_name": user.first_name}
    changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=user, request=request, details=changed)
    if "role" in changed or "region" in changed:  # what the sessions may see has changed
        sessions_end_all(user=user, request=request, reason="role_changed")
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool, request=None) -> User:
    """Disable (ending every session and token) or enable an account."""
    _require_manage(actor, user)
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=user, request=request, details={"is_active": active}
    )
    if not active:
        sessions_end_all(user=user, request=request, reason="deactivated")
    return user


@transaction.atomic
def user_password_reset(*, actor: User, user: User, request=None) -> Issued:
    """A new temporary password (to change at first sign-in); ends the account's sessions and tokens."""
    _require_manage(actor, user)
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        request=request,
        details={"password_reset": True},
    )
    sessions_end_all(user=user, request=request, reason="password_reset")
    return Issued(user=user, temporary_password=password)


@transaction.atomic
def user_second_factor_reset(*, actor: User, user: User, request=None) -> None:
    """Forget a lost phone: the account enrols a new one at its next sign-in."""
    _require_manage(actor, user)
    second_factor_remove(user)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        request=request,
        details={"second_factor": "reset"},
    )
    sessions_end_all(user=user, request=request, reason="second_factor_reset")


def password_validate(password: str, user: User) -> None:
    """Django's validators: 10 characters or more, not a common password, not like the username."""
    validate_password(password, user)
