"""Referral steps as a clerk records them: dated (last week too), chosen, a hire with its income, and a step
recorded by mistake withdrawn by its author the same day, with everything it did undone."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from laborbridge.accounts.services import api_token_issue
from laborbridge.core.models import AuditEvent
from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.models import Employment, FollowUp, Referral, ReferralStep
from laborbridge.employment.services import (
    follow_up_answer,
    referral_advance,
    referral_create,
    referral_step_withdraw,
)
from laborbridge.factories import PASSWORD, make_employer, make_vacancy, make_worker
from laborbridge.tests.conftest import JsonApi

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def api(client, users):
    return lambda username: JsonApi(client, api_token_issue(username=username, password=PASSWORD))


@pytest.fixture
def setting(users):
    employer = make_employer(users["dianbai"])
    employer.members.add(users["employer"])
    vacancy = make_vacancy(users["dianbai"], employer)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    worker = make_worker(users["tongmu"], name="黄秀英")
    return users, worker, vacancy


def today():
    return timezone.localdate()


def last_week():
    return today() - datetime.timedelta(days=7)


def refer(setting, on=None, actor="tongmu"):
    users, worker, vacancy = setting
    return referral_create(actor=users[actor], worker=worker, vacancy=vacancy, on=on or last_week())


def latest_step(referral) -> ReferralStep:
    return referral.steps.order_by("id").last()


# --- dates --------------------------------------------------------------------------------------------------


def test_a_referral_made_last_week_is_recorded_on_its_day(setting):
    referral = refer(setting, on=last_week())
    assert [(s.status, s.on) for s in referral.steps.all()] == [("recommended", last_week())]


def test_a_referral_dated_in_the_future_is_refused_naming_the_field(setting):
    with pytest.raises(ValidationError, match="推荐日期不能晚于今天") as caught:
        refer(setting, on=today() + datetime.timedelta(days=1))
    assert set(caught.value.message_dict) == {"on"}
    assert not Referral.objects.exists()


def test_a_step_before_the_previous_one_is_refused_naming_both_steps(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting, on=last_week())
    with pytest.raises(ValidationError, match="录用日期不能早于上一步“已推荐”的日期") as caught:
        referral_advance(
            actor=users["tongmu"],
            referral=referral,
            status="hired",
            on=last_week() - datetime.timedelta(days=1),
        )
    assert set(caught.value.message_dict) == {"on"}
    assert not Employment.objects.exists() and Referral.objects.get().status == "recommended"


def test_a_step_in_the_future_is_refused_naming_the_step(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    with pytest.raises(ValidationError, match="报名日期不能晚于今天"):
        referral_advance(
            actor=users["tongmu"],
            referral=referral,
            status="applied",
            on=today() + datetime.timedelta(days=1),
        )
    assert referral.steps.count() == 1


def test_steps_of_last_week_may_follow_each_other_on_their_days(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting, on=last_week())
    referral_advance(actor=users["tongmu"], referral=referral, status="applied", on=last_week())
    referral_advance(
        actor=users["tongmu"], referral=referral, status="intent", on=last_week() + datetime.timedelta(days=2)
    )
    assert [s.on for s in referral.steps.all()] == [
        last_week(),
        last_week(),
        last_week() + datetime.timedelta(2),
    ]


def test_a_step_without_a_date_is_dated_today_in_shanghai(setting, monkeypatch):
    # 17:30 in Greenwich is already the next morning in Shanghai: the step takes Shanghai's day.
    users, _worker, _vacancy = setting
    referral = refer(setting, on=D(2026, 11, 20))
    late = datetime.datetime(2026, 11, 27, 17, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late)
    referral_advance(actor=users["tongmu"], referral=referral, status="applied")
    assert latest_step(referral).on == D(2026, 11, 28)


def test_no_step_is_recorded_without_a_choice(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    with pytest.raises(ValidationError, match="请选择下一步"):
        referral_advance(actor=users["tongmu"], referral=referral, status="")


# --- the hire's income ----------------------------------------------------------------------------------------


def test_the_income_of_a_hire_is_kept_on_the_step_and_on_the_spell(setting):
    users, worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(
        actor=users["tongmu"], referral=referral, status="hired", on=today(), monthly_income=4800
    )
    assert latest_step(referral).monthly_income == 4800
    assert Employment.objects.get(worker=worker).monthly_income == 4800
    event = AuditEvent.objects.filter(object_type="employment.referral").order_by("pk").last()
    assert event.details["fields"] == ["monthly_income"] and "4800" not in str(event.details)


def test_an_income_on_another_step_is_refused_not_lost(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    with pytest.raises(ValidationError, match="月收入只在录用时填写"):
        referral_advance(actor=users["tongmu"], referral=referral, status="applied", monthly_income=4000)
    with pytest.raises(ValidationError) as caught:
        referral_advance(actor=users["tongmu"], referral=referral, status="hired", monthly_income=2_000_000)
    assert "monthly_income" in caught.value.message_dict
    assert referral.steps.count() == 1 and not Employment.objects.exists()


# --- withdrawing a step recorded by mistake -------------------------------------------------------------------


def test_the_author_withdraws_the_latest_step_the_same_day_and_it_is_audited(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="intent", on=today())
    referral_step_withdraw(actor=users["tongmu"], step=latest_step(referral))
    referral.refresh_from_db()
    assert referral.status == "recommended" and referral.steps.count() == 1
    event = AuditEvent.objects.filter(object_type="employment.referral").order_by("pk").last()
    assert event.actor == users["tongmu"] and event.action == AuditEvent.Action.UPDATE
    assert event.details == {
        "status": "recommended",
        "withdrawn_step": {"status": "intent", "on": today().isoformat()},
    }


def test_a_withdrawn_hire_removes_the_spell_and_its_follow_ups(setting):
    users, worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="applied", on=last_week())
    referral_advance(
        actor=users["tongmu"], referral=referral, status="hired", on=today(), monthly_income=5200
    )
    spell = Employment.objects.get(worker=worker)
    assert FollowUp.objects.filter(employment=spell).count() == 3

    referral_step_withdraw(actor=users["tongmu"], step=latest_step(referral))

    referral.refresh_from_db()
    assert referral.status == "applied"
    assert not Employment.objects.filter(worker=worker).exists() and not FollowUp.objects.exists()
    removed = AuditEvent.objects.get(object_type="employment.employment", action=AuditEvent.Action.DELETE)
    assert removed.details["reason"] == "referral_step_withdrawn"
    assert "5200" not in str(removed.details)  # the income stays out of the trail
    assert removed.details["removed"]["follow_ups"] == 3
    # The road goes on: the hire may be recorded again, rightly this time.
    referral_advance(
        actor=users["tongmu"], referral=referral, status="hired", on=today(), monthly_income=5000
    )
    assert Employment.objects.get(worker=worker).monthly_income == 5000


def test_a_withdrawn_leaving_opens_the_spell_again(setting):
    users, worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=last_week())
    referral_advance(actor=users["tongmu"], referral=referral, status="left", on=today())
    assert Employment.objects.get(worker=worker).end == today()
    referral_step_withdraw(actor=users["tongmu"], step=latest_step(referral))
    spell = Employment.objects.get(worker=worker)
    assert spell.end is None and spell.follow_ups.count() == 3
    assert Referral.objects.get().status == "hired"


def test_a_leaving_found_by_a_follow_up_is_not_withdrawn_from_the_referral(setting):
    users, worker, _vacancy = setting
    referral = refer(setting, on=D(2024, 3, 1))
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=D(2024, 3, 1))
    first = FollowUp.objects.order_by("due_on").first()
    follow_up_answer(actor=users["tongmu"], follow_up=first, still_working=False, on=D(2024, 4, 1))
    with pytest.raises(ValidationError, match="回访"):
        referral_step_withdraw(actor=users["tongmu"], step=latest_step(referral))
    assert Employment.objects.get(worker=worker).end == D(2024, 4, 1)


def test_a_withdrawn_decline_puts_the_referral_back_on_the_road(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="declined", reason="误点")
    referral_step_withdraw(actor=users["tongmu"], step=latest_step(referral))
    referral.refresh_from_db()
    assert (referral.status, referral.declined_reason) == ("recommended", "")


def test_a_withdrawn_arrival_goes_back_to_hired(setting):
    users, worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=last_week())
    referral_advance(actor=users["employer"], referral=referral, status="arrived", on=today())
    referral_step_withdraw(actor=users["employer"], step=latest_step(referral))
    assert Referral.objects.get().status == "hired" and Employment.objects.get(worker=worker).end is None


def test_another_user_may_not_withdraw_a_step(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="applied", on=today())
    for other in ("jinxiu", "admin", "employer"):
        with pytest.raises(PermissionDenied, match="只有记录这一步的人可以撤回"):
            referral_step_withdraw(actor=users[other], step=latest_step(referral))
    assert referral.steps.count() == 2


def test_a_step_recorded_yesterday_cannot_be_withdrawn(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="applied", on=today())
    step = latest_step(referral)
    ReferralStep.objects.filter(pk=step.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    step.refresh_from_db()
    with pytest.raises(PermissionDenied, match="只能在记录当天撤回"):
        referral_step_withdraw(actor=users["tongmu"], step=step)
    assert Referral.objects.get().status == "applied"


def test_only_the_latest_step_can_be_withdrawn(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="applied", on=today())
    applied = latest_step(referral)
    referral_advance(actor=users["tongmu"], referral=referral, status="intent", on=today())
    with pytest.raises(ValidationError, match="只能撤回最近的一步"):
        referral_step_withdraw(actor=users["tongmu"], step=applied)


def test_the_referral_itself_is_not_withdrawn_but_declined(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    with pytest.raises(ValidationError, match="推荐本身不能撤回"):
        referral_step_withdraw(actor=users["tongmu"], step=latest_step(referral))


def test_a_decline_is_not_withdrawn_once_the_worker_was_referred_again(setting):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="declined", reason="误点")
    refer(setting)
    with pytest.raises(ValidationError, match="另有推荐"):
        referral_step_withdraw(actor=users["tongmu"], step=latest_step(referral))
    assert Referral.objects.get(pk=referral.pk).status == "declined"


# --- pages ----------------------------------------------------------------------------------------------------


def test_the_page_offers_the_next_steps_as_choices_none_preselected(setting, client):
    users, worker, _vacancy = setting
    refer(setting)
    client.force_login(users["tongmu"])
    page = client.get(f"/workers/{worker.pk}/").content.decode()
    assert 'type="radio" name="status" value="applied" required>' in page
    assert "checked" not in page.split("下一步（请选择）")[1].split("</fieldset>")[0]
    assert "录用月收入（元）" in page and "未成功原因" in page and 'name="on"' in page


def test_a_step_posted_without_a_choice_records_nothing(setting, client):
    users, _worker, _vacancy = setting
    referral = refer(setting)
    client.force_login(users["tongmu"])
    page = client.post(f"/employment/referrals/{referral.pk}/step/", {"on": ""}, follow=True).content.decode()
    assert "请选择下一步" in page and referral.steps.count() == 1


def test_the_page_refers_last_week_hires_with_income_and_withdraws_the_mistake(setting, client):
    users, worker, vacancy = setting
    client.force_login(users["tongmu"])
    client.post(
        f"/employment/workers/{worker.pk}/refer/",
        {"vacancy": vacancy.pk, "source": "staff", "on": last_week().isoformat()},
    )
    referral = Referral.objects.get()
    assert referral.steps.get().on == last_week()
    client.post(
        f"/employment/referrals/{referral.pk}/step/",
        {"status": "hired", "on": today().isoformat(), "monthly_income": "4800", "reason": ""},
    )
    assert Employment.objects.get(worker=worker).monthly_income == 4800
    page = client.get(f"/workers/{worker.pk}/").content.decode()
    assert "撤回“已录用”" in page and "月收入 4800 元" in page
    response = client.post(f"/employment/referral-steps/{latest_step(referral).pk}/withdraw/", follow=True)
    assert "已撤回：已录用" in response.content.decode()
    assert not Employment.objects.exists() and Referral.objects.get().status == "recommended"


def test_a_future_referral_date_on_the_page_is_explained(setting, client):
    users, worker, vacancy = setting
    client.force_login(users["tongmu"])
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    page = client.post(
        f"/employment/workers/{worker.pk}/refer/",
        {"vacancy": vacancy.pk, "source": "staff", "on": tomorrow},
        follow=True,
    ).content.decode()
    assert "推荐日期不能晚于今天" in page and not Referral.objects.exists()


def test_the_withdraw_button_is_shown_only_to_the_author(setting, client):
    users, worker, _vacancy = setting
    referral = refer(setting)
    referral_advance(actor=users["tongmu"], referral=referral, status="applied", on=today())
    client.force_login(users["jinxiu"])
    assert "撤回“" not in client.get(f"/workers/{worker.pk}/").content.decode()
    response = client.post(f"/employment/referral-steps/{latest_step(referral).pk}/withdraw/")
    assert response.status_code == 403 and referral.steps.count() == 2


# --- the API -------------------------------------------------------------------------------------------------


def test_the_api_dates_steps_keeps_the_income_and_withdraws(setting, api):
    _users, worker, vacancy = setting
    county = api("tongmu")
    created = county.post(
        "/api/v1/referrals", {"worker": worker.pk, "vacancy": vacancy.pk, "on": last_week().isoformat()}
    )
    assert created.status_code == 201 and created.json()["steps"][0]["on"] == last_week().isoformat()
    url = f"/api/v1/referrals/{created.json()['id']}/steps"
    early = county.post(url, {"status": "hired", "on": (last_week() - datetime.timedelta(1)).isoformat()})
    assert early.status_code == 422 and "录用日期不能早于上一步" in early.json()["errors"]["on"][0]
    hired = county.post(url, {"status": "hired", "on": today().isoformat(), "monthly_income": 4600})
    assert hired.status_code == 200, hired.content
    step = hired.json()["steps"][-1]
    assert (step["status"], step["monthly_income"]) == ("hired", 4600)
    assert Employment.objects.get(worker=worker).monthly_income == 4600
    assert api("jinxiu").call("delete", f"/api/v1/referral-steps/{step['id']}").status_code == 403
    withdrawn = county.call("delete", f"/api/v1/referral-steps/{step['id']}")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "recommended"
    assert not Employment.objects.exists()
