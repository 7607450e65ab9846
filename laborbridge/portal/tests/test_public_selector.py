import dataclasses
import datetime

import pytest

from laborbridge.employers.models import Occupation, Vacancy
from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.services import referral_advance, referral_create
from laborbridge.factories import TONGMU, make_worker
from laborbridge.portal.selectors import (
    PAGE_SIZE,
    JobFilters,
    PublicVacancy,
    public_vacancy_get,
    public_vacancy_list,
)

pytestmark = pytest.mark.django_db

NOT_PUBLIC = {
    "contact_name",
    "contact_phone",
    "uscc",
    "address",
    "members",
    "created_by",
    "employer",
    "referrals",
}


def ids(filters: JobFilters | None = None):
    filters = filters or JobFilters()
    return [job.id for job in public_vacancy_list(filters).items]


def test_the_public_record_has_no_contact_or_personal_field():
    fields = {field.name for field in dataclasses.fields(PublicVacancy)}
    assert fields & NOT_PUBLIC == set()
    assert not any("phone" in name or "contact" in name or "id_number" in name for name in fields)


def test_it_returns_plain_records_not_models(job):
    (item,) = public_vacancy_list(JobFilters()).items
    assert isinstance(item, PublicVacancy)
    assert item.employer_name == "茂名市电白区水产食品有限公司"
    assert item.place == "广东省茂名市电白区"


def test_only_open_vacancies_are_public(users, employer, open_vacancy):
    shown = open_vacancy(title="开放")
    draft = Vacancy.objects.get(pk=open_vacancy(title="草稿").pk)
    Vacancy.objects.filter(pk=draft.pk).update(status=Vacancy.Status.DRAFT)
    closed = open_vacancy(title="关闭")
    vacancy_set_status(actor=users["admin"], vacancy=closed, status="closed")
    expired = open_vacancy(title="过期")
    Vacancy.objects.filter(pk=expired.pk).update(closes_on=datetime.date.today() - datetime.timedelta(days=1))
    assert ids() == [shown.pk]


def test_a_vacancy_whose_positions_are_all_taken_is_not_public(users, open_vacancy):
    vacancy = open_vacancy(headcount=1)
    worker = make_worker(users["tongmu"], township=TONGMU)
    referral = referral_create(actor=users["tongmu"], worker=worker, vacancy=vacancy)
    assert public_vacancy_get(vacancy.pk).positions_left == 1
    referral_advance(actor=users["tongmu"], referral=referral, status="hired")
    assert ids() == []


def test_it_filters_by_place_words(open_vacancy):
    dianbai = open_vacancy(title="电白", place="440904")
    maonan = open_vacancy(title="茂南", place="440902")
    assert ids(JobFilters(place="电白")) == [dianbai.pk]
    assert set(ids(JobFilters(place="茂名"))) == {dianbai.pk, maonan.pk}
    assert set(ids(JobFilters(place="广东 茂名市"))) == {dianbai.pk, maonan.pk}
    assert ids(JobFilters(place="北京")) == []


def test_it_filters_by_occupation_pay_lodging_and_meals(open_vacancy):
    other = Occupation.objects.exclude(name="水产品加工").first()
    fish = open_vacancy(title="普工", pay_min=3000, pay_max=4000)
    cook = open_vacancy(title="厨工", occupation=other, pay_min=5000, pay_max=7000, lodging=True)
    both = open_vacancy(title="包吃住", pay_min=4000, pay_max=5000, lodging=True, meals=True)
    assert ids(JobFilters(occupation=other.pk)) == [cook.pk]
    assert set(ids(JobFilters(pay_min=5000))) == {cook.pk, both.pk}
    assert set(ids(JobFilters(lodging=True))) == {cook.pk, both.pk}
    assert ids(JobFilters(lodging=True, meals=True)) == [both.pk]
    assert fish.pk in ids()


def test_it_pages_by_keyset(open_vacancy):
    made = [open_vacancy(title=f"岗位{n}").pk for n in range(PAGE_SIZE + 3)]
    first = public_vacancy_list(JobFilters())
    assert first.count == PAGE_SIZE + 3 and len(first.items) == PAGE_SIZE
    second = public_vacancy_list(JobFilters(), before=first.next_before)
    assert [j.id for j in first.items + second.items] == sorted(made, reverse=True)
