"""Employment bases and workshops: their local workers month by month, from the employment spells.

Guangxi recognises a 就业帮扶车间 that employs at least 5 formerly poor workers; one with at least 10
formerly poor workers employed for a year or more may be put forward for an upgrade. Contract lengths
are not recorded, so a year of continuous employment stands in for a one-year contract.
"""

import datetime
from dataclasses import dataclass

from laborbridge.employers.models import EmploymentBase
from laborbridge.employment.calendar import add_months
from laborbridge.employment.models import Employment
from laborbridge.workers.choices import PovertyStatus

WORKSHOP_MINIMUM = 5
UPGRADE_MINIMUM = 10


@dataclass
class BaseMonth:
    month: datetime.date  # the first day
    workers: int
    alleviated: int

    @property
    def workshop_rule_met(self) -> bool:
        return self.alleviated >= WORKSHOP_MINIMUM


def _local_spells(base: EmploymentBase) -> list[tuple[int, datetime.date, datetime.date | None, str]]:
    """Spells at the base's employer of workers whose home county is the employer's county."""
    county = base.employer.region_id
    return list(
        Employment.objects.filter(employer=base.employer, worker__county_id=county).values_list(
            "worker_id", "start", "end", "worker__poverty_status"
        )
    )


def base_months(base: EmploymentBase, year: int, *, until: datetime.date | None = None) -> list[BaseMonth]:
    """Distinct local workers (and the formerly poor among them) at work in each month of `year`."""
    spells = _local_spells(base)
    months = []
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        if until and first > until:
            break
        last = add_months(first, 1) - datetime.timedelta(days=1)
        at_work = {(w, p) for w, start, end, p in spells if start <= last and (end is None or end >= first)}
        workers = {w for w, _p in at_work}
        alleviated = {w for w, p in at_work if p == PovertyStatus.ALLEVIATED}
        months.append(BaseMonth(month=first, workers=len(workers), alleviated=len(alleviated)))
    return months


def base_upgrade_candidates(base: EmploymentBase, as_of: datetime.date) -> int:
    """Formerly poor local workers at work on `as_of` who have been employed there a year or more."""
    year_ago = add_months(as_of, -12)
    return len(
        {
            w
            for w, start, end, p in _local_spells(base)
            if p == PovertyStatus.ALLEVIATED and start <= year_ago and (end is None or end >= as_of)
        }
    )


def base_summary(base: EmploymentBase, as_of: datetime.date) -> dict:
    current = base_months(base, as_of.year, until=as_of)[-1]
    upgrade = base_upgrade_candidates(base, as_of)
    return {"base": base, "month": current, "upgrade": upgrade, "upgrade_met": upgrade >= UPGRADE_MINIMUM}
