import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laborbridge.core.models import AuditEvent
from laborbridge.factories import DIANBAI_TOWNSHIP, TONGMU, TOUPAI, make_id, make_worker
from laborbridge.workers.models import Worker
from laborbridge.workers.services import worker_register, worker_update

pytestmark = pytest.mark.django_db


def errors_of(callable_, **kwargs):
    with pytest.raises(ValidationError) as info:
        callable_(**kwargs)
    return info.value.message_dict


def test_it_registers_a_worker_and_derives_sex_and_birth_date_from_the_id(users):
    number = make_id(birth=datetime.date(1988, 2, 3), sex="F")
    worker = worker_register(
        actor=users["tongmu"],
        name=" 盘  秀英 ",
        id_number=number.lower(),
        phone="+86 138-1234-5678",
        township=TONGMU,
        village="451324101200",
        poverty_status="alleviated",
        ethnicity="瑶族",
    )
    worker.refresh_from_db()
    assert worker.name == "盘 秀英"
    assert (worker.sex, worker.birth_date) == ("F", datetime.date(1988, 2, 3))
    assert worker.id_number == number and worker.phone == "13812345678"
    assert worker.id_number_masked == number[:6] + "**********" + number[-2:]
    assert worker.created_by == users["tongmu"]
    event = AuditEvent.objects.get(action="create", object_id=str(worker.pk))
    assert event.actor == users["tongmu"] and event.region_code == TONGMU


def test_a_given_sex_that_disagrees_with_the_id_is_an_error(users):
    errors = errors_of(
        worker_register,
        actor=users["tongmu"],
        name="赵明",
        township=TONGMU,
        id_number=make_id(sex="M"),
        sex="F",
    )
    assert "性别与公民身份号码不一致" in errors["sex"][0]
    assert not Worker.objects.exists()


def test_every_wrong_field_is_named_in_one_answer(users):
    errors = errors_of(
        worker_register,
        actor=users["tongmu"],
        name="",
        township="",
        id_number="123",
        phone="12345",
        poverty_status="rich",
    )
    assert set(errors) == {"name", "township", "id_number", "phone", "poverty_status"}


def test_a_village_must_lie_in_the_chosen_township(users):
    errors = errors_of(
        worker_register,
        actor=users["jinxiu"],
        name="赵明",
        township=TOUPAI,
        id_number=make_id(),
        village="451324101200",
    )
    assert "不属于头排镇" in errors["village"][0]


def test_a_worker_under_16_cannot_be_registered(users):
    young = make_id(birth=datetime.date.today() - datetime.timedelta(days=365 * 15))
    errors = errors_of(worker_register, actor=users["tongmu"], name="赵明", township=TONGMU, id_number=young)
    assert "未满16周岁" in errors["id_number"][0]


def test_the_same_id_in_another_region_is_refused_without_revealing_the_record(users):
    number = make_id()
    make_worker(users["dianbai"], name="冯德华", township=DIANBAI_TOWNSHIP, id_number=number)
    errors = errors_of(
        worker_register, actor=users["tongmu"], name="冯德华", township=TONGMU, id_number=number
    )
    message = errors["id_number"][0]
    assert "已在其他地区登记" in message
    assert "冯德华" not in message and "马踏" not in message and "电白" not in message
    assert Worker.objects.count() == 1


def test_each_conflict_with_another_regions_registration_is_audited(users):
    from laborbridge.core.models import AuditEvent

    number = make_id()
    make_worker(users["dianbai"], name="冯德华", township=DIANBAI_TOWNSHIP, id_number=number)
    errors_of(worker_register, actor=users["tongmu"], name="冯德华", township=TONGMU, id_number=number)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH).get()
    assert event.actor == users["tongmu"] and event.details == {
        "kind": "registered_elsewhere",
        "source": "register",
    }


