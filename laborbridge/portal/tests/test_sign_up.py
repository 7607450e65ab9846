import pytest
from django.urls import reverse

from laborbridge.core.models import AuditEvent
from laborbridge.employment.models import Referral
from laborbridge.employment.selectors import referral_list
from laborbridge.factories import TONGMU, make_id, make_worker
from laborbridge.portal import codes
from laborbridge.portal.tests.conftest import last_code
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db

PHONE = "13800138000"


def form(**changes):
    data = {"name": "莫秀兰", "phone": PHONE, "id_number": make_id(), "township": TONGMU, "consent": "on"}
    data.update(changes)
    return data


def ask_code(client, job, **changes):
    return client.post(reverse("portal:apply", args=[job.pk]), form(**changes))


def confirm(client, job, code):
    return client.post(reverse("portal:apply_confirm", args=[job.pk]), {"code": code})


def sign_up(client, job, outbox, phone=PHONE, **changes):
    response = ask_code(client, job, phone=phone, **changes)
    assert response.status_code == 302, response.content.decode()
    return confirm(client, job, last_code(outbox, phone))


def test_a_new_person_signs_up_and_is_registered_with_a_self_referral_at_applied(client, job, sms_outbox):
    number = make_id()
    response = sign_up(client, job, sms_outbox, id_number=number)
    assert response.status_code == 200 and "报名已收到" in response.content.decode()
    worker = Worker.objects.get(name="莫秀兰")
    assert worker.id_number == number and worker.phone == PHONE and worker.township_id == TONGMU
    assert worker.created_by is None
    referral = Referral.objects.get(worker=worker)
    assert (referral.vacancy, referral.source, referral.status) == (job, "self", "applied")
    assert list(referral.steps.values_list("status", flat=True)) == ["applied"]


def test_the_audit_trail_names_the_person_as_the_actor(client, job, sms_outbox):
    sign_up(client, job, sms_outbox)
    events = AuditEvent.objects.filter(action="create", actor_label="本人（门户）")
    assert set(events.values_list("object_type", flat=True)) == {"workers.worker", "employment.referral"}
    assert set(events.values_list("region_code", flat=True)) == {TONGMU}
    assert all(event.actor_id is None and event.ip for event in events)


def test_a_registered_person_gets_a_referral_on_their_record_which_is_left_unchanged(
    client, users, job, sms_outbox
):
    number = make_id()
    worker = make_worker(users["tongmu"], name="黄秀英", id_number=number, phone="13700137000")
    sign_up(client, job, sms_outbox, id_number=number, name="黄秀英", township="451324102")
    worker.refresh_from_db()
    assert worker.phone == "13700137000" and worker.township_id == TONGMU
    assert Worker.objects.count() == 1
    assert Referral.objects.get(worker=worker).source == "self"


def test_staff_see_a_self_sign_up_in_their_referral_list(client, users, job, sms_outbox):
    sign_up(client, job, sms_outbox)
    assert [r.source for r in referral_list(actor=users["tongmu"])] == ["self"]
    assert [r.source for r in referral_list(actor=users["employer"])] == []  # not its member
    assert referral_list(actor=users["dianbai"]).count() == 1  # its county's employer


def test_a_known_and_an_unknown_id_number_get_the_same_answers(client, users, job, sms_outbox):
    known = make_id()
    make_worker(users["tongmu"], id_number=known, phone="13700137000")
    answers = []
    for number, phone in ((known, "13700137000"), (make_id(), "13600136000")):
        asked = ask_code(client, job, id_number=number, phone=phone)
        confirmed = confirm(client, job, last_code(sms_outbox, phone))
        answers.append((asked.status_code, asked["Location"], confirmed.status_code, confirmed.content))
    assert answers[0] == answers[1]


