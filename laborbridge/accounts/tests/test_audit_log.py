"""The audit log an auditor reads: Chinese names, places by name, changes in words, filters, paging, export."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from laborbridge.accounts import audit_export as audit_export_module
from laborbridge.accounts.services import user_update
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.factories import TONGMU, TOUPAI, make_user, make_worker
from laborbridge.workers.services import worker_update

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def table(response) -> str:
    """The text of the log's table (not of the filter form, whose options hold codes as values)."""
    html = response.content.decode()
    start = html.index('data-testid="audit-table"')
    return html[start : html.index("</table>", start)]


def cells(response) -> str:
    return re.sub(r"<[^>]+>", " ", table(response))


def event_at(moment: datetime.datetime, monkeypatch, **fields) -> AuditEvent:
    """An event written at `moment` (the trail stamps its own time: the clock is moved, not the row)."""
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        fields.setdefault("action", Action.EXPORT)
        return audit_record(**fields)


def xlsx_rows(response) -> list[list]:
    content = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


@pytest.fixture
def changed_worker(users):
    worker = make_worker(users["tongmu"], name="黄秀英", phone="13800000009")
    worker_update(actor=users["jinxiu"], worker=worker, name="黄秀梅", phone="13800000008",
                  poverty_status="alleviated", township=TOUPAI)  # fmt: skip
    return worker


def test_actions_roles_and_regions_are_named_in_chinese(client, users, changed_worker):
    client.force_login(users["auditor"])
    text = cells(client.get("/accounts/audit/"))
    assert "修改" in text and "新增" in text and "登录" in text
    assert "县（区）人社局" in text and "乡镇（街道）工作人员" in text and "审计员" in text
    assert "金秀瑶族自治县头排镇" in text or "金秀瑶族自治县桐木镇" in text
    for code in ("county", "township", "update", "create", TONGMU, TOUPAI, "workers.worker"):
        assert code not in text


def test_the_object_is_named_in_words_without_a_persons_name(client, users, changed_worker):
    client.force_login(users["auditor"])
    text = cells(client.get("/accounts/audit/"))
    assert f"劳动力 #{changed_worker.pk}" in text
    assert "黄秀" not in text


def test_changes_are_shown_as_field_old_new_with_chinese_names_and_masked_values(
    client, users, changed_worker
):
    client.force_login(users["admin"])
    text = cells(client.get("/accounts/audit/"))
    assert "手机号码: 138****0009 → 138****0008" in text
    assert "脱贫属性: 一般农户 → 脱贫劳动力" in text
    assert "户籍乡镇（街道）: 金秀瑶族自治县桐木镇 → 金秀瑶族自治县头排镇" in text
    assert "13800000008" not in text


def test_no_raw_dict_or_json_is_shown(client, users, changed_worker):
    audit_record(
        actor=users["jinxiu"],
        action=Action.IMPORT,
        details={"rows": 3, "workers": {"created": 2, "updated": 1}},
    )
    client.force_login(users["admin"])
    html = table(client.get("/accounts/audit/"))
    assert "{" not in html and "[" not in html and "&#x27;" not in html and "&quot;" not in html
    assert "劳动力: 新增 2，更新 1" in cells(client.get("/accounts/audit/"))


def test_an_auditor_reads_which_fields_of_a_person_changed_but_not_their_values(
    client, users, changed_worker
):
    client.force_login(users["auditor"])
    text = cells(client.get("/accounts/audit/"))
    assert "手机号码: 已修改（内容不予显示）" in text and "姓名: 已修改（内容不予显示）" in text
    assert "138****" not in text and "一般农户" not in text


def test_an_accounts_change_of_role_is_shown_to_the_auditor_in_words(client, users):
    account = make_user("clerk", role="township", region=TONGMU)
    user_update(actor=users["admin"], user=account, full_name="", role="county", region_code="451324")
    client.force_login(users["auditor"])
    text = cells(client.get("/accounts/audit/"))
    assert "角色: 乡镇（街道）工作人员 → 县（区）人社局" in text
    assert "地区: 金秀瑶族自治县桐木镇 → 来宾市金秀瑶族自治县" in text


