import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook

from laborbridge.core.models import AuditEvent
from laborbridge.employment.services import employment_start
from laborbridge.factories import TONGMU, TOUPAI, backdate_registration, make_worker
from laborbridge.reports.periods import reporting_today

pytestmark = pytest.mark.django_db
Q = "region=451324&from=2024-01-01&to=2024-10-31"


@pytest.fixture
def employed(users):
    for name, township, poverty in (("黄甲", TONGMU, "alleviated"), ("黄乙", TOUPAI, "ordinary")):
        worker = make_worker(users["jinxiu"], name=name, township=township, poverty_status=poverty)
        employment_start(
            actor=users["jinxiu"], worker=worker, place="440904", start=datetime.date(2024, 3, 1)
        )
    return users


def test_the_dashboard_shows_linked_figures_and_the_township_table(client, employed):
    client.force_login(employed["jinxiu"])
    response = client.get(f"/reports/?{Q}")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="employed">2<' in page and 'data-testid="employed_alleviated">1<' in page
    assert 'href="/reports/employed/?region=451324&amp;from=2024-01-01&amp;to=2024-10-31"' in page
    assert "桐木镇" in page and "chart-data" in page


def test_changing_the_period_changes_the_figures(client, employed):
    client.force_login(employed["jinxiu"])
    page = client.get("/reports/?region=451324&from=2023-01-01&to=2023-12-31").content.decode()
    assert 'data-testid="employed">2<' not in page and 'data-testid="no-data"' in page


def test_a_period_without_any_figure_offers_the_latest_year_that_has_some_instead_of_zeros(client, employed):
    client.force_login(employed["jinxiu"])
    response = client.get("/reports/?region=451324&from=2023-01-01&to=2023-12-31")
    page = response.content.decode()
    year = reporting_today().year  # the spells are still open: this year has figures
    assert response.context["empty_hint"]["year"] == year
    assert "本期暂无数据；可选择<a" in page and f">{year}年</a>查看" in page
    assert f"?region=451324&amp;from={year}-01-01&amp;to={year}-12-31" in page
    assert 'data-testid="employed"' not in page and "桐木镇" not in page  # no figures, no table of zeros


def test_a_period_without_data_and_no_year_with_any_says_so_plainly(client, users):
    client.force_login(users["jinxiu"])
    response = client.get("/reports/")
    assert response.context["empty_hint"] == {}
    assert "所选地区和统计期暂无数据。" in response.content.decode()


def test_a_figure_leads_to_the_people_behind_it_masked_and_exportable(client, employed):
    client.force_login(employed["jinxiu"])
    page = client.get(f"/reports/employed_alleviated/?{Q}").content.decode()
    assert "黄甲" in page and "黄乙" not in page and "********" in page
    response = client.get(f"/reports/employed/?{Q}&format=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert sorted(r[0] for r in rows[2:]) == ["黄乙", "黄甲"] and "*" in rows[2][1]
    assert AuditEvent.objects.filter(action="export", details__indicator="employed").exists()


def test_township_staff_report_on_their_township_only(client, employed):
    client.force_login(employed["tongmu"])
    page = client.get(f"/reports/?{Q}").content.decode()  # asks for the county, gets its township
    assert "桐木镇 · 务工就业统计" in page and 'data-testid="employed">1<' in page
    assert (
        "黄乙"
        not in client.get("/reports/employed/?region=451324&from=2024-01-01&to=2024-10-31").content.decode()
    )


@pytest.mark.parametrize("role", ["auditor", "employer"])
def test_roles_without_personal_data_have_no_reports(client, users, role):
    client.force_login(users[role])
    assert client.get("/reports/").status_code == 403


def test_the_official_report_downloads_in_the_bureau_layout(client, employed):
    client.force_login(employed["jinxiu"])
    page = client.get(f"/reports/official/?{Q}").content.decode()
    assert "金秀瑶族自治县农村劳动力务工就业情况统计表" in page and "填表人" in page and "合计" in page
    response = client.get(f"/reports/official/?{Q}&format=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    text = [str(c) for row in rows for c in row]
    assert "金秀瑶族自治县农村劳动力务工就业情况统计表" in text and "合计" in text
    assert any(t.startswith("填表人") for t in text) and any(t.startswith("填报日期") for t in text)
    total = next(row for row in rows if row[0] == "合计")
    assert total[1:4] == [0.0, 2.0, 1.0]  # registered today, so not yet by the end of October 2024


def test_the_command_line_prints_every_indicator_as_json(capsys, employed):
    call_command("report", "--region", "451324", "--from", "2024-01-01", "--to", "2024-10-31", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["region"] == "451324" and out["from"] == "2024-01-01" and out["to"] == "2024-10-31"
    assert out["indicators"]["employed"] == 2 and out["indicators"]["employed_alleviated"] == 1
    assert out["indicators"]["employed_partner_province"] == 2 and len(out["indicators"]) >= 20


@pytest.mark.parametrize(
    ("args", "message"), [(["--region", "99"], "不存在"), (["--region", "451324", "--to", "x"], "YYYY")]
)
def test_bad_report_arguments_get_a_clear_message(db, args, message):
    base = {"--from": "2024-01-01", "--to": "2024-10-31"}
    merged = args + [v for k, v in base.items() for v in (k, v) if k not in args]
    with pytest.raises(CommandError, match=message):
        call_command("report", *merged)


def test_the_cooperation_office_sees_both_sides_side_by_side(client, employed):
    client.force_login(employed["xiezuo"])
    page = client.get(f"/reports/?{Q}").content.decode()
    assert "结对双方" in page and "茂名市电白区" in page and "吸纳协作地区劳动力" in page
    client.force_login(employed["jinxiu"])
    assert "结对双方" not in client.get(f"/reports/?{Q}").content.decode()


def test_the_map_counts_workers_by_the_province_of_their_latest_spell(employed):
    from laborbridge.regions.models import Region
    from laborbridge.reports.indicators import Context
    from laborbridge.reports.selectors import where_they_work

    ctx = Context(
        region=Region.objects.get(code="451324"),
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 10, 31),
    )
    assert where_they_work(ctx) == {"44": 2}


def test_the_default_period_runs_to_today_in_china(client, employed, monkeypatch):
    # 17:00 UTC on 31 December is already 1 January in China: the default year is China's new one.
    from django.utils import timezone

    instant = datetime.datetime(2024, 12, 31, 17, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    client.force_login(employed["jinxiu"])
    response = client.get("/reports/?region=451324")
    assert (response.context["ctx"].start, response.context["ctx"].end) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 1, 1),
    )


def test_the_command_line_counts_a_registration_by_the_day_in_china(capsys, employed):
    from laborbridge.workers.models import Worker

    # 2024-11-01 02:00 in China, still 2024-10-31 in UTC: not registered by the end of October.
    backdate_registration(
        Worker.objects.filter(name="黄甲"), datetime.datetime(2024, 10, 31, 18, 0, tzinfo=datetime.UTC)
    )
    backdate_registration(
        Worker.objects.filter(name="黄乙"), datetime.datetime(2024, 10, 1, tzinfo=datetime.UTC)
    )
    call_command("report", "--region", "451324", "--from", "2024-01-01", "--to", "2024-10-31", "--json")
    assert json.loads(capsys.readouterr().out)["indicators"]["workers_registered"] == 1
