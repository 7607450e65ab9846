"""An employer's own user changes how to reach it and its vacancies; who brought it in, where it is and what it
is are the bureau's. Every change is audited as old → new, the phone masked."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied

from laborbridge.accounts.services import api_token_issue
from laborbridge.core.models import AuditEvent
from laborbridge.employers.services import employer_update
from laborbridge.factories import DIANBAI, MAONAN, PASSWORD, make_employer, make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(users):
    employer = make_employer(
        users["dianbai"], uscc=make_uscc(3), provided_by=DIANBAI, provided_on=datetime.date(2021, 5, 1),
        contact_phone="13800000004",
    )  # fmt: skip
    employer.members.add(users["employer"])
    return employer


@pytest.mark.parametrize(
    "field, value",
    [("provided_by", MAONAN), ("provided_on", "2024-01-01"), ("region", MAONAN), ("name", "另一家公司")],
)
def test_an_employer_user_may_not_change_what_the_bureau_keeps(users, employer, field, value):
    with pytest.raises(PermissionDenied, match="由人社局维护"):
        employer_update(actor=users["employer"], employer=employer, **{field: value})
    employer.refresh_from_db()
    assert employer.provided_by_id == DIANBAI and employer.region_id == DIANBAI


def test_the_api_refuses_it_too_and_changes_nothing(client, users, employer):
    auth = {"HTTP_AUTHORIZATION": "Bearer " + api_token_issue(username="employer", password=PASSWORD)}
    response = client.patch(
        f"/api/v1/employers/{employer.pk}",
        json.dumps({"contact_name": "陈经理", "provided_by": MAONAN}),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 403
    employer.refresh_from_db()
    assert employer.contact_name != "陈经理" and employer.provided_by_id == DIANBAI


def test_an_employer_user_changes_its_contact_details(users, employer):
    employer_update(
        actor=users["employer"], employer=employer, contact_name="陈经理", contact_phone="13900000005"
    )
    employer.refresh_from_db()
    assert employer.contact_name == "陈经理" and employer.contact_phone == "13900000005"


def test_the_bureau_changes_the_attribution(users, employer):
    employer_update(actor=users["dianbai"], employer=employer, provided_on="2022-03-01")
    employer.refresh_from_db()
    assert employer.provided_on == datetime.date(2022, 3, 1)


def test_the_audit_event_carries_old_and_new_values_with_the_phone_masked(users, employer):
    employer_update(
        actor=users["employer"], employer=employer, contact_name="陈经理", contact_phone="13900000005"
    )
    event = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).latest("id")
    assert event.details["changes"]["contact_phone"] == ["138****0004", "139****0005"]
    assert event.details["changes"]["contact_name"][1] == "陈经理"
    assert "13900000005" not in json.dumps(event.details)


def test_the_edit_page_shows_the_bureaus_fields_to_the_employer_read_only(client, users, employer):
    client.force_login(users["employer"])
    page = client.get(f"/employers/{employer.pk}/edit/").content.decode()
    assert (
        'name="provided_by"' in page
        and "disabled"
        in page.split('name="provided_by"')[0].rsplit("<", 1)[1]
        + page.split('name="provided_by"')[1].split(">")[0]
    )
    response = client.post(
        f"/employers/{employer.pk}/edit/", {"contact_name": "陈经理", "provided_by": MAONAN}
    )
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.contact_name == "陈经理" and employer.provided_by_id == DIANBAI
