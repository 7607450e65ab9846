"""Chartered buses on the job board: a worker signs up with the phone code, as for a job or a class."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from laborbridge.accounts import policy
from laborbridge.core.models import AuditEvent
from laborbridge.employment.services import employment_start
from laborbridge.factories import (
    DIANBAI,
    JINXIU,
    TONGMU,
    TOUPAI,
    make_employer,
    make_id,
    make_uscc,
    make_worker,
)
from laborbridge.portal.models import SelfSignUp
from laborbridge.portal.services import self_sign_up_check
from laborbridge.portal.tests.conftest import last_code
from laborbridge.portal.tests.test_own_page import open_own_page
from laborbridge.regions.models import Region
from laborbridge.transport.models import SignUp
from laborbridge.transport.services import campaign_create, campaign_plan, transport_sign_up
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db

PHONE = "13800138000"
TODAY = datetime.date.today()
DAY = TODAY + datetime.timedelta(days=10)


def make_campaign(users, name="2026年春暖行动", start=None, end=None, point="桐木汽车站", township=TONGMU):
    return campaign_create(
        actor=users["jinxiu"],
        name=name,
        start=start or TODAY + datetime.timedelta(days=5),
        end=end or TODAY + datetime.timedelta(days=40),
        organisers=[Region.objects.get(code=JINXIU)],
        pickup_points=[(Region.objects.get(code=township), point, "桐木镇车站路1号")],
        bus_types=[("大巴", 45, 6000)],
    )


@pytest.fixture
def campaign(users):
    return make_campaign(users)


@pytest.fixture
def home_firm(users):
    """The employer a returning worker holds an open spell at; it has no vacancy on the board."""
    return make_employer(
        users["dianbai"], name="茂名市电白区鞋业有限公司", uscc=make_uscc(5), provided_by=DIANBAI
    )


def returning(users, firm, **fields):
    worker = make_worker(users["tongmu"], name="盘秀英", phone=PHONE, **fields)
    employment_start(
        actor=users["tongmu"], worker=worker, place=Region.objects.get(code=DIANBAI),
        start=datetime.date(2023, 3, 1), employer_name=firm.name, channel="organised",
    )  # fmt: skip
    return worker


def form(campaign, to, **changes):
    data = {
        "name": "莫秀兰", "phone": PHONE, "id_number": make_id(), "township": TONGMU, "consent": "on",
        "wanted_date": DAY.isoformat(), "pickup_point": campaign.pickup_points.get().pk,
        "employer": to.pk, "destination_city": "", "companions": 1,
    }  # fmt: skip
    data.update(changes)
    return data


def ask_code(client, campaign, to, **changes):
    return client.post(reverse("portal:bus_apply", args=[campaign.pk]), form(campaign, to, **changes))


def sign_up(client, campaign, to, outbox, phone=PHONE, **changes):
    asked = ask_code(client, campaign, to, phone=phone, **changes)
    assert asked.status_code == 302, asked.content.decode()
    return client.post(
        reverse("portal:bus_apply_confirm", args=[campaign.pk]), {"code": last_code(outbox, phone)}
    )


# --- reaching it --------------------------------------------------------------------------------------------------


def test_the_board_and_the_own_page_lead_to_the_open_campaigns(client, campaign, sms_outbox):
    assert reverse("portal:buses") in client.get(reverse("portal:jobs")).content.decode()
    page = client.get(reverse("portal:buses")).content.decode()
    assert "2026年春暖行动" in page and "桐木汽车站" in page
    assert reverse("portal:bus_apply", args=[campaign.pk]) in page
    open_own_page(client, sms_outbox)
    assert reverse("portal:buses") in client.get(reverse("portal:me")).content.decode()


def test_a_campaign_that_is_over_is_not_listed_and_answers_404(client, users):
    over = make_campaign(
        users, name="2024年春暖行动", start=datetime.date(2024, 2, 15), end=datetime.date(2024, 3, 10)
    )
    assert "2024年春暖行动" not in client.get(reverse("portal:buses")).content.decode()
    assert client.get(reverse("portal:bus_apply", args=[over.pk])).status_code == 404
    assert client.get(reverse("portal:bus_apply_confirm", args=[over.pk])).status_code == 404


# --- signing up -----------------------------------------------------------------------------------------------------


def test_a_new_person_signs_up_and_rides_as_a_registered_worker(client, campaign, job, sms_outbox):
    answer = sign_up(client, campaign, job.employer, sms_outbox)
    assert "报名已收到" in answer.content.decode()
    signup = SignUp.objects.get()
    assert (signup.worker.name, signup.worker.township_id) == ("莫秀兰", TONGMU)
    assert (signup.wanted_date, signup.pickup_point.name, signup.employer, signup.companions) == (
        DAY, "桐木汽车站", job.employer, 1,
    )  # fmt: skip
    assert signup.destination_city.name == "茂名市"  # the employer's city when none is chosen
    assert signup.created_by is None
    kept = SelfSignUp.objects.get()
    assert (kept.bus_signup, kept.review, kept.name) == (signup, SelfSignUp.Review.NONE, "莫秀兰")
    event = AuditEvent.objects.get(object_type="transport.signup", action="create")
    assert event.actor_label == "本人（门户）"


def test_a_worker_from_their_own_page_is_offered_their_current_employer_first(
    client, users, campaign, job, home_firm, sms_outbox
):
    returning(users, home_firm)
    before = client.get(reverse("portal:bus_apply", args=[campaign.pk])).content.decode()
    assert home_firm.name not in before  # a stranger learns nobody's employer
    open_own_page(client, sms_outbox)
    page = client.get(reverse("portal:bus_apply", args=[campaign.pk])).content.decode()
    assert page.index("回原单位：茂名市电白区鞋业有限公司") < page.index(job.employer.name)


def test_the_worker_goes_back_to_the_job_they_hold(client, users, campaign, home_firm, sms_outbox):
    worker = returning(users, home_firm)
    open_own_page(client, sms_outbox)
    answer = sign_up(
        client, campaign, home_firm, sms_outbox, name=worker.name, id_number=worker.id_number, companions=0
    )
    assert "报名已收到" in answer.content.decode()
    signup = SignUp.objects.get()
    assert (signup.worker, signup.employer, signup.referral) == (worker, home_firm, None)
    assert SelfSignUp.objects.get().review == SelfSignUp.Review.NONE


def test_a_second_sign_up_is_refused_with_the_reason_to_the_records_own_phone(
    client, users, campaign, home_firm, sms_outbox
):
    worker = returning(users, home_firm)
    fields = {"name": worker.name, "id_number": worker.id_number}
    open_own_page(client, sms_outbox)
    assert "报名已收到" in sign_up(client, campaign, home_firm, sms_outbox, **fields).content.decode()
    again = sign_up(client, campaign, home_firm, sms_outbox, **fields).content.decode()
    assert "您已报名该专车活动，每人每次活动只能报名一次" in again
    assert SignUp.objects.count() == 1 and SelfSignUp.objects.count() == 1
    page = client.get(reverse("portal:bus_apply", args=[campaign.pk])).content.decode()
    assert 'data-testid="already-signed-up"' in page and "获取验证码" not in page


def test_the_service_refuses_a_second_sign_up_with_the_reason(users, campaign, home_firm):
    worker = returning(users, home_firm)
    me = policy.portal_actor_for(worker)
    fields = dict(campaign=campaign, worker=worker, wanted_date=DAY,
                  pickup_point=campaign.pickup_points.get(), employer=home_firm)  # fmt: skip
    transport_sign_up(actor=me, **fields)
    with pytest.raises(ValidationError) as refused:
        transport_sign_up(actor=me, **fields)
    assert refused.value.message_dict["worker"] == ["您已报名该专车活动，每人每次活动只能报名一次"]


def test_someone_elses_id_number_gets_the_same_answer_and_lands_flagged_for_staff(
    client, users, campaign, home_firm, job, sms_outbox
):
    someone = returning(users, home_firm)  # holds PHONE
    answer = sign_up(
        client,
        campaign,
        job.employer,
        sms_outbox,
        phone="13600136000",
        name="莫秀兰",
        id_number=someone.id_number,
    )
    assert "报名已收到" in answer.content.decode()
    kept = SelfSignUp.objects.get()
    assert kept.bus_signup.worker == someone and kept.review == SelfSignUp.Review.PENDING
    assert kept.reasons == "报名手机号与登记不一致；报名姓名与登记不一致"
    self_sign_up_check(actor=users["tongmu"], sign_up=kept, confirm=False)
    kept.bus_signup.refresh_from_db()
    assert kept.bus_signup.status == SignUp.Status.CANCELLED


def test_a_second_sign_up_on_someone_elses_record_gets_the_same_answer_as_a_first(
    client, users, campaign, home_firm, job, sms_outbox
):
    someone = returning(users, home_firm)
    transport_sign_up(actor=users["tongmu"], campaign=campaign, worker=someone, wanted_date=DAY,
                      pickup_point=campaign.pickup_points.get(), employer=home_firm)  # fmt: skip
    answer = sign_up(
        client, campaign, job.employer, sms_outbox, phone="13600136000", id_number=someone.id_number
    )
    assert "报名已收到" in answer.content.decode()  # no oracle: the record's sign-up is not revealed
    assert SignUp.objects.count() == 1 and not SelfSignUp.objects.exists()


# --- the policy: the person, and nobody else ---------------------------------------------------------------------------


def test_the_portal_signs_up_only_the_record_it_identified(users, campaign, home_firm):
    mine = returning(users, home_firm)
    other = make_worker(users["tongmu"], name="黄大山")
    fields = dict(
        campaign=campaign, wanted_date=DAY, pickup_point=campaign.pickup_points.get(), employer=home_firm
    )
    for actor, worker in ((policy.PORTAL, mine), (policy.portal_actor_for(mine), other)):
        with pytest.raises(PermissionDenied):
            transport_sign_up(actor=actor, worker=worker, **fields)
    assert not SignUp.objects.exists()
    assert transport_sign_up(actor=policy.portal_actor_for(mine), worker=mine, **fields).worker == mine
    assert not policy.may_sign_up_for_bus(policy.portal_actor_for(mine), campaign, other)


def test_the_portal_may_not_sign_up_for_a_campaign_that_is_over(users, home_firm):
    over = make_campaign(users, start=datetime.date(2024, 2, 15), end=datetime.date(2024, 3, 10))
    worker = returning(users, home_firm)
    with pytest.raises(ValidationError) as refused:
        transport_sign_up(actor=policy.portal_actor_for(worker), campaign=over, worker=worker,
                          wanted_date=datetime.date(2024, 2, 17), pickup_point=over.pickup_points.get(),
                          employer=home_firm)  # fmt: skip
    assert refused.value.message_dict["campaign"] == ["该专车活动已结束，不能再报名"]
    assert refused.value.message_dict["wanted_date"] == ["乘车日期不能早于今天"]


def test_a_campaign_over_before_the_task_runs_gets_no_sign_up(
    client, users, campaign, job, sms_outbox, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        "laborbridge.portal.views.portal_bus_sign_up_queue", lambda **task: queued.append(task)
    )
    assert "报名已收到" in sign_up(client, campaign, job.employer, sms_outbox).content.decode()
    type(campaign).objects.filter(pk=campaign.pk).update(
        start=datetime.date(2024, 2, 15), end=datetime.date(2024, 3, 10)
    )
    from laborbridge.portal.services import portal_bus_sign_up_sealed

    portal_bus_sign_up_sealed(**queued[0])
    assert not SignUp.objects.exists() and not Worker.objects.exists()


# --- bad input -----------------------------------------------------------------------------------------------


def test_a_pickup_point_of_another_campaign_is_refused_and_no_code_is_sent(
    client, users, campaign, job, sms_outbox
):
    other = make_campaign(users, name="2026年秋季专车", point="头排镇政府", township=TOUPAI)
    answer = ask_code(client, campaign, job.employer, pickup_point=other.pickup_points.get().pk)
    assert answer.status_code == 200
    assert "请从本次活动的上车点中选择" in answer.content.decode()
    assert sms_outbox == []
    worker = make_worker(users["tongmu"])
    with pytest.raises(ValidationError) as refused:
        transport_sign_up(actor=policy.portal_actor_for(worker), campaign=campaign, worker=worker,
                          wanted_date=DAY, pickup_point=other.pickup_points.get(), employer=job.employer)  # fmt: skip
    assert refused.value.message_dict["pickup_point"] == ["上车点不属于该活动"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"wanted_date": ""}, "请填写乘车日期"),
        ({"wanted_date": "2024-02-17"}, "乘车日期应在活动期间"),
        ({"pickup_point": ""}, "请选择上车点"),
        ({"employer": "999999"}, "请从列表中选择目的单位"),
        ({"companions": "11"}, "同行人数应为0至10"),
        ({"destination_city": "110100"}, "请从列表中选择目的城市"),
    ],
)
def test_bad_bus_fields_are_refused_with_a_message_naming_the_field(
    client, campaign, job, sms_outbox, changes, message
):
    answer = ask_code(client, campaign, job.employer, **changes)
    assert answer.status_code == 200 and message in answer.content.decode()
    assert sms_outbox == []


def test_bus_sign_ups_count_against_the_portals_sign_up_limits(client, users, job, sms_outbox, settings):
    settings.PORTAL_LIMITS = {**settings.PORTAL_LIMITS, "sign_ups_per_phone": (1, 3600)}
    first, second = make_campaign(users), make_campaign(users, name="2026年秋季专车")
    assert "报名已收到" in sign_up(client, first, job.employer, sms_outbox).content.decode()
    assert "操作过于频繁" in sign_up(client, second, job.employer, sms_outbox).content.decode()
    assert SignUp.objects.count() == 1


# --- the own page -----------------------------------------------------------------------------------------------------


def test_the_own_page_shows_the_sign_up_then_the_planned_trip_without_other_passengers(
    client, users, campaign, home_firm, sms_outbox
):
    worker = returning(users, home_firm)
    fellow = make_worker(users["tongmu"], name="黄大山")
    for who in (worker, fellow):
        transport_sign_up(actor=users["tongmu"], campaign=campaign, worker=who, wanted_date=DAY,
                          pickup_point=campaign.pickup_points.get(), employer=home_firm)  # fmt: skip
    open_own_page(client, sms_outbox)
    page = client.get(reverse("portal:me")).content.decode()
    assert "2026年春暖行动" in page and "桐木汽车站" in page and home_firm.name in page
    assert "排车后显示车次" in page and 'data-testid="own-trip"' not in page
    campaign_plan(
        actor=users["jinxiu"], campaign=campaign, bus_type=campaign.bus_types.get(), seconds_per_day=0.5
    )
    page = client.get(reverse("portal:me")).content.decode()
    assert f"乘车：{DAY.isoformat()} 第1车，在桐木汽车站上车" in page
    assert "黄大山" not in page and fellow.id_number_masked not in page


def test_staff_see_a_flagged_bus_sign_up_on_the_workers_page_and_reject_it(
    client, users, campaign, home_firm, job, sms_outbox
):
    someone = returning(users, home_firm)
    sign_up(
        client,
        campaign,
        job.employer,
        sms_outbox,
        phone="13600136000",
        name="莫秀兰",
        id_number=someone.id_number,
    )
    kept = SelfSignUp.objects.get()
    client.force_login(users["tongmu"])
    page = client.get(reverse("workers:detail", args=[someone.pk])).content.decode()
    assert "返岗专车 · 2026年春暖行动" in page and "报名手机号与登记不一致" in page and "136****6000" in page
    client.post(reverse("sign_ups:review", args=[kept.pk]), {"decision": "reject"})
    kept.refresh_from_db()
    assert kept.review == SelfSignUp.Review.REJECTED
    assert SignUp.objects.get().status == SignUp.Status.CANCELLED
