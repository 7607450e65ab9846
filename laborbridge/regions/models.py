from django.db import models
from django.utils.translation import gettext_lazy as _

# City-level rows of the statistics codes that are not names of a place.
PLACEHOLDER_CITY_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


class Region(models.Model):
    """One administrative division; the code is the key (2/4/6/9/12 digits by level).

    Using the code as primary key lets scoping filter by code prefix without a join:
    a worker's township_id starts with its county's code.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("地级")
        COUNTY = "county", _("县级")
        TOWNSHIP = "township", _("乡级")
        VILLAGE = "village", _("村级")

    LEVEL_BY_LENGTH = {
        2: Level.PROVINCE,
        4: Level.CITY,
        6: Level.COUNTY,
        9: Level.TOWNSHIP,
        12: Level.VILLAGE,
    }

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self):
        return self.name

    @property
    def county_code(self) -> str:
        return self.code[:6] if len(self.code) >= 6 else ""

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def qualified_name(self) -> str:
        """A county with its city (茂名市电白区), unless the city adds nothing (市辖区, 东莞市东莞市)."""
        parent = self.parent if self.level == self.Level.COUNTY else None
        if parent is None or parent.name in PLACEHOLDER_CITY_NAMES or parent.name == self.name:
            return self.name
        return parent.name + self.name

    @property
    def full_name(self) -> str:
        """With its province, city and county (广东省茂名市电白区), placeholders (市辖区) and repeats left out.

        Walks the parents: select_related them when listing many."""
        names: list[str] = []
        region = self
        while region is not None:
            if region.name not in PLACEHOLDER_CITY_NAMES and (not names or names[-1] != region.name):
                names.append(region.name)
            region = region.parent
        return "".join(reversed(names))

    def contains(self, code: str) -> bool:
        """True if the region with `code` lies inside this one (or is this one)."""
        return code.startswith(self.code)


class Pairing(models.Model):
    """An eastern region paired with a western one (结对帮扶) since a year."""

    east = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="pairings_as_east", verbose_name=_("东部地区")
    )
    west = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="pairings_as_west", verbose_name=_("西部地区")
    )
    since_year = models.PositiveSmallIntegerField(_("结对起始年份"))

    class Meta:
        ordering = ["west_id", "east_id"]
        constraints = [models.UniqueConstraint(fields=["east", "west"], name="pairing_unique_east_west")]
        verbose_name = _("结对关系")
        verbose_name_plural = _("结对关系")

    def __str__(self):
        return f"{self.east} ↔ {self.west}（{self.since_year}年起）"
