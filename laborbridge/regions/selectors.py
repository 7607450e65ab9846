"""Reads of the (public) division tree."""

from django.db.models import Q, QuerySet

from laborbridge.regions.models import Pairing, Region
from laborbridge.regions.places import PlaceIndex


def region_children(*, parent_code: str) -> QuerySet[Region]:
    return Region.objects.filter(parent_id=parent_code).order_by("code")


def region_partner_codes(*, code: str) -> list[str]:
    """The regions paired with the county `code` (either side), not including itself."""
    pairs = Pairing.objects.filter(Q(east_id=code) | Q(west_id=code)).values_list("east_id", "west_id")
    return sorted({east if west == code else west for east, west in pairs})


def region_eastern_partner_codes(*, code: str) -> list[str]:
    """The eastern regions paired with the western county `code` (none when `code` is an eastern one)."""
    return sorted(Pairing.objects.filter(west_id=code).values_list("east_id", flat=True))


def region_is_eastern_partner(*, code: str) -> bool:
    """True when the county `code` is the eastern side of a pairing (the side that brings employers in)."""
    return bool(code) and Pairing.objects.filter(east_id=code).exists()


def region_by_name_within(*, county_code: str, name: str, level: str) -> Region | None:
    """Find a township or village by its name inside a county, or None."""
    return Region.objects.filter(code__startswith=county_code, level=level, name=name).first()


def region_place_index(*, home_county: str) -> PlaceIndex:
    """An index to read places as ledgers write them, for workers of `home_county` (see regions.places).

    Provinces, cities, counties and the home county's townships are read at once (a few thousand rows);
    another county's townships only when a text names one after its county.
    """
    near = Q(level__in=[Region.Level.PROVINCE, Region.Level.CITY, Region.Level.COUNTY]) | Q(
        code__startswith=home_county, level=Region.Level.TOWNSHIP
    )
    townships = Region.objects.filter(level=Region.Level.TOWNSHIP)
    return PlaceIndex(
        Region.objects.filter(near).values_list("code", "name"),
        home_county=home_county,
        townships_under=lambda prefix: townships.filter(code__startswith=prefix).values_list("code", "name"),
        townships_named=lambda names: townships.filter(name__in=names).values_list("code", "name")[:200],
    )
