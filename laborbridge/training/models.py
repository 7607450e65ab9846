"""Skills training (技能培训): programmes, their classes, trainees' enrolments, attendance, certificates."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from laborbridge.employers.models import Occupation
from laborbridge.regions.models import Region
from laborbridge.workers.models import Worker

__all__ = ["Attendance", "Certificate", "Enrolment", "Programme", "TrainingClass"]


class Programme(models.Model):
    """A training programme (粤菜师傅, 南粤家政, 茶叶评鉴 ...): the trades it leads to and what it certifies."""

    name = models.CharField(_("培训项目"), max_length=100, unique=True)
    # The trades the programme leads to: "related work" is computed from them, never typed.
    occupations = models.ManyToManyField(Occupation, blank=True, related_name="+", verbose_name=_("对应工种"))
    certificate = models.CharField(_("可取得的证书"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("培训项目")
        verbose_name_plural = _("培训项目")

    def __str__(self):
        return self.name


class TrainingClass(models.Model):
    """One class of a programme (培训班): where, when, for how many, run by which regions."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")
        RUNNING = "running", _("培训中")
        FINISHED = "finished", _("已结业")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="classes", verbose_name=_("培训项目")
    )
    name = models.CharField(_("班级名称"), max_length=100)
    provider = models.CharField(_("承办机构"), max_length=100)
    # A township (of any county) where the class meets; the address names the school or hall.
    place = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("培训地点"))
    address = models.CharField(_("详细地址"), max_length=200, blank=True)
    start = models.DateField(_("开班日期"))
    end = models.DateField(_("结业日期"))
    capacity = models.PositiveIntegerField(_("计划人数"))
    # One class may be run by several sides of a pairing; their staff manage it.
    organisers = models.ManyToManyField(Region, related_name="+", verbose_name=_("组织地区"))
    target_groups = models.CharField(_("培训对象"), max_length=200, blank=True)
    teachers = models.CharField(_("授课教师"), max_length=200, blank=True)
    cost_per_trainee = models.PositiveIntegerField(_("人均培训费用（元）"), null=True, blank=True)
    subsidy_per_trainee = models.PositiveIntegerField(_("人均补贴（元）"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="training_class_end_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_class_capacity_positive"),
        ]
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")

    def __str__(self):
        return self.name


class Enrolment(models.Model):
    """A registry worker in a class (学员): applied → enrolled → completed, or dropped with a reason."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("已报名")
        ENROLLED = "enrolled", _("已录取")
        COMPLETED = "completed", _("已结业")
        DROPPED = "dropped", _("已退出")

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("培训班")
    )
    # Erasing a worker erases its enrolments, attendance, certificates and check-ups with it.
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("学员")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    dropped_reason = models.CharField(_("退出原因"), max_length=200, blank=True)
    applied_on = models.DateField(_("报名日期"))
    completed_on = models.DateField(_("结业日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["training_class", "id"]
        constraints = [
            models.UniqueConstraint(fields=["training_class", "worker"], name="enrolment_once_per_class"),
        ]
        verbose_name = _("学员")
        verbose_name_plural = _("学员")

    def __str__(self):
        return f"{self.training_class} · {self.worker.name}"


class Attendance(models.Model):
    """Whether an enrolled trainee was present on one class day (签到)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("日期"))
    present = models.BooleanField(_("出勤"))

    class Meta:
        ordering = ["day", "id"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_once_a_day")]
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")

    def __str__(self):
        return f"{self.enrolment} {self.day}"


class Certificate(models.Model):
    """A certificate a trainee earned in a class (职业技能等级证书 ...), only after completing it."""

    class Kind(models.TextChoices):
        SKILL_LEVEL = "skill_level", _("职业技能等级证书")
        VOCATIONAL = "vocational", _("职业资格证书")
        SPECIAL = "special", _("专项职业能力证书")
        COMPLETION = "completion", _("培训合格证书")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("证书类别"), max_length=12, choices=Kind.choices)
    level = models.CharField(_("等级"), max_length=20, blank=True)
    number = models.CharField(_("证书编号"), max_length=50)
    issued_on = models.DateField(_("发证日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="certificate_number_once")]
        verbose_name = _("证书")
        verbose_name_plural = _("证书")

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"
