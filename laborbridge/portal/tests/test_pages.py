import re

import pytest
from django.urls import reverse

from laborbridge.employers.services import vacancy_set_status

pytestmark = pytest.mark.django_db


def test_the_job_board_answers_anyone_without_login(client, job):
    response = client.get(reverse("portal:jobs"))
    assert response.status_code == 200
    assert "水产品加工普工" in response.content.decode()


def test_the_pages_show_no_contact_person_or_phone(client, job, employer):
    for url in (
        reverse("portal:jobs"),
        reverse("portal:job", args=[job.pk]),
        reverse("portal:apply", args=[job.pk]),
    ):
        html = client.get(url).content.decode()
        assert "陈经理" not in html and "13912345678" not in html and "5678" not in html, url
        assert employer.uscc not in html


def test_the_filters_come_from_the_query_string(client, open_vacancy):
    open_vacancy(title="包住的岗位", lodging=True)
    open_vacancy(title="不包住的岗位", lodging=False)
    html = client.get(reverse("portal:jobs"), {"lodging": "on"}).content.decode()
    assert "包住的岗位" in html and "不包住的岗位" not in html


def test_a_bad_filter_value_gets_a_message_and_is_ignored(client, job):
    html = client.get(reverse("portal:jobs"), {"pay": "很多"}).content.decode()
    assert "月薪请填写数字" in html
    assert "水产品加工普工" in html


def test_a_job_page_reads_well_as_a_shared_link(client, job):
    html = client.get(reverse("portal:job", args=[job.pk])).content.decode()
    assert '<meta property="og:title" content="水产品加工普工 · 茂名市电白区水产食品有限公司">' in html
    description = re.search(r'<meta property="og:description" content="([^"]+)"', html).group(1)
    assert "4000-6000元/月" in description and "包住" in description and "包吃" in description
    assert f"/jobs/{job.pk}/" in re.search(r'<meta property="og:url" content="([^"]+)"', html).group(1)


@pytest.mark.parametrize("path", ["portal:job", "portal:apply", "portal:apply_confirm"])
def test_a_closed_or_unknown_job_answers_a_chinese_404_in_the_site_frame(client, users, job, path):
    vacancy_set_status(actor=users["admin"], vacancy=job, status="closed")
    for pk in (job.pk, 999999):
        response = client.get(reverse(path, args=[pk]))
        assert response.status_code == 404
        html = response.content.decode()
        assert "页面不存在" in html or "找不到" in html
        assert "劳务协作服务平台" in html


def test_the_pages_are_small_and_carry_no_script(client, open_vacancy):
    for n in range(20):
        open_vacancy(title=f"岗位{n}", description="工作认真负责。" * 40)
    for url in (
        reverse("portal:jobs"),
        reverse("portal:job", args=[open_vacancy().pk]),
        reverse("portal:me"),
    ):
        html = client.get(url).content
        assert len(html) < 200 * 1024
        assert b"<script" not in html
        assert b'name="viewport"' in html
