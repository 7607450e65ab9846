"""The public side's writes: a person signs up for a vacancy or a training class ("我要报名") after confirming
their phone.

The person is the actor (`policy.PORTAL`, 本人（门户） in the audit trail). They are found in the registry by
their ID number's blind index, or registered with the registry's rules (`worker_register`); the sign-up is a
referral of source `self`, at 报名, through `referral_create`, or a class application through
`enrolment_apply`. Each writes its audit event. What the person typed and confirmed is kept beside it
(`SelfSignUp`), flagged 待核实 when the record it landed on has another name or phone; staff settle the flag
(`self_sign_up_check`).

A chartered-bus sign-up (`portal_bus_sign_up`) finds or registers the person the same way and writes through
`transport.services.transport_sign_up` as the person bound to that record (`policy.portal_actor_for`), which the
policy lets sign up that record only.

The answer never tells whether the ID number or the phone was known: a person already registered, one new to
the registry and one already signed up for this vacancy all get the same answer, and at the same speed, since
the page only queues the sign-up (`portal_sign_up_queue`) and a background task writes it.
"""

import datetime
import json
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from laborbridge.accounts import policy
from laborbridge.core import audit, crypto, idnumber
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.employers.models import Employer, Vacancy
from laborbridge.employment.models import Referral
from laborbridge.employment.road import ROAD
from laborbridge.employment.services import referral_advance, referral_create
from laborbridge.portal.models import SelfSignUp
from laborbridge.portal.selectors import open_bus_campaign_record, open_class_record
from laborbridge.regions.models import Region
from laborbridge.training.models import Enrolment, TrainingClass
from laborbridge.training.services import enrolment_apply, enrolment_drop
from laborbridge.transport.models import SignUp as BusSignUp
from laborbridge.transport.services import signup_cancel, transport_sign_up
from laborbridge.workers.derived import id_number_index, phone_index
from laborbridge.workers.models import Worker
from laborbridge.workers.services import worker_register
from laborbridge.workers.validation import worker_clean

logger = logging.getLogger(__name__)
SEALED = "portal.sign_up"


def _worker_of(id_number: idnumber.CitizenId) -> Worker | None:
    return Worker.objects.filter(id_number_bidx=id_number_index(id_number.number)).first()


# Stored as written (the source language): staff read them on the worker's page.
MISMATCH_PHONE = _noop("报名手机号与登记不一致")
MISMATCH_NAME = _noop("报名姓名与登记不一致")
REJECTED_REASON = _noop("报名信息核实不符")


def _mismatches(worker: Worker, *, name: str, phone: str) -> list[str]:
    """Why a sign-up does not match the registry record it lands on, in words for staff."""
    reasons = []
    if phone != worker.phone:
        reasons.append(MISMATCH_PHONE)
    if name != worker.name:
        reasons.append(MISMATCH_NAME)
    return reasons


def _worker_for(*, actor, name, id_number, phone, township, request) -> tuple[Worker, bool]:
    """The registry record of this ID number, registered now from the sign-up if there is none; and whether
    it already existed (only then can the sign-up differ from it)."""
    worker = _worker_of(id_number)
    if worker is not None:
        return worker, True
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
        return worker, True
    return worker, False


def _keep(*, worker: Worker, existed: bool, name: str, phone: str, township: Region, **link) -> SelfSignUp:
    """Keep what the person typed and confirmed beside the referral or application, flagged 待核实 when the
    record it landed on has another name or phone."""
    reasons = _mismatches(worker, name=name, phone=phone) if existed else []
    return SelfSignUp.objects.create(
        **link,
        name=name,
        phone=phone,
        phone_bidx=phone_index(phone),
        township=township,
        review=SelfSignUp.Review.PENDING if reasons else SelfSignUp.Review.NONE,
        reasons="；".join(reasons),
    )


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
    worker, existed = _worker_for(
        actor=actor, name=name, id_number=id_number, phone=phone, township=township, request=request
    )
    try:
        with transaction.atomic():
            referral = referral_create(
                actor=actor, worker=worker, vacancy=vacancy, source=Referral.Source.SELF, request=request
            )
    except ValidationError:
        return  # already signed up (or referred) for this vacancy: the same answer as a new sign-up
    _keep(worker=worker, existed=existed, name=name, phone=phone, township=township, referral=referral)


