"""Job fairs (招聘会): the fair, its employers and the positions they bring, visitors, intents, consultations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laborbridge.core import phone
from laborbridge.core.fields import EncryptedTextField
from laborbridge.employers.models import Employer, Vacancy
from laborbridge.employment.models import Referral
from laborbridge.fairs.vocabulary import TargetGroup, Topic
from laborbridge.regions.models import Region
from laborbridge.workers.models import Worker

__all__ = [
    "Consultation",
    "FairIntent",
    "FairParticipation",
    "FairPosition",
    "FairPreregistration",
    "FairVisit",
    "JobFair",
    "TargetGroup",
    "Topic",
]


class JobFair(models.Model):
    """A recruitment event (招聘会): planned, then open on the day, then closed."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    title = models.CharField(_("名称"), max_length=100)
    theme = models.CharField(_("主题"), max_length=200, blank=True)
    date = models.DateField(_("日期"), db_index=True)
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    township = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("举办乡镇（街道）")
    )
    address = models.CharField(_("地址"), max_length=200)
    organisers = models.ManyToManyField(Region, related_name="+", verbose_name=_("主办地区"))
    target_groups = models.JSONField(_("面向对象"), default=list, blank=True)
    programme = models.TextField(_("活动安排"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    # The public page's address: random, so that fairs cannot be walked by number.
    slug = models.SlugField(_("公开页地址"), max_length=20, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("招聘会")
        verbose_name_plural = _("招聘会")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def audit_label(self) -> str:
        return str(self)  # a fair's title is no one's personal data

    @property
    def target_group_labels(self) -> list[str]:
        return [str(TargetGroup(code).label) for code in self.target_groups if code in TargetGroup.values]


class FairParticipation(models.Model):
    """An employer at a fair, at a booth."""

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="participations")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="fair_participations")
    booth = models.CharField(_("展位号"), max_length=20, blank=True)

    class Meta:
        ordering = ["booth", "id"]
        constraints = [models.UniqueConstraint(fields=["fair", "employer"], name="fair_participation_once")]
        verbose_name = _("参会单位")
        verbose_name_plural = _("参会单位")

    def __str__(self):
        return f"{self.employer.name} {self.booth}".strip()


class FairPosition(models.Model):
    """A vacancy an employer brings to a fair, with the headcount offered there."""

    participation = models.ForeignKey(FairParticipation, on_delete=models.CASCADE, related_name="positions")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="fair_positions")
    headcount = models.PositiveIntegerField(_("招聘人数"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "vacancy"], name="fair_position_once"),
            models.CheckConstraint(
                condition=models.Q(headcount__gte=1), name="fair_position_headcount_positive"
            ),
        ]
        verbose_name = _("参会岗位")
        verbose_name_plural = _("参会岗位")

    def __str__(self):
        return f"{self.vacancy} ×{self.headcount}"


class FairPreregistration(models.Model):
    """A job seeker's sign-up for a fair from the public page, before a registry record is found or made."""

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="preregistrations")
    name = models.CharField(_("姓名"), max_length=50)
    phone = EncryptedTextField(_("手机号码"), context="fairs.FairPreregistration.phone")
    phone_bidx = models.CharField(max_length=40, editable=False)
    township = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("户籍乡镇（街道）")
    )
    looking_for = models.CharField(_("求职意向"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "phone_bidx"], name="fair_preregistration_once")
        ]
        verbose_name = _("预报名")
        verbose_name_plural = _("预报名")

    def __str__(self):
        return f"{self._meta.verbose_name}#{self.pk}"

    @property
    def phone_masked(self) -> str:
        return phone.mask(self.phone)


class FairVisit(models.Model):
    """A visitor checked in at a fair's door; a second check-in is the same visit."""

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="visits")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="fair_visits")
    checked_in_at = models.DateTimeField(_("签到时间"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    walk_in = models.BooleanField(_("现场登记"), default=False)
    preregistration = models.OneToOneField(
        FairPreregistration, null=True, blank=True, on_delete=models.SET_NULL, related_name="visit"
    )

    class Meta:
        ordering = ["-checked_in_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["fair", "worker"], name="fair_visit_once")]
        verbose_name = _("签到")
        verbose_name_plural = _("签到")

    def __str__(self):
        return f"{self._meta.verbose_name}#{self.pk}"


class FairIntent(models.Model):
    """An intent agreed at a fair: the referral (source 招聘会) it opened, tied to the fair and its position."""

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="intents")
    position = models.ForeignKey(FairPosition, on_delete=models.PROTECT, related_name="intents")
    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="fair_intent")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("招聘会意向")
        verbose_name_plural = _("招聘会意向")

    def __str__(self):
        return f"{self._meta.verbose_name}#{self.pk}"


class Consultation(models.Model):
    """A one-to-one consultation at a fair's advice desk; the person may stay anonymous."""

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="consultations")
    topic = models.CharField(_("咨询类别"), max_length=20, choices=Topic.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("接待人员"),
    )
    worker = models.ForeignKey(
        Worker,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fair_consultations",
        verbose_name=_("咨询人"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("政策咨询")
        verbose_name_plural = _("政策咨询")

    def __str__(self):
        return f"{self._meta.verbose_name}#{self.pk}"
