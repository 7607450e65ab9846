"""Education (文化程度, 学历): one vocabulary for workers' records, vacancies' requirements, imports and exports."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from laborbridge.core.vocabulary import Vocabulary


class Education(models.TextChoices):
    PRIMARY = "primary", _("小学及以下")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专/技校")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科及以上")


# The other words ledgers and employers' sheets use for each level.
SYNONYMS = {
    "文盲": Education.PRIMARY,
    "半文盲": Education.PRIMARY,
    "小学": Education.PRIMARY,
    "高中": Education.SENIOR,
    "中专": Education.SENIOR,
    "技校": Education.SENIOR,
    "职高": Education.SENIOR,
    "中职": Education.SENIOR,
    "高中/中专": Education.SENIOR,
    "高中(中专)": Education.SENIOR,
    "专科": Education.COLLEGE,
    "高职": Education.COLLEGE,
    "大学专科": Education.COLLEGE,
    "本科": Education.BACHELOR,
    "大学本科": Education.BACHELOR,
    "研究生": Education.BACHELOR,
    "硕士": Education.BACHELOR,
    "博士": Education.BACHELOR,
}

# A worker's education (blank: not known).
EDUCATION = Vocabulary(Education, synonyms=SYNONYMS, message=_("文化程度应为：%(allowed)s"))
# A vacancy's minimum (blank or 不限: none).
EDUCATION_MINIMUM = Vocabulary(
    Education, synonyms={**SYNONYMS, "不限": ""}, message=_("学历要求应为：不限、%(allowed)s")
)
