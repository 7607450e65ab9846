import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laborbridge.core.models import AuditEvent
from laborbridge.employment.models import Channel, Referral
from laborbridge.employment.services import referral_advance
from laborbridge.factories import TONGMU, make_id, make_worker
from laborbridge.fairs.models import FairVisit
from laborbridge.fairs.services import (
    consultation_record,
    fair_check_in,
    fair_intent_record,
    fair_preregister,
    fair_set_status,
    fair_update,
    fair_walk_in,
    position_add,
)
from laborbridge.fairs.tests.conftest import plan_fair

pytestmark = pytest.mark.django_db


def test_the_organising_county_plans_a_fair_and_the_partner_may_not(users):
    fair = plan_fair(users["jinxiu"])
    assert fair.status == "planned" and [r.code for r in fair.organisers.all()] == ["451324"]
    with pytest.raises(ValidationError) as refused:
        plan_fair(users["dianbai"])
    assert "organisers" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        plan_fair(users["tongmu"])


def test_it_rejects_a_fair_that_ends_before_it_starts(users):
    with pytest.raises(ValidationError) as refused:
        plan_fair(users["jinxiu"], starts_at=datetime.time(12), ends_at=datetime.time(9))
    assert "ends_at" in refused.value.message_dict


def test_the_status_goes_planned_open_closed_and_never_back(users):
    fair = plan_fair(users["jinxiu"])
    with pytest.raises(ValidationError):
        fair_set_status(actor=users["jinxiu"], fair=fair, status="closed")
    fair = fair_set_status(actor=users["jinxiu"], fair=fair, status="open")
    fair = fair_set_status(actor=users["jinxiu"], fair=fair, status="closed")
    with pytest.raises(ValidationError):
        fair_set_status(actor=users["jinxiu"], fair=fair, status="open")
    with pytest.raises(ValidationError):
        fair_update(actor=users["jinxiu"], fair=fair, title="改名")


def test_a_partner_county_may_not_change_the_fair(users, fair_world):
    with pytest.raises(PermissionDenied):
        fair_update(actor=users["dianbai"], fair=fair_world["fair"], title="改名")


def test_a_position_must_be_the_participating_employers_open_vacancy(users, fair_world):
    participation = fair_world["position"].participation
    with pytest.raises(ValidationError) as refused:
        position_add(
            actor=users["jinxiu"], participation=participation, vacancy=fair_world["vacancy"], headcount=5
        )
    assert "已在本次招聘会" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        position_add(
            actor=users["jinxiu"],
            participation=participation,
            vacancy=fair_world["other_vacancy"],
            headcount=0,
        )
    assert "headcount" in refused.value.message_dict


def test_a_second_check_in_is_the_same_visit(users, fair_world):
    worker = make_worker(users["tongmu"], township=TONGMU)
    first, created = fair_check_in(actor=users["tongmu"], fair=fair_world["fair"], worker=worker)
    again, created_again = fair_check_in(actor=users["jinxiu"], fair=fair_world["fair"], worker=worker)
    assert created and not created_again and first.pk == again.pk
    assert FairVisit.objects.filter(fair=fair_world["fair"]).count() == 1


def test_a_walk_in_is_found_by_id_number_first(users, fair_world):
    number = make_id()
    worker = make_worker(users["tongmu"], id_number=number)
    visit, _created = fair_walk_in(
        actor=users["tongmu"], fair=fair_world["fair"], id_number=number, name="别名"
    )
    assert visit.worker_id == worker.pk and not visit.walk_in


def test_a_walk_in_not_in_the_registry_is_registered_on_the_spot(users, fair_world):
    visit, created = fair_walk_in(
        actor=users["tongmu"], fair=fair_world["fair"], id_number=make_id(), name="黄秀英", township=TONGMU,
        phone="13800138000",
    )  # fmt: skip
    assert created and visit.walk_in and visit.worker.name == "黄秀英"


def test_a_walk_in_with_a_bad_id_gets_the_registrys_message(users, fair_world):
    with pytest.raises(ValidationError) as refused:
        fair_walk_in(actor=users["tongmu"], fair=fair_world["fair"], id_number="451324199005170000", name="黄秀英",
                     township=TONGMU)  # fmt: skip
    assert "校验位" in str(refused.value.message_dict["id_number"])


def test_check_in_is_refused_before_the_fair_opens(users):
    fair = plan_fair(users["jinxiu"])
    worker = make_worker(users["tongmu"])
    with pytest.raises(ValidationError):
        fair_check_in(actor=users["tongmu"], fair=fair, worker=worker)


def _visitor(users, fair_world):
    worker = make_worker(users["tongmu"], township=TONGMU)
    fair_check_in(actor=users["tongmu"], fair=fair_world["fair"], worker=worker)
    return worker


