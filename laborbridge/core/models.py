import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laborbridge.core.append_only import RETENTION_DAYS


class AuditEventQuerySet(models.QuerySet):
    """Refuses bulk changes; only `purge_before` removes events, and only those past the retention period.

    The database refuses them too (core/append_only.py): this guard names the mistake earlier.
    """

    def update(self, **kwargs):
        raise PermissionError("audit events are append-only")

    def delete(self):
        raise PermissionError("audit events are append-only")

    def purge_before(self, cutoff: datetime.datetime) -> int:
        """Delete the events older than `cutoff`, which must lie past the retention period."""
        if cutoff > timezone.now() - datetime.timedelta(days=RETENTION_DAYS):
            raise PermissionError(f"audit events are kept at least {RETENTION_DAYS} days")
        deleted, _by_model = models.QuerySet.delete(self.filter(time__lt=cutoff))
        return deleted


class AuditEvent(models.Model):
    """One entry of the append-only audit trail: never updated; deleted only past the retention period."""

    class Action(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")
        TOKEN = "token", _("签发接口令牌")
        TOKEN_REVOKE = "token_revoke", _("吊销接口令牌")
        LOCKOUT = "lockout", _("登录锁定")
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        UNMASK = "unmask", _("查看完整个人信息")
        EXPORT = "export", _("导出")
        IMPORT = "import", _("导入")
        SEARCH = "search", _("按证件号或手机号查询")
        UPLOAD = "upload", _("上传文件")
        CHECK = "check", _("检查导入文件")
        DENIED = "denied", _("拒绝访问")
        PURGE = "purge", _("清理过期审计记录")

    time = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    role = models.CharField(max_length=20, blank=True)
    region_code = models.CharField(max_length=12, blank=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    success = models.BooleanField(default=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events are append-only")
