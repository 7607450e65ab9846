from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laborbridge.regions.models import Region


class LedgerImport(models.Model):
    """One upload of a ledger or an employers' sheet: who, what, when, and how every row was accounted for."""

    class Kind(models.TextChoices):
        LEDGER = "ledger", _("台账")
        EMPLOYERS = "employers", _("用工单位和岗位")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("已上传")
        CHECKING = "checking", _("检查中")
        CHECKED = "checked", _("待确认")
        IMPORTING = "importing", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已取消")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.LEDGER)
    county = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("县（区）")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("导入人"), max_length=300)
    file_name = models.CharField(_("文件名"), max_length=255)
    file_path = models.CharField(max_length=500)
    file_sha256 = models.CharField(max_length=64)
    file_size = models.PositiveBigIntegerField(default=0)
    as_of = models.DateField(_("台账日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # Reasons for rejected rows: [{"row", "column", "message"}], and sheets/columns that were ignored.
    errors = models.JSONField(default=list, blank=True)
    notices = models.JSONField(default=list, blank=True)
    # The headers of the file's columns that the import does not read (their contents are not imported).
    unread_columns = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)  # why the file as a whole failed
    errors_file = models.CharField(max_length=200, blank=True)  # encrypted workbook of the rejected rows
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # The worker's last sign of life on a running job; one silent too long lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("台账导入")
        verbose_name_plural = _("台账导入")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def audit_label(self) -> str:
        # The file, not its status at the moment of the event (an import's event read "(导入中)" once done).
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.CHECKING, self.Status.IMPORTING)