@transaction.atomic
def portal_class_sign_up(
    *,
    training_class: TrainingClass,
    name: str,
    id_number: idnumber.CitizenId,
    phone: str,
    township: Region,
    request=None,
) -> None:
    """Record a confirmed person's application (报名) for an open training class, for staff to accept."""
    actor = policy.PORTAL
    worker, existed = _worker_for(
        actor=actor, name=name, id_number=id_number, phone=phone, township=township, request=request
    )
    if Enrolment.objects.filter(training_class=training_class, worker=worker).exists():
        return  # applied (or enrolled) already: the same answer as a new sign-up
    enrolment = enrolment_apply(actor=actor, training_class=training_class, worker=worker, request=request)
    _keep(worker=worker, existed=existed, name=name, phone=phone, township=township, enrolment=enrolment)


def portal_sign_up_seal(
    *, phone: str, name: str = "", id_number: str = "", township: str = "", **more
) -> str:
    """A sign-up's fields sealed (encrypted) for the session and the task queue, which keep no plain number;
    `more` carries what a bus sign-up adds (date, pickup point, employer, city, companions)."""
    data = {"phone": phone, "name": name, "id_number": id_number, "township": township, **more}
    return crypto.encrypt(json.dumps(data), context=SEALED)


def portal_sign_up_unseal(sealed: str) -> dict:
    return json.loads(crypto.decrypt(sealed, context=SEALED))


def _unseal_clean(sealed: str) -> tuple[dict, dict]:
    data = portal_sign_up_unseal(sealed)
    clean = worker_clean({"name": data["name"], "id_number": data["id_number"], "township": data["township"]})
    return data, clean


def portal_sign_up_sealed(*, vacancy_id: int, sealed: str, ip: str | None = None) -> None:
    """Write a queued sign-up: its fields are checked again with the registry's rules, as the form did."""
    data, clean = _unseal_clean(sealed)
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


def portal_class_sign_up_sealed(*, class_id: int, sealed: str, ip: str | None = None) -> None:
    """Write a queued class application, checked again as the form did; a class no longer open drops it."""
    data, clean = _unseal_clean(sealed)
    training_class = open_class_record(class_id)
    if training_class is None:
        logger.warning("portal class sign-up for class %s dropped: no longer open", class_id)
        return
    with audit.on_behalf(ip=ip):
        portal_class_sign_up(
            training_class=training_class,
            name=clean["name"],
            id_number=clean["id_number"],
            phone=data["phone"],
            township=clean["township"],
        )


@transaction.atomic
def portal_bus_sign_up(
    *,
    campaign,
    name: str,
    id_number: idnumber.CitizenId,
    phone: str,
    township: Region,
    wanted_date,
    pickup_point,
    employer: Employer,
    destination_city: Region | None = None,
    companions: int = 0,
    request=None,
) -> BusSignUp | None:
    """Record a confirmed person's sign-up for a chartered bus, as that person (bound to the record found by
    the ID number, or registered now); None when it is refused (a second sign-up, a closed campaign ...)."""
    worker, existed = _worker_for(
        actor=policy.PORTAL, name=name, id_number=id_number, phone=phone, township=township, request=request
    )
    try:
        with transaction.atomic():
            signup = transport_sign_up(
                actor=policy.portal_actor_for(worker),
                campaign=campaign,
                worker=worker,
                wanted_date=wanted_date,
                pickup_point=pickup_point,
                employer=employer,
                destination_city=destination_city,
                companions=companions,
                request=request,
            )
    except ValidationError as refused:
        logger.info("portal bus sign-up for campaign %s refused: %s", campaign.pk, list(refused.message_dict))
        return None
    _keep(worker=worker, existed=existed, name=name, phone=phone, township=township, bus_signup=signup)
    return signup


def _bus_fields(campaign, data: dict) -> dict:
    """The bus fields of a sealed sign-up as records (a pickup point only of this campaign)."""
    return {
        "wanted_date": datetime.date.fromisoformat(data["wanted_date"]),
        "pickup_point": campaign.pickup_points.filter(pk=data["pickup_point"]).first(),
        "employer": Employer.objects.filter(pk=data["employer"]).select_related("region").first(),
        "destination_city": (
            Region.objects.filter(code=data["destination_city"], level=Region.Level.CITY).first()
            if data.get("destination_city")
            else None
        ),
        "companions": int(data.get("companions") or 0),
    }