def test_signing_up_twice_for_the_same_job_gets_the_same_answer_and_one_referral(client, job, sms_outbox):
    number = make_id()
    first = sign_up(client, job, sms_outbox, id_number=number)
    second = sign_up(client, job, sms_outbox, id_number=number)
    assert first.content == second.content
    assert Referral.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "451324199005171234", "校验"),
        ("phone", "12345", "手机号码应为11位"),
        ("name", "莫秀兰2", "姓名中不能含有数字"),
        ("township", "", "这个字段是必填项"),
        ("consent", "", "请阅读并勾选同意"),
    ],
)
def test_bad_input_is_refused_with_the_registrys_message_and_no_code_is_sent(
    client, job, sms_outbox, field, value, message
):
    response = ask_code(client, job, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert sms_outbox == []
    assert Worker.objects.count() == 0


def test_a_code_works_once(client, job, sms_outbox):
    ask_code(client, job)
    used = last_code(sms_outbox, PHONE)
    assert "报名已收到" in confirm(client, job, used).content.decode()
    ask_code(client, job, id_number=make_id())
    if last_code(sms_outbox, PHONE) != used:  # a new code (one in a million repeats the old one)
        assert "验证码不正确" in confirm(client, job, used).content.decode()
        assert Referral.objects.count() == 1


def test_a_used_code_is_refused(client, job, sms_outbox):
    ask_code(client, job)
    code = last_code(sms_outbox, PHONE)
    codes.code_check(phone=PHONE, code=code)
    with pytest.raises(codes.Refused):
        codes.code_check(phone=PHONE, code=code)


def test_a_code_expires_after_ten_minutes(client, job, sms_outbox, monkeypatch):
    ask_code(client, job)
    start = codes.now()
    monkeypatch.setattr(codes, "now", lambda: start + 10 * 60 + 1)
    response = confirm(client, job, last_code(sms_outbox, PHONE))
    assert "验证码不正确或已过期" in response.content.decode()
    assert Referral.objects.count() == 0


def test_five_wrong_codes_lock_the_phone_for_fifteen_minutes(client, job, sms_outbox, monkeypatch):
    ask_code(client, job)
    good = last_code(sms_outbox, PHONE)
    wrong = "000000" if good != "000000" else "111111"
    for _ in range(4):
        assert "验证码不正确" in confirm(client, job, wrong).content.decode()
    assert "暂停15分钟" in confirm(client, job, wrong).content.decode()
    assert "暂停15分钟" in confirm(client, job, good).content.decode()
    assert "暂停15分钟" in ask_code(client, job).content.decode()
    assert Referral.objects.count() == 0
    (lock,) = AuditEvent.objects.filter(action="lockout")
    assert (lock.actor_label, lock.success, lock.details["phone"]) == ("本人（门户）", False, "138****8000")
    start = codes.now()
    monkeypatch.setattr(codes, "now", lambda: start + 15 * 60 + 1)
    assert sign_up(client, job, sms_outbox).status_code == 200
    assert Referral.objects.count() == 1


def test_code_requests_are_limited_per_phone(client, job, sms_outbox, settings):
    settings.PORTAL_LIMITS = {**settings.PORTAL_LIMITS, "codes_per_phone": (3, 3600)}
    for _ in range(3):
        assert ask_code(client, job).status_code == 302
    refused = ask_code(client, job)
    assert refused.status_code == 200 and "操作过于频繁" in refused.content.decode()
    assert ask_code(client, job, phone="13600136000").status_code == 302


def test_code_requests_are_limited_per_address(client, job, sms_outbox, settings):
    settings.PORTAL_LIMITS = {**settings.PORTAL_LIMITS, "codes_per_ip": (2, 3600)}
    assert ask_code(client, job, phone="13600136001").status_code == 302
    assert ask_code(client, job, phone="13600136002").status_code == 302
    assert "操作过于频繁" in ask_code(client, job, phone="13600136003").content.decode()
    other = client.post(
        reverse("portal:apply", args=[job.pk]), form(phone="13600136004"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_sign_ups_are_limited_per_phone_and_per_address(client, open_vacancy, sms_outbox, settings):
    settings.PORTAL_LIMITS = {
        **settings.PORTAL_LIMITS,
        "sign_ups_per_phone": (1, 3600),
        "sign_ups_per_ip": (2, 3600),
    }
    jobs = [open_vacancy(title=f"岗位{n}") for n in range(3)]
    assert "报名已收到" in sign_up(client, jobs[0], sms_outbox).content.decode()
    assert "操作过于频繁" in sign_up(client, jobs[1], sms_outbox).content.decode()
    assert "报名已收到" in sign_up(client, jobs[1], sms_outbox, phone="13600136000").content.decode()
    assert "操作过于频繁" in sign_up(client, jobs[2], sms_outbox, phone="13500135000").content.decode()
    assert Referral.objects.count() == 2


def test_the_code_page_without_a_pending_sign_up_goes_back_to_the_form(client, job):
    response = client.get(reverse("portal:apply_confirm", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("portal:apply", args=[job.pk])


def test_the_session_keeps_no_plain_id_number_or_phone(client, job, sms_outbox):
    number = make_id()
    ask_code(client, job, id_number=number)
    stored = str(dict(client.session))
    assert number not in stored and PHONE not in stored


def test_the_text_message_sender_is_pluggable_and_the_log_sender_masks_the_phone(settings, caplog):
    from laborbridge.portal.sms import sms_send

    settings.SMS_BACKEND = "laborbridge.portal.sms.LogSmsBackend"
    sms_send(phone=PHONE, text="验证码123456")
    assert "138****8000" in caplog.text and "123456" in caplog.text and PHONE not in caplog.text


def test_the_page_only_queues_the_sign_up_and_the_task_writes_it(client, job, sms_outbox, monkeypatch):
    from laborbridge.portal import services, views

    queued = []
    monkeypatch.setattr(views, "portal_sign_up_queue", lambda **kwargs: queued.append(kwargs))
    response = sign_up(client, job, sms_outbox)
    assert "报名已收到" in response.content.decode()
    assert Referral.objects.count() == 0 and Worker.objects.count() == 0
    (task,) = queued
    assert PHONE not in task["sealed"]
    services.portal_sign_up_sealed(**task)
    assert Referral.objects.get().source == "self"
    assert AuditEvent.objects.filter(actor_label="本人（门户）", ip=task["ip"]).count() == 2


def test_a_job_closed_before_the_task_runs_gets_no_sign_up(client, users, job, sms_outbox, monkeypatch):
    from laborbridge.employers.services import vacancy_set_status
    from laborbridge.portal import services, views

    queued = []
    monkeypatch.setattr(views, "portal_sign_up_queue", lambda **kwargs: queued.append(kwargs))
    sign_up(client, job, sms_outbox)
    vacancy_set_status(actor=users["admin"], vacancy=job, status="closed")
    services.portal_sign_up_sealed(**queued[0])
    assert Referral.objects.count() == 0 and Worker.objects.count() == 0


def test_only_a_self_sign_up_may_be_written_by_the_person_themselves(users, job):
    from django.core.exceptions import PermissionDenied

    from laborbridge.accounts import policy
    from laborbridge.employment.services import referral_advance, referral_create

    worker = make_worker(users["tongmu"])
    with pytest.raises(PermissionDenied):
        referral_create(actor=policy.PORTAL, worker=worker, vacancy=job, source="staff")
    referral = referral_create(actor=policy.PORTAL, worker=worker, vacancy=job, source="self")
    with pytest.raises(PermissionDenied):
        referral_advance(actor=policy.PORTAL, referral=referral, status="intent")
    assert policy.capabilities(policy.PortalActor()) == dict.fromkeys(policy.GRANTS, False)


def test_the_person_themselves_may_register_but_never_change_a_record(users):
    from django.core.exceptions import PermissionDenied

    from laborbridge.accounts import policy
    from laborbridge.workers.services import worker_update

    worker = make_worker(policy.PORTAL, township="451324102")
    assert worker.created_by is None
    with pytest.raises(PermissionDenied):
        worker_update(actor=policy.PORTAL, worker=worker, phone=PHONE)


def test_the_audit_log_reads_a_self_sign_up_as_the_persons_own(client, users, job, sms_outbox):
    sign_up(client, job, sms_outbox)
    ask_code(client, job)
    for _ in range(5):
        confirm(client, job, "000000" if last_code(sms_outbox, PHONE) != "000000" else "111111")
    client.force_login(users["auditor"])
    html = client.get(reverse("accounts:audit")).content.decode()
    assert html.count("本人（门户）") >= 3 and "招工信息平台的短信验证码" in html
    assert PHONE not in html and "138****8000" not in html  # a person's detail, not for the auditor