def test_the_object_links_to_its_page_only_for_a_viewer_who_may_open_it(client, users, changed_worker):
    link = f'href="/workers/{changed_worker.pk}/"'
    client.force_login(users["admin"])
    assert link in table(client.get("/accounts/audit/"))
    client.force_login(users["auditor"])
    assert link not in table(client.get("/accounts/audit/"))
    assert "<a " not in table(client.get("/accounts/audit/"))


def test_a_refused_page_is_named_by_its_area(client, users):
    audit_record(actor=users["tongmu"], action=Action.DENIED, success=False, object_type="workers:detail",
                 object_id="7", details={"status": 404, "method": "GET"})  # fmt: skip
    client.force_login(users["auditor"])
    text = cells(client.get("/accounts/audit/"))
    assert "劳动力台账·详情页面 #7" in text and "失败" in text and "状态: 404" in text
    assert "workers:detail" not in text


def test_the_reason_of_a_full_export_is_shown(client, users):
    audit_record(actor=users["jinxiu"], action=Action.EXPORT, object_type="workers.worker",
                 details={"rows": 12, "unmasked": True, "reason": "报送补贴名单", "filters": {"q": "黄"}})  # fmt: skip
    client.force_login(users["auditor"])
    text = cells(client.get("/accounts/audit/"))
    assert "事由: 报送补贴名单" in text and "含完整号码: 是" in text and "行数: 12" in text
    assert "筛选条件: 关键词=黄" in text


def test_dates_filter_whole_days_in_beijing_time(client, users, monkeypatch):
    late = event_at(
        datetime.datetime(2026, 3, 1, 23, 30, tzinfo=SHANGHAI), monkeypatch, actor=users["jinxiu"]
    )
    early = event_at(
        datetime.datetime(2026, 3, 2, 0, 10, tzinfo=SHANGHAI), monkeypatch, actor=users["jinxiu"]
    )
    event_at(datetime.datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI), monkeypatch, actor=users["jinxiu"])
    client.force_login(users["auditor"])

    def times(query):
        return re.findall(r"2026-03-0\d \d\d:\d\d", cells(client.get("/accounts/audit/?" + query)))

    assert times("date_from=2026-03-01&date_to=2026-03-01") == ["2026-03-01 23:30"]
    assert times("date_from=2026-03-02&date_to=2026-03-02") == ["2026-03-02 00:10"]
    assert times("date_from=2026-03-01&date_to=2026-03-02") == ["2026-03-02 00:10", "2026-03-01 23:30"]
    assert len(times("date_from=2026-03-02")) == 2 and len(times("date_to=2026-03-04")) == 2
    assert late.pk < early.pk


def test_a_date_range_that_ends_before_it_starts_is_refused_in_chinese(client, users):
    client.force_login(users["auditor"])
    assert (
        "截止日期不能早于起始日期"
        in client.get("/accounts/audit/?date_from=2026-03-02&date_to=2026-03-01").content.decode()
    )


def test_filters_by_user_action_region_and_object(client, users, changed_worker):
    audit_record(
        actor=users["dianbai"], action=Action.EXPORT, region_code="440904", object_type="workers.worker"
    )
    client.force_login(users["auditor"])

    def count(query):
        page = client.get("/accounts/audit/?" + query).content.decode()
        return int(re.search(r"共 (\d+) 条", page).group(1))

    assert count("actor=jinxiu&action=update") == 1
    assert count("actor=dianbai") == 1
    assert count("action=create") == 1
    assert count("region=440904") == 1
    assert count("region=451324") == AuditEvent.objects.filter(region_code__startswith="451324").count()
    assert count(f"object_type=workers.worker&object_id={changed_worker.pk}") == 2
    assert count("object_type=workers.worker") == 3
    assert count("object_type=employers.employer") == 0


def test_paging_keeps_the_filters(client, users):
    for _ in range(55):
        audit_record(actor=users["jinxiu"], action=Action.EXPORT, object_type="workers.worker")
    audit_record(actor=users["tongmu"], action=Action.EXPORT, object_type="workers.worker")
    client.force_login(users["auditor"])
    first = client.get("/accounts/audit/?actor=jinxiu&action=export").content.decode()
    following = re.search(r'href="\?([^"]*before=\d+)"', first).group(1).replace("&amp;", "&")
    assert "actor=jinxiu" in following and "action=export" in following
    second = client.get("/accounts/audit/?" + following)
    assert cells(second).count("jinxiu") == 5 and "tongmu" not in cells(second)


