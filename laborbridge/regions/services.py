"""Load the division tree and the pairings of the first deployment."""

import csv
from pathlib import Path

from django.db import transaction

from laborbridge.regions.models import Pairing, Region

DATA_DIR = Path(__file__).resolve().parent / "data"

# (file, parent column): provinces have no parent.
FILES = [
    ("provinces.csv", None),
    ("cities.csv", "provinceCode"),
    ("areas.csv", "cityCode"),
    ("streets.csv", "areaCode"),
    ("villages-paired.csv", "streetCode"),
]

# 粤桂协作: 茂名市电白区 and 茂南区 paired with 来宾市金秀瑶族自治县 since 2018.
PAIRINGS = [("440904", "451324", 2018), ("440902", "451324", 2018)]


def _rows():
    for filename, parent_column in FILES:
        with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                code = row["code"].strip()
                yield Region(
                    code=code,
                    name=row["name"].strip(),
                    level=Region.LEVEL_BY_LENGTH[len(code)],
                    parent_id=row[parent_column].strip() if parent_column else None,
                )


@transaction.atomic
def regions_load() -> dict[str, int]:
    """Create missing regions and rename changed ones; idempotent. Returns counts."""
    existing = dict(Region.objects.values_list("code", "name"))
    new, renamed = [], []
    for region in _rows():
        name = existing.get(region.code)
        if name is None:
            new.append(region)
        elif name != region.name:
            renamed.append(region)
    Region.objects.bulk_create(new, batch_size=2000)
    Region.objects.bulk_update(renamed, ["name"], batch_size=2000)
    pairings = 0
    for east, west, since in PAIRINGS:
        _, created = Pairing.objects.get_or_create(east_id=east, west_id=west, defaults={"since_year": since})
        pairings += created
    return {"created": len(new), "renamed": len(renamed), "pairings_created": pairings}
