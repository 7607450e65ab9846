import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

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
    must_change_password = models.BooleanField(
        _("下次登录须修改密码"), default=False, help_text=_("管理员开设或重置的账户，首次登录先改密码")
    )
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # Part of the session hash: raising it ends every session of the user at its next request.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        permissions = [("view_audit_trail", _("可以查看审计记录"))]

    def __str__(self):
        return self.get_full_name() or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()  # the expiry counts from here, whoever set it

    def _get_session_auth_hash(self, secret=None):
        # Django ends a session whose stored hash no longer matches: mixing in the epoch lets
        # `sessions_end_all` end them all without knowing where they are stored.
        key_salt = "laborbridge.accounts.User.session_auth_hash"
        value = f"{self.password}:{self.session_epoch}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


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


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """Single-use recovery codes for when the phone is lost: a django-otp device, only the codes' hashes kept."""

    class Meta(Device.Meta):
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")

    @staticmethod
    def hash_code(code: str) -> str:
        # Codes carry 80 random bits, so a plain digest is as safe as a slow hash and can be looked up.
        normal = "".join(code.split()).replace("-", "").lower()
        return hashlib.sha256(normal.encode()).hexdigest()

    def verify_token(self, token) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        code = self.codes.filter(code_hash=self.hash_code(str(token)), used_at__isnull=True).first()
        if code is None:
            self.throttle_increment()
            return False
        # Conditional update: two requests racing with one code cannot both succeed.
        used = RecoveryCode.objects.filter(pk=code.pk, used_at__isnull=True).update(used_at=timezone.now())
        if used:
            self.throttle_reset()
        return bool(used)

    def get_throttle_factor(self):
        return 1

    @property
    def remaining(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")
        indexes = [models.Index(fields=["device", "code_hash"])]

    def __str__(self):
        return f"{self.device.user} {'used' if self.used_at else 'unused'}"
