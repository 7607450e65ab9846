import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from laborbridge.accounts.models import User
from laborbridge.core.spreadsheets import SpreadsheetError
from laborbridge.ledger.employers_import import employers_import_file
from laborbridge.ledger.rows import LedgerError
from laborbridge.ledger.workbooks import error_workbook


class Command(BaseCommand):
    help = "Import employers and their vacancies (企业岗位需求表: .xlsx, .xls, .ods, .csv) as a user."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="the county staff (or administrator) importing")
        parser.add_argument("--dry-run", action="store_true", help="check and count, change nothing")
        parser.add_argument("--errors", default="", help="write the rejected rows with reasons to this .xlsx")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print one JSON object")

    def handle(self, *args, file, user, dry_run, errors, as_json, **options):
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"用户不存在或已停用：{user}")
        if not Path(file).is_file():
            raise CommandError(f"文件不存在：{file}")
        try:
            result = employers_import_file(path=file, actor=actor, dry_run=dry_run)
        except (SpreadsheetError, LedgerError) as exc:
            raise CommandError(str(exc)) from None
        if errors and result.rejected:
            Path(errors).write_bytes(error_workbook(result))
        if as_json:
            self.stdout.write(json.dumps(result.summary(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{'检查' if dry_run else '导入'}完成：共 {result.rows} 行，新增 {result.created}，更新 {result.updated}，"
            f"未变 {result.unchanged}，未导入 {result.rejected}"
        )
        if result.unread_columns:
            self.stdout.write(f"注意：以下列未读取，其内容没有导入：{'、'.join(result.unread_columns)}")
        for error in result.errors[:50]:
            self.stdout.write(f"第 {error.row} 行 {error.column}：{error.message}")
