"""Reads of the (public) division tree."""

from django.db.models import Q, QuerySet

from laborbridge.regions.models import Pairing, Region


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
