"""What a person typed and confirmed is kept beside the sign-up; one that differs from the registry is flagged
待核实 for staff to confirm or reject, while the public answer stays the same."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from laborbridge.core.models import AuditEvent
from laborbridge.employment.models import Referral
from laborbridge.factories import TONGMU, make_id, make_worker
from laborbridge.portal.models import SelfSignUp
from laborbridge.portal.selectors import self_sign_up_get, self_sign_ups_of
from laborbridge.portal.services import portal_class_sign_up_sealed, portal_sign_up_seal, self_sign_up_check
from laborbridge.portal.tests.conftest import last_code
from laborbridge.training.models import Enrolment
from laborbridge.training.services import class_set_status

pytestmark = pytest.mark.django_db

REGISTERED = "13700137000"
OTHER = "13500135000"


def sign_up(client, outbox, url_name, target, *, phone, **fields):
    data = {"name": "黄秀英", "phone": phone, "id_number": make_id(), "township": TONGMU, "consent": "on"}
    data.update(fields)
    asked = client.post(reverse(url_name, args=[target.pk]), data)
    assert asked.status_code == 302, asked.content.decode()
    return client.post(reverse(f"{url_name}_confirm", args=[target.pk]), {"code": last_code(outbox, phone)})


@pytest.fixture
def registered(users):
    number = make_id()
    return make_worker(users["tongmu"], name="黄秀英", id_number=number, phone=REGISTERED)


# --- what is kept, and the flags -------------------------------------------------------------------------------


def test_a_matching_sign_up_is_kept_with_the_confirmed_phone_encrypted_and_not_flagged(
    client, registered, job, sms_outbox
):
    sign_up(client, sms_outbox, "portal:apply", job, phone=REGISTERED, id_number=registered.id_number)
    (kept,) = SelfSignUp.objects.all()
    assert (kept.referral.worker, kept.name, kept.phone, kept.township_id) == (
        registered,
        "黄秀英",
        REGISTERED,
        TONGMU,
    )
    assert (kept.review, kept.reasons) == ("none", "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phone FROM {SelfSignUp._meta.db_table}")
        (raw,) = cursor.fetchone()
    assert REGISTERED not in raw and raw.startswith("v1:")  # ciphertext at rest
    assert kept.phone_masked == "137****7000"


def test_a_person_new_to_the_registry_is_not_flagged(client, job, sms_outbox):
    sign_up(client, sms_outbox, "portal:apply", job, phone=OTHER, name="莫秀兰")
    assert SelfSignUp.objects.get().review == "none"


def test_another_phone_on_a_registered_id_number_is_flagged(client, registered, job, sms_outbox):
    sign_up(client, sms_outbox, "portal:apply", job, phone=OTHER, id_number=registered.id_number)
    kept = SelfSignUp.objects.get()
    assert (kept.review, kept.reasons) == ("pending", "报名手机号与登记不一致")
    assert kept.referral.status == "applied"  # kept open for staff, not silently closed


def test_another_name_on_a_registered_id_number_is_flagged(client, registered, job, sms_outbox):
    sign_up(
        client,
        sms_outbox,
        "portal:apply",
        job,
        phone=REGISTERED,
        name="韦小红",
        id_number=registered.id_number,
    )
    kept = SelfSignUp.objects.get()
    assert (kept.review, kept.reasons, kept.name) == ("pending", "报名姓名与登记不一致", "韦小红")


def test_both_differences_are_named(client, registered, job, sms_outbox):
    sign_up(
        client, sms_outbox, "portal:apply", job, phone=OTHER, name="韦小红", id_number=registered.id_number
    )
    assert SelfSignUp.objects.get().reasons == "报名手机号与登记不一致；报名姓名与登记不一致"


def test_a_record_without_a_phone_flags_any_confirmed_phone(client, users, job, sms_outbox):
    worker = make_worker(users["tongmu"], name="黄秀英")
    sign_up(client, sms_outbox, "portal:apply", job, phone=OTHER, id_number=worker.id_number)
    assert SelfSignUp.objects.get().reasons == "报名手机号与登记不一致"


def test_a_class_application_is_flagged_the_same_way(client, registered, tea_class, sms_outbox):
    sign_up(client, sms_outbox, "portal:class_apply", tea_class, phone=OTHER, id_number=registered.id_number)
    kept = SelfSignUp.objects.get()
    assert (kept.enrolment.worker, kept.enrolment.status, kept.review) == (registered, "applied", "pending")


def test_the_public_answer_is_the_same_whether_flagged_or_not(client, registered, open_vacancy, sms_outbox):
    jobs = [open_vacancy(title="水产品加工普工") for _ in range(3)]
    answers = []
    for job, phone, name, number in (
        (jobs[0], REGISTERED, "黄秀英", registered.id_number),  # matches
        (jobs[1], OTHER, "韦小红", registered.id_number),  # flagged
        (jobs[2], "13600136000", "莫秀兰", make_id()),  # new
    ):
        response = sign_up(client, sms_outbox, "portal:apply", job, phone=phone, name=name, id_number=number)
        answers.append((response.status_code, response.content.decode().replace(f"/jobs/{job.pk}/", "")))
    assert answers[0] == answers[1] == answers[2]
    assert sorted(SelfSignUp.objects.values_list("review", flat=True)) == ["none", "none", "pending"]


def test_a_second_sign_up_for_the_same_job_adds_nothing(client, registered, job, sms_outbox):
    for _ in range(2):
        sign_up(client, sms_outbox, "portal:apply", job, phone=OTHER, id_number=registered.id_number)
    assert SelfSignUp.objects.count() == 1 and Referral.objects.count() == 1


def test_a_queued_class_application_for_a_class_no_longer_open_is_dropped(users, tea_class):
    sealed = portal_sign_up_seal(phone=OTHER, name="莫秀兰", id_number=make_id(), township=TONGMU)
    class_set_status(actor=users["jinxiu"], training_class=tea_class, status="running")
    portal_class_sign_up_sealed(class_id=tea_class.pk, sealed=sealed)
    assert Enrolment.objects.count() == SelfSignUp.objects.count() == 0


# --- the worker's own page -------------------------------------------------------------------------------------


def open_own_page(client, outbox, phone):
    client.post(reverse("portal:me"), {"phone": phone})
    client.post(reverse("portal:me_confirm"), {"code": last_code(outbox, phone)})
    return client.get(reverse("portal:me")).content.decode()


def test_the_confirmed_phone_shows_its_sign_up_without_the_record_it_landed_on(
    client, users, registered, job, open_vacancy, sms_outbox
):
    from laborbridge.employment.services import referral_create

    referral_create(actor=users["tongmu"], worker=registered, vacancy=open_vacancy(title="冷库搬运工"))
    sign_up(
        client, sms_outbox, "portal:apply", job, phone=OTHER, name="韦小红", id_number=registered.id_number
    )
    client.post(reverse("portal:me_sign_out"))
    html = open_own_page(client, sms_outbox, OTHER)
    assert "水产品加工普工" in html and "待工作人员核实" in html and "韦小红" in html
    assert "冷库搬运工" not in html  # the record's other referrals
    assert registered.id_number_masked not in html and "黄秀英" not in html


def test_the_registry_phone_shows_the_record_with_the_sign_up_once(client, registered, job, sms_outbox):
    sign_up(client, sms_outbox, "portal:apply", job, phone=REGISTERED, id_number=registered.id_number)
    client.post(reverse("portal:me_sign_out"))
    html = open_own_page(client, sms_outbox, REGISTERED)
    assert html.count("水产品加工普工") == 1 and registered.id_number_masked in html


def test_a_rejected_sign_up_shows_as_such_under_the_confirmed_phone(
    client, users, registered, job, sms_outbox
):
    sign_up(client, sms_outbox, "portal:apply", job, phone=OTHER, id_number=registered.id_number)
    self_sign_up_check(actor=users["tongmu"], sign_up=SelfSignUp.objects.get(), confirm=False)
    client.post(reverse("portal:me_sign_out"))
    assert "报名信息核实不符" in open_own_page(client, sms_outbox, OTHER)


# --- staff: see, confirm, reject -------------------------------------------------------------------------------


@pytest.fixture
def flagged(client, registered, job, sms_outbox):
    sign_up(
        client, sms_outbox, "portal:apply", job, phone=OTHER, name="韦小红", id_number=registered.id_number
    )
    client.post(reverse("portal:me_sign_out"))
    return SelfSignUp.objects.get()


def test_staff_see_the_flag_on_the_workers_page_with_the_phone_masked(client, users, registered, flagged):
    client.force_login(users["tongmu"])
    html = client.get(reverse("workers:detail", args=[registered.pk])).content.decode()
    assert "待核实" in html and "报名姓名与登记不一致" in html and "韦小红" in html
    assert "135****5000" in html and OTHER not in html
    assert "确认无误" in html and "核实不符" in html


def test_a_reader_sees_the_flag_without_the_buttons(client, users, registered, flagged):
    client.force_login(users["xiezuo"])
    html = client.get(reverse("workers:detail", args=[registered.pk])).content.decode()
    assert "待核实" in html and "确认无误" not in html


def test_confirming_keeps_the_referral_and_is_audited(users, flagged):
    checked = self_sign_up_check(actor=users["tongmu"], sign_up=flagged, confirm=True)
    assert (checked.review, checked.checked_by) == ("confirmed", users["tongmu"])
    assert checked.referral.status == "applied"
    event = AuditEvent.objects.filter(object_type="employment.referral", action="update").latest("id")
    assert event.details["self_sign_up"] == ["pending", "confirmed"]
    assert event.actor == users["tongmu"] and event.region_code == TONGMU


def test_rejecting_closes_the_referral_as_declined_with_the_reason_and_is_audited(users, flagged):
    checked = self_sign_up_check(actor=users["tongmu"], sign_up=flagged, confirm=False)
    referral = Referral.objects.get(pk=checked.referral_id)
    assert (checked.review, referral.status, referral.declined_reason) == (
        "rejected",
        "declined",
        "报名信息核实不符",
    )
    events = AuditEvent.objects.filter(
        object_type="employment.referral", action="update", actor=users["tongmu"]
    )
    (finding,) = [e for e in events if e.details.get("self_sign_up") == ["pending", "rejected"]]
    assert finding.details["reasons"] == "报名手机号与登记不一致；报名姓名与登记不一致"
    assert events.count() == 2  # the step to 未成功, and the finding


def test_rejecting_a_class_application_drops_it_with_the_reason(
    client, users, registered, tea_class, sms_outbox
):
    sign_up(client, sms_outbox, "portal:class_apply", tea_class, phone=OTHER, id_number=registered.id_number)
    checked = self_sign_up_check(actor=users["jinxiu"], sign_up=SelfSignUp.objects.get(), confirm=False)
    enrolment = Enrolment.objects.get(pk=checked.enrolment_id)
    assert (enrolment.status, enrolment.dropped_reason) == ("dropped", "报名信息核实不符")


def test_a_class_application_is_settled_only_by_who_may_enrol_in_the_class(
    client, users, registered, tea_class, sms_outbox
):
    sign_up(client, sms_outbox, "portal:class_apply", tea_class, phone=OTHER, id_number=registered.id_number)
    with pytest.raises(PermissionDenied):  # 桐木镇 writes the worker but does not run the class
        self_sign_up_check(actor=users["tongmu"], sign_up=SelfSignUp.objects.get(), confirm=True)


def test_a_reader_may_not_settle_a_flag(users, flagged):
    with pytest.raises(PermissionDenied):
        self_sign_up_check(actor=users["xiezuo"], sign_up=flagged, confirm=False)
    flagged.refresh_from_db()
    assert flagged.review == "pending"


def test_a_settled_or_unflagged_sign_up_is_not_settled_again(users, flagged):
    self_sign_up_check(actor=users["tongmu"], sign_up=flagged, confirm=True)
    with pytest.raises(ValidationError, match="已核实"):
        self_sign_up_check(actor=users["tongmu"], sign_up=flagged, confirm=False)
    assert Referral.objects.get().status == "applied"


def test_a_rejection_of_a_referral_already_closed_still_records_the_finding(users, flagged):
    from laborbridge.employment.services import referral_advance

    referral_advance(actor=users["tongmu"], referral=flagged.referral, status="declined", reason="本人放弃")
    checked = self_sign_up_check(actor=users["tongmu"], sign_up=flagged, confirm=False)
    assert checked.review == "rejected" and Referral.objects.get().declined_reason == "本人放弃"


def test_the_review_page_confirms_and_goes_back_to_the_worker(client, users, registered, flagged):
    client.force_login(users["tongmu"])
    response = client.post(reverse("sign_ups:review", args=[flagged.pk]), {"decision": "confirm"})
    assert response["Location"] == reverse("workers:detail", args=[registered.pk])
    flagged.refresh_from_db()
    assert flagged.review == "confirmed"


def test_the_review_page_rejects_an_unknown_decision_and_changes_nothing(client, users, flagged):
    client.force_login(users["tongmu"])
    client.post(reverse("sign_ups:review", args=[flagged.pk]), {"decision": "maybe"})
    flagged.refresh_from_db()
    assert flagged.review == "pending"


def test_staff_of_another_county_do_not_find_the_sign_up(users, registered, flagged):
    from django.http import Http404

    with pytest.raises(Http404):
        self_sign_up_get(actor=users["dianbai"], pk=flagged.pk)
    assert self_sign_ups_of(actor=users["dianbai"], worker=registered) == []
    assert self_sign_ups_of(actor=users["xiezuo"], worker=registered) == [flagged]


def test_erasing_the_worker_erases_what_their_sign_ups_kept(
    client, users, registered, flagged, tea_class, sms_outbox
):
    from laborbridge.privacy.services import worker_erase

    sign_up(client, sms_outbox, "portal:class_apply", tea_class, phone=OTHER, id_number=registered.id_number)
    assert SelfSignUp.objects.count() == 2
    counts = worker_erase(actor=users["admin"], worker=registered, reason="本人申请删除")
    assert SelfSignUp.objects.count() == 0
    assert counts["referrals"] == 1  # the one referral, not the sign-up rows that went with it


def test_after_choosing_one_of_a_familys_records_the_others_sign_ups_stay_hidden(
    client, users, open_vacancy, sms_outbox
):
    first = make_worker(users["tongmu"], name="黄秀英", phone=REGISTERED)
    number = make_id()
    while number[-4:] == first.id_number[-4:]:  # the last four digits tell the two apart
        number = make_id()
    second = make_worker(users["tongmu"], name="黄秀梅", phone=REGISTERED, id_number=number)
    sign_up(client, sms_outbox, "portal:apply", open_vacancy(title="冷库搬运工"), phone=REGISTERED, name="黄秀梅",
            id_number=second.id_number)  # fmt: skip
    client.post(reverse("portal:me_sign_out"))
    client.post(reverse("portal:me"), {"phone": REGISTERED})
    chosen = client.post(reverse("portal:me_confirm"), {"code": last_code(sms_outbox, REGISTERED)})
    assert chosen["Location"] == reverse("portal:me_last4")
    client.post(reverse("portal:me_last4"), {"last4": first.id_number[-4:]})
    html = client.get(reverse("portal:me")).content.decode()
    assert first.id_number_masked in html
    assert "冷库搬运工" not in html and "黄秀梅" not in html
