from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from laborbridge.core import phone
from laborbridge.core.education import Education
from laborbridge.core.fields import EncryptedTextField
from laborbridge.regions.models import Region


class Occupation(models.Model):
    """A common occupation (工种) from a curated list; the national code is optional."""

    name = models.CharField(_("工种"), max_length=50, unique=True)
    code = models.CharField(_("职业分类代码"), max_length=20, blank=True)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort", "name"]
        verbose_name = _("工种")
        verbose_name_plural = _("工种")

    def __str__(self):
        return self.name


class Employer(models.Model):
    """An enterprise or individual business that hires (用工单位)."""

    class Kind(models.TextChoices):
        PRIVATE = "private", _("民营企业")
        SME = "sme", _("中小微企业")
        INDIVIDUAL = "individual", _("个体工商户")
        STATE = "state", _("国有企业")
        PUBLIC = "public", _("事业单位")

    name = models.CharField(_("单位名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    kind = models.CharField(_("单位类型"), max_length=12, choices=Kind.choices, default=Kind.PRIVATE)
    industry = models.CharField(_("所属行业"), max_length=50, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("所在县（区）"), db_index=False
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("联系电话"), context="employers.Employer.contact_phone", blank=True)
    provided_by = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("引进方"),
        help_text=_("结对双方中引进该单位的一方（县级）"),
    )
    provided_on = models.DateField(_("引进日期"), null=True, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="employers", verbose_name=_("单位账户")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=~Q(uscc=""), name="employer_unique_uscc"),
        ]
        indexes = [
            models.Index(fields=["region", "id"], name="employer_region_id"),
            models.Index(fields=["provided_by", "id"], name="employer_provided_by_id"),
        ]
        verbose_name = _("用工单位")
        verbose_name_plural = _("用工单位")

    def __str__(self):
        return self.name

    @property
    def audit_label(self) -> str:
        return str(self)  # an employer's name is no one's personal data

    @property
    def contact_phone_masked(self) -> str:
        return phone.mask(self.contact_phone)


class Vacancy(models.Model):
    """A job opening (岗位). There is deliberately no field for sex or ethnicity: hiring may not require them."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("招聘中")
        FILLED = "filled", _("已招满")
        CLOSED = "closed", _("已关闭")

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("用工单位")
    )
    title = models.CharField(_("岗位名称"), max_length=100)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("工种")
    )
    headcount = models.PositiveIntegerField(_("招聘人数"))
    pay_min = models.PositiveIntegerField(_("月薪下限（元）"))
    pay_max = models.PositiveIntegerField(_("月薪上限（元）"))
    place = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("工作地点"))
    lodging = models.BooleanField(_("包住"), default=False)
    meals = models.BooleanField(_("包吃"), default=False)
    age_min = models.PositiveSmallIntegerField(_("年龄下限"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("年龄上限"), null=True, blank=True)
    education_min = models.CharField(_("最低学历"), max_length=10, choices=Education.choices, blank=True)
    skills = models.CharField(_("技能要求"), max_length=300, blank=True)
    certificate = models.CharField(_("证书要求"), max_length=100, blank=True)
    description = models.TextField(_("岗位说明"), blank=True)
    posted_on = models.DateField(_("发布日期"), null=True, blank=True)
    closes_on = models.DateField(_("截止日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(pay_min__lte=F("pay_max")), name="vacancy_pay_range"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="vacancy_headcount_positive"),
        ]
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")

    def __str__(self):
        return f"{self.employer.name} · {self.title}"

    @property
    def audit_label(self) -> str:
        return str(self)  # an employer's name is no one's personal data


class EmploymentBase(models.Model):
    """An employer recognised for employing local rural labour: 稳岗就业基地 or 就业帮扶车间."""

    class Kind(models.TextChoices):
        STABLE_BASE = "stable_base", _("稳岗就业基地")
        WORKSHOP = "workshop", _("就业帮扶车间")

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="bases", verbose_name=_("用工单位")
    )
    kind = models.CharField(_("认定类型"), max_length=12, choices=Kind.choices)
    recognised_on = models.DateField(_("认定日期"))
    recognised_by = models.CharField(_("认定单位"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recognised_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["employer", "kind"], name="base_once_per_kind")]
        verbose_name = _("就业基地/帮扶车间")
        verbose_name_plural = _("就业基地/帮扶车间")

    def __str__(self):
        return f"{self.employer.name}（{self.get_kind_display()}）"

    @property
    def audit_label(self) -> str:
        return str(self)  # an employer's name is no one's personal data
