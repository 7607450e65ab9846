"""A ledger with every kind of defect imports with exact counts and exact row numbers."""

import datetime

import pytest

from laborbridge.employment.models import Employment
from laborbridge.factories import TOUPAI, make_worker
from laborbridge.ledger.jobs import ledger_import_file
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2024, 10, 31)

HEADER = ["序号", "姓名", "性别", "身份证号码", "联系电话", "乡(镇)", "行政村", "是否脱贫劳动力", "就业状态",
          "务工地点", "务工单位", "月收入(元)", "务工时间", "家庭住址"]  # fmt: skip
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ELSEWHERE = make_id("19800101", 301)


def row(n, name, sex, ident, phone="", township="桐木镇", village="", poor="", state="", place="", employer="",
        income="", start=""):  # fmt: skip
    return [
        n,
        name,
        sex,
        ident,
        phone,
        township,
        village,
        poor,
        state,
        place,
        employer,
        income,
        start,
        "某屯",
    ]


def messy_rows():
    x_id = next(i for i in (make_id("19920202", k) for k in range(1, 999)) if i.endswith("X"))
    bad_check = make_id("19900517", 125)[:17] + ("0" if make_id("19900517", 125)[17] != "0" else "1")
    young = make_id((AS_OF - datetime.timedelta(days=365 * 15)).strftime("%Y%m%d"), 131)
    return [
        row(
            1,
            "盘秀英",
            "女",
            make_id("19900517", 124).translate(FULL_WIDTH),
            "+86 138-0000-0001",
            "桐木",
            "高仁村",
            "√",
            "已就业",
            "广东省",
            "电白区水产食品加工厂",
            "3,500元",
            "2024年3月1日",
        ),  # 3 created
        row(2, "赵志明", "男", "452230750301123", "", "头排镇", "", "", "未就业"),  # 4 created (15 digits)
        row(3, "错号", "", bad_check),  # 5 wrong check digit
        row(
            4, "错日", "", "451324199002301239"[:17] + idnumber_check("45132419900230123")
        ),  # 6 impossible date
        row(5, "少年", "", young),  # 7 under 16
        row(6, "数字", "", 4.51324199005171e17),  # 8 ID stored as a number
        row(7, "性别错", "女", make_id("19910101", 141)),  # 9 sex disagrees
        row(8, "座机", "", make_id("19910101", 143), "0772-1234567"),  # 10 not a mobile
        row(9, "外镇", "", make_id("19910101", 145), "", "马踏镇"),  # 11 township not in the county
        row(
            10, "外村", "", make_id("19910101", 147), "", "桐木镇", "不存在村"
        ),  # 12 village not in the township
        row(
            11, "负收入", "", make_id("19910101", 149), "", "桐木镇", "", "", "已就业", "县内", "", "-100"
        ),  # 13
        row(
            12, "面议", "", make_id("19910101", 151), "", "桐木镇", "", "", "已就业", "县内", "", "面议"
        ),  # 14
        row(13, "外国", "", make_id("19910101", 153), "", "桐木镇", "", "", "已就业", "东南亚"),  # 15 place
        row(14, "零工", "", make_id("19910101", 155), "", "桐木镇", "", "", "打零工"),  # 16 state
        [None] * len(HEADER),  # 17 blank line
        row(
            15,
            "盘秀英",
            "女",
            make_id("19900517", 124),
            "13800000002",
            "桐木镇",
            "高仁村委会",
            "是",
            "已就业",
            "广东",
            "电白区水产食品加工厂",
            3500,
            datetime.date(2024, 3, 1),
        ),  # 18 updates row 3's person
        row(16, "冯德华", "男", ELSEWHERE),  # 19 registered in 头排镇 already
        row(
            17,
            "小写",
            "",
            x_id.lower(),
            "",
            "桐木镇",
            "",
            "否",
            "已就业",
            "县内",
            "桐木工业园",
            2800,
            "2024.10",
        ),  # 20
        row(18, "也许", "", make_id("19910101", 157), "", "桐木镇", "", "也许"),  # 21 yes/no unclear
        ["填表人：韦某", None, None, None, "审核人：覃某"],  # 22 footer: not a data row
    ]


def idnumber_check(first17):
    from laborbridge.core import idnumber

    return idnumber.check_digit(first17)


EXPECTED_ERRORS = {
    (5, "身份证号码", "校验位错误"),
    (6, "身份证号码", "出生日期不存在"),
    (7, "身份证号码", "未满16周岁"),
    (8, "身份证号码", "保存成了数字"),
    (9, "性别", "性别与公民身份号码不一致"),
    (10, "联系电话", "手机号码应为11位"),
    (11, "乡(镇)", "没有名为“马踏镇”的乡镇"),
    (12, "行政村", "没有名为“不存在村”的村"),
    (13, "月收入(元)", "不能为负数"),
    (14, "月收入(元)", "应为数字"),
    (15, "务工地点", "无法识别地点“东南亚”"),
    (16, "就业状态", "就业状态应为：已就业、自主创业"),
    (19, "", "已在头排镇登记"),
    (21, "是否脱贫劳动力", "应填写“是”或“否”"),
}


