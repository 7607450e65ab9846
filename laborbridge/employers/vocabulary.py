"""The words for employers' kinds and vacancies' statuses, built on the models' choices (see core.vocabulary)."""

from django.utils.translation import gettext_lazy as _

from laborbridge.core.vocabulary import Vocabulary
from laborbridge.employers.models import Employer, Vacancy

EMPLOYER_KINDS = Vocabulary(
    Employer.Kind,
    synonyms={
        "民营": Employer.Kind.PRIVATE,
        "私营企业": Employer.Kind.PRIVATE,
        "国企": Employer.Kind.STATE,
        "国有": Employer.Kind.STATE,
        "小微企业": Employer.Kind.SME,
        "中小企业": Employer.Kind.SME,
        "个体户": Employer.Kind.INDIVIDUAL,
        "个体": Employer.Kind.INDIVIDUAL,
    },
    message=_("单位类型应为：%(allowed)s"),
)
VACANCY_STATUSES = Vocabulary(
    Vacancy.Status,
    synonyms={"已发布": Vacancy.Status.OPEN, "招满": Vacancy.Status.FILLED, "关闭": Vacancy.Status.CLOSED},
    message=_("状态应为：%(allowed)s"),
)
