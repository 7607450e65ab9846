"""An eastern (receiving) district's 统计 and 正式报表: the employers and vacancies it brings, the referrals to
them and the western workers placed with them, not a registry of its own shown as zeros."""

import datetime
import io

import pytest
from python_calamine import CalamineWorkbook

from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.services import employment_start, referral_create
from laborbridge.factories import DIANBAI, TONGMU, TOUPAI, make_employer, make_vacancy, make_worker
from laborbridge.regions.models import Region
from laborbridge.reports.indicators import REGISTRY, Context
from laborbridge.reports.selectors import RECEIVING_HEADLINE

pytestmark = pytest.mark.django_db
D = datetime.date
Q = "region=440904&from=2024-01-01&to=2024-12-31"
START, END = D(2024, 1, 1), D(2024, 12, 31)


@pytest.fixture
def brought_in(users):
    """电白 brought in a fish plant in 2024; it posted a vacancy, 金秀 referred two people, one works there."""
    east, west = users["dianbai"], users["jinxiu"]
    plant = make_employer(east, name="电白水产", provided_by=DIANBAI, provided_on=D(2024, 3, 1))
    make_employer(east, name="空壳厂", provided_by=DIANBAI, provided_on=D(2024, 3, 1))  # nothing came of it
    vacancy = make_vacancy(east, plant, headcount=30, posted_on=D(2024, 4, 1))
    vacancy_set_status(actor=east, vacancy=vacancy, status="open", today=D(2024, 4, 1))
    a = make_worker(west, name="黄甲", township=TONGMU, poverty_status="alleviated")
    b = make_worker(west, name="黄乙", township=TOUPAI, poverty_status="ordinary")
    for worker in (a, b):
        referral_create(actor=west, worker=worker, vacancy=vacancy, on=D(2024, 5, 6))
    employment_start(actor=west, worker=a, place=DIANBAI, start=D(2024, 6, 1), employer_name="电白水产")
    return users


def ctx(code=DIANBAI, start=START, end=END) -> Context:
    return Context(region=Region.objects.get(code=code), start=start, end=end)


def test_referrals_to_brought_in_employers_count_each_person_once_by_the_day_they_were_put_forward(
    brought_in,
):
    assert sorted(w.name for w in REGISTRY["referrals_to_provided"].records(ctx())) == ["黄乙", "黄甲"]
    assert REGISTRY["referrals_to_provided"].count(ctx(start=D(2024, 6, 1))) == 0  # put forward in May
    assert REGISTRY["referrals_to_provided"].count(ctx("440902")) == 0  # 茂南 brought nobody in


def test_placed_workers_who_were_formerly_poor_are_counted_for_the_receiving_district(brought_in):
    assert [w.name for w in REGISTRY["partner_workers_taken_in_alleviated"].records(ctx())] == ["黄甲"]


def test_an_eastern_district_opens_on_what_it_brings_without_the_township_table(client, brought_in):
    client.force_login(brought_in["dianbai"])
    response = client.get(f"/reports/?{Q}")
    page = response.content.decode()
    assert [item.key for item, _value in response.context["headline"]] == RECEIVING_HEADLINE
    for key, value in (
        ("employers_provided", 2),
        ("vacancies_provided", 1),
        ("positions_provided", 30),
        ("referrals_to_provided", 2),
        ("partner_workers_taken_in", 1),
        ("partner_workers_taken_in_alleviated", 1),
    ):
        assert f'data-testid="{key}">{value}<' in page
    assert 'data-testid="workers_registered"' not in page and "各乡镇（街道）" not in page
    assert 'id="trend"' not in page and "务工人员脱贫属性" not in page
    assert "本期新发布的岗位" in page  # the page says what the period counts
    assert response.context["employers"] == [
        {"name": "电白水产", "vacancies": 1, "positions": 30, "referred": 2, "placed": 1}
    ]


def test_the_referred_people_behind_the_figure_are_shown_masked_to_the_eastern_district(client, brought_in):
    client.force_login(brought_in["dianbai"])
    page = client.get(f"/reports/referrals_to_provided/?{Q}").content.decode()
    assert "黄甲" in page and "黄乙" in page and "********" in page
    assert "脱贫劳动力" not in page.split("<tbody>", 1)[1]  # their poverty status stays with 金秀


def test_a_western_county_still_opens_on_its_workers_and_townships(client, brought_in):
    client.force_login(brought_in["jinxiu"])
    response = client.get("/reports/?region=451324&from=2024-01-01&to=2024-12-31")
    assert response.context["headline"][0][0].key == "employed" and response.context["townships"]
    assert response.context["employers"] == []


def test_the_eastern_official_report_carries_its_employer_table_and_its_figures_only(client, brought_in):
    client.force_login(brought_in["dianbai"])
    page = client.get(f"/reports/official/?{Q}").content.decode()
    assert 'data-testid="sheet-employers"' in page and 'data-testid="sheet-townships"' not in page
    assert "电白区粤桂劳务协作引进用工单位情况统计表" in page and "空壳厂" not in page
    assert "登记农村劳动力" not in page
    response = client.get(f"/reports/official/?{Q}&format=xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["引进用工单位", "主要指标"]
    rows = book.get_sheet_by_name("引进用工单位").to_python()
    assert ["电白水产", 1, 30, 2, 1] in [r[:5] for r in rows]
    figures = {r[0]: r[1] for r in book.get_sheet_by_name("主要指标").to_python()[4:] if r[0]}
    assert figures["协作方提供就业岗位（人数）"] == 30 and figures["推荐到协作方引进单位"] == 2


def test_an_empty_period_of_the_official_report_offers_the_year_that_has_data(client, brought_in):
    client.force_login(brought_in["dianbai"])
    response = client.get("/reports/official/?region=440904&from=2023-01-01&to=2023-12-31")
    page = response.content.decode()
    year = response.context["empty_hint"]["year"]
    assert year >= 2024 and f">{year}年</a>查看" in page


def test_a_period_without_new_vacancies_says_which_year_had_some(client, brought_in):
    client.force_login(brought_in["dianbai"])
    page = client.get("/reports/?region=440904&from=2025-01-01&to=2025-12-31").content.decode()
    assert 'data-testid="positions_provided">0<' in page  # the worker placed in 2024 is still at work
    assert 'data-testid="vacancy-hint"' in page and ">2024年</a>查看" in page
