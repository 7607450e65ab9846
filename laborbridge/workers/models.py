import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laborbridge.core import idnumber, phone
from laborbridge.core.education import Education
from laborbridge.core.fields import EncryptedTextField
from laborbridge.regions.models import Region
from laborbridge.workers.choices import ETHNICITY_CHOICES, PlaceClass, PovertyStatus, Sex


class Worker(models.Model):
    """A rural working-age person in the registry (农村劳动力). One person, one ID number."""

    name = models.CharField(_("姓名"), max_length=50)
    name_pinyin = models.CharField(max_length=200, db_index=True, editable=False)
    name_initials = models.CharField(max_length=50, db_index=True, editable=False)
    id_number = EncryptedTextField(_("公民身份号码"), context="workers.Worker.id_number")
    id_number_bidx = models.CharField(max_length=40, unique=True, editable=False)
    # Keyed index of the ID number's last four characters, for a search by its last 4-6 digits (the tail is
    # never stored in the clear; a 5- or 6-digit search is confirmed on the few candidates, decrypted).
    id_number_tail_bidx = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    # Only the year is kept in the clear (for age filters and statistics): the full date would rebuild a masked
    # ID number, and is read from the encrypted ID number when needed (issue 10, finding 1).
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), editable=False)
    phone = EncryptedTextField(_("手机号码"), context="workers.Worker.phone", blank=True)
    phone_bidx = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    # The county is the township's parent, kept here so that county-wide lists use one index in id order.
    county = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        editable=False,
        verbose_name=_("县（区）"),
    )
    township = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("户籍乡镇（街道）")
    )
    village = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("户籍村（社区）"),
    )
    poverty_status = models.CharField(
        _("脱贫属性"),
        max_length=12,
        choices=PovertyStatus.choices,
        default=PovertyStatus.ORDINARY,
    )
    education = models.CharField(_("文化程度"), max_length=10, choices=Education.choices, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=10, choices=ETHNICITY_CHOICES, blank=True)
    skills = models.CharField(_("技能特长"), max_length=500, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Not indexed: every index slows the large ledger imports, and nobody lists workers by who typed them.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["county", "id"], name="worker_county_id"),
            models.Index(fields=["township", "id"], name="worker_township_id"),
            models.Index(fields=["village", "id"], name="worker_village_id"),
            # The household and poverty status of workers picked by id from a small table (fair visitors,
            # trainees): read from this index, not from the wide rows (docs/decisions/0013).
            models.Index(fields=["id", "county", "township", "poverty_status"], name="worker_household"),
        ]
        permissions = [("unmask_worker", _("可以查看完整身份证号和手机号"))]
        verbose_name = _("劳动力")
        verbose_name_plural = _("劳动力")

    def __str__(self):
        return f"{self.name}（{self.id_number_masked}）"

    @property
    def id_number_masked(self) -> str:
        return idnumber.mask(self.id_number)

    @property
    def birth_date(self) -> datetime.date:
        """From the (encrypted) ID number: not kept in the clear."""
        number = self.id_number
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))

    @property
    def age(self) -> int:
        """Whole years today: shown instead of the birth date, which would rebuild a masked ID number."""
        return idnumber.age_on(self.birth_date, datetime.date.today())

    @property
    def phone_masked(self) -> str:
        return phone.mask(self.phone)

    @property
    def county_code(self) -> str:
        return self.county_id or self.township_id[:6]

    @property
    def preference_or_none(self):
        """The job preferences (求职意愿), or None when none were stated."""
        return getattr(self, "preference", None)


class WorkerPreference(models.Model):
    """What a worker wants from a job (求职意愿), for matching: absent until someone states it.

    A one-to-one record rather than columns on the worker: the ledger's bulk writes of workers stay as they
    are, and a worker without preferences costs nothing. Written only by the registry's services.
    """

    worker = models.OneToOneField(
        Worker,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="preference",
        verbose_name=_("劳动力"),
    )
    # Named by string: the registry does not import the employers app beside it.
    occupations = models.ManyToManyField(
        "employers.Occupation", blank=True, related_name="+", verbose_name=_("期望工种")
    )
    # PlaceClass values (县内, 区内县外, 协作省份, 其他省份); empty: anywhere.
    place_classes = models.JSONField(_("期望务工地域"), default=list, blank=True)
    # Provinces, cities or counties the worker would go to; empty: no particular region.
    regions = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name=_("期望就业地区"))
    pay_min = models.PositiveIntegerField(_("期望月薪不低于（元）"), null=True, blank=True)
    needs_lodging = models.BooleanField(_("需要包住"), default=False)
    available_from = models.DateField(_("可到岗日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("求职意愿")
        verbose_name_plural = _("求职意愿")

    def __str__(self):
        return f"{self._meta.verbose_name}#{self.pk}"

    @property
    def place_class_labels(self) -> list[str]:
        return [str(PlaceClass(code).label) for code in self.place_classes if code in PlaceClass.values]


class IndicatorSummary(models.Model):
    """What the indicators of the registry and its employment read (docs/decisions/0013): a worker's household
    and poverty status, and the periods [S, E] in which the worker counts, as disjoint rectangles of
    (first day S, last day E), days as `date.toordinal()`.

    A worker's first row carries `created` (registered when E ≥ created); each row may carry one rectangle of
    the employed-by-place-class fact (`place_class`, `ea ≤ S ≤ eb` and `ec ≤ E ≤ ed`) and one of the stable
    fact (`sa…sd`). Written only by `workers.summary` (the worker's side) and `employment.summary` (the
    spells' side), in the transaction of the service that changes the worker or the spells.
    """

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    county = models.CharField(max_length=6)
    township = models.CharField(max_length=9)
    poverty = models.CharField(max_length=12)
    created = models.IntegerField(null=True)
    place_class = models.CharField(max_length=20, blank=True)
    ea = models.IntegerField(null=True)
    eb = models.IntegerField(null=True)
    ec = models.IntegerField(null=True)
    ed = models.IntegerField(null=True)
    sa = models.IntegerField(null=True)
    sb = models.IntegerField(null=True)
    sc = models.IntegerField(null=True)
    sd = models.IntegerField(null=True)

    class Meta:
        indexes = [
            # Covering: a county's or a township's figures are one index-only scan.
            models.Index(
                fields=[
                    "county",
                    "township",
                    "poverty",
                    "place_class",
                    "created",
                    "ea",
                    "eb",
                    "ec",
                    "ed",
                    "sa",
                    "sb",
                    "sc",
                    "sd",
                ],
                name="indicator_summary_scan",
            ),
        ]

    def __str__(self):
        return f"{self.worker_id}: {self.place_class or '-'}"


class IndicatorSummaryState(models.Model):
    """The summary is complete for this minimum spell length (`EMPLOYED_MIN_DAYS`); without this row the
    indicators read the live tables (a database filled before the summary existed, until it is rebuilt)."""

    min_days = models.PositiveIntegerField()
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"min_days={self.min_days} {self.built_at}"
