import datetime
import json
import shlex
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from laborbridge.accounts.models import User
from laborbridge.core.spreadsheets import SpreadsheetError
from laborbridge.ledger.jobs import ledger_import_file
from laborbridge.ledger.rows import LedgerError
from laborbridge.ledger.workbooks import error_workbook


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of 应为 YYYY-MM-DD 格式的日期：{text}") from None


class Command(BaseCommand):
    help = "Import a township or county ledger (.xlsx, .xls, .ods, .csv) into the registry."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--region", required=True, help="the county's 6-digit division code")
        parser.add_argument("--as-of", default="", help="ledger date YYYY-MM-DD (default today)")
        parser.add_argument("--user", default="", help="import as this user (scope and audit trail)")
        parser.add_argument("--dry-run", action="store_true", help="check and count, change nothing")
        parser.add_argument("--errors", default="", help="write the rejected rows with reasons to this .xlsx")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print one JSON object")

    def handle(self, *args, file, region, as_of, user, dry_run, errors, as_json, **options):
        as_of_date = iso_date(as_of) if as_of else datetime.date.today()
        actor = None
        if user:
            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"用户不存在或已停用：{user}")
        label = "" if actor else "command line: " + shlex.join(["laborbridge", *sys.argv[1:]])[:280]
        if not Path(file).is_file():
            raise CommandError(f"文件不存在：{file}")
        try:
            result = ledger_import_file(
                path=file,
                county_code=region,
                as_of=as_of_date,
                actor=actor,
                actor_label=label,
                dry_run=dry_run,
            )
        except (SpreadsheetError, LedgerError) as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        if errors and result.rejected:
            Path(errors).write_bytes(error_workbook(result))
        if as_json:
            self.stdout.write(_json(result.summary()))
            return
        self.stdout.write(
            f"{'检查' if dry_run else '导入'}完成：共 {result.rows} 行，新增 {result.created}，更新 {result.updated}，"
            f"未变 {result.unchanged}，未导入 {result.rejected}"
        )
        if result.unread_columns:
            self.stdout.write(f"注意：以下列未读取，其内容没有导入：{'、'.join(result.unread_columns)}")
        for notice in result.notices:
            self.stdout.write(f"提示：{notice}")
        for error in result.errors[:50]:
            self.stdout.write(f"第 {error.row} 行 {error.column}：{error.message}")
        if len(result.errors) > 50:
            self.stdout.write(
                f"……另有 {len(result.errors) - 50} 条错误" + ("，见 " + errors if errors else "")
            )


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False)
