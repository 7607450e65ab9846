"""Reference lists of the registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from laborbridge.core.education import Education

__all__ = ["ETHNICITIES", "ETHNICITY_CHOICES", "Education", "PlaceClass", "PovertyStatus", "Sex"]


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class PovertyStatus(models.TextChoices):
    ALLEVIATED = "alleviated", _("脱贫劳动力")
    MONITORED = "monitored", _("防止返贫监测对象")
    ORDINARY = "ordinary", _("一般农户")


class PlaceClass(models.TextChoices):
    """Where a worker works relative to the home county (务工地域); derived by the employment app."""

    IN_COUNTY = "in_county", _("县内")
    IN_PROVINCE = "in_province", _("区内县外")
    PARTNER_PROVINCE = "partner_province", _("协作省份")
    OTHER_PROVINCE = "other_province", _("其他省份")


# The 56 ethnic groups in the official order (GB 3304), most common here first for the form.
ETHNICITIES = [
    "汉族",
    "瑶族",
    "壮族",
    "苗族",
    "侗族",
    "仫佬族",
    "毛南族",
    "回族",
    "京族",
    "彝族",
    "水族",
    "仡佬族",
    "蒙古族",
    "藏族",
    "维吾尔族",
    "布依族",
    "朝鲜族",
    "满族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "羌族",
    "布朗族",
    "撒拉族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]
ETHNICITY_CHOICES = [(name, name) for name in ETHNICITIES]
