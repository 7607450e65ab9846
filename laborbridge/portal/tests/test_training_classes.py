"""Training classes on the job board: the public list and page, and a sign-up landing as an application."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from laborbridge.accounts import policy
from laborbridge.core.models import AuditEvent
from laborbridge.factories import TONGMU, make_id, make_worker
from laborbridge.portal import selectors
from laborbridge.portal.tests.conftest import last_code
from laborbridge.training.models import Enrolment
from laborbridge.training.services import class_set_status, enrolment_apply, enrolment_enrol
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db

PHONE = "13800138000"


def form(**changes):
    data = {"name": "莫秀兰", "phone": PHONE, "id_number": make_id(), "township": TONGMU, "consent": "on"}
    data.update(changes)
    return data


def ask_code(client, training_class, **changes):
    return client.post(reverse("portal:class_apply", args=[training_class.pk]), form(**changes))


def confirm(client, training_class, code):
    return client.post(reverse("portal:class_apply_confirm", args=[training_class.pk]), {"code": code})


def sign_up(client, training_class, outbox, phone=PHONE, **changes):
    response = ask_code(client, training_class, phone=phone, **changes)
    assert response.status_code == 302, response.content.decode()
    return confirm(client, training_class, last_code(outbox, phone))


# --- the public selector -----------------------------------------------------------------------------------------


def test_the_public_selector_returns_plain_records_with_public_fields_only(tea_class):
    (record,) = selectors.public_class_list()
    assert isinstance(record, selectors.PublicClass)
    assert {f.name for f in dataclasses.fields(record)} == {
        "id", "name", "programme", "certificate", "provider", "place", "address", "start", "end",
        "places_left", "target_groups", "cost_per_trainee", "subsidy_per_trainee",
    }  # fmt: skip
    assert (record.programme, record.provider, record.places_left) == (
        "粤菜师傅",
        "佛山市创业职业技工学校",
        50,
    )
    assert (record.cost_per_trainee, record.subsidy_per_trainee) == (1800, 1500)
    assert record.place.endswith("桐木镇")


def test_places_left_count_the_enrolled_trainees_not_the_applicants(users, open_class):
    small = open_class(capacity=2)
    enrolment_apply(actor=users["jinxiu"], training_class=small, worker=make_worker(users["tongmu"]))
    assert selectors.public_class_get(small.pk).places_left == 2
    enrolment_enrol(actor=users["jinxiu"], training_class=small, worker=make_worker(users["tongmu"]))
    assert selectors.public_class_get(small.pk).places_left == 1


def test_a_full_running_finished_or_past_class_is_not_listed_and_answers_404(users, open_class):
    full = open_class(name="已满班", capacity=1)
    enrolment_enrol(actor=users["jinxiu"], training_class=full, worker=make_worker(users["tongmu"]))
    running = open_class(name="培训中班")
    class_set_status(actor=users["jinxiu"], training_class=running, status="running")
    past = open_class(name="往期班", start=datetime.date(2024, 5, 6), end=datetime.date(2024, 5, 25))
    listed = open_class(name="招生班")
    assert [c.name for c in selectors.public_class_list()] == ["招生班"]
    for hidden in (full, running, past):
        with pytest.raises(Http404):
            selectors.public_class_get(hidden.pk)
        assert selectors.open_class_record(hidden.pk) is None
    assert selectors.open_class_record(listed.pk) == listed


def test_the_list_and_class_pages_show_no_teacher_phone_and_no_trainee(client, users, tea_class):
    enrolment_enrol(
        actor=users["jinxiu"], training_class=tea_class, worker=make_worker(users["tongmu"], name="黄秀英")
    )
    for url in (reverse("portal:classes"), reverse("portal:class", args=[tea_class.pk])):
        html = client.get(url).content.decode()
        assert "茶叶评鉴与技能等级认定班" in html and "还剩49个名额" in html
        assert "13912340000" not in html and "李老师" not in html and "黄秀英" not in html
    page = client.get(reverse("portal:class", args=[tea_class.pk])).content.decode()
    assert "1800元/人" in page and "1500元/人" in page and "我要报名" in page


def test_an_unknown_class_page_answers_404(client):
    assert client.get(reverse("portal:class", args=[999999])).status_code == 404
    assert client.get(reverse("portal:class_apply", args=[999999])).status_code == 404


# --- the sign-up -------------------------------------------------------------------------------------------------


def test_a_new_person_signs_up_and_lands_as_an_application_for_staff_to_accept(client, tea_class, sms_outbox):
    number = make_id()
    response = sign_up(client, tea_class, sms_outbox, id_number=number)
    html = response.content.decode()
    assert response.status_code == 200 and "报名已收到" in html and "茶叶评鉴与技能等级认定班" in html
    worker = Worker.objects.get(name="莫秀兰")
    assert worker.id_number == number and worker.phone == PHONE
    enrolment = Enrolment.objects.get(worker=worker)
    assert (enrolment.training_class, enrolment.status, enrolment.created_by) == (tea_class, "applied", None)
    assert selectors.public_class_get(tea_class.pk).places_left == 50  # an application takes no place


def test_the_audit_trail_names_the_person_for_the_application(client, tea_class, sms_outbox):
    sign_up(client, tea_class, sms_outbox)
    events = AuditEvent.objects.filter(action="create", actor_label="本人（门户）")
    assert set(events.values_list("object_type", flat=True)) == {"workers.worker", "training.enrolment"}
    assert all(event.actor_id is None and event.ip for event in events)


def test_a_registered_person_applies_and_their_record_is_left_unchanged(client, users, tea_class, sms_outbox):
    number = make_id()
    worker = make_worker(users["tongmu"], name="黄秀英", id_number=number, phone="13700137000")
    sign_up(client, tea_class, sms_outbox, id_number=number, name="黄秀英", phone="13700137000")
    worker.refresh_from_db()
    assert (worker.name, worker.phone, Worker.objects.count()) == ("黄秀英", "13700137000", 1)
    assert Enrolment.objects.get(worker=worker).status == "applied"


def test_new_registered_already_applied_and_mismatched_sign_ups_get_identical_answers(
    client, users, tea_class, sms_outbox
):
    known = make_id()
    make_worker(users["tongmu"], name="黄秀英", id_number=known, phone="13700137000")
    answers = []
    for number, phone, name in (
        (make_id(), "13600136000", "莫秀兰"),  # new to the registry
        (known, "13700137000", "黄秀英"),  # registered, matching
        (known, "13700137000", "黄秀英"),  # applied already
        (known, "13500135000", "韦小红"),  # another name and phone on a registered ID number
    ):
        asked = ask_code(client, tea_class, id_number=number, phone=phone, name=name)
        confirmed = confirm(client, tea_class, last_code(sms_outbox, phone))
        answers.append((asked.status_code, asked["Location"], confirmed.status_code, confirmed.content))
    assert answers[0] == answers[1] == answers[2] == answers[3]
    assert Enrolment.objects.count() == 2


def test_a_class_that_closed_before_the_task_ran_gets_no_application(client, users, tea_class, sms_outbox):
    ask_code(client, tea_class)
    class_set_status(actor=users["jinxiu"], training_class=tea_class, status="running")
    response = confirm(client, tea_class, last_code(sms_outbox, PHONE))
    assert response.status_code == 404  # the class page itself is gone
    assert Enrolment.objects.count() == 0


def test_wrong_codes_lock_the_phone_for_class_sign_ups_too(client, tea_class, sms_outbox):
    ask_code(client, tea_class)
    good = last_code(sms_outbox, PHONE)
    wrong = "000000" if good != "000000" else "111111"
    for _ in range(4):
        assert "验证码不正确" in confirm(client, tea_class, wrong).content.decode()
    assert "暂停15分钟" in confirm(client, tea_class, wrong).content.decode()
    assert "暂停15分钟" in confirm(client, tea_class, good).content.decode()
    assert Enrolment.objects.count() == 0


def test_class_sign_ups_share_the_limits_per_phone_and_address(client, open_class, sms_outbox, settings):
    settings.PORTAL_LIMITS = {
        **settings.PORTAL_LIMITS,
        "sign_ups_per_phone": (1, 3600),
        "sign_ups_per_ip": (2, 3600),
    }
    classes = [open_class(name=f"培训班{n}") for n in range(3)]
    assert "报名已收到" in sign_up(client, classes[0], sms_outbox).content.decode()
    assert "操作过于频繁" in sign_up(client, classes[1], sms_outbox).content.decode()
    assert "报名已收到" in sign_up(client, classes[1], sms_outbox, phone="13600136000").content.decode()
    assert "操作过于频繁" in sign_up(client, classes[2], sms_outbox, phone="13500135000").content.decode()
    assert Enrolment.objects.count() == 2


def test_code_requests_for_classes_are_limited_per_phone(client, tea_class, sms_outbox, settings):
    settings.PORTAL_LIMITS = {**settings.PORTAL_LIMITS, "codes_per_phone": (2, 3600)}
    assert ask_code(client, tea_class).status_code == 302
    assert ask_code(client, tea_class).status_code == 302
    assert "操作过于频繁" in ask_code(client, tea_class).content.decode()


def test_bad_input_is_refused_with_the_registrys_message_and_no_code_is_sent(client, tea_class, sms_outbox):
    response = ask_code(client, tea_class, id_number="451324199005171234")
    assert response.status_code == 200 and "校验" in response.content.decode()
    assert sms_outbox == []


def test_the_code_page_without_a_pending_sign_up_goes_back_to_the_form(client, tea_class):
    response = client.get(reverse("portal:class_apply_confirm", args=[tea_class.pk]))
    assert response["Location"] == reverse("portal:class_apply", args=[tea_class.pk])


def test_a_job_sign_ups_code_does_not_confirm_a_class_sign_up(client, tea_class, job, sms_outbox):
    client.post(reverse("portal:apply", args=[job.pk]), form())
    response = client.get(reverse("portal:class_apply_confirm", args=[tea_class.pk]))
    assert response["Location"] == reverse("portal:class_apply", args=[tea_class.pk])


def test_the_own_page_shows_the_application(client, tea_class, sms_outbox):
    sign_up(client, tea_class, sms_outbox)
    client.post(reverse("portal:me"), {"phone": PHONE})
    client.post(reverse("portal:me_confirm"), {"code": last_code(sms_outbox, PHONE)})
    html = client.get(reverse("portal:me")).content.decode()
    assert "茶叶评鉴与技能等级认定班" in html and "已报名" in html and "培训报名" in html


# --- the policy ---------------------------------------------------------------------------------------------------


def test_the_person_may_only_apply_for_themselves_not_enrol(users, tea_class):
    worker = make_worker(users["tongmu"])
    enrolment = enrolment_apply(actor=policy.PORTAL, training_class=tea_class, worker=worker)
    assert (enrolment.status, enrolment.created_by) == ("applied", None)
    with pytest.raises(PermissionDenied):
        enrolment_enrol(actor=policy.PORTAL, training_class=tea_class, worker=worker)


def test_the_person_may_not_apply_for_a_finished_class(users, tea_class):
    tea_class.status = "finished"
    assert not policy.may_apply_self(policy.PORTAL, tea_class)
    with pytest.raises(ValidationError):
        enrolment_apply(actor=policy.PORTAL, training_class=tea_class, worker=make_worker(users["tongmu"]))


def test_staff_are_not_the_person_themselves(users, tea_class):
    assert not policy.may_apply_self(users["jinxiu"], tea_class)
    assert not policy.may_apply_self(users["admin"], tea_class)
