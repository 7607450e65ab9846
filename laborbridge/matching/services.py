"""Writes of matching: one click puts a worker forward for a recommended vacancy (source 智能匹配)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.employers.models import Vacancy
from laborbridge.employment.models import Referral
from laborbridge.employment.services import referral_create
from laborbridge.workers.models import Worker


def matching_refer(*, actor, worker: Worker, vacancy: Vacancy, request=None) -> Referral:
    """Refer the worker to the vacancy as matching recommended it; the referral's own rules and audit apply."""
    if not policy.may(actor, "use_matching"):
        raise PermissionDenied(_("您的角色不能使用智能匹配"))
    return referral_create(
        actor=actor, worker=worker, vacancy=vacancy, source=Referral.Source.MATCHING, request=request
    )
