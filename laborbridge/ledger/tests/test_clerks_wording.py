"""Ledgers written the way township offices write them: places at every level, status words, a 村委 column.

A 金秀 worker's place class follows from the place and the pairing (粤桂协作: Guangdong is the partner).
"""

import datetime

import pytest

from laborbridge.employment.models import Employment
from laborbridge.employment.services import employment_start
from laborbridge.factories import make_worker
from laborbridge.ledger.exporting import workers_export
from laborbridge.ledger.jobs import ledger_import_file
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx
from laborbridge.workers.models import Worker
from laborbridge.workers.selectors import WorkerFilters

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2024, 10, 31)
HEADER = ["序号", "姓名", "公民身份号码", "乡镇", "村委", "就业状态", "务工地点", "务工单位", "月收入", "外出务工时间",
          "技能特长", "家庭住址"]  # fmt: skip
# (name, status, place) → the spell: (place class, stored region, channel); None: no spell
CLERKS = [
    ("韦一", "外出务工", "广东省茂名市电白区", ("partner_province", "440904", "")),
    ("韦二", "务工", "深圳市宝安区", ("partner_province", "440306", "")),
    ("韦三", "已就业", "广州", ("partner_province", "4401", "")),
    ("韦四", "在岗", "南宁市", ("in_province", "4501", "")),
    ("韦五", "灵活就业", "桐木镇", ("in_county", "451324101", "")),
    ("韦六", "外出务工", "浙江义乌", ("other_province", "330782", "")),
    ("韦七", "外出务工", "桂林", ("in_province", "4503", "")),
    ("韦八", "已就业", "县内", ("in_county", "451324101", "")),  # a class word: the home township, as before
    ("韦九", "自主创业", "头排镇", ("in_county", "451324102", "self_employed")),
    ("韦十", "外出务工", "广东茂名", ("partner_province", "4409", "")),
    ("韦十一", "务工", "茂名市茂南区", ("partner_province", "440902", "")),
    ("韦十二", "务工", "佛山市南海区", ("partner_province", "440605", "")),
    ("韦十三", "外出务工", "广东", ("partner_province", None, "")),  # the partner province: a class word
    ("韦十四", "在家", "", None),
    ("韦十五", "待业", "", None),
]
REFUSED = [
    ("覃一", "外出务工", "鼓楼区"),
    ("覃二", "外出务工", "东南亚"),
    ("覃三", "外出务工", ""),
    ("覃四", "打零工", "广州"),
    ("覃五", "外出务工", "省外"),
]


def ident(n: int) -> str:
    return make_id("19900101", n)


def clerks_ledger(tmp_path, name="金秀台账.xlsx"):
    rows = []
    for n, (person, state, place, _spell) in enumerate(CLERKS + [(*r, None) for r in REFUSED], start=1):
        employed = bool(place) or state not in ("在家", "待业")
        rows.append([n, person, ident(n), "桐木镇", "高仁村委", state, place, "茂名水产厂" if employed else "",
                     4200 if employed else None, "2024-03-01" if employed else None, "电工（持证）、叉车",
                     "桐木镇高仁村"])  # fmt: skip
    return write_xlsx(tmp_path / name, HEADER, rows)


def run(path, users, as_of=AS_OF, **kwargs):
    return ledger_import_file(path=path, county_code="451324", as_of=as_of, actor=users["tongmu"], **kwargs)


def counts(result):
    return result.rows, result.created, result.updated, result.unchanged, result.rejected


def test_a_ledger_in_clerks_wording_is_read_with_exact_counts(tmp_path, users):
    result = run(clerks_ledger(tmp_path), users)
    assert counts(result) == (20, 15, 0, 0, 5)
    assert result.unread_columns == ["家庭住址"]


def test_each_place_becomes_its_region_and_the_class_follows_from_the_pairing(tmp_path, users):
    run(clerks_ledger(tmp_path), users)
    for person, _state, place, expected in CLERKS:
        spell = Employment.objects.filter(worker__name=person).first()
        if expected is None:
            assert spell is None, person
            continue
        assert (spell.place_class, spell.place_id, spell.channel) == expected, person
        assert spell.place_text == place and spell.employer_name == "茂名水产厂", person


def test_the_village_comes_from_the_cun_wei_column_and_the_skills_keep_their_brackets(tmp_path, users):
    run(clerks_ledger(tmp_path), users)
    worker = Worker.objects.get(name="韦一")
    assert worker.village.name == "高仁村委会" and worker.skills == "电工（持证）、叉车"


def test_an_ambiguous_or_unknown_place_is_refused_once_with_its_candidates(tmp_path, users):
    result = run(clerks_ledger(tmp_path), users)
    by_row = {}
    for error in result.errors:
        by_row.setdefault(error.row, []).append((error.column, error.message))
    first_refused = 2 + len(CLERKS) + 1  # under the title and the header
    gulou, unknown, blank, state, outside = (by_row[first_refused + k] for k in range(5))
    assert [c for c, _m in gulou] == ["务工地点"]
    assert "“鼓楼区”有多个同名地区：" in gulou[0][1]
    assert "江苏省南京市鼓楼区" in gulou[0][1] and "福建省福州市鼓楼区" in gulou[0][1]
    assert unknown == [("务工地点", unknown[0][1])] and "无法识别地点“东南亚”" in unknown[0][1]
    assert blank == [("务工地点", "已就业的人员请填写就业地点")]  # one reason, not two contradictory ones
    assert [c for c, _m in state] == ["就业状态"] and "就业状态应为" in state[0][1]
    assert [c for c, _m in outside] == ["务工地点"] and "不能确定务工地域" in outside[0][1]


