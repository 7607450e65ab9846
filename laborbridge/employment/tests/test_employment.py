import datetime

import pytest
from django.core.exceptions import ValidationError

from laborbridge.employment.models import Employment
from laborbridge.employment.places import place_class_for
from laborbridge.employment.services import employment_end, employment_start
from laborbridge.factories import TONGMU, TOUPAI, make_worker
from laborbridge.workers.selectors import WorkerFilters, worker_list

pytestmark = pytest.mark.django_db
PARTNERS = ["440902", "440904"]


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        (TOUPAI, "in_county"),  # a township of the home county
        ("451324", "in_county"),
        ("450103", "in_province"),  # 南宁市青秀区
        ("440904", "partner_province"),  # 电白区 itself
        ("440306", "partner_province"),  # 深圳市宝安区: same province as the partner
        ("330106", "other_province"),  # 杭州市西湖区
    ],
)
def test_the_place_class_follows_from_the_codes(place, expected):
    assert place_class_for(place_code=place, home_county_code="451324", partner_codes=PARTNERS) == expected


def test_a_spell_is_opened_and_closed(users):
    worker = make_worker(users["tongmu"])
    spell = employment_start(
        actor=users["tongmu"],
        worker=worker,
        place="440904",
        start=datetime.date(2024, 3, 1),
        employer_name="电白区水产食品加工厂",
        monthly_income=4200,
    )
    assert spell.place_class == "partner_province" and spell.is_open
    employment_end(actor=users["tongmu"], spell=spell, end=datetime.date(2024, 9, 30))
    spell.refresh_from_db()
    assert spell.end == datetime.date(2024, 9, 30)


def test_a_worker_has_at_most_one_open_spell(users):
    worker = make_worker(users["tongmu"])
    employment_start(actor=users["tongmu"], worker=worker, place=TONGMU, start=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError) as info:
        employment_start(actor=users["tongmu"], worker=worker, place=TONGMU, start=datetime.date(2024, 5, 1))
    assert "未结束的就业记录" in info.value.message_dict["start"][0]
    assert Employment.objects.count() == 1


def test_a_spell_cannot_end_before_it_starts(users):
    worker = make_worker(users["tongmu"])
    spell = employment_start(
        actor=users["tongmu"], worker=worker, place=TONGMU, start=datetime.date(2024, 3, 1)
    )
    with pytest.raises(ValidationError) as info:
        employment_end(actor=users["tongmu"], spell=spell, end=datetime.date(2024, 2, 1))
    assert "不能早于开始日期" in info.value.message_dict["end"][0]


def test_a_township_of_another_county_is_not_a_place(users):
    worker = make_worker(users["tongmu"])
    with pytest.raises(ValidationError) as info:
        employment_start(
            actor=users["tongmu"],
            worker=worker,
            place="440904100",
            start=datetime.date(2024, 3, 1),
            monthly_income=-5,
        )
    assert set(info.value.message_dict) == {"place", "monthly_income"}


def test_the_worker_list_filters_by_employment_state_and_place_class(users):
    tongmu = users["tongmu"]
    away, home, idle = (make_worker(tongmu, name=n) for n in ("黄外出", "黄本地", "黄待业"))
    employment_start(actor=tongmu, worker=away, place="440904", start=datetime.date(2024, 3, 1))
    employment_start(actor=tongmu, worker=home, place=TONGMU, start=datetime.date(2024, 3, 1))
    ended = employment_start(actor=tongmu, worker=idle, place=TONGMU, start=datetime.date(2024, 1, 1))
    employment_end(actor=tongmu, spell=ended, end=datetime.date(2024, 2, 1))

    def names(**filters):
        return sorted(w.name for w in worker_list(actor=tongmu, filters=WorkerFilters(**filters)))

    assert names(employed="yes") == sorted(["黄外出", "黄本地"])
    assert names(employed="no") == ["黄待业"]
    assert names(place_class="partner_province") == ["黄外出"]


def test_the_worker_page_shows_the_spells_and_the_form_records_one(users, client):
    worker = make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    response = client.post(
        f"/employment/workers/{worker.pk}/start/",
        {
            "place": "",
            "other_place": "440306",
            "start": "2024-04-01",
            "employer_name": "宝安电子厂",
            "monthly_income": "5200",
            "channel": "organised",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "宝安电子厂" in page and "协作省份" in page and "在岗" in page
    bad = client.post(
        f"/employment/workers/{worker.pk}/start/", {"place": TONGMU, "start": "not a date"}, follow=True
    )
    assert "开始日期" in bad.content.decode()
    assert Employment.objects.count() == 1
