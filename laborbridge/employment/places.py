"""Classify where a spell of work is, relative to the worker's home county and its pairing."""

from collections.abc import Callable

from laborbridge.employment.models import PlaceClass
from laborbridge.regions.selectors import region_partner_codes


def place_class_for(*, place_code: str, home_county_code: str, partner_codes: list[str]) -> str:
    """in_county · in_province · partner_province · other_province, by division codes alone."""
    if place_code.startswith(home_county_code):
        return PlaceClass.IN_COUNTY
    if place_code[:2] == home_county_code[:2]:
        return PlaceClass.IN_PROVINCE
    if place_code[:2] in {code[:2] for code in partner_codes}:
        return PlaceClass.PARTNER_PROVINCE
    return PlaceClass.OTHER_PROVINCE


def place_classifier(*, home_county_code: str) -> Callable[[str], str]:
    """`place_class_for` for the workers of one county, its pairing read once (a ledger's many places)."""
    partners = region_partner_codes(code=home_county_code)

    def classify(place_code: str) -> str:
        return place_class_for(
            place_code=place_code, home_county_code=home_county_code, partner_codes=partners
        )

    return classify
