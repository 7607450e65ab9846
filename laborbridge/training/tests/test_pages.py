import datetime
import io

import pytest
from python_calamine import CalamineWorkbook

from laborbridge.core.models import AuditEvent
from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.models import Referral
from laborbridge.factories import make_employer, make_training_class, make_vacancy, make_worker
from laborbridge.training.models import Attendance, Certificate, Enrolment, TrainingClass

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def jinxiu(client, users):
    client.force_login(users["jinxiu"])
    return client


def test_a_bureau_opens_a_class_from_the_page(jinxiu, users):
    make_training_class(users["jinxiu"], name="旧班")  # the programme exists
    programme = TrainingClass.objects.get().programme
    response = jinxiu.post(
        "/training/new/",
        {
            "programme": programme.pk, "name": "粤菜师傅第二期", "provider": "佛山市创业职业技工学校",
            "place": "451324101", "start": "2024-05-06", "end": "2024-05-25", "capacity": "40",
            "organisers": ["451324", "440904"],
        },
    )  # fmt: skip
    created = TrainingClass.objects.get(name="粤菜师傅第二期")
    assert response.status_code == 302 and response["Location"] == f"/training/{created.pk}/"
    assert sorted(created.organisers.values_list("code", flat=True)) == ["440904", "451324"]


def test_bad_input_names_the_field_in_chinese_and_saves_nothing(jinxiu, users):
    make_training_class(users["jinxiu"], name="旧班")
    programme = TrainingClass.objects.get().programme
    page = jinxiu.post(
        "/training/new/",
        {"programme": programme.pk, "name": "x", "provider": "y", "place": "123", "start": "2024-05-26",
         "end": "2024-05-25", "capacity": "0", "organisers": ["451324"]},
    ).content.decode()  # fmt: skip
    assert "培训地点应为乡镇（街道）的9位区划代码" in page
    assert TrainingClass.objects.count() == 1


def test_the_worker_picker_finds_workers_in_scope_and_enrols_them(jinxiu, users):
    chef = make_training_class(users["jinxiu"])
    worker = make_worker(users["tongmu"], name="黄秀英")
    page = jinxiu.get(f"/training/{chef.pk}/?q=黄秀英").content.decode()
    assert "黄秀英 " + worker.id_number_masked in page and worker.id_number not in page
    jinxiu.post(f"/training/{chef.pk}/enrol/", {"worker": worker.pk})
    assert Enrolment.objects.get().status == "enrolled"


def test_attendance_completion_certificate_and_roster(jinxiu, users):
    chef = make_training_class(users["jinxiu"])
    worker = make_worker(users["tongmu"], name="黄秀英")
    jinxiu.post(f"/training/{chef.pk}/enrol/", {"worker": worker.pk})
    enrolment = Enrolment.objects.get()
    jinxiu.post(f"/training/{chef.pk}/status/", {"status": "running"})
    page = jinxiu.get(f"/training/{chef.pk}/attendance/?day=2024-05-06").content.decode()
    assert "黄秀英" in page
    jinxiu.post(f"/training/{chef.pk}/attendance/", {"day": "2024-05-06", "present": [str(enrolment.pk)]})
    assert Attendance.objects.get().present is True
    jinxiu.post(f"/training/trainees/{enrolment.pk}/step/", {"action": "complete"})
    jinxiu.post(
        f"/training/trainees/{enrolment.pk}/certificate/",
        {"kind": "skill_level", "level": "五级", "number": "G2024001", "issued_on": "2024-06-01"},
    )
    assert Certificate.objects.get().number == "G2024001"
    response = jinxiu.get(f"/training/{chef.pk}/roster.xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[2][:2] == ["黄秀英", worker.id_number_masked]
    assert AuditEvent.objects.filter(action="export", object_type="training.trainingclass").exists()


def test_a_certificate_before_completion_is_refused_with_a_message(jinxiu, users):
    chef = make_training_class(users["jinxiu"])
    worker = make_worker(users["tongmu"])
    jinxiu.post(f"/training/{chef.pk}/enrol/", {"worker": worker.pk})
    enrolment = Enrolment.objects.get()
    response = jinxiu.post(
        f"/training/trainees/{enrolment.pk}/certificate/",
        {"kind": "skill_level", "number": "G1", "issued_on": "2024-06-01"},
        follow=True,
    )
    assert "学员结业后才能登记证书" in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_trainee_is_recommended_for_a_vacancy_of_the_trade(jinxiu, users):
    from laborbridge.employers.models import Occupation

    chef = make_training_class(users["jinxiu"])
    employer = make_employer(users["dianbai"])
    vacancy = make_vacancy(
        users["dianbai"], employer, title="粤菜厨师", occupation=Occupation.objects.get(name="中式烹调(粤菜)")
    )
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    worker = make_worker(users["tongmu"])
    jinxiu.post(f"/training/{chef.pk}/enrol/", {"worker": worker.pk})
    page = jinxiu.get(f"/training/{chef.pk}/").content.decode()
    assert "粤菜厨师" in page
    jinxiu.post(
        f"/training/{chef.pk}/recommend/", {"enrolment": Enrolment.objects.get().pk, "vacancy": vacancy.pk}
    )
    assert Referral.objects.get().source == "training"


def test_finishing_the_class_puts_trainees_on_the_follow_up_list(jinxiu, users):
    chef = make_training_class(users["jinxiu"], start=D(2024, 5, 6), end=D(2024, 5, 25))
    worker = make_worker(users["tongmu"], name="黄秀英")
    jinxiu.post(f"/training/{chef.pk}/enrol/", {"worker": worker.pk})
    jinxiu.post(f"/training/{chef.pk}/status/", {"status": "running"})
    jinxiu.post(f"/training/trainees/{Enrolment.objects.get().pk}/step/", {"action": "complete"})
    jinxiu.post(f"/training/{chef.pk}/status/", {"status": "finished"})
    page = jinxiu.get("/employment/follow-ups/").content.decode()
    assert "黄秀英" in page and "粤菜师傅培训班" in page


def test_the_pages_fit_a_phone_and_speak_chinese(jinxiu, users):
    chef = make_training_class(users["jinxiu"])
    for url in ("/training/", "/training/programmes/", f"/training/{chef.pk}/", "/training/new/"):
        page = jinxiu.get(url).content.decode()
        assert 'name="viewport"' in page and "培训" in page


def test_the_audit_log_names_training_records_and_links_a_class(client, users):
    chef = make_training_class(users["jinxiu"])
    client.force_login(users["admin"])
    page = client.get("/accounts/audit/?object_type=training.trainingclass").content.decode()
    assert f"/training/{chef.pk}/" in page
