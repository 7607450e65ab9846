"""Planning as a background job (Huey, run at once in tests): progress while it runs, then the result."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from laborbridge.core.models import AuditEvent
from laborbridge.transport import planning
from laborbridge.transport.jobs import plan_job_run, plan_jobs_fail_stale
from laborbridge.transport.models import Batch, PlanJob, SignUp
from laborbridge.transport.plan_queue import campaign_plan_queue
from laborbridge.transport.services import campaign_plan
from laborbridge.transport.tests.conftest import FIRST_DAY, returning_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def short_planning(settings):
    settings.TRANSPORT_PLAN_SECONDS_PER_DAY = 0.5


@pytest.fixture
def four_passengers(users, firm, sign_up):
    for name in "甲乙丙丁":
        sign_up(returning_worker(users, firm, name=name + "某"))


def press_plan(client, campaign, seats=3):
    return client.post(
        reverse("transport:plan", args=[campaign.pk]),
        {"bus_type": campaign.bus_types.get(seats=seats).pk},
        REMOTE_ADDR="10.1.2.3",
    )


def test_pressing_plan_runs_the_job_and_the_page_shows_buses_against_the_lower_bound(
    users, client, campaign, four_passengers, django_capture_on_commit_callbacks
):
    client.force_login(users["jinxiu"])
    with django_capture_on_commit_callbacks(execute=True):
        assert press_plan(client, campaign).status_code == 302
    job = PlanJob.objects.get()
    assert (job.status, job.progress, job.buses, job.lower_bound, job.signups) == ("done", 100, 2, 2, 4)
    assert job.actor == users["jinxiu"] and job.finished_at is not None
    page = client.get(reverse("transport:campaign", args=[campaign.pk])).content.decode()
    assert "4 人排入 2 辆车，最少需要 2 辆" in page
    assert 'data-testid="plan-progress"' not in page
    assert SignUp.objects.filter(trip__isnull=False).count() == 4
    event = AuditEvent.objects.get(object_type="transport.transportcampaign", action="update")
    assert (event.actor, event.ip) == (users["jinxiu"], "10.1.2.3")


def test_while_the_job_waits_the_page_polls_its_progress_and_a_second_press_is_refused(
    users, client, campaign, four_passengers
):
    client.force_login(users["jinxiu"])
    press_plan(client, campaign)  # queued: no commit in a test, so the task has not run
    job = PlanJob.objects.get()
    assert job.status == "queued"
    page = client.get(reverse("transport:campaign", args=[campaign.pk])).content.decode()
    progress_url = reverse("transport:plan_progress", args=[job.pk])
    assert 'data-testid="plan-progress"' in page and progress_url in page
    polled = client.get(progress_url)
    assert polled.status_code == 200 and "0%" in polled.content.decode()
    again = press_plan(client, campaign)
    assert again.status_code == 302
    messages = [str(m) for m in again.wsgi_request._messages]
    assert any("该活动正在排车，请等当前排车完成" in m for m in messages)
    assert PlanJob.objects.count() == 1
    plan_job_run(job.pk)
    done = client.get(progress_url)
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_the_progress_follows_the_days_planned(users, campaign, firm, sign_up):
    for day in range(3):
        sign_up(
            returning_worker(users, firm, name="乘客" + "甲乙丙"[day]),
            date=FIRST_DAY + datetime.timedelta(days=day),
        )
    seen = []
    campaign_plan(
        actor=users["jinxiu"], campaign=campaign, bus_type=campaign.bus_types.get(seats=45),
        seconds_per_day=0.5, progress=seen.append,
    )  # fmt: skip
    assert seen == [31, 63, planning.PROGRESS_PLANNED]


def test_only_those_who_plan_the_campaign_see_the_job(users, client, campaign, four_passengers):
    job = campaign_plan_queue(
        actor=users["jinxiu"], campaign=campaign, bus_type=campaign.bus_types.get(seats=3)
    )
    for name in ("tongmu", "dianbai", "employer"):
        client.force_login(users[name])
        assert client.get(reverse("transport:plan_progress", args=[job.pk])).status_code == 404
    client.force_login(users["tongmu"])
    page = client.get(reverse("transport:campaign", args=[campaign.pk])).content.decode()
    assert 'data-testid="plan-progress"' not in page


def test_a_job_that_cannot_plan_fails_with_the_reason_and_changes_nothing(
    users, client, campaign, firm, sign_up, django_capture_on_commit_callbacks
):
    sign_up(returning_worker(users, firm), companions=5)  # six seats: more than the 3-seat car
    client.force_login(users["jinxiu"])
    with django_capture_on_commit_callbacks(execute=True):
        press_plan(client, campaign)
    job = PlanJob.objects.get()
    assert job.status == "failed" and "超过车型座位数" in job.message
    page = client.get(reverse("transport:campaign", args=[campaign.pk])).content.decode()
    assert "未完成" in page and "超过车型座位数" in page
    assert not Batch.objects.exists()


def test_sign_ups_changed_while_planning_leave_the_old_plan_standing(users, campaign, firm, sign_up):
    sign_up(returning_worker(users, firm, name="甲某"))
    bus = campaign.bus_types.get(seats=45)
    campaign_plan(actor=users["jinxiu"], campaign=campaign, bus_type=bus, seconds_per_day=0.5)
    before = list(Batch.objects.values_list("pk", flat=True))

    def meanwhile(percent):
        if percent == planning.PROGRESS_PLANNED:
            sign_up(returning_worker(users, firm, name="乙某"))

    sign_up(returning_worker(users, firm, name="丙某"))
    with pytest.raises(ValidationError) as refused:
        campaign_plan(
            actor=users["jinxiu"], campaign=campaign, bus_type=bus, seconds_per_day=0.5, progress=meanwhile
        )
    assert refused.value.message_dict["campaign"] == ["排车期间报名或上车登记有变化，请重新排车"]
    assert list(Batch.objects.values_list("pk", flat=True)) == before


def test_a_job_silent_past_the_deadline_is_marked_failed(users, campaign, four_passengers):
    job = campaign_plan_queue(
        actor=users["jinxiu"], campaign=campaign, bus_type=campaign.bus_types.get(seats=3)
    )
    PlanJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    assert plan_jobs_fail_stale() == 1
    job.refresh_from_db()
    assert job.status == "failed" and "意外中止" in job.message
    plan_job_run(job.pk)  # a late delivery does not run it
    assert not Batch.objects.exists()
