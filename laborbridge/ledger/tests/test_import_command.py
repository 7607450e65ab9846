import json

import pytest
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook

from laborbridge.core.models import AuditEvent
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx
from laborbridge.workers.models import Worker

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "公民身份号码", "乡(镇)"]


@pytest.fixture
def ledger(tmp_path):
    bad = make_id("19900101", 41)[:17] + ("0" if make_id("19900101", 41)[17] != "0" else "1")
    return write_xlsx(tmp_path / "l.xlsx", HEADER, [["黄秀英", make_id("19900101", 42), "桐木镇"],
                                                    ["错号", bad, "桐木镇"]])  # fmt: skip


def test_json_output_accounts_for_every_row(ledger, capsys, users):
    call_command("import_workers", str(ledger), "--region", "451324", "--as-of", "2024-10-31", "--json")
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("rows", "created", "updated", "unchanged", "rejected")} == {
        "rows": 2, "created": 1, "updated": 0, "unchanged": 0, "rejected": 1}  # fmt: skip
    assert out["errors"] == [
        {"row": 4, "column": "公民身份号码", "message": "公民身份号码校验位错误，请逐位核对"}
    ]


def test_without_a_user_the_audit_trail_records_the_command_line(ledger, capsys, db):
    call_command("import_workers", str(ledger), "--region", "451324", "--json")
    event = AuditEvent.objects.get(action="import")
    assert event.actor is None and event.actor_label.startswith("command line: laborbridge")
    assert event.details["created"] == 1


def test_dry_run_changes_nothing_and_errors_go_to_a_workbook(ledger, tmp_path, capsys, users):
    out = tmp_path / "errors.xlsx"
    call_command(
        "import_workers",
        str(ledger),
        "--region",
        "451324",
        "--dry-run",
        "--errors",
        str(out),
        "--user",
        "tongmu",
    )
    assert not Worker.objects.exists()
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["原行号", "姓名", "公民身份号码", "乡(镇)"] and rows[0][-1] == "错误原因"
    assert rows[1][0] == 4 and rows[1][1] == "错号" and "校验位" in rows[1][-1]


def test_a_user_imports_only_within_their_scope(ledger, capsys, users):
    call_command("import_workers", str(ledger), "--region", "451324", "--user", "dianbai", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 0 and out["rejected"] == 2
    assert "不在您的管辖范围内" in out["errors"][0]["message"]


@pytest.mark.parametrize(("args", "message"), [(["--region", "999999"], "不存在"), (["--region", "451324", "--as-of", "2024/1/1"], "YYYY-MM-DD"),
                                              (["--region", "451324", "--user", "nobody"], "用户不存在")])  # fmt: skip
def test_bad_arguments_get_a_clear_message(ledger, db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_workers", str(ledger), *args)