@pytest.fixture
def messy(tmp_path, users):
    make_worker(users["jinxiu"], name="冯德华", township=TOUPAI, id_number=ELSEWHERE)
    return write_xlsx(tmp_path / "台账.xlsx", HEADER, messy_rows(), extra_sheet=True)


def import_(path, users, **kwargs):
    return ledger_import_file(path=path, county_code="451324", as_of=AS_OF, actor=users["jinxiu"], **kwargs)


def test_every_row_is_accounted_for_with_exact_row_numbers_and_reasons(messy, users):
    result = import_(messy, users)
    assert (result.rows, result.created, result.updated, result.unchanged, result.rejected) == (
        18,
        3,
        1,
        0,
        14,
    )
    assert result.rows == result.created + result.updated + result.unchanged + result.rejected
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(r, c) for r, c, _ in EXPECTED_ERRORS}
    for number, column, fragment in EXPECTED_ERRORS:
        messages = [e.message for e in result.errors if e.row == number and e.column == column]
        assert any(fragment in m for m in messages), (number, messages)
    assert any("说明" in n for n in result.notices) and "家庭住址" in result.unread_columns


def test_the_ledger_is_normalised_into_the_registry(messy, users):
    import_(messy, users)
    pan = Worker.objects.get(name="盘秀英")
    assert pan.phone == "13800000002" and pan.township_id == "451324101" and pan.village.name == "高仁村委会"
    assert pan.poverty_status == "alleviated" and pan.sex == "F"
    spell = Employment.objects.get(worker=pan)
    assert (spell.place_class, spell.employer_name, spell.monthly_income, spell.start, spell.end) == (
        "partner_province", "电白区水产食品加工厂", 3500, datetime.date(2024, 3, 1), None)  # fmt: skip
    zhao = Worker.objects.get(name="赵志明")
    assert zhao.id_number == "452230197503011235"[:17] + idnumber_check("45223019750301123")
    assert zhao.poverty_status == "ordinary" and not zhao.employments.exists()
    small_x = Worker.objects.get(name="小写")
    assert small_x.id_number.endswith("X")
    assert small_x.employments.get().start == datetime.date(2024, 10, 1)
    assert small_x.employments.get().place_id == "451324101"  # in the county: the home township


def test_importing_the_same_file_again_changes_nothing(messy, users):
    import_(messy, users)
    before = list(Worker.objects.order_by("pk").values_list("pk", "updated_at"))
    spells = Employment.objects.count()
    again = import_(messy, users)
    assert (again.rows, again.created, again.updated, again.unchanged, again.rejected) == (18, 0, 0, 4, 14)
    assert list(Worker.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert Employment.objects.count() == spells


def test_a_dry_run_counts_the_same_and_changes_nothing(messy, users):
    checked = import_(messy, users, dry_run=True)
    assert (checked.created, checked.updated, checked.rejected) == (3, 1, 14)
    assert Worker.objects.count() == 1  # only the one registered in 头排镇 beforehand


def test_a_person_registered_where_the_importer_cannot_see_is_not_placed_and_the_conflict_is_audited(
    tmp_path, users
):
    from laborbridge.core.models import AuditEvent

    other = make_id("19800101", 311)
    make_worker(users["dianbai"], name="外县人", township="440904100", id_number=other)
    path = write_xlsx(tmp_path / "l.xlsx", HEADER, [row(1, "外县人", "", other)])
    result = import_(path, users)
    assert result.rejected == 1
    message = result.errors[0].message
    assert (
        "其他地区" in message
        and "马踏镇" not in message
        and "电白" not in message
        and "外县人" not in message
    )
    assert Worker.objects.filter(name="外县人").get().township_id == "440904100"
    event = AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH).latest("id")
    assert event.details["kind"] == "registered_elsewhere" and event.details["source"] == "ledger"
    assert event.region_code == "451324"


def test_an_importer_who_meets_too_many_people_registered_elsewhere_is_stopped(tmp_path, users, settings):
    from laborbridge.ledger.rows import LedgerError

    settings.REGISTERED_ELSEWHERE_LIMIT = 2
    numbers = [make_id("19800101", 321 + n) for n in range(3)]
    for number in numbers:
        make_worker(users["dianbai"], name="外县人", township="440904100", id_number=number)
    path = write_xlsx(
        tmp_path / "l.xlsx", HEADER, [row(n + 1, "外县人", "", number) for n, number in enumerate(numbers)]
    )
    with pytest.raises(LedgerError, match="过多"):
        import_(path, users)


def test_a_number_quoted_from_a_misplaced_cell_is_masked_in_the_errors_kept_and_shown(tmp_path, users):
    stray = make_id("19850505", 411)
    path = write_xlsx(
        tmp_path / "l.xlsx", HEADER, [row(1, "黄秀英", "", make_id("19900101", 412), village=stray)]
    )
    result = import_(path, users)
    assert result.rejected == 1 and stray in result.errors[0].message  # the uploader's own run sees the cell
    kept = result.summary()["errors"][0]
    assert stray not in kept["message"] and stray[:6] in kept["message"]
