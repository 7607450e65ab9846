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


class ExportJob(models.Model):
    """One export of the registry's list, built in the background (docs/decisions/0016): who asked, for which
    filters, how far it got, and the kept file, encrypted in the private storage and readable only by whoever
    asked, until it expires."""

    class Kind(models.TextChoices):
        WORKERS = "workers", _("劳动力名单（脱敏）")
        WORKERS_FULL = "workers_full", _("劳动力名单（完整号码）")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")
        EXPIRED = "expired", _("已过期")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.WORKERS)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The list's filters as the request read them (an identifier search's number included): encrypted.
    filters = models.BinaryField()
    # A full export's reason, also in its audit event.
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)  # the request's, for the export's audit event
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    rows = models.PositiveIntegerField(default=0)
    file_path = models.CharField(max_length=200, blank=True)  # the encrypted workbook in STORAGES["private"]
    message = models.TextField(blank=True)  # why it failed
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("导出")
        verbose_name_plural = _("导出")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
