"""The words for a worker's sex, poverty status and place of work, built on the choices (see core.vocabulary).

The ledger import parses with them, the export and the blank template write their labels.
"""

from django.utils.translation import gettext_lazy as _

from laborbridge.core.vocabulary import Vocabulary
from laborbridge.workers.choices import PlaceClass, PovertyStatus, Sex

SEXES = Vocabulary(Sex, synonyms={"男性": Sex.MALE, "女性": Sex.FEMALE}, message=_("性别应填写“男”或“女”"))
POVERTY_STATUSES = Vocabulary(
    PovertyStatus,
    synonyms={
        "脱贫户": PovertyStatus.ALLEVIATED,
        "脱贫人口": PovertyStatus.ALLEVIATED,
        "脱贫不稳定户": PovertyStatus.ALLEVIATED,
        "监测对象": PovertyStatus.MONITORED,
        "边缘易致贫户": PovertyStatus.MONITORED,
        "突发严重困难户": PovertyStatus.MONITORED,
        "一般户": PovertyStatus.ORDINARY,
    },
    blank=PovertyStatus.ORDINARY,
    message=_("人员类别应为：%(allowed)s"),
)
# 协作省份 is also written as the partner province's name (广东省, 广东): the ledger import adds those.
PLACE_CLASSES = Vocabulary(
    PlaceClass,
    synonyms={
        "本县": PlaceClass.IN_COUNTY,
        "省内县外": PlaceClass.IN_PROVINCE,
        "其他省": PlaceClass.OTHER_PROVINCE,
        "其他省(区、市)": PlaceClass.OTHER_PROVINCE,
    },
    message=_("就业地点应为：%(allowed)s"),
)
