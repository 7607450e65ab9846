import datetime

import pytest

from laborbridge.core.bulk_sql import BulkSql
from laborbridge.employment.models import Employment
from laborbridge.ledger.jobs import ledger_import_file
from laborbridge.ledger.rows import LedgerError
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "公民身份号码", "乡(镇)", "就业状态", "就业地点", "就业单位", "月收入", "务工时间"]
PERSON = make_id("19880808", 21)


def ledger(tmp_path, name, *cells):
    return write_xlsx(tmp_path / name, HEADER, [["黄秀英", PERSON, "桐木镇", *cells]])


def run(path, users, as_of):
    return ledger_import_file(path=path, county_code="451324", as_of=as_of, actor=users["jinxiu"])


def spells():
    return list(
        Employment.objects.order_by("start").values_list("place_class", "employer_name", "start", "end")
    )


def test_employed_without_a_start_date_starts_at_the_ledger_date(tmp_path, users):
    run(
        ledger(tmp_path, "a.xlsx", "已就业", "区内县外", "柳州汽配厂", 4000),
        users,
        datetime.date(2024, 6, 30),
    )
    assert spells() == [("in_province", "柳州汽配厂", datetime.date(2024, 6, 30), None)]


def test_not_employed_on_a_later_ledger_closes_the_open_spell_at_that_date(tmp_path, users):
    run(
        ledger(tmp_path, "a.xlsx", "已就业", "县内", "茶厂", 2500, "2024-03-01"),
        users,
        datetime.date(2024, 6, 30),
    )
    later = run(ledger(tmp_path, "b.xlsx", "未就业"), users, datetime.date(2024, 9, 30))
    assert later.updated == 1
    assert spells() == [("in_county", "茶厂", datetime.date(2024, 3, 1), datetime.date(2024, 9, 30))]
    again = run(ledger(tmp_path, "b.xlsx", "未就业"), users, datetime.date(2024, 10, 31))
    assert again.unchanged == 1 and spells()[0][3] == datetime.date(2024, 9, 30)


def test_a_new_job_closes_the_old_spell_the_day_before(tmp_path, users):
    run(
        ledger(tmp_path, "a.xlsx", "已就业", "县内", "茶厂", 2500, "2024-03-01"),
        users,
        datetime.date(2024, 6, 30),
    )
    run(
        ledger(tmp_path, "b.xlsx", "已就业", "广东省", "电白电子厂", 4800, "2024-08-01"),
        users,
        datetime.date(2024, 9, 30),
    )
    assert spells() == [
        ("in_county", "茶厂", datetime.date(2024, 3, 1), datetime.date(2024, 7, 31)),
        ("partner_province", "电白电子厂", datetime.date(2024, 8, 1), None),
    ]


def test_the_same_job_with_a_new_income_updates_the_spell(tmp_path, users):
    run(
        ledger(tmp_path, "a.xlsx", "已就业", "县内", "茶厂", 2500, "2024-03-01"),
        users,
        datetime.date(2024, 6, 30),
    )
    result = run(ledger(tmp_path, "b.xlsx", "已就业", "县内", "茶厂", 2700, "2024-03-01"), users,
                 datetime.date(2024, 9, 30))  # fmt: skip
    assert result.updated == 1
    assert Employment.objects.get().monthly_income == 2700


def test_employed_without_a_place_is_rejected(tmp_path, users):
    result = run(ledger(tmp_path, "a.xlsx", "已就业", "", "茶厂"), users, datetime.date(2024, 6, 30))
    assert result.rejected == 1 and result.errors[0].column == "就业地点"


def test_a_failure_while_writing_leaves_the_registry_as_it_was(tmp_path, users, monkeypatch):
    path = ledger(tmp_path, "a.xlsx", "已就业", "县内", "茶厂", 2500, "2024-03-01")

    insert = BulkSql.insert

    def broken(self, model, *args, **kwargs):
        if model is Employment:  # the last write of the import
            raise RuntimeError("disk full")
        return insert(self, model, *args, **kwargs)

    monkeypatch.setattr(BulkSql, "insert", broken)
    with pytest.raises(RuntimeError):
        run(path, users, datetime.date(2024, 6, 30))
    assert not Worker.objects.exists() and not Employment.objects.exists()


