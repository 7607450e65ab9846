"""The words of a ledger's 就业状态 column (see core.vocabulary): employed, in which way, or not.

The import parses with it, the export and the blank template write its labels. A state that says how the
person works (自主创业, 公益性岗位, 帮扶车间) becomes the spell's channel.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from laborbridge.core.vocabulary import Vocabulary
from laborbridge.employment.models import Channel


class EmploymentState(models.TextChoices):
    EMPLOYED = "employed", _("已就业")
    SELF_EMPLOYED = "self_employed", _("自主创业")
    PUBLIC_WELFARE = "public_welfare", _("公益性岗位")
    WORKSHOP = "workshop", _("帮扶车间")
    NOT_EMPLOYED = "not_employed", _("未就业")


S = EmploymentState
EMPLOYMENT_STATES = Vocabulary(
    EmploymentState,
    synonyms={
        **dict.fromkeys(
            (
                "就业",
                "在岗",
                "务工",
                "已务工",
                "外出务工",
                "在外务工",
                "外出",
                "已外出",
                "外出就业",
                "务工就业",
                "灵活就业",
                "就近就业",
                "就地就业",
                "稳定就业",
            ),
            S.EMPLOYED,
        ),
        **dict.fromkeys(("创业", "自主创业", "个体经营", "个体工商户"), S.SELF_EMPLOYED),
        **dict.fromkeys(("公益岗", "公益性岗位就业", "乡村公益性岗位"), S.PUBLIC_WELFARE),
        **dict.fromkeys(("就业帮扶车间", "帮扶车间就业"), S.WORKSHOP),
        **dict.fromkeys(
            ("待业", "失业", "未务工", "无业", "在家", "未外出", "务农", "在家务农"), S.NOT_EMPLOYED
        ),
    },
    message=_("就业状态应为：%(allowed)s（也可写外出务工、务工、在岗、灵活就业、创业、待业、在家等）"),
)
# The channel a state says; the other employed states say none.
CHANNEL_OF_STATE = {
    S.SELF_EMPLOYED: Channel.SELF_EMPLOYED,
    S.PUBLIC_WELFARE: Channel.PUBLIC_WELFARE,
    S.WORKSHOP: Channel.WORKSHOP,
}
STATE_OF_CHANNEL = {channel: state for state, channel in CHANNEL_OF_STATE.items()}


def state_word(*, employed: bool, channel: str = "") -> str:
    """What the export writes for a person: 未就业, or the employed state their spell's channel says."""
    if not employed:
        return EMPLOYMENT_STATES.label(S.NOT_EMPLOYED)
    return EMPLOYMENT_STATES.label(STATE_OF_CHANNEL.get(channel, S.EMPLOYED))
