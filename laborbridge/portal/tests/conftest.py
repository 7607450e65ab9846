import re

import pytest

from laborbridge.employers.services import vacancy_set_status
from laborbridge.factories import DIANBAI, make_employer, make_uscc, make_vacancy
from laborbridge.portal.sms import LocmemSmsBackend


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """Text messages go to a list the test reads."""
    settings.SMS_BACKEND = "laborbridge.portal.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    yield LocmemSmsBackend.outbox
    LocmemSmsBackend.outbox.clear()


def last_code(outbox, phone: str) -> str:
    """The code of the newest message to `phone`."""
    text = [text for to, text in outbox if to == phone][-1]
    return re.search(r"\d{6}", text).group()


@pytest.fixture
def employer(users):
    employer = make_employer(
        users["dianbai"], name="茂名市电白区水产食品有限公司", uscc=make_uscc(7), provided_by=DIANBAI,
        contact_name="陈经理", contact_phone="13912345678",
    )  # fmt: skip
    return employer


@pytest.fixture
def open_vacancy(users, employer):
    def make(**fields):
        vacancy = make_vacancy(users["dianbai"], employer, **fields)
        vacancy_set_status(actor=users["admin"], vacancy=vacancy, status="open")
        vacancy.refresh_from_db()
        return vacancy

    return make


@pytest.fixture
def job(open_vacancy):
    return open_vacancy(title="水产品加工普工", lodging=True, meals=True, headcount=3)


@pytest.fixture
def open_class(users):
    """A class of 金秀 and 电白 in preparation, a month from now, on the job board."""
    import datetime

    from laborbridge.factories import make_training_class

    def make(**fields):
        start = datetime.date.today() + datetime.timedelta(days=30)
        fields.setdefault("name", "茶叶评鉴与技能等级认定班")
        fields.setdefault("start", start)
        fields.setdefault("end", start + datetime.timedelta(days=10))
        fields.setdefault("capacity", 50)
        fields.setdefault("teachers", "李老师 13912340000")
        fields.setdefault("cost_per_trainee", 1800)
        fields.setdefault("subsidy_per_trainee", 1500)
        fields.setdefault("address", "金秀县桐木镇职业技能培训中心")
        fields.setdefault("target_groups", "脱贫劳动力、农村劳动力")
        return make_training_class(users["jinxiu"], **fields)

    return make


@pytest.fixture
def tea_class(open_class):
    return open_class()
