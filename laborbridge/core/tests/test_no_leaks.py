"""The scan that runs after every test (conftest.py) finds a full ID or phone wherever it is left."""

import logging

import pytest

from laborbridge.core.models import AuditEvent
from laborbridge.core.redaction import full_numbers
from laborbridge.core.tests import leaks
from laborbridge.factories import make_id


def test_it_finds_a_full_id_number_with_a_valid_check_digit_and_a_mobile_phone():
    number = make_id()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert full_numbers(f"身份证 {number}，电话13812345678") == [number, "13812345678"]
    assert full_numbers(f"{wrong} {number[:6]}********{number[14:]} 138****5678 23812345678") == []


@pytest.mark.plants_a_leak
@pytest.mark.django_db
def test_it_finds_a_full_number_planted_in_an_audit_event():
    AuditEvent.objects.create(actor_label="x", action=AuditEvent.Action.UPDATE, details={"old": make_id()})
    assert leaks.leaks_in_database()


@pytest.mark.plants_a_leak
def test_it_finds_a_full_phone_in_a_log_line():
    collector = leaks.LogCollector()
    logger = logging.getLogger("laborbridge.test")
    logger.addHandler(collector)
    try:
        logger.warning("Not Found: /workers/?q=%s", "13812345678")
    finally:
        logger.removeHandler(collector)
    assert collector.leaks()
