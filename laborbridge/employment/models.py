from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from laborbridge.employers.models import Employer, Occupation, Vacancy
from laborbridge.regions.models import Region
from laborbridge.workers.choices import PlaceClass
from laborbridge.workers.models import Worker

__all__ = ["Channel", "Employment", "FollowUp", "PlaceClass", "Referral", "ReferralStep", "Source"]


class Channel(models.TextChoices):
    ORGANISED = "organised", _("有组织输出")
    CHARTERED_BUS = "chartered_bus", _("点对点")
    JOB_FAIR = "job_fair", _("招聘会")
    WORKSHOP = "workshop", _("帮扶车间")
    PUBLIC_WELFARE = "public_welfare", _("公益性岗位")
    SELF_FOUND = "self_found", _("自主就业")
    SELF_EMPLOYED = "self_employed", _("自主创业")


class Source(models.TextChoices):
    STAFF = "staff", _("工作人员录入")
    LEDGER = "ledger", _("台账导入")
    REFERRAL = "referral", _("推荐")


class Referral(models.Model):
    """The road from a name to a job (推荐): a worker put forward for a vacancy, each step dated and attributed."""

    class Source(models.TextChoices):
        STAFF = "staff", _("工作人员推荐")
        MATCHING = "matching", _("智能匹配")
        JOB_FAIR = "job_fair", _("招聘会")
        SELF = "self", _("本人报名")
        CHARTERED_BUS = "chartered_bus", _("点对点专车")
        TRAINING = "training", _("培训后推荐")

    class Status(models.TextChoices):
        RECOMMENDED = "recommended", _("已推荐")
        APPLIED = "applied", _("已报名")
        INTENT = "intent", _("达成意向")
        HIRED = "hired", _("已录用")
        ARRIVED = "arrived", _("已到岗")
        LEFT = "left", _("已离职")
        DECLINED = "declined", _("未成功")

    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("劳动力")
    )
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("岗位")
    )
    source = models.CharField(_("来源"), max_length=15, choices=Source.choices, default=Source.STAFF)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.RECOMMENDED, db_index=True
    )
    declined_reason = models.CharField(_("未成功原因"), max_length=200, blank=True)
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
        ordering = ["-id"]
        constraints = [
            # One live referral of a worker to a vacancy; a declined or ended one may be followed by another.
            models.UniqueConstraint(
                fields=["worker", "vacancy"],
                condition=~Q(status__in=["declined", "left"]),
                name="referral_one_live_per_vacancy",
            ),
        ]
        verbose_name = _("推荐")
        verbose_name_plural = _("推荐")

    def __str__(self):
        return f"{self.worker.name} → {self.vacancy}"


class ReferralStep(models.Model):
    """One dated, attributed step of a referral."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("状态"), max_length=12, choices=Referral.Status.choices)
    on = models.DateField(_("日期"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    # The income stated at a hire (录用), as given to the spell the hire opened.
    monthly_income = models.PositiveIntegerField(_("月收入（元）"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("推荐进展")
        verbose_name_plural = _("推荐进展")

    def __str__(self):
        return f"{self.get_status_display()} {self.on}"


class Employment(models.Model):
    """One spell of work (务工): where, for whom, from when to when, for how much."""

    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="employments", verbose_name=_("劳动力")
    )
    employer_name = models.CharField(_("就业单位"), max_length=200, blank=True)
    # A province, city or county anywhere, or a township of the home county; empty when a ledger gave only
    # the place class.
    place = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("就业地点")
    )
    # The place as a ledger wrote it ("深圳市宝安区", "桐木镇", "县内"); blank when entered on a page.
    place_text = models.CharField(_("就业地点（台账原文）"), max_length=100, blank=True)
    place_class = models.CharField(_("务工地域"), max_length=20, choices=PlaceClass.choices, db_index=True)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    monthly_income = models.PositiveIntegerField(_("月收入（元）"), null=True, blank=True)
    employer = models.ForeignKey(
        Employer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employments",
        verbose_name=_("用工单位"),
    )
    vacancy = models.ForeignKey(
        Vacancy,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("岗位"),
    )
    referral = models.OneToOneField(
        Referral,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employment",
        verbose_name=_("推荐"),
    )
    # The trade (工种) of the work: from the vacancy on a hire, or as staff state it; empty when unknown.
    occupation = models.ForeignKey(
        Occupation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("工种"),
    )
    # Blank when not stated (a ledger row says nothing of the channel).
    channel = models.CharField(_("就业渠道"), max_length=20, choices=Channel.choices, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker"], condition=Q(end__isnull=True), name="employment_one_open_spell"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="employment_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["start", "end"], name="employment_period"),
            # Whether a worker is at work on or after a day, and in which trade (training outcomes), from
            # the index alone.
            models.Index(fields=["worker", "end", "occupation"], name="employment_worker_end"),
        ]
        verbose_name = _("就业记录")
        verbose_name_plural = _("就业记录")

    def __str__(self):
        return f"{self.worker.name} {self.employer_name or self.place} {self.start}"

    @property
    def is_open(self) -> bool:
        return self.end is None


class FollowUp(models.Model):
    """A check-up due 1, 3 and 6 months after a hire ("still at work?") or after a training class ends
    ("at work now?") (回访): it belongs to exactly one spell or one trainee's enrolment."""

    employment = models.ForeignKey(
        Employment, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    # A trainee's check-up; named by string so that employment does not import the training app above it.
    enrolment = models.ForeignKey(
        "training.Enrolment", null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField(_("入职后月数"))
    due_on = models.DateField(_("应回访日期"), db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("负责人"),
    )
    answered_on = models.DateField(_("回访日期"), null=True, blank=True)
    still_working = models.BooleanField(_("仍在岗"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["employment", "months"], name="follow_up_once"),
            models.UniqueConstraint(fields=["enrolment", "months"], name="follow_up_trainee_once"),
            models.CheckConstraint(
                condition=(Q(employment__isnull=False) & Q(enrolment__isnull=True))
                | (Q(employment__isnull=True) & Q(enrolment__isnull=False)),
                name="follow_up_of_spell_or_trainee",
            ),
        ]
        verbose_name = _("回访")
        verbose_name_plural = _("回访")

    def __str__(self):
        return f"{self.employment or self.enrolment} +{self.months}"

    @property
    def worker(self):
        """Whose check-up it is: the spell's worker or the trainee."""
        return self.employment.worker if self.employment_id else self.enrolment.worker
