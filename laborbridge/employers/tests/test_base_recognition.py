"""A base is recognised by the bureau on the employer's page, through the service; the admin only shows it."""

import pytest

from laborbridge.core.models import AuditEvent
from laborbridge.employers.models import EmploymentBase
from laborbridge.factories import JINXIU, make_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(users):
    return make_employer(users["jinxiu"], name="头排镇就业帮扶车间", region=JINXIU, kind="individual")


def test_the_county_recognises_a_workshop_on_the_employers_page_audited(users, client, firm):
    client.force_login(users["jinxiu"])
    assert "认定为基地或车间" in client.get(f"/employers/{firm.pk}/").content.decode()
    data = {"kind": "workshop", "recognised_on": "2023-06-01", "recognised_by": "金秀县人社局"}
    response = client.post(f"/employers/{firm.pk}/recognise/", data)
    assert response.status_code == 302
    base = EmploymentBase.objects.get(employer=firm)
    assert (base.kind, str(base.recognised_on), base.recognised_by) == (
        "workshop",
        "2023-06-01",
        "金秀县人社局",
    )
    event = AuditEvent.objects.get(object_type="employers.employmentbase", object_id=str(base.pk))
    assert event.actor == users["jinxiu"] and event.action == "create"
    assert "就业帮扶车间（2023-06-01）" in client.get(f"/employers/{firm.pk}/").content.decode()


def test_a_second_recognition_of_the_same_kind_or_a_future_date_is_refused_on_the_form(users, client, firm):
    client.force_login(users["jinxiu"])
    url = f"/employers/{firm.pk}/recognise/"
    client.post(url, {"kind": "workshop", "recognised_on": "2023-06-01"})
    again = client.post(url, {"kind": "workshop", "recognised_on": "2024-01-01"})
    assert again.status_code == 422 and "该单位已认定为就业帮扶车间" in again.content.decode()
    future = client.post(url, {"kind": "stable_base", "recognised_on": "2999-01-01"})
    assert future.status_code == 422 and "不晚于今天" in future.content.decode()
    assert EmploymentBase.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "status"), [("tongmu", 403), ("xiezuo", 403), ("employer", 403), ("auditor", 404)]
)
def test_only_the_bureau_may_recognise(users, client, firm, name, status):
    firm.members.add(users["employer"])
    client.force_login(users[name])
    url = f"/employers/{firm.pk}/recognise/"
    assert client.post(url, {"kind": "workshop", "recognised_on": "2023-06-01"}).status_code == status
    assert not EmploymentBase.objects.exists()


def test_the_admin_shows_bases_but_cannot_add_change_or_delete_them(users, client, firm):
    client.force_login(users["admin"])
    client.post(f"/employers/{firm.pk}/recognise/", {"kind": "workshop", "recognised_on": "2023-06-01"})
    base = EmploymentBase.objects.get()
    assert client.get("/admin/employers/employmentbase/").status_code == 200
    assert client.get("/admin/employers/employmentbase/add/").status_code == 403
    change = client.get(f"/admin/employers/employmentbase/{base.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert (
        client.post(f"/admin/employers/employmentbase/{base.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert EmploymentBase.objects.filter(pk=base.pk).exists()
