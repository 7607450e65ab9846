"""The public side's one write: a person signs up for a vacancy ("我要报名") after confirming their phone.

The person is the actor (`policy.PORTAL`, 本人（门户） in the audit trail). They are found in the registry by
their ID number's blind index, or registered with the registry's rules (`worker_register`); the sign-up is a
referral of source `self`, at 报名, through `referral_create`. Both write their audit events.

The answer never tells whether the ID number or the phone was known: a person already registered, one new to
the registry and one already signed up for this vacancy all get the same answer, and at the same speed, since
the page only queues the sign-up (`portal_sign_up_queue`) and a background task writes it.
"""

import json
import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from laborbridge.accounts import policy
from laborbridge.core import audit, crypto, idnumber
from laborbridge.employers.models import Vacancy
from laborbridge.employment.models import Referral
from laborbridge.employment.services import referral_create
from laborbridge.regions.models import Region
from laborbridge.workers.derived import id_number_index
from laborbridge.workers.models import Worker
from laborbridge.workers.services import worker_register
from laborbridge.workers.validation import worker_clean

logger = logging.getLogger(__name__)
SEALED = "portal.sign_up"


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


def portal_sign_up_seal(*, phone: str, name: str = "", id_number: str = "", township: str = "") -> str:
    """A sign-up's fields sealed (encrypted) for the session and the task queue, which keep no plain number."""
    data = {"phone": phone, "name": name, "id_number": id_number, "township": township}
    return crypto.encrypt(json.dumps(data), context=SEALED)


def portal_sign_up_unseal(sealed: str) -> dict:
    return json.loads(crypto.decrypt(sealed, context=SEALED))


def portal_sign_up_sealed(*, vacancy_id: int, sealed: str, ip: str | None = None) -> None:
    """Write a queued sign-up: its fields are checked again with the registry's rules, as the form did."""
    data = portal_sign_up_unseal(sealed)
    clean = worker_clean({"name": data["name"], "id_number": data["id_number"], "township": data["township"]})
    vacancy = (
        Vacancy.objects.filter(pk=vacancy_id, status=Vacancy.Status.OPEN).select_related("employer").first()
    )
    if vacancy is None:  # closed between the code and the write: nothing to sign up for
        logger.warning("portal sign-up for vacancy %s dropped: no longer open", vacancy_id)
        return
    with audit.on_behalf(ip=ip):
        portal_sign_up(
            vacancy=vacancy,
            name=clean["name"],
            id_number=clean["id_number"],
            phone=data["phone"],
            township=clean["township"],
        )
