import json

import pytest
from django.core.management import CommandError, call_command

from laborbridge.employers.models import Employer, Vacancy
from laborbridge.factories import make_employer, make_uscc
from laborbridge.ledger.models import LedgerImport
from laborbridge.ledger.tests.ledgers import write_xlsx

pytestmark = pytest.mark.django_db
HEADER = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "单位类型",
    "所在地",
    "联系人",
    "联系电话",
    "岗位名称",
    "工种",
    "招聘人数",
    "薪资待遇",
    "包住",
    "包吃",
    "状态",
]


def rows():
    good = make_uscc(71)
    bad = make_uscc(72)[:17] + ("0" if make_uscc(72)[17] != "0" else "1")
    return [
        [
            1,
            "电白鑫达水产有限公司",
            good,
            "民营企业",
            "茂名市电白区",
            "李经理",
            "13900001111",
            "水产加工工",
            "水产品加工",
            30,
            "4000-6000元",
            "是",
            "是",
            "招聘中",
        ],  # 3 created (employer and vacancy)
        [
            2,
            "电白鑫达水产有限公司",
            good,
            "民营企业",
            "440904",
            "李经理",
            "13900001111",
            "仓管员",
            "仓库管理",
            2,
            "4500",
            "是",
            "否",
            "草稿",
        ],  # 4 created (a second vacancy)
        [
            3,
            "错码公司",
            bad,
            "",
            "茂名市电白区",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],  # 5 wrong check character
        [
            4,
            "倒挂工资厂",
            "",
            "个体工商户",
            "茂名市电白区",
            "",
            "",
            "普工",
            "普工/流水线",
            10,
            "6000-4000",
            "",
            "",
            "",
        ],  # 6 pay range upside down
        [
            5,
            "茂南服装厂",
            make_uscc(73),
            "民营企业",
            "茂名市茂南区",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],  # 7 not dianbai's
        [6, "没有这个县的厂", "", "", "火星区", "", "", "", "", "", "", "", "", ""],  # 8 unknown county
        [
            7,
            "电白鑫达水产有限公司",
            good,
            "民营企业",
            "茂名市电白区",
            "李经理",
            "13900001111",
            "水产加工工",
            "水产品加工",
            30,
            "4000-6000元",
            "是",
            "是",
            "招聘中",
        ],  # 9 the same as row 3: unchanged
        [
            8,
            "怪工种厂",
            "",
            "个体工商户",
            "茂名市电白区",
            "",
            "",
            "杂工",
            "打杂",
            1,
            "3000",
            "",
            "",
            "",
        ],  # 10 occupation
    ]


def run(tmp_path, capsys, *extra):
    path = write_xlsx(tmp_path / "岗位.xlsx", HEADER, rows(), title="电白区企业岗位需求表")
    call_command("import_employers", str(path), "--user", "dianbai", "--json", *extra)
    return json.loads(capsys.readouterr().out)


def test_every_row_is_accounted_for_with_its_reason(tmp_path, capsys, users):
    out = run(tmp_path, capsys)
    assert {k: out[k] for k in ("rows", "created", "updated", "unchanged", "rejected")} == {
        "rows": 8,
        "created": 2,
        "updated": 0,
        "unchanged": 1,
        "rejected": 5,
    }
    found = {(e["row"], e["column"]) for e in out["errors"]}
    assert found == {(5, "统一社会信用代码"), (6, "薪资待遇"), (7, "所在地"), (8, "所在地"), (10, "工种")}
    firm = Employer.objects.get(name="电白鑫达水产有限公司")
    assert firm.contact_phone == "13900001111" and firm.region_id == "440904" and firm.kind == "private"
    jobs = {v.title: (v.status, v.pay_min, v.pay_max, v.lodging, v.meals) for v in firm.vacancies.all()}
    assert jobs == {
        "水产加工工": ("open", 4000, 6000, True, True),
        "仓管员": ("draft", 4500, 4500, True, False),
    }
    assert not Employer.objects.filter(name__in=["错码公司", "倒挂工资厂", "茂南服装厂"]).exists()


def test_importing_again_changes_nothing(tmp_path, capsys, users):
    run(tmp_path, capsys)
    again = run(tmp_path, capsys)
    assert (again["created"], again["updated"], again["unchanged"], again["rejected"]) == (0, 0, 3, 5)
    assert Vacancy.objects.count() == 2


def test_a_dry_run_changes_nothing(tmp_path, capsys, users):
    out = run(tmp_path, capsys, "--dry-run")
    assert out["created"] == 2 and not Employer.objects.exists()


def test_an_existing_employer_is_found_by_its_code_and_updated(tmp_path, capsys, users):
    make_employer(users["dianbai"], name="鑫达水产（旧名）", uscc=make_uscc(71))
    out = run(tmp_path, capsys)
    assert out["created"] == 2  # the two vacancies; the employer itself was renamed, not duplicated
    assert Employer.objects.filter(uscc=make_uscc(71)).get().name == "电白鑫达水产有限公司"


def test_a_user_must_be_named(tmp_path, db):
    path = write_xlsx(tmp_path / "a.xlsx", HEADER, rows())
    with pytest.raises(CommandError):
        call_command("import_employers", str(path), "--user", "nobody")