def test_the_employer_records_an_intent_that_a_hire_carries_as_job_fair(users, fair_world):
    worker = _visitor(users, fair_world)
    intent = fair_intent_record(
        actor=users["employer"], fair=fair_world["fair"], worker=worker, vacancy=fair_world["vacancy"]
    )
    referral = intent.referral
    assert (referral.source, referral.status) == (Referral.Source.JOB_FAIR, Referral.Status.INTENT)
    assert [s.status for s in referral.steps.all()] == ["recommended", "intent"]
    referral_advance(actor=users["jinxiu"], referral=referral, status="hired", monthly_income=4500)
    assert referral.employment.channel == Channel.JOB_FAIR


def test_the_eastern_bureau_records_an_intent_for_a_visitor(users, fair_world):
    worker = _visitor(users, fair_world)
    intent = fair_intent_record(
        actor=users["dianbai"], fair=fair_world["fair"], worker=worker, vacancy=fair_world["vacancy"]
    )
    assert intent.referral.status == "intent"


def test_the_eastern_bureau_takes_no_other_step_of_the_referral(users, fair_world):
    worker = _visitor(users, fair_world)
    intent = fair_intent_record(
        actor=users["dianbai"], fair=fair_world["fair"], worker=worker, vacancy=fair_world["vacancy"]
    )
    with pytest.raises(PermissionDenied):
        referral_advance(actor=users["dianbai"], referral=intent.referral, status="hired")


def test_an_intent_for_someone_who_did_not_check_in_is_refused(users, fair_world):
    worker = make_worker(users["tongmu"])
    with pytest.raises(ValidationError) as refused:
        fair_intent_record(actor=users["employer"], fair=fair_world["fair"], worker=worker,
                           vacancy=fair_world["vacancy"])  # fmt: skip
    assert "worker" in refused.value.message_dict


def test_an_intent_for_a_vacancy_not_at_the_fair_is_refused(users, fair_world):
    worker = _visitor(users, fair_world)
    with pytest.raises(ValidationError) as refused:
        fair_intent_record(actor=users["jinxiu"], fair=fair_world["fair"], worker=worker,
                           vacancy=fair_world["other_vacancy"])  # fmt: skip
    assert "不在本次招聘会" in str(refused.value)


def test_an_intent_at_a_closed_fair_is_refused(users, fair_world):
    worker = _visitor(users, fair_world)
    fair = fair_set_status(actor=users["jinxiu"], fair=fair_world["fair"], status="closed")
    with pytest.raises(ValidationError):
        fair_intent_record(actor=users["employer"], fair=fair, worker=worker, vacancy=fair_world["vacancy"])
    assert not Referral.objects.exists()


def test_an_intent_at_a_planned_fair_is_refused(users):
    fair = plan_fair(users["jinxiu"])
    worker = make_worker(users["tongmu"])
    with pytest.raises(ValidationError):
        fair_intent_record(actor=users["jinxiu"], fair=fair, worker=worker, vacancy=None)


def test_a_role_without_the_right_records_no_intent(users, fair_world):
    worker = _visitor(users, fair_world)
    for role in ("xiezuo", "auditor"):
        with pytest.raises(PermissionDenied):
            fair_intent_record(actor=users[role], fair=fair_world["fair"], worker=worker,
                               vacancy=fair_world["vacancy"])  # fmt: skip


def test_a_preregistration_twice_with_one_phone_is_one(users, fair_world):
    fair = fair_world["fair"]
    first = fair_preregister(fair=fair, name="黄秀英", phone="13800138000", township=TONGMU)
    second = fair_preregister(
        fair=fair, name="黄秀英", phone="138 0013 8000", township=TONGMU, looking_for="普工"
    )
    assert first.pk == second.pk and fair.preregistrations.get().looking_for == "普工"


def test_a_preregistration_validates_phone_and_township_like_the_registry(users, fair_world):
    with pytest.raises(ValidationError) as refused:
        fair_preregister(fair=fair_world["fair"], name="黄秀英", phone="1380013", township="999999999")
    assert set(refused.value.message_dict) == {"phone", "township"}


def test_a_consultation_may_be_anonymous_and_needs_a_topic_from_the_list(users, fair_world):
    consultation = consultation_record(
        actor=users["tongmu"], fair=fair_world["fair"], topic="social_insurance"
    )
    assert consultation.worker is None and consultation.staff == users["tongmu"]
    with pytest.raises(ValidationError):
        consultation_record(actor=users["tongmu"], fair=fair_world["fair"], topic="weather")
    with pytest.raises(PermissionDenied):
        consultation_record(actor=users["employer"], fair=fair_world["fair"], topic="training")


def test_a_person_registered_where_the_door_cannot_see_gets_the_registrys_answer(users, fair_world):
    from laborbridge.factories import XINCHENG_TOWNSHIP

    number = make_id(code="451321")
    make_worker(users["admin"], id_number=number, township=XINCHENG_TOWNSHIP)
    with pytest.raises(ValidationError) as refused:
        fair_walk_in(actor=users["tongmu"], fair=fair_world["fair"], id_number=number, name="韦小红",
                     township=TONGMU)  # fmt: skip
    assert "已在其他地区登记" in str(refused.value) and not FairVisit.objects.exists()
    assert AuditEvent.objects.filter(details__kind="registered_elsewhere", details__source="fair").exists()
