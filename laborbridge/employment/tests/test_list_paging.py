"""Every HTML list pages by keyset and says how long it is: nothing is cut silently."""

import datetime
import re

import pytest

from laborbridge.core.models import AuditEvent
from laborbridge.core.pagination import PAGE_SIZE
from laborbridge.employers.models import Employer, EmploymentBase, Occupation, Vacancy
from laborbridge.employment.models import Employment, FollowUp, Referral
from laborbridge.factories import DIANBAI, make_employer, make_vacancy, make_worker

pytestmark = pytest.mark.django_db
LONG = PAGE_SIZE + 3


def next_link(html: str) -> str:
    """The pager's 下一页 link, unescaped."""
    found = re.search(r'<a href="([^"]*)">下一页', html)
    assert found, "the page has no link to the next page"
    return found.group(1).replace("&amp;", "&")


def names_on(html: str, prefix: str) -> set[str]:
    return set(re.findall(rf"{prefix}\d+", html))


def read_all(client, url: str, prefix: str) -> tuple[str, set[str]]:
    first = client.get(url).content.decode()
    second = client.get(url.split("?")[0] + next_link(first)).content.decode()
    assert "下一页" not in second
    return first, names_on(first, prefix) | names_on(second, prefix)


@pytest.fixture
def many_employers(users):
    return Employer.objects.bulk_create(
        Employer(name=f"电白测试厂{n}", region_id=DIANBAI, created_by=users["dianbai"]) for n in range(LONG)
    )


def test_the_employer_list_shows_its_count_and_the_next_page_holds_the_rest(users, client, many_employers):
    client.force_login(users["dianbai"])
    first, seen = read_all(client, "/employers/?kind=", "电白测试厂")
    assert f"共 {LONG} 条" in first and len(names_on(first, "电白测试厂")) == PAGE_SIZE
    assert seen == {e.name for e in many_employers}


def test_the_vacancy_list_and_an_employers_vacancies_page_the_same_way(users, client, many_employers):
    firm = many_employers[0]
    occupation = Occupation.objects.first()
    Vacancy.objects.bulk_create(
        Vacancy(employer=firm, title=f"岗位{n}", occupation=occupation, headcount=1, pay_min=1, pay_max=2,
                place_id=DIANBAI, created_by=users["dianbai"])
        for n in range(LONG)
    )  # fmt: skip
    client.force_login(users["dianbai"])
    for url in ("/employers/vacancies/?status=draft", f"/employers/{firm.pk}/"):
        first, seen = read_all(client, url, "岗位")
        assert f"共 {LONG} 条" in first and len(seen) == LONG


def test_the_bases_list_pages(users, client, many_employers):
    EmploymentBase.objects.bulk_create(
        EmploymentBase(employer=e, kind="workshop", recognised_on=datetime.date(2023, 1, 1))
        for e in many_employers
    )
    client.force_login(users["dianbai"])
    first, seen = read_all(client, "/employment/bases/", "电白测试厂")
    assert f"共 {LONG} 条" in first and len(seen) == LONG


@pytest.mark.summary_bypassed  # spells written in bulk_create, for speed
def test_follow_ups_page_in_due_order_and_the_next_page_holds_the_rest(users, client):
    worker = make_worker(users["tongmu"])
    spell = Employment.objects.create(worker=worker, place_class="in_county", start=datetime.date(2024, 1, 1),
                                      employer_name="测试单位")  # fmt: skip
    first_day = datetime.date.today() - datetime.timedelta(days=LONG)
    FollowUp.objects.bulk_create(
        FollowUp(employment=spell, months=n, due_on=first_day + datetime.timedelta(days=n // 2))
        for n in range(LONG)
    )
    client.force_login(users["tongmu"])
    first = client.get("/employment/follow-ups/").content.decode()
    second = client.get("/employment/follow-ups/" + next_link(first)).content.decode()
    assert f"共 {LONG} 条" in first and "下一页" not in second and "第一页" in second
    months = [int(m) for m in re.findall(r"<td>(\d+)</td><td>—</td>", first + second)]
    assert months == list(range(LONG))  # every one once, the earliest due first


def test_a_cursor_that_is_not_one_starts_at_the_top(users, client):
    client.force_login(users["tongmu"])
    assert client.get("/employment/follow-ups/?from=yesterday~x").status_code == 200
    assert client.get("/employers/?before=abc").status_code == 200


def test_the_audit_trail_shows_its_count_and_pages_back_in_time(users, client):
    AuditEvent.objects.bulk_create(
        AuditEvent(actor_label=f"审计测试{n}", action=AuditEvent.Action.EXPORT) for n in range(LONG)
    )
    client.force_login(users["auditor"])
    first, seen = read_all(client, "/accounts/audit/?action=export", "审计测试")
    assert f"共 {LONG} 条" in first and len(seen) == LONG


def test_the_employer_desk_pages_its_pending_referrals(users, client):
    firm = make_employer(users["dianbai"])
    firm.members.add(users["employer"])
    vacancies = [make_vacancy(users["dianbai"], firm, title=f"岗{n}") for n in range(LONG)]
    worker = make_worker(users["tongmu"], name="黄秀英")
    Referral.objects.bulk_create(
        Referral(worker=worker, vacancy=v, created_by=users["tongmu"]) for v in vacancies
    )
    client.force_login(users["employer"])
    first, seen = read_all(client, "/", "水产食品有限公司 · 岗")
    assert f"共 {LONG} 条" in first and len(seen) == LONG


def test_the_referral_picker_counts_the_open_vacancies_and_finds_any_of_them(users, client):
    firm = make_employer(users["dianbai"])
    occupation = Occupation.objects.first()
    Vacancy.objects.bulk_create(
        Vacancy(employer=firm, title=f"开放岗位{n}", occupation=occupation, headcount=1, pay_min=1, pay_max=2,
                place_id=DIANBAI, created_by=users["dianbai"], status="open")
        for n in range(LONG)
    )  # fmt: skip
    oldest = Vacancy.objects.order_by("id").first()
    worker = make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    page = client.get(f"/workers/{worker.pk}/").content.decode()
    assert f"共 {LONG} 个招聘中岗位" in page and f"列出最新的 {PAGE_SIZE} 个" in page
    assert f">{firm.name} · {oldest.title} · " not in page
    found = client.get("/employment/vacancy-picker/", {"q": oldest.title}).content.decode()
    assert f">{firm.name} · {oldest.title} · " in found and "共 1 个招聘中岗位" in found
    client.post(f"/employment/workers/{worker.pk}/refer/", {"vacancy": oldest.pk, "source": "staff"})
    assert Referral.objects.get().vacancy == oldest  # chosen from a search, not from the first page


def test_the_referral_form_refuses_a_vacancy_that_is_not_open(users, client):
    firm = make_employer(users["dianbai"])
    draft = make_vacancy(users["dianbai"], firm)
    worker = make_worker(users["tongmu"])
    client.force_login(users["tongmu"])
    client.post(f"/employment/workers/{worker.pk}/refer/", {"vacancy": draft.pk, "source": "staff"})
    for bad in ("1 OR 1=1", "9" * 30, "１"):
        client.post(f"/employment/workers/{worker.pk}/refer/", {"vacancy": bad, "source": "staff"})
    assert not Referral.objects.exists()
