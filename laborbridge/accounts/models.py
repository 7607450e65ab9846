import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laborbridge.regions.models import Region


class User(AbstractUser):
    """A person who logs in; what they may see follows from `role` and `region`."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("系统管理员")
        COUNTY = "county", _("县（区）人社局")
        TOWNSHIP = "township", _("乡镇（街道）工作人员")
        COOPERATION = "cooperation", _("协作办")
        EMPLOYER = "employer", _("用工单位")
        AUDITOR = "auditor", _("审计员")

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.TOWNSHIP)
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所属地区"),
        help_text=_("县（区）人社局、协作办填县级代码；乡镇工作人员填乡镇代码"),
    )
    # The employer an employer user belongs to arrives with the employers app (see docs/decisions).
    is_demo = models.BooleanField(_("演示账户"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        permissions = [("view_audit_trail", _("可以查看审计记录"))]

    def __str__(self):
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