def test_a_ledger_employer_is_linked_to_the_employer_record_only_when_the_name_is_sure(tmp_path, users):
    from laborbridge.factories import make_employer

    firm = make_employer(users["dianbai"], name="电白电子厂")
    make_employer(users["dianbai"], name="同名厂", kind="individual")
    make_employer(users["maonan"], name="同名厂", region="440902", kind="individual")
    run(
        ledger(tmp_path, "a.xlsx", "已就业", "广东省", "电白电子厂", 4800, "2024-03-01"),
        users,
        datetime.date(2024, 6, 30),
    )
    assert Employment.objects.get().employer_id == firm.pk
    run(
        ledger(tmp_path, "b.xlsx", "已就业", "广东省", "同名厂", 4800, "2024-05-01"),
        users,
        datetime.date(2024, 6, 30),
    )
    assert (
        Employment.objects.get(end__isnull=True).employer_id is None
    )  # two employers by that name: not guessed


def test_the_income_cap_is_the_employment_services_one(tmp_path, users):
    from laborbridge.employment.rules import MAX_MONTHLY_INCOME

    rows = [["黄秀英", PERSON, "桐木镇", "已就业", "县内", "茶厂", MAX_MONTHLY_INCOME + 1]]
    result = run(write_xlsx(tmp_path / "a.xlsx", HEADER, rows), users, datetime.date(2024, 6, 30))
    assert result.rejected == 1 and result.errors[0].column == "月收入"
    rows[0][-1] = MAX_MONTHLY_INCOME
    result = run(write_xlsx(tmp_path / "b.xlsx", HEADER, rows), users, datetime.date(2024, 6, 30))
    assert result.created == 1 and Employment.objects.get().monthly_income == MAX_MONTHLY_INCOME


def test_an_import_is_one_audit_event_carrying_the_workers_and_spells_it_wrote(tmp_path, users):
    from laborbridge.core.models import AuditEvent

    run(
        ledger(tmp_path, "a.xlsx", "已就业", "县内", "茶厂", 2500, "2024-03-01"),
        users,
        datetime.date(2024, 6, 30),
    )
    run(ledger(tmp_path, "b.xlsx", "未就业"), users, datetime.date(2024, 9, 30))
    events = AuditEvent.objects.filter(action="import").order_by("pk")
    assert [e.details["employments"] for e in events] == [
        {"opened": 1, "changed": 0, "closed": 0},
        {"opened": 0, "changed": 0, "closed": 1},
    ]
    assert [e.details["workers"] for e in events] == [
        {"created": 1, "updated": 0},
        {"created": 0, "updated": 0},
    ]
    assert {(e.actor.username, e.region_code) for e in events} == {("jinxiu", "451324")}
    assert not AuditEvent.objects.filter(action="update").exists()  # no second event for the same writes


def test_a_ledger_dated_after_today_is_refused_as_a_whole(tmp_path, users):
    from laborbridge.ledger.rows import LedgerError

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(LedgerError, match="台账日期不能晚于今天"):
        run(ledger(tmp_path, "a.xlsx", "已就业", "县内", "茶厂", 2500), users, tomorrow)
    assert not Worker.objects.exists()


def test_a_new_job_starting_before_the_open_spell_is_rejected_naming_it(tmp_path, users):
    run(
        ledger(tmp_path, "a.xlsx", "已就业", "县内", "茶厂", 2500, "2024-06-01"),
        users,
        datetime.date(2024, 6, 30),
    )
    later = run(
        ledger(tmp_path, "b.xlsx", "已就业", "广东省", "电白电子厂", 4800, "2024-03-01"),
        users,
        datetime.date(2024, 9, 30),
    )
    assert later.rejected == 1
    assert "现有未结束就业（茶厂，自2024-06-01起）" in later.errors[0].message
    assert spells() == [("in_county", "茶厂", datetime.date(2024, 6, 1), None)]


def test_a_ledger_that_would_make_spells_overlap_is_refused_as_a_whole_naming_the_person(tmp_path, users):
    run(
        ledger(tmp_path, "a.xlsx", "已就业", "县内", "茶厂", 2500, "2024-01-01"),
        users,
        datetime.date(2024, 3, 31),
    )
    run(ledger(tmp_path, "b.xlsx", "未就业"), users, datetime.date(2024, 4, 30))
    run(
        ledger(tmp_path, "c.xlsx", "已就业", "广东省", "电白电子厂", 4800, "2024-06-01"),
        users,
        datetime.date(2024, 6, 30),
    )
    before = spells()
    # The same job, said to have started while the tea factory's spell still ran.
    with pytest.raises(
        LedgerError, match="黄秀英：与该劳动力的另一段就业重叠（茶厂，2024-01-01至2024-04-30）"
    ):
        run(
            ledger(tmp_path, "d.xlsx", "已就业", "广东省", "电白电子厂", 4800, "2024-04-01"),
            users,
            datetime.date(2024, 7, 31),
        )
    assert spells() == before