def portal_bus_sign_up_refusal(*, campaign_id: int, sealed: str) -> str | None:
    """Why a confirmed bus sign-up cannot be made, told only to the holder of the record's phone (anyone
    else learns nothing of the record from the answer): already signed up for this campaign."""
    data = portal_sign_up_unseal(sealed)
    try:
        clean = worker_clean(
            {"name": data["name"], "id_number": data["id_number"], "township": data["township"]}
        )
    except ValidationError:
        return None
    worker = _worker_of(clean["id_number"])
    if worker is None or worker.phone != data["phone"]:
        return None
    if BusSignUp.objects.filter(campaign_id=campaign_id, worker=worker).exists():
        return _("您已报名该专车活动，每人每次活动只能报名一次，可在“我的报名”中查看")
    return None


def portal_bus_sign_up_sealed(*, campaign_id: int, sealed: str, ip: str | None = None) -> None:
    """Write a queued bus sign-up, checked again as the form did; a campaign no longer open drops it."""
    data, clean = _unseal_clean(sealed)
    campaign = open_bus_campaign_record(campaign_id)
    if campaign is None:
        logger.warning("portal bus sign-up for campaign %s dropped: no longer open", campaign_id)
        return
    with audit.on_behalf(ip=ip):
        portal_bus_sign_up(
            campaign=campaign,
            name=clean["name"],
            id_number=clean["id_number"],
            phone=data["phone"],
            township=clean["township"],
            **_bus_fields(campaign, data),
        )


@transaction.atomic
def self_sign_up_check(*, actor, sign_up: SelfSignUp, confirm: bool, request=None) -> SelfSignUp:
    """Staff settle a sign-up flagged 待核实: confirmed, it stands; rejected, its referral closes as 未成功 (or
    its class application is dropped, or its bus sign-up cancelled) with the reason 报名信息核实不符. Audited on
    the referral, application or bus sign-up."""
    sign_up = (
        SelfSignUp.objects.select_for_update(of=("self",))
        .select_related(
            "referral__worker", "enrolment__worker", "enrolment__training_class", "bus_signup__worker"
        )
        .get(pk=sign_up.pk)
    )
    training_class = sign_up.enrolment.training_class if sign_up.enrolment_id else None
    if not policy.may_check_self_sign_up(actor, sign_up.worker, training_class):
        raise PermissionDenied(_("您没有核实该报名的权限"))
    if sign_up.review != SelfSignUp.Review.PENDING:
        raise ValidationError(
            {"review": [_("该报名无需核实或已核实（%(s)s）") % {"s": sign_up.get_review_display()}]}
        )
    reason = str(REJECTED_REASON)
    if not confirm:
        referral, enrolment = sign_up.referral, sign_up.enrolment
        if referral is not None and Referral.Status.DECLINED in ROAD[referral.status]:
            referral_advance(actor=actor, referral=referral, status=Referral.Status.DECLINED, reason=reason,
                             request=request)  # fmt: skip
        elif enrolment is not None and enrolment.status in (
            Enrolment.Status.APPLIED,
            Enrolment.Status.ENROLLED,
        ):
            enrolment_drop(actor=actor, enrolment=enrolment, reason=reason, request=request)
        elif sign_up.bus_signup is not None and sign_up.bus_signup.status == BusSignUp.Status.SIGNED_UP:
            signup_cancel(actor=actor, signup=sign_up.bus_signup, request=request)
    sign_up.review = SelfSignUp.Review.CONFIRMED if confirm else SelfSignUp.Review.REJECTED
    sign_up.checked_by, sign_up.checked_at = actor, timezone.now()
    sign_up.save(update_fields=["review", "checked_by", "checked_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=sign_up.link,
        request=request,
        region_code=sign_up.worker.township_id,
        details={
            "self_sign_up": [SelfSignUp.Review.PENDING.value, sign_up.review],
            "reasons": sign_up.reasons,
        },
    )
    return sign_up
