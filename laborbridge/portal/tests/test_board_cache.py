"""The job board's pages are kept a few seconds in the shared cache (found by the load test, docs/load-test.md)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laborbridge.employers.services import vacancy_set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_cached(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PUBLIC_BOARD_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def vacancy_reads(client, url=None, params=None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url or reverse("portal:jobs"), params or {}).content.decode()
    return sum("employers_vacancy" in q["sql"] for q in queries.captured_queries), html


def test_the_second_visitor_within_the_window_costs_no_query_of_the_vacancies(client, job, board_cached):
    first, html = vacancy_reads(client)
    again, html_again = vacancy_reads(client)
    assert first > 0 and again == 0
    assert "水产品加工普工" in html and "水产品加工普工" in html_again


def test_each_filter_and_page_is_kept_apart(client, open_vacancy, board_cached):
    open_vacancy(title="包住的岗位", lodging=True)
    open_vacancy(title="不包住的岗位", lodging=False)
    _reads, everything = vacancy_reads(client)
    reads, lodging = vacancy_reads(client, params={"lodging": "on"})
    assert reads > 0
    assert "不包住的岗位" in everything and "不包住的岗位" not in lodging and "包住的岗位" in lodging


def test_a_job_closed_within_the_window_is_refused_when_someone_signs_up(client, users, job, board_cached):
    vacancy_reads(client)
    vacancy_set_status(actor=users["admin"], vacancy=job, status="closed")
    _reads, board = vacancy_reads(client)
    assert "水产品加工普工" in board  # the kept page, at most PUBLIC_BOARD_CACHE_SECONDS old
    assert client.get(reverse("portal:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("portal:apply", args=[job.pk])).status_code == 404


def test_with_the_window_at_zero_every_visit_reads_the_vacancies(client, users, job, settings):
    settings.PUBLIC_BOARD_CACHE_SECONDS = 0
    vacancy_reads(client)
    vacancy_set_status(actor=users["admin"], vacancy=job, status="closed")
    reads, board = vacancy_reads(client)
    assert reads > 0 and "水产品加工普工" not in board
