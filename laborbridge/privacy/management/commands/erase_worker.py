from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from laborbridge.accounts.models import User
from laborbridge.privacy.services import worker_erase
from laborbridge.workers.selectors import worker_get


class Command(BaseCommand):
    help = "Erase a worker and everything that hangs on them (an administrator's act, audited)."

    def add_arguments(self, parser):
        parser.add_argument("worker_id", type=int)
        parser.add_argument("--reason", required=True)
        parser.add_argument("--user", required=True, help="the administrator doing it")

    def handle(self, *args, worker_id, reason, user, **options):
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"没有该用户：{user}")
        try:
            worker = worker_get(actor=actor, pk=worker_id)
            counts = worker_erase(actor=actor, worker=worker, reason=reason)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        except Exception as exc:  # Http404 or PermissionDenied: say it in Chinese, no traceback
            raise CommandError(str(exc) or "没有找到该劳动力，或您没有删除的权限") from None
        self.stdout.write("已删除：" + "，".join(f"{k} {v}" for k, v in counts.items()))
