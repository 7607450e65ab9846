"""Writes of an employer's user accounts (单位账户): linked and unlinked by the bureau, audited.

An employer's users see and manage only their own employer. The bureau of the county where the employer
is, or of the county that brought it in, and admins link them: a new account gets a temporary password
shown once to the bureau, who hands it over; an existing employer account is linked by its username.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.accounts.models import User
from laborbridge.accounts.services import employer_account_create
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.employers.models import Employer


@dataclass
class MemberAdded:
    user: User
    temporary_password: str  # empty when an existing account was linked


def _may_link(actor, user: User) -> bool:
    """An employer account with no employer yet, or only employers the actor manages (an account of
    another region's employer is not the actor's to take over)."""
    return policy.acts_for_employer(user) and all(
        policy.may_manage_employer_members(actor, other) for other in Employer.objects.filter(members=user)
    )


def _linkable(actor, username: str) -> User:
    """The existing account `username` if the actor may link it; anything else answers as if there were no
    such account (no probing other regions' accounts)."""
    user = User.objects.filter(username=username).first()
    if user is None or not _may_link(actor, user):
        raise ValidationError({"username": [_("没有可关联的用工单位账户“%(u)s”") % {"u": username}]})
    return user


@transaction.atomic
def employer_member_add(
    *,
    actor,
    employer: Employer,
    user: User | None = None,
    username: str = "",
    display_name: str = "",
    link_existing: bool = False,
    request=None,
) -> MemberAdded:
    """Link an employer account to the employer: `user`, the existing account `username` (link_existing),
    or a new account `username` with a temporary password, returned once and never stored in clear."""
    if not policy.may_manage_employer_members(actor, employer):
        raise PermissionDenied(_("单位账户由用工单位所在地或引进方的县（区）人社局管理"))
    username = (username or "").strip()
    password = ""
    if user is None and link_existing:
        user = _linkable(actor, username)
    elif user is None:
        user, password = employer_account_create(username=username, display_name=display_name)
    elif not _may_link(actor, user):
        raise ValidationError({"username": [_("只能关联本辖区用工单位的账户")]})
    if employer.members.filter(pk=user.pk).exists():
        raise ValidationError({"username": [_("%(u)s 已是本单位的账户") % {"u": user.username}]})
    employer.members.add(user)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=employer,
        request=request,
        region_code=employer.region_id,
        details={"member_added": user.username, "account_created": bool(password)},
    )
    return MemberAdded(user=user, temporary_password=password)


@transaction.atomic
def employer_member_remove(*, actor, employer: Employer, user: User, request=None) -> None:
    """Unlink an account from the employer; it then sees nothing of it (the account itself stays)."""
    if not policy.may_manage_employer_members(actor, employer):
        raise PermissionDenied(_("单位账户由用工单位所在地或引进方的县（区）人社局管理"))
    if not employer.members.filter(pk=user.pk).exists():
        raise ValidationError({"username": [_("%(u)s 不是本单位的账户") % {"u": user.username}]})
    employer.members.remove(user)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=employer,
        request=request,
        region_code=employer.region_id,
        details={"member_removed": user.username},
    )
