"""The API answers as its OpenAPI document says, for whatever a client may send (schemathesis, in process).

A county user's token (金秀县人社局, like the demo's `jinxiu`) drives every operation with generated input:
valid and invalid. No answer may be a server error, and every status code, content type and body must be
one the document declares. A few examples per operation keep the run to well under a minute;
API_FUZZ_EXAMPLES=200 searches longer (by hand, before a release).
"""

import os
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from laborbridge.api import api as ninja_api
from laborbridge.employers.services import vacancy_set_status
from laborbridge.factories import TONGMU, make_employer, make_vacancy, make_worker
from laborbridge.wsgi import application

# The fuzzer makes up ids and texts, some shaped like a phone or an ID number, which then appear in the log
# and the trail of refused reads as what was asked for, not as data the system holds: the scan for leaked
# numbers after each test does not apply here.
pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis, pytest.mark.plants_a_leak]

schema = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema())
schema.app = application
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@contextmanager
def connection_kept_open():
    """The WSGI handler closes the database connection around each request, which would end the test's
    transaction on PostgreSQL; Django's own test client keeps it open the same way (and reconnects the
    closing when it is done, so no test client may be used inside this)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def county_token(api, users):
    """jinxiu's token, and something of each kind in the county's reach for the generated ids to find."""
    jinxiu, dianbai = users["jinxiu"], users["dianbai"]
    worker = make_worker(jinxiu, township=TONGMU)
    vacancy = make_vacancy(dianbai, make_employer(dianbai))
    vacancy_set_status(actor=dianbai, vacancy=vacancy, status="open")
    county = api("jinxiu")
    county.refer(worker, vacancy)
    with connection_kept_open():
        yield county.token


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("API_FUZZ_EXAMPLES", "8")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_answers_as_it_documents(case, county_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {county_token}"}, checks=CHECKS)
