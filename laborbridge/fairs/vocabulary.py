"""The closed lists of the fairs app: whom a fair is for, and what a consultation was about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    """Whom a fair is for: the kinds of employers it invites and the kinds of job seekers it serves."""

    PRIVATE = "private", _("民营企业")
    SME = "sme", _("中小企业")
    INDIVIDUAL = "individual", _("个体工商户")
    GRADUATES = "graduates", _("高校毕业生")
    MIGRANT = "migrant", _("农民工")
    VETERANS = "veterans", _("退役军人")
    UNEMPLOYED = "unemployed", _("登记失业人员")
    ALLEVIATED = "alleviated", _("脱贫劳动力")


class Topic(models.TextChoices):
    """What a one-to-one consultation at a fair was about."""

    EMPLOYMENT = "employment", _("就业")
    ENTREPRENEURSHIP = "entrepreneurship", _("创业")
    SOCIAL_INSURANCE = "social_insurance", _("社保")
    TRAINING = "training", _("培训")
    LABOR_RIGHTS = "labor_rights", _("劳动权益")
    OTHER = "other", _("其他")
