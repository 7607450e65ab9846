"""The road of a referral (推荐 → 报名 → 意向 → 录用 → 到岗 → 离职, or 未成功), and who may take each step.

Who may take a step is the access policy's answer (`accounts.policy`); this module only names the steps.
"""

from django.utils.translation import gettext_lazy as _

from laborbridge.accounts import policy
from laborbridge.employment.models import Channel, Referral

S = Referral.Status
ROAD = {
    S.RECOMMENDED: {S.APPLIED, S.INTENT, S.HIRED, S.DECLINED},
    S.APPLIED: {S.INTENT, S.HIRED, S.DECLINED},
    S.INTENT: {S.HIRED, S.DECLINED},
    S.HIRED: {S.ARRIVED, S.LEFT},
    S.ARRIVED: {S.LEFT},
    S.LEFT: set(),
    S.DECLINED: set(),
}
# A step's name as its date's label ("录用日期不能早于上一步…"): the act, not the state it leaves.
STEP_NAMES = {
    S.RECOMMENDED: _("推荐"),
    S.APPLIED: _("报名"),
    S.INTENT: _("达成意向"),
    S.HIRED: _("录用"),
    S.ARRIVED: _("到岗"),
    S.LEFT: _("离职"),
    S.DECLINED: _("未成功"),
}
CHANNEL_BY_SOURCE = {
    Referral.Source.JOB_FAIR: Channel.JOB_FAIR,
    Referral.Source.CHARTERED_BUS: Channel.CHARTERED_BUS,
}


def referral_may_take(actor, referral: Referral, status: str, *, fair=None) -> bool:
    """Whether the policy lets `actor` record `status` on this referral (arrival is the employer's gate).

    `fair`: the job fair at which an intent is being agreed; whoever may record intents there may take
    that one step (an employer's user, an eastern bureau), though not the others of the road.
    """
    if status == S.ARRIVED:
        return policy.may_confirm_arrival(actor, referral)
    if fair is not None and status == S.INTENT and referral.source == Referral.Source.JOB_FAIR:
        if policy.may_record_fair_intent(actor, fair, referral.worker, referral.vacancy):
            return True
    return policy.may_move_referral(actor, referral)


def referral_next_steps(actor, referral: Referral) -> list[str]:
    """The steps `actor` may record next on this referral, forward first."""
    return [s for s in S.values if s in ROAD[referral.status] and referral_may_take(actor, referral, s)]
