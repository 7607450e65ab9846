"""Chartered return-to-work buses (点对点专车, 春暖行动): campaigns, sign-ups, the plan, the door and the gate."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from laborbridge.employers.models import Employer
from laborbridge.employment.models import Employment, Referral
from laborbridge.regions.models import Region
from laborbridge.workers.models import Worker

__all__ = [
    "Arrival",
    "Batch",
    "Boarding",
    "BusType",
    "PickupPoint",
    "PlanJob",
    "SignUp",
    "TransportCampaign",
    "TravelSubsidyClaim",
    "Trip",
]


class TransportCampaign(models.Model):
    """A campaign of free buses (2024年春暖行动): its period, its organisers, and its travel-subsidy rules."""

    name = models.CharField(_("活动名称"), max_length=100)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    organisers = models.ManyToManyField(Region, related_name="+", verbose_name=_("组织地区"))
    # The one-time fare subsidy for formerly poor workers going out of province (一次性交通补贴):
    # with a ticket, the fare up to the cap; without, a flat sum per destination province ({"44": 300}).
    subsidy_cap_with_ticket = models.PositiveIntegerField(_("凭票补贴上限（元）"), null=True, blank=True)
    subsidy_flat_by_province = models.JSONField(_("无票定额补贴（元，按省）"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="transport_campaign_period"),
        ]
        verbose_name = _("专车活动")
        verbose_name_plural = _("专车活动")

    def __str__(self):
        return self.name


class PickupPoint(models.Model):
    """Where passengers board: a bus station or a township meeting point."""

    campaign = models.ForeignKey(TransportCampaign, on_delete=models.CASCADE, related_name="pickup_points")
    township = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("乡镇"))
    name = models.CharField(_("上车点"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        ordering = ["campaign", "name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="pickup_point_name_once")]
        verbose_name = _("上车点")
        verbose_name_plural = _("上车点")

    def __str__(self):
        return self.name


class BusType(models.Model):
    """A kind of bus the campaign hires: its seats and what one trip costs."""

    campaign = models.ForeignKey(TransportCampaign, on_delete=models.CASCADE, related_name="bus_types")
    name = models.CharField(_("车型"), max_length=50)
    seats = models.PositiveSmallIntegerField(_("座位数"))
    cost_per_trip = models.PositiveIntegerField(_("每趟费用（元）"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "seats"]
        constraints = [models.CheckConstraint(condition=Q(seats__gte=1), name="bus_type_has_seats")]
        verbose_name = _("车型")
        verbose_name_plural = _("车型")

    def __str__(self):
        return f"{self.name}（{self.seats}座）"


class Batch(models.Model):
    """One departure day of a campaign (批次)."""

    campaign = models.ForeignKey(TransportCampaign, on_delete=models.CASCADE, related_name="batches")
    date = models.DateField(_("发车日期"))
    lower_bound = models.PositiveIntegerField(_("最少车辆数"), default=0)
    proven_optimal = models.BooleanField(_("已证明最优"), default=False)

    class Meta:
        ordering = ["campaign", "date"]
        constraints = [models.UniqueConstraint(fields=["campaign", "date"], name="batch_once_a_day")]
        verbose_name = _("批次")
        verbose_name_plural = _("批次")

    def __str__(self):
        return f"{self.campaign} {self.date}"


class Trip(models.Model):
    """One bus of a batch (车次): its seats and the stops it makes (pickup points, then drop-off cities)."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="trips")
    number = models.PositiveSmallIntegerField(_("车次"))
    bus_type = models.ForeignKey(BusType, on_delete=models.PROTECT, related_name="+", verbose_name=_("车型"))
    seats = models.PositiveSmallIntegerField(_("座位数"))
    stops = models.JSONField(_("停靠点"), default=list)

    class Meta:
        ordering = ["batch", "number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="trip_number_once")]
        verbose_name = _("车次")
        verbose_name_plural = _("车次")

    def __str__(self):
        return f"{self.batch.date} 第{self.number}车"


class SignUp(models.Model):
    """A registry worker's wish to ride (报名): when, from where, to which employer; the seat the plan gave."""

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("已报名")
        BOARDED = "boarded", _("已上车")
        NO_SHOW = "no_show", _("未乘车")
        ARRIVED = "arrived", _("已到岗")
        CANCELLED = "cancelled", _("已取消")

    campaign = models.ForeignKey(
        TransportCampaign, on_delete=models.PROTECT, related_name="signups", verbose_name=_("专车活动")
    )
    # Erasing a worker erases its sign-ups, boarding and arrival with it.
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="bus_signups", verbose_name=_("乘客")
    )
    wanted_date = models.DateField(_("乘车日期"))
    pickup_point = models.ForeignKey(
        PickupPoint, on_delete=models.PROTECT, related_name="signups", verbose_name=_("上车点")
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="+", verbose_name=_("目的单位")
    )
    destination_city = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("目的城市")
    )
    companions = models.PositiveSmallIntegerField(_("同行人数"), default=0)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.SIGNED_UP, db_index=True
    )
    # The seat assignment: the bus the plan (or a later move) put this sign-up on.
    trip = models.ForeignKey(
        Trip, null=True, blank=True, on_delete=models.SET_NULL, related_name="signups", verbose_name=_("车次")
    )
    # A new job's referral (source chartered_bus), which arrival moves to 已到岗.
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("推荐")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["campaign", "wanted_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "worker"], name="signup_once_per_campaign")
        ]
        verbose_name = _("专车报名")
        verbose_name_plural = _("专车报名")

    def __str__(self):
        return f"{self.campaign} · {self.worker.name}"

    @property
    def seats(self) -> int:
        return 1 + self.companions