def test_the_same_ledger_again_changes_nothing(tmp_path, users):
    path = clerks_ledger(tmp_path)
    run(path, users)
    spells = list(Employment.objects.order_by("pk").values_list("pk", "updated_at"))
    assert counts(run(path, users)) == (20, 0, 0, 15, 5)
    assert list(Employment.objects.order_by("pk").values_list("pk", "updated_at")) == spells


def job_ledger(tmp_path, name, state, place, employer="茂名水产厂", start="2024-03-01"):
    header = ["姓名", "公民身份号码", "乡(镇)", "就业状态", "就业地点", "就业单位", "务工时间"]
    return write_xlsx(
        tmp_path / name, header, [["黄秀英", ident(90), "桐木镇", state, place, employer, start]]
    )


def test_a_later_ledger_naming_the_same_job_more_precisely_refines_the_spell(tmp_path, users):
    run(job_ledger(tmp_path, "a.xlsx", "已就业", "协作省份"), users, datetime.date(2024, 6, 30))
    finer = run(job_ledger(tmp_path, "b.xlsx", "外出务工", "深圳市宝安区"), users)
    assert counts(finer) == (1, 0, 1, 0, 0)
    spell = Employment.objects.get()
    assert (spell.place_id, spell.place_text, spell.place_class) == (
        "440306",
        "深圳市宝安区",
        "partner_province",
    )
    coarser = run(job_ledger(tmp_path, "c.xlsx", "务工", "广东深圳"), users)  # around the spell's place
    assert counts(coarser) == (1, 0, 0, 1, 0) and Employment.objects.get().place_id == "440306"
    moved = run(job_ledger(tmp_path, "d.xlsx", "务工", "南宁市", start="2024-10-01"), users)
    assert counts(moved) == (1, 0, 1, 0, 0)
    assert list(Employment.objects.order_by("start").values_list("place_id", "end")) == [
        ("440306", datetime.date(2024, 9, 30)),
        ("4501", None),
    ]


def test_self_employment_on_the_same_job_becomes_its_channel(tmp_path, users):
    run(job_ledger(tmp_path, "a.xlsx", "已就业", "桐木镇", employer="桐木茶园"), users)
    result = run(job_ledger(tmp_path, "b.xlsx", "自主创业", "桐木镇", employer="桐木茶园"), users)
    assert counts(result) == (1, 0, 1, 0, 0)
    assert Employment.objects.get().channel == "self_employed"


def test_exporting_and_importing_again_changes_nothing(tmp_path, users):
    """Full-width brackets, places at every level, 自主创业, villages: a round trip is all unchanged."""
    run(clerks_ledger(tmp_path), users)
    # People and spells entered on the pages, not from a ledger: a county place without its text.
    typed = make_worker(users["tongmu"], name="蓝秀梅", id_number=ident(80), skills="厨师（中级）\n面点",
                        notes="家住 高仁村（三组）")  # fmt: skip
    employment_start(actor=users["tongmu"], worker=typed, place="440904", start=datetime.date(2024, 5, 1))
    other = make_worker(users["tongmu"], name="蓝志强", id_number=ident(81))
    employment_start(actor=users["tongmu"], worker=other, place="451324102", start=datetime.date(2024, 5, 1),
                     channel="self_employed")  # fmt: skip
    handle, rows = workers_export(
        actor=users["jinxiu"], filters=WorkerFilters(), full=True, reason="核对后重新导入台账"
    )
    assert rows == 17
    again = ledger_import_file(path=handle.name, county_code="451324", as_of=AS_OF, actor=users["jinxiu"])
    assert counts(again) == (17, 0, 0, 17, 0), again.errors


def test_a_text_stored_with_ascii_brackets_is_the_same_as_one_with_full_width_ones(tmp_path, users):
    make_worker(users["tongmu"], name="黄秀英", id_number=ident(90), skills="电工(持证)")
    header = ["姓名", "公民身份号码", "乡(镇)", "技能特长"]
    path = write_xlsx(tmp_path / "l.xlsx", header, [["黄秀英", ident(90), "桐木镇", "电工（持证）"]])
    assert counts(run(path, users)) == (1, 0, 0, 1, 0)
    assert Worker.objects.get().skills == "电工(持证)"


def test_the_check_page_names_the_columns_it_does_not_read_before_the_import_is_confirmed(
    tmp_path, client, users, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from laborbridge.ledger.models import LedgerImport

    client.force_login(users["tongmu"])
    data = clerks_ledger(tmp_path).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ledger/import/", {"file": SimpleUploadedFile("金秀台账.xlsx", data), "county": "451324",
                                        "as_of": "2024-10-31"})  # fmt: skip
    job = LedgerImport.objects.get()
    assert job.status == "checked" and job.unread_columns == ["家庭住址"]
    page = client.get(f"/ledger/import/{job.pk}/").content.decode()
    start = page.index('data-testid="unread-columns"')
    warning = page[start : page.index("</div>", start)]
    assert start < page.index(f'action="/ledger/import/{job.pk}/confirm/"')  # above the button that confirms
    assert "有 1 列没有读取" in warning and "<li>家庭住址</li>" in warning
    assert (job.rows, job.created, job.rejected) == (20, 15, 5)


def test_the_command_line_names_the_columns_it_does_not_read(tmp_path, capsys, users):
    from django.core.management import call_command

    path = clerks_ledger(tmp_path)
    call_command("import_workers", str(path), "--region", "451324", "--as-of", "2024-10-31", "--dry-run")
    out = capsys.readouterr().out
    assert "新增 15" in out and "未导入 5" in out and "注意：以下列未读取，其内容没有导入：家庭住址" in out
