"""Control characters in cells (a NUL from a hostile or broken file) are dropped, never stored or fatal."""

import datetime

import pytest

from laborbridge.employment.models import Employment
from laborbridge.ledger.jobs import ledger_import_file
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "公民身份号码", "乡镇", "就业状态", "就业地点", "就业单位", "备注"]


def test_a_nul_inside_a_place_an_employer_or_a_note_is_dropped_and_the_row_imports(tmp_path, users):
    rows = [
        [
            "黄秀英",
            make_id("19900101", 7),
            "桐木镇",
            "已就业",
            "深圳市\x00宝安区",
            "电白\x00水产厂",
            "会\x00粤语",
        ],
        ["盘志华", make_id("19900101", 8), "头排镇", "已就业", "\x00", "", ""],
    ]
    result = ledger_import_file(
        path=write_xlsx(tmp_path / "nul.xlsx", HEADER, rows),
        county_code="451324",
        as_of=datetime.date(2024, 10, 31),
        actor=users["jinxiu"],
    )
    assert (result.created, result.rejected) == (1, 1)
    assert "请填写就业地点" in result.errors[0].message
    spell = Employment.objects.get()
    assert (spell.place_id, spell.place_text, spell.employer_name) == ("440306", "深圳市宝安区", "电白水产厂")
    assert Worker.objects.get().notes == "会粤语"
