"""The public side's one write: a person signs up for a vacancy ("我要报名") after confirming their phone.

The person is the actor (`policy.PORTAL`, 本人（门户） in the audit trail). They are found in the registry by
their ID number's blind index, or registered with the registry's rules (`worker_register`); the sign-up is a
referral of source `self`, at 报名, through `referral_create`. Both write their audit events.

The answer never tells whether the ID number or the phone was known: a person already registered, one new to
the registry and one already signed up for this vacancy all get the same answer.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from laborbridge.accounts import policy
from laborbridge.core import idnumber
from laborbridge.employers.models import Vacancy
from laborbridge.employment.models import Referral
from laborbridge.employment.services import referral_create
from laborbridge.regions.models import Region
from laborbridge.workers.derived import id_number_index
from laborbridge.workers.models import Worker
from laborbridge.workers.services import worker_register


def _worker_of(id_number: idnumber.CitizenId) -> Worker | None:
    return Worker.objects.filter(id_number_bidx=id_number_index(id_number.number)).first()


@transaction.atomic
def portal_sign_up(
    *,
    vacancy: Vacancy,
    name: str,
    id_number: idnumber.CitizenId,
    phone: str,
    township: Region,
    request=None,
) -> None:
    """Record a confirmed person's sign-up for an open vacancy; the registry record is never changed."""
    actor = policy.PORTAL
    worker = _worker_of(id_number)
    if worker is None:
        try:
            with transaction.atomic():
                worker = worker_register(
                    actor=actor,
                    request=request,
                    name=name,
                    id_number=id_number.number,
                    phone=phone,
                    township=township.code,
                )
        except ValidationError:
            worker = _worker_of(id_number)  # registered a moment ago by someone else
            if worker is None:
                raise
    try:
        with transaction.atomic():
            referral_create(
                actor=actor, worker=worker, vacancy=vacancy, source=Referral.Source.SELF, request=request
            )
    except ValidationError:
        pass  # already signed up (or referred) for this vacancy: the same answer as a new sign-up