def test_the_same_id_in_the_actors_own_county_names_the_record(users):
    number = make_id()
    existing = make_worker(users["tongmu"], name="冯德华", id_number=number)
    errors = errors_of(
        worker_register,
        actor=users["jinxiu"],
        name="冯德华",
        township=TOUPAI,
        id_number=number[:6] + " " + number[6:],
    )
    assert "冯德华" in errors["id_number"][0] and str(existing.pk) in errors["id_number"][0]


def test_a_15_digit_id_is_the_same_person_as_its_18_digit_form(users):
    make_worker(users["tongmu"], id_number="452230750301123")
    errors = errors_of(
        worker_register,
        actor=users["tongmu"],
        name="x",
        township=TONGMU,
        id_number=Worker.objects.get().id_number,
    )
    assert "id_number" in errors


def test_township_staff_cannot_register_outside_their_township(users):
    errors = errors_of(
        worker_register, actor=users["tongmu"], name="赵明", township=TOUPAI, id_number=make_id()
    )
    assert "不在您的管辖范围内" in errors["township"][0]


@pytest.mark.parametrize("role", ["xiezuo", "auditor", "employer"])
def test_read_only_roles_cannot_register(users, role):
    with pytest.raises(PermissionDenied):
        worker_register(actor=users[role], name="赵明", township=TONGMU, id_number=make_id())


def test_an_update_changes_only_what_is_given_and_records_which_fields(users):
    worker = make_worker(users["tongmu"], phone="13812345678")
    worker_update(actor=users["tongmu"], worker=worker, poverty_status="monitored", phone="139 0000 1111")
    worker.refresh_from_db()
    assert worker.poverty_status == "monitored" and worker.phone == "13900001111"
    event = AuditEvent.objects.get(action="update", object_id=str(worker.pk))
    assert sorted(event.details["fields"]) == ["phone", "poverty_status"]
    assert "13900001111" not in str(event.details)


def test_a_failed_update_changes_nothing(users):
    worker = make_worker(users["tongmu"], phone="13812345678")
    errors_of(worker_update, actor=users["tongmu"], worker=worker, poverty_status="monitored", phone="123")
    worker.refresh_from_db()
    assert worker.poverty_status == "ordinary" and worker.phone == "13812345678"


def test_moving_a_worker_out_of_the_actors_scope_is_refused(users):
    worker = make_worker(users["tongmu"])
    errors = errors_of(worker_update, actor=users["tongmu"], worker=worker, township=TOUPAI)
    assert "township" in errors


def test_the_county_may_move_a_worker_between_its_townships_and_the_old_village_is_cleared(users):
    worker = make_worker(users["jinxiu"], village="451324101200")
    worker_update(actor=users["jinxiu"], worker=worker, township=TOUPAI)
    worker.refresh_from_db()
    assert worker.township_id == TOUPAI and worker.village_id is None


@pytest.mark.parametrize("name", ["=SUM(A1)", "张三@", "<b>李四</b>"])
def test_a_name_holds_only_letters_and_the_middle_dot(users, name):
    errors = errors_of(
        worker_register, actor=users["tongmu"], name=name, township=TONGMU, id_number=make_id()
    )
    assert "name" in errors


def test_a_transliterated_name_with_a_middle_dot_is_accepted(users):
    worker = worker_register(
        actor=users["tongmu"], name="阿依古丽·买买提", township=TONGMU, id_number=make_id()
    )
    assert worker.name == "阿依古丽·买买提"


def test_an_update_is_audited_as_old_and_new_values_with_numbers_masked(users):
    from laborbridge.core.models import AuditEvent
    from laborbridge.workers.services import worker_update

    worker = make_worker(users["tongmu"], name="冯德华", phone="13800000001")
    worker_update(actor=users["tongmu"], worker=worker, phone="13900000002", poverty_status="alleviated")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).latest("id")
    assert event.details["changes"]["phone"] == ["138****0001", "139****0002"]
    assert event.details["changes"]["poverty_status"] == ["ordinary", "alleviated"]
    assert "13900000002" not in str(event.details)
