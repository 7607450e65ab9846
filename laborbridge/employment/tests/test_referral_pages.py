import datetime

import pytest

from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.models import Employment, Referral
from laborbridge.factories import make_employer, make_vacancy, make_worker

pytestmark = pytest.mark.django_db


def test_staff_refer_from_the_worker_page_and_the_employer_confirms_at_the_gate(users, client):
    employer = make_employer(users["dianbai"])
    employer.members.add(users["employer"])
    vacancy = make_vacancy(users["dianbai"], employer)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    worker = make_worker(users["tongmu"], name="黄秀英")

    client.force_login(users["tongmu"])
    page = client.get(f"/workers/{worker.pk}/").content.decode()
    assert "推荐到岗位" in page and "水产品加工普工" in page
    client.post(f"/employment/workers/{worker.pk}/refer/", {"vacancy": vacancy.pk, "source": "staff"})
    referral = Referral.objects.get()
    client.post(f"/employment/referrals/{referral.pk}/step/", {"status": "hired"})  # dated today
    assert Employment.objects.get(worker=worker).start == datetime.date.today()

    client.force_login(users["employer"])
    page = client.get(f"/employers/vacancies/{vacancy.pk}/").content.decode()
    assert "黄秀英" in page and worker.id_number_masked in page and worker.id_number not in page
    assert 'value="arrived" required> 已到岗' in page
    response = client.post(
        f"/employment/referrals/{referral.pk}/step/",
        {"status": "arrived", "next": f"/employers/vacancies/{vacancy.pk}/"},
    )
    assert response.url == f"/employers/vacancies/{vacancy.pk}/"
    referral.refresh_from_db()
    assert referral.status == "arrived"


def test_a_step_off_the_road_is_explained_not_recorded(users, client):
    employer = make_employer(users["dianbai"])
    vacancy = make_vacancy(users["dianbai"], employer)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    worker = make_worker(users["tongmu"], name="黄秀英")
    client.force_login(users["tongmu"])
    client.post(f"/employment/workers/{worker.pk}/refer/", {"vacancy": vacancy.pk, "source": "staff"})
    referral = Referral.objects.get()
    page = client.post(
        f"/employment/referrals/{referral.pk}/step/", {"status": "left"}, follow=True
    ).content.decode()
    assert "不能从“已推荐”直接变为“已离职”" in page
    assert Referral.objects.get().status == "recommended"


def test_the_follow_up_page_lists_and_records_check_ups(users, client):
    from laborbridge.employment.models import FollowUp
    from laborbridge.employment.services import referral_advance, referral_create

    employer = make_employer(users["dianbai"])
    vacancy = make_vacancy(users["dianbai"], employer)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    worker = make_worker(users["tongmu"], name="黄秀英")
    referral = referral_create(
        actor=users["tongmu"], worker=worker, vacancy=vacancy, on=datetime.date(2024, 3, 1)
    )
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=datetime.date(2024, 3, 10))
    client.force_login(users["tongmu"])
    page = client.get("/employment/follow-ups/").content.decode()
    assert page.count("黄秀英") == 3  # all three check-ups are due by now
    first = FollowUp.objects.get(months=1)
    client.post(f"/employment/follow-ups/{first.pk}/", {"still_working": "yes", "on": "2024-04-12"})
    first.refresh_from_db()
    assert first.still_working is True and first.answered_on == datetime.date(2024, 4, 12)
    client.force_login(users["auditor"])
    assert client.get("/employment/follow-ups/").status_code == 403


def test_the_api_walks_the_same_road(users, client):
    import json

    from laborbridge.accounts.services import api_token_issue
    from laborbridge.factories import PASSWORD

    employer = make_employer(users["dianbai"])
    employer.members.add(users["employer"])
    vacancy = make_vacancy(users["dianbai"], employer)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    worker = make_worker(users["tongmu"], name="黄秀英")

    def api(username):
        return {"HTTP_AUTHORIZATION": "Bearer " + api_token_issue(username=username, password=PASSWORD)}

    staff, firm = api("tongmu"), api("employer")
    created = client.post(
        "/api/v1/referrals",
        json.dumps({"worker": worker.pk, "vacancy": vacancy.pk}),
        content_type="application/json",
        **staff,
    )
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    hired = client.post(
        f"/api/v1/referrals/{rid}/steps",
        json.dumps({"status": "hired", "monthly_income": 4800}),
        content_type="application/json",
        **staff,
    )
    assert hired.json()["status"] == "hired"
    early = client.post(
        f"/api/v1/referrals/{rid}/steps",
        json.dumps({"status": "recommended"}),
        content_type="application/json",
        **firm,
    )
    assert early.status_code == 422 and "status" in early.json()["errors"]
    seen = client.get("/api/v1/referrals", **firm).json()["items"]
    assert [r["worker_id_number"] for r in seen] == [worker.id_number_masked]
    assert client.get("/api/v1/referrals", **api("maonan")).json()["items"] == []
