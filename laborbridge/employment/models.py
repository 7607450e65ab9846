from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from laborbridge.regions.models import Region
from laborbridge.workers.choices import PlaceClass
from laborbridge.workers.models import Worker

__all__ = ["Channel", "Employment", "PlaceClass", "Source"]


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


class Employment(models.Model):
    """One spell of work (务工): where, for whom, from when to when, for how much."""

    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="employments", verbose_name=_("劳动力")
    )
    employer_name = models.CharField(_("就业单位"), max_length=200, blank=True)
    # A county anywhere or a township of the home county; empty when a ledger gave only the place class.
    place = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("就业地点")
    )
    place_class = models.CharField(_("务工地域"), max_length=20, choices=PlaceClass.choices, db_index=True)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    monthly_income = models.PositiveIntegerField(_("月收入（元）"), null=True, blank=True)
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
        indexes = [models.Index(fields=["start", "end"], name="employment_period")]
        verbose_name = _("就业记录")
        verbose_name_plural = _("就业记录")

    def __str__(self):
        return f"{self.worker.name} {self.employer_name or self.place} {self.start}"

    @property
    def is_open(self) -> bool:
        return self.end is None