def test_the_page_queues_a_check_and_imports_only_when_confirmed(
    tmp_path, client, users, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = write_xlsx(tmp_path / "岗位.xlsx", HEADER, rows()).read_bytes()
    client.force_login(users["dianbai"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ledger/employers/", {"file": SimpleUploadedFile("岗位.xlsx", data)})
    job = LedgerImport.objects.get()
    assert response.status_code == 302 and response.url == f"/ledger/import/{job.pk}/"
    assert (job.kind, job.status, job.rows) == ("employers", "checked", len(rows()))
    assert not Employer.objects.exists()
    assert "确认导入" in client.get(response.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ledger/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done" and Employer.objects.count() == 1
    assert "查看用工单位" in client.get(response.url).content.decode()
    bad = client.post("/ledger/employers/", {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert bad.status_code == 422
    client.force_login(users["tongmu"])
    assert client.get("/ledger/employers/").status_code == 403


def test_a_rejected_row_leaves_nothing_of_itself_behind(tmp_path, capsys, users):
    from laborbridge.core.models import AuditEvent
    from laborbridge.employers.services import vacancy_set_status
    from laborbridge.factories import make_vacancy

    firm = make_employer(users["dianbai"], name="鑫达水产（旧名）", uscc=make_uscc(71))
    job = make_vacancy(users["dianbai"], firm, title="水产加工工", pay_min=3000, pay_max=3500)
    vacancy_set_status(actor=users["dianbai"], vacancy=job, status="open")
    events = AuditEvent.objects.count()
    renamed_with_a_move_back_to_draft = [
        1, "电白鑫达水产有限公司", make_uscc(71), "民营企业", "440904", "李经理", "13900001111",
        "水产加工工", "水产品加工", 30, "4000-6000", "是", "是", "草稿",
    ]  # fmt: skip
    new_employer_with_a_draft_filled = [
        2, "电白新开张公司", make_uscc(73), "民营企业", "440904", "", "",
        "包装工", "水产品加工", 3, "4000", "", "", "已招满",
    ]  # fmt: skip
    path = write_xlsx(
        tmp_path / "岗位.xlsx", HEADER, [renamed_with_a_move_back_to_draft, new_employer_with_a_draft_filled]
    )
    call_command("import_employers", str(path), "--user", "dianbai", "--json")
    out = json.loads(capsys.readouterr().out)

    assert (out["rows"], out["rejected"]) == (2, 2)
    assert {e["column"] for e in out["errors"]} == {"状态"}
    firm.refresh_from_db(), job.refresh_from_db()
    assert firm.name == "鑫达水产（旧名）" and (job.pay_min, job.pay_max, job.status) == (3000, 3500, "open")
    assert not Employer.objects.filter(name="电白新开张公司").exists()
    assert list(AuditEvent.objects.order_by("pk")[events:].values_list("action", flat=True)) == ["import"]


def test_the_page_never_reads_the_sheet_in_the_request(tmp_path, client, users, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    import laborbridge.ledger.employers_import as employers_import

    monkeypatch.setattr(employers_import, "read_workbook", lambda path: pytest.fail("read in the request"))
    data = write_xlsx(tmp_path / "岗位.xlsx", HEADER, rows()).read_bytes()
    client.force_login(users["dianbai"])
    response = client.post("/ledger/employers/", {"file": SimpleUploadedFile("岗位.xlsx", data)})
    assert response.status_code == 302 and LedgerImport.objects.get().status == "uploaded"


@pytest.mark.parametrize(
    ("word", "level"), [("技校", "senior"), ("职高", "senior"), ("专科", "college"), ("不限", "")]
)
def test_the_employer_sheet_takes_the_education_words_the_ledger_takes(tmp_path, capsys, users, word, level):
    from laborbridge.ledger import cells

    header = ["企业名称", "所在地", "岗位名称", "工种", "招聘人数", "薪资待遇", "学历要求", "单位类型"]
    row = ["电白学历测试厂", "茂名市电白区", "普工", "普工/流水线", 5, "4000", word, "个体户"]
    path = write_xlsx(tmp_path / "学历.xlsx", header, [row])
    call_command("import_employers", str(path), "--user", "dianbai", "--json")
    assert json.loads(capsys.readouterr().out)["rejected"] == 0
    vacancy = Vacancy.objects.get(title="普工")
    assert vacancy.education_min == level and vacancy.employer.kind == "individual"
    if level:
        assert cells.education(word) == level


def test_an_employers_landline_is_imported_in_one_form_even_when_excel_dropped_its_leading_zero(
    tmp_path, capsys, users
):
    def row(number, name, code, phone):
        return [number, name, make_uscc(code), "民营企业", "440904", "李经理", phone, *[""] * 7]

    rows = [
        row(1, "电白甲厂", 81, "0668-5123456转801"),
        row(2, "电白乙厂", 82, 6685123456),  # typed as a number: Excel kept 6685123456
        row(3, "电白丙厂", 83, "(020)12345678"),
        row(4, "电白丁厂", 84, "0668-123"),
    ]
    path = write_xlsx(tmp_path / "单位.xlsx", HEADER, rows)
    call_command("import_employers", str(path), "--user", "dianbai", "--json")
    out = json.loads(capsys.readouterr().out)

    assert (out["rows"], out["created"], out["rejected"]) == (4, 3, 1)
    phones = dict(Employer.objects.values_list("name", "contact_phone"))
    assert phones == {"电白甲厂": "0668-5123456-801", "电白乙厂": "0668-5123456", "电白丙厂": "020-12345678"}
    [error] = out["errors"]
    assert error["column"] == "联系电话" and error["message"].startswith("联系电话应为")


def test_a_column_the_sheet_import_does_not_read_is_named(tmp_path, capsys, users):
    path = write_xlsx(tmp_path / "岗位.xlsx", [*HEADER, "企业简介"], [[*r, "简介"] for r in rows()[:1]])
    call_command("import_employers", str(path), "--user", "dianbai", "--dry-run")
    assert "以下列未读取，其内容没有导入：企业简介" in capsys.readouterr().out
    call_command("import_employers", str(path), "--user", "dianbai", "--dry-run", "--json")
    assert json.loads(capsys.readouterr().out)["unread_columns"] == ["企业简介"]
