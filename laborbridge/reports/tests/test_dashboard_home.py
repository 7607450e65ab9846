"""Where the dashboard opens, and how it shows a period without data."""

import datetime

import pytest

from laborbridge.employment.services import employment_start
from laborbridge.factories import TONGMU, backdate_registration, make_worker
from laborbridge.reports.periods import reporting_today

pytestmark = pytest.mark.django_db
Q = "region=451324&from=2024-01-01&to=2024-10-31"


@pytest.fixture
def employed(users):
    worker = make_worker(users["jinxiu"], name="黄甲", township=TONGMU, poverty_status="alleviated")
    employment_start(actor=users["jinxiu"], worker=worker, place="440904", start=datetime.date(2024, 3, 1))
    return users


@pytest.mark.parametrize("role", ["xiezuo", "admin"])
def test_the_cooperation_office_and_the_administrator_open_on_the_western_county_and_this_year(
    client, users, role
):
    client.force_login(users[role])
    ctx = client.get("/reports/").context["ctx"]
    today = reporting_today()
    assert ctx.region.code == "451324"
    assert (ctx.start, ctx.end) == (today.replace(month=1, day=1), today)


@pytest.mark.parametrize(("role", "code"), [("jinxiu", "451324"), ("dianbai", "440904"), ("tongmu", TONGMU)])
def test_county_and_township_staff_open_on_their_own_region(client, users, role, code):
    client.force_login(users[role])
    assert client.get("/reports/").context["ctx"].region.code == code


def test_a_region_asked_for_within_reach_is_still_shown(client, users):
    client.force_login(users["xiezuo"])
    assert client.get("/reports/?region=440904").context["ctx"].region.code == "440904"


def test_a_period_without_data_says_so_instead_of_drawing_empty_charts(client, users):
    client.force_login(users["xiezuo"])
    page = client.get("/reports/?region=451324&from=2023-01-01&to=2023-12-31").content.decode()
    assert 'data-testid="no-data"' in page and page.count("暂无数据") >= 4
    assert 'id="trend"' not in page and 'id="places"' not in page and 'id="map"' not in page


def test_a_period_with_data_draws_its_charts_from_json_script_without_inline_code(client, employed):
    client.force_login(employed["xiezuo"])
    response = client.get(f"/reports/?{Q}")
    page = response.content.decode()
    assert 'id="trend"' in page and 'id="places"' in page and 'id="map"' in page
    assert 'data-testid="no-data"' not in page and "暂无数据" not in page
    assert '<script id="chart-data" type="application/json">' in page
    assert "<script>" not in page and 'style="height' not in page
    assert response.context["chart"]["employed"][2] == 1  # March 2024


def test_a_place_chart_is_left_out_when_every_place_is_zero_even_if_others_have_data(client, employed):
    from laborbridge.workers.models import Worker

    # Registered but never employed in 2023: the registry has a figure, the place donut has none.
    backdate_registration(Worker.objects, datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC))
    client.force_login(employed["jinxiu"])
    page = client.get("/reports/?region=451324&from=2023-01-01&to=2023-12-31").content.decode()
    assert 'data-testid="workers_registered">1<' in page and 'data-testid="no-data"' not in page
    assert 'id="places"' not in page and 'id="trend"' not in page
