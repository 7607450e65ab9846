import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laborbridge.core.models import AuditEvent
from laborbridge.employment.models import FollowUp
from laborbridge.employment.selectors import follow_up_list
from laborbridge.employment.services import follow_up_answer
from laborbridge.factories import DIANBAI, JINXIU, XINCHENG, make_id, make_training_class, make_worker
from laborbridge.regions.models import Region
from laborbridge.training.models import Attendance, Enrolment, TrainingClass
from laborbridge.training.services import (
    attendance_record,
    certificate_issue,
    class_create,
    class_set_status,
    class_update,
    enrolment_apply,
    enrolment_complete,
    enrolment_drop,
    enrolment_enrol,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def chef(users):
    return make_training_class(users["jinxiu"])


@pytest.fixture
def trainee(users):
    return make_worker(users["tongmu"], name="黄秀英")


def finished_with(users, training_class, worker):
    enrolment = enrolment_enrol(actor=users["jinxiu"], training_class=training_class, worker=worker)
    class_set_status(actor=users["jinxiu"], training_class=training_class, status="running")
    enrolment_complete(actor=users["jinxiu"], enrolment=enrolment)
    class_set_status(actor=users["jinxiu"], training_class=training_class, status="finished")
    return Enrolment.objects.get(pk=enrolment.pk)


def test_a_class_is_created_with_its_organisers_and_audited(users, chef):
    assert sorted(chef.organisers.values_list("code", flat=True)) == [DIANBAI, JINXIU]
    assert chef.status == "planned"
    assert AuditEvent.objects.filter(object_type="training.trainingclass", object_id=str(chef.pk)).exists()


def test_it_refuses_a_class_that_ends_before_it_starts(users):
    with pytest.raises(ValidationError) as exc:
        make_training_class(users["jinxiu"], start=D(2024, 5, 10), end=D(2024, 5, 1))
    assert "结业日期不能早于开班日期" in exc.value.message_dict["end"][0]
    assert not TrainingClass.objects.exists()


def test_it_refuses_a_class_not_organised_by_the_actors_own_county(users):
    with pytest.raises(ValidationError) as exc:
        make_training_class(users["jinxiu"], organisers=(DIANBAI,))
    assert "组织地区须包括本县（区）" in exc.value.message_dict["organisers"]


def test_a_township_clerk_does_not_open_classes(users):
    with pytest.raises(PermissionDenied):
        make_training_class(users["tongmu"])


def test_an_organising_partner_manages_the_class_and_an_outsider_may_not(users, chef):
    class_update(actor=users["dianbai"], training_class=chef, teachers="李师傅")
    with pytest.raises(PermissionDenied):
        class_update(actor=users["maonan"], training_class=chef, teachers="王师傅")
    chef.refresh_from_db()
    assert chef.teachers == "李师傅"


def test_it_refuses_a_capacity_below_the_trainees_enrolled(users, chef):
    for name in ("甲", "乙"):
        enrolment_enrol(
            actor=users["jinxiu"], training_class=chef, worker=make_worker(users["tongmu"], name=name)
        )
    with pytest.raises(ValidationError) as exc:
        class_update(actor=users["jinxiu"], training_class=chef, capacity=1)
    assert "不能少于已录取的2人" in exc.value.message_dict["capacity"][0]


def test_the_status_goes_planned_running_finished_and_not_back(users, chef):
    class_set_status(actor=users["jinxiu"], training_class=chef, status="running")
    with pytest.raises(ValidationError) as exc:
        class_set_status(actor=users["jinxiu"], training_class=chef, status="planned")
    assert "不能从“培训中”直接变为“筹备中”" in exc.value.message_dict["status"][0]


def test_enrolment_is_within_the_actors_worker_scope(users, chef):
    outsider = make_worker(
        users["admin"], name="外县人", township="451321100", id_number=make_id(code=XINCHENG)
    )
    with pytest.raises(PermissionDenied):
        enrolment_enrol(actor=users["jinxiu"], training_class=chef, worker=outsider)
    # 电白 organises the class, but a 金秀 worker is 金秀's to enrol.
    with pytest.raises(PermissionDenied):
        enrolment_enrol(actor=users["dianbai"], training_class=chef, worker=make_worker(users["tongmu"]))


def test_a_worker_enrolled_twice_is_one_enrolment(users, chef, trainee):
    first = enrolment_apply(actor=users["jinxiu"], training_class=chef, worker=trainee)
    again = enrolment_apply(actor=users["jinxiu"], training_class=chef, worker=trainee)
    enrolled = enrolment_enrol(actor=users["jinxiu"], training_class=chef, worker=trainee)
    enrolment_enrol(actor=users["jinxiu"], training_class=chef, worker=trainee)
    assert first.pk == again.pk == enrolled.pk
    assert Enrolment.objects.get().status == "enrolled"


def test_no_enrolment_beyond_capacity(users, trainee):
    small = make_training_class(users["jinxiu"], capacity=1)
    enrolment_enrol(actor=users["jinxiu"], training_class=small, worker=trainee)
    applicant = enrolment_apply(
        actor=users["jinxiu"], training_class=small, worker=make_worker(users["tongmu"])
    )
    with pytest.raises(ValidationError) as exc:
        enrolment_enrol(actor=users["jinxiu"], training_class=small, worker=applicant.worker)
    assert "培训班已满（计划1人）" in exc.value.message_dict["worker"][0]
    assert Enrolment.objects.get(pk=applicant.pk).status == "applied"


def test_a_dropped_trainee_frees_the_place_and_needs_a_reason(users, trainee):
    small = make_training_class(users["jinxiu"], capacity=1)
    enrolment = enrolment_enrol(actor=users["jinxiu"], training_class=small, worker=trainee)
    with pytest.raises(ValidationError) as exc:
        enrolment_drop(actor=users["jinxiu"], enrolment=enrolment, reason="  ")
    assert exc.value.message_dict["reason"] == ["请填写退出原因"]
    enrolment_drop(actor=users["jinxiu"], enrolment=enrolment, reason="家中有事")
    other = enrolment_enrol(actor=users["jinxiu"], training_class=small, worker=make_worker(users["tongmu"]))
    assert other.status == "enrolled"
    assert Enrolment.objects.get(pk=enrolment.pk).dropped_reason == "家中有事"


def test_attendance_only_for_enrolled_trainees_on_class_days(users, chef, trainee):
    enrolment = enrolment_enrol(actor=users["jinxiu"], training_class=chef, worker=trainee)
    applicant = enrolment_apply(
        actor=users["jinxiu"], training_class=chef, worker=make_worker(users["tongmu"])
    )
    attendance_record(
        actor=users["jinxiu"], training_class=chef, day=D(2024, 5, 6), present={enrolment.pk: True}
    )
    attendance_record(
        actor=users["jinxiu"], training_class=chef, day=D(2024, 5, 6), present={enrolment.pk: False}
    )
    assert list(Attendance.objects.values_list("day", "present")) == [(D(2024, 5, 6), False)]
    with pytest.raises(ValidationError) as exc:
        attendance_record(
            actor=users["jinxiu"], training_class=chef, day=D(2024, 5, 30), present={enrolment.pk: True}
        )
    assert "不是上课日期" in exc.value.message_dict["day"][0]
    with pytest.raises(ValidationError) as exc:
        attendance_record(
            actor=users["jinxiu"],
            training_class=chef,
            day=D(2024, 5, 7),
            present={enrolment.pk: True, applicant.pk: True},
        )
    assert "只能为已录取的学员记录出勤" in exc.value.message_dict["present"][0]
    assert Attendance.objects.count() == 1  # nothing half-saved


def test_no_certificate_without_completion(users, chef, trainee):
    enrolment = enrolment_enrol(actor=users["jinxiu"], training_class=chef, worker=trainee)
    with pytest.raises(ValidationError) as exc:
        certificate_issue(
            actor=users["jinxiu"],
            enrolment=enrolment,
            kind="skill_level",
            number="S001",
            issued_on=D(2024, 6, 1),
        )
    assert exc.value.message_dict["enrolment"] == ["学员结业后才能登记证书"]
    enrolment_complete(actor=users["jinxiu"], enrolment=enrolment)
    certificate = certificate_issue(
        actor=users["jinxiu"],
        enrolment=enrolment,
        kind="skill_level",
        level="五级",
        number="S001",
        issued_on=D(2024, 6, 1),
    )
    assert (certificate.kind, certificate.level, certificate.number) == ("skill_level", "五级", "S001")


def test_completion_is_not_before_the_class_ends(users, chef, trainee):
    enrolment = enrolment_enrol(actor=users["jinxiu"], training_class=chef, worker=trainee)
    with pytest.raises(ValidationError) as exc:
        enrolment_complete(actor=users["jinxiu"], enrolment=enrolment, on=D(2024, 5, 20))
    assert "结业日期不能早于培训班结束日期（2024-05-25）" in exc.value.message_dict["on"][0]


def test_a_class_does_not_finish_with_trainees_left_undecided(users, chef, trainee):
    enrolment_enrol(actor=users["jinxiu"], training_class=chef, worker=trainee)
    class_set_status(actor=users["jinxiu"], training_class=chef, status="running")
    with pytest.raises(ValidationError) as exc:
        class_set_status(actor=users["jinxiu"], training_class=chef, status="finished")
    assert "还有学员未办理结业或退出" in exc.value.message_dict["status"][0]


def test_finishing_a_class_schedules_trainee_follow_ups_at_1_3_6_months(users, chef, trainee):
    enrolment = finished_with(users, chef, trainee)
    assert list(FollowUp.objects.filter(enrolment=enrolment).values_list("months", "due_on")) == [
        (1, D(2024, 6, 25)),
        (3, D(2024, 8, 25)),
        (6, D(2024, 11, 25)),
    ]
    listed = follow_up_list(actor=users["tongmu"], due_by=D(2024, 7, 1))
    assert [(task.worker.name, task.months) for task in listed] == [("黄秀英", 1)]
    assert not follow_up_list(actor=users["maonan"], due_by=D(2024, 12, 31)).exists()


def test_a_trainee_follow_up_records_the_answer(users, chef, trainee):
    enrolment = finished_with(users, chef, trainee)
    task = FollowUp.objects.get(enrolment=enrolment, months=1)
    follow_up_answer(actor=users["tongmu"], follow_up=task, still_working=True, on=D(2024, 6, 26))
    task.refresh_from_db()
    assert (task.answered_on, task.still_working) == (D(2024, 6, 26), True)


def test_a_follow_up_belongs_to_exactly_one_spell_or_trainee(users):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(months=1, due_on=D(2024, 1, 1))


def test_a_class_of_a_county_without_pairing_is_out_of_reach(users):
    xincheng = class_create(
        actor=users["admin"],
        organisers=[Region.objects.get(code=XINCHENG)],
        programme=make_training_class(users["jinxiu"]).programme,
        name="新城班",
        provider="新城职校",
        place=Region.objects.get(code="451321100"),
        start=D(2024, 5, 1),
        end=D(2024, 5, 2),
        capacity=10,
    )
    with pytest.raises(PermissionDenied):
        class_update(actor=users["jinxiu"], training_class=xincheng, teachers="x")