class Boarding(models.Model):
    """At the bus door (上车门): the passenger boarded, or did not come."""

    signup = models.OneToOneField(SignUp, on_delete=models.CASCADE, related_name="boarding")
    boarded = models.BooleanField(_("已上车"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now=True)

    class Meta:
        verbose_name = _("上车登记")
        verbose_name_plural = _("上车登记")

    def __str__(self):
        return f"{self.signup} {'boarded' if self.boarded else 'no-show'}"


class Arrival(models.Model):
    """At the factory gate (进厂门): the receiving employer confirmed the passenger arrived."""

    signup = models.OneToOneField(SignUp, on_delete=models.CASCADE, related_name="arrival")
    on = models.DateField(_("到岗日期"))
    # The spell the arrival is recorded on: the open one going back, or the one the hire opened.
    employment = models.ForeignKey(
        Employment, null=True, blank=True, on_delete=models.SET_NULL, related_name="bus_arrivals"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("到岗确认")
        verbose_name_plural = _("到岗确认")

    def __str__(self):
        return f"{self.signup} {self.on}"


class TravelSubsidyClaim(models.Model):
    """A formerly poor worker's one-time fare subsidy for going out of province (一次性交通补贴)."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("已审核")
        EXPORTED = "exported", _("已导出发放")

    campaign = models.ForeignKey(TransportCampaign, on_delete=models.PROTECT, related_name="subsidy_claims")
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="travel_subsidy_claims", verbose_name=_("申请人")
    )
    employment = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="+", verbose_name=_("务工记录")
    )
    with_ticket = models.BooleanField(_("凭票"))
    ticket_amount = models.PositiveIntegerField(_("票面金额（元）"), null=True, blank=True)
    amount = models.PositiveIntegerField(_("补贴金额（元）"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.APPROVED)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "worker"], name="travel_subsidy_once_per_campaign")
        ]
        verbose_name = _("交通补贴")
        verbose_name_plural = _("交通补贴")

    def __str__(self):
        return f"{self.campaign} · {self.worker.name} {self.amount}"


class PlanJob(models.Model):
    """One press of 自动排车, run in the background (Huey): its progress, then the plan's buses and lower bound."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("排车中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("未完成")

    campaign = models.ForeignKey(TransportCampaign, on_delete=models.CASCADE, related_name="plan_jobs")
    bus_type = models.ForeignKey(BusType, on_delete=models.CASCADE, related_name="+", verbose_name=_("车型"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    signups = models.PositiveIntegerField(_("排车人数"), null=True, blank=True)
    buses = models.PositiveIntegerField(_("车辆数"), null=True, blank=True)
    lower_bound = models.PositiveIntegerField(_("最少车辆数"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ip = models.GenericIPAddressField(
        null=True, blank=True
    )  # the press's address, for the run's audit events
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("排车任务")
        verbose_name_plural = _("排车任务")

    def __str__(self):
        return f"{self.campaign} {self.get_status_display()} {self.progress}%"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