def test_the_export_has_chinese_headers_the_same_filters_and_is_itself_audited(client, users, changed_worker):
    client.force_login(users["auditor"])
    response = client.get("/accounts/audit/export.xlsx?action=update&actor=jinxiu")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    rows = xlsx_rows(response)
    assert rows[0] == ["时间", "操作人", "角色", "地区", "操作", "对象", "结果", "IP地址", "详情"]
    assert len(rows) == 2
    assert rows[1][1:7] == [
        "jinxiu",
        "县（区）人社局",
        "金秀瑶族自治县头排镇",
        "修改",
        f"劳动力 #{changed_worker.pk}",
        "成功",
    ]
    assert "手机号码: 已修改（内容不予显示）" in rows[1][8]
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.actor == users["auditor"] and event.object_type == "core.auditevent"
    assert event.details == {"rows": 1, "filters": {"action": "update", "actor_label": "jinxiu"}}


def test_the_export_escapes_text_a_spreadsheet_would_run_as_a_formula(client, users):
    audit_record(
        actor=None, actor_label='=HYPERLINK("http://x","y")', action=Action.LOGIN_FAILED, success=False
    )
    client.force_login(users["auditor"])
    rows = xlsx_rows(client.get("/accounts/audit/export.xlsx?action=login_failed"))
    assert rows[1][1] == '\'=HYPERLINK("http://x","y")' and rows[1][6] == "失败"


def test_an_export_too_large_is_refused_with_a_message_and_not_audited(client, users, monkeypatch):
    monkeypatch.setattr(audit_export_module, "LIMIT", 1)
    audit_record(actor=users["jinxiu"], action=Action.EXPORT, object_type="workers.worker")
    client.force_login(users["auditor"])
    response = client.get("/accounts/audit/export.xlsx", follow=True)
    assert "请缩小日期范围" in response.content.decode()
    assert AuditEvent.objects.filter(object_type="core.auditevent").count() == 0


@pytest.mark.parametrize("name", ["jinxiu", "tongmu", "xiezuo", "employer"])
def test_only_auditors_and_administrators_export_the_trail(client, users, name):
    client.force_login(users[name])
    assert client.get("/accounts/audit/export.xlsx").status_code == 403
    assert not AuditEvent.objects.filter(action=Action.EXPORT, success=True).exists()


def test_the_steps_of_a_referral_are_told_in_words_not_codes(client, users):
    audit_record(actor=users["tongmu"], action=Action.UPDATE, object_type="employment.referral", object_id="3",
                 details={"status": "recommended", "fields": ["monthly_income"],
                          "withdrawn_step": {"status": "hired", "on": "2026-11-25"}})  # fmt: skip
    audit_record(actor=users["tongmu"], action=Action.DELETE, object_type="employment.employment", object_id="4",
                 details={"reason": "referral_step_withdrawn",
                          "removed": {"start": "2026-11-25", "employer_name": "电白水产", "follow_ups": 3}})  # fmt: skip
    client.force_login(users["admin"])
    text = cells(client.get("/accounts/audit/"))
    assert "状态: 已推荐" in text and "月收入（元）" in text
    withdrawn = text.split("撤回的步骤: ")[1].split("；")[
        0
    ]  # a record's keys in any order (jsonb sorts them)
    assert "状态 已录用" in withdrawn and "日期 2026-11-25" in withdrawn
    assert "事由: 撤回推荐步骤" in text and "开始日期 2026-11-25" in text and "回访任务 3" in text
    for code in (
        "recommended",
        "hired",
        "monthly_income",
        "withdrawn_step",
        "referral_step_withdrawn",
        "removed",
    ):
        assert code not in text


def test_the_filters_of_an_export_name_places_not_codes(client, users):
    audit_record(actor=users["jinxiu"], action=Action.EXPORT, object_type="workers.worker",
                 details={"rows": 3, "filters": {"township": TONGMU, "poverty_status": "alleviated"}})  # fmt: skip
    client.force_login(users["auditor"])
    text = cells(client.get("/accounts/audit/"))
    assert "桐木镇" in text and TONGMU not in text and "alleviated" not in text
