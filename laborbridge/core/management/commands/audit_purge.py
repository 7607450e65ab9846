import datetime
import getpass

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from laborbridge.core.append_only import RETENTION_DAYS
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent


class Command(BaseCommand):
    help = (
        f"Delete audit events older than a date; events younger than {RETENTION_DAYS} days are always kept."
    )

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument("--before", help="delete events from before this day (YYYY-MM-DD, China time)")
        when.add_argument(
            "--older-than-days", type=int, help=f"delete events older than N days (N ≥ {RETENTION_DAYS})"
        )
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args, before, older_than_days, dry_run, **options):
        now = timezone.now()
        if before is not None:
            try:
                day = datetime.date.fromisoformat(before)
            except ValueError:
                raise CommandError(f"--before 应为 YYYY-MM-DD 格式的日期：{before}") from None
            cutoff = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        else:
            cutoff = now - datetime.timedelta(days=older_than_days)
        if cutoff > now - datetime.timedelta(days=RETENTION_DAYS):
            raise CommandError(
                f"审计记录至少保存 {RETENTION_DAYS} 天，只能清理 {RETENTION_DAYS} 天以前的记录"
            )
        doomed = AuditEvent.objects.filter(time__lt=cutoff)
        if dry_run:
            self.stdout.write(f"将清理 {doomed.count()} 条 {cutoff:%Y-%m-%d %H:%M} 以前的审计记录（未执行）")
            return
        deleted = AuditEvent.objects.purge_before(cutoff)
        audit_record(
            actor=None,
            actor_label=f"audit_purge ({getpass.getuser()})",
            action=AuditEvent.Action.PURGE,
            details={"before": cutoff.isoformat(), "deleted": deleted},
        )
        self.stdout.write(f"已清理 {deleted} 条 {cutoff:%Y-%m-%d %H:%M} 以前的审计记录")
