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
