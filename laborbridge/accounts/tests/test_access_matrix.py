"""Every URL and every API operation × every role: the answer the policy promises, and 404 across borders.

The URLs are walked from the resolver and the operations from the OpenAPI document, so a new page or
endpoint without a row in the tables below fails this test until someone decides who may use it.

Each row gives, for one URL, the answer each role gets for an object of its own side (a 金秀/桐木镇 worker,
an 电白 employer with the `employer` user as its member) — "ok" for any 2xx/3xx, else the status — and
every row with an object is asked again for the same kind of object in 新城县 (451321, paired with nobody,
made by the administrator), which must answer 404 to everybody but the administrator.
"""

import datetime
import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from laborbridge.accounts.models import User
from laborbridge.accounts.services import api_token_issue
from laborbridge.factories import (
    DIANBAI,
    PASSWORD,
    TONGMU,
    TOUPAI,
    XINCHENG,
    XINCHENG_TOWNSHIP,
    make_employer,
    make_uscc,
    make_user,
    make_vacancy,
    make_worker,
)

pytestmark = pytest.mark.django_db

ROLES = ["admin", "jinxiu", "tongmu", "dianbai", "maonan", "xiezuo", "auditor", "employer"]
OK = "ok"


def row(ok=(), forbidden=(), default=404, **exact):
    """The answers of one URL: roles in `ok` succeed, in `forbidden` get 403, the rest `default`."""
    answers = {role: default for role in ROLES}
    answers.update({role: OK for role in ok})
    answers.update({role: 403 for role in forbidden})
    answers.update(exact)
    return answers


EVERYONE = ROLES
SEE_WORKERS = ["admin", "jinxiu", "tongmu", "dianbai", "maonan", "xiezuo"]
WRITE_WORKERS = ["admin", "jinxiu", "tongmu", "dianbai", "maonan"]
NOT_SEE_WORKERS = ["auditor", "employer"]
EMPLOYER_VIEWERS = ["admin", "jinxiu", "tongmu", "dianbai", "maonan", "xiezuo", "employer"]
# The 电白 employer is seen by 电白's partner (金秀) and not by 茂南, which is paired with 金秀 only.
THIS_EMPLOYER_VIEWERS = ["admin", "jinxiu", "tongmu", "dianbai", "xiezuo", "employer"]
# The 电白 employer: its county and the administrator write it, and its own user.
EMPLOYER_WRITERS = ["admin", "dianbai", "employer"]
EMPLOYER_READ_ONLY = ["jinxiu", "tongmu", "xiezuo"]
# Its accounts and its recognition as a base are the bureau's (and the administrator's), not its own.
EMPLOYER_MANAGERS = ["admin", "dianbai"]
EMPLOYER_NOT_MANAGERS = ["jinxiu", "tongmu", "xiezuo", "employer"]
USER_MANAGERS = ["admin", "jinxiu", "dianbai", "maonan"]
FAIR_VIEWERS = ["admin", "jinxiu", "tongmu", "dianbai", "maonan", "xiezuo", "employer"]
FAIR_MANAGERS = ["admin", "jinxiu"]
FAIR_NOT_MANAGERS = ["tongmu", "dianbai", "maonan", "xiezuo", "employer"]
TRAINING_MANAGERS = ["admin", "jinxiu", "dianbai", "maonan", "xiezuo"]
CLASS_MANAGERS = ["admin", "jinxiu", "dianbai", "xiezuo"]  # of the class 金秀 and 电白 organise
CLASS_READERS = ["tongmu", "maonan"]

# name: (method, object the URL takes or None, answers)
PAGES = {
    "home": ("GET", None, row(ok=EVERYONE)),
    "healthz": ("GET", None, row(ok=EVERYONE)),
    "accounts:login": ("GET", None, row(ok=EVERYONE)),
    "accounts:logout": ("POST", None, row(ok=EVERYONE)),
    "accounts:audit": ("GET", None, row(ok=["admin", "auditor"], default=403)),
    "accounts:audit_export": ("GET", None, row(ok=["admin", "auditor"], default=403)),
    "accounts:password": ("GET", None, row(ok=EVERYONE)),
    # The second factor is off in this walk (conftest): the code page sends a signed-in user on, and the
    # enrolment and recovery-code pages are each user's own.
    "accounts:otp_verify": ("GET", None, row(ok=EVERYONE)),
    "accounts:otp_setup": ("GET", None, row(ok=EVERYONE)),
    "accounts:recovery_codes": ("GET", None, row(ok=EVERYONE)),
    # A 桐木镇 staff account: the administrator and 金秀's bureau manage it; nobody else finds it.
    "accounts:users": ("GET", None, row(ok=USER_MANAGERS, default=403)),
    "accounts:user_create": ("GET", None, row(ok=USER_MANAGERS, default=403)),
    "accounts:user_edit": ("GET", "account", row(ok=["admin", "jinxiu"])),
    "accounts:user_active": ("POST", "account", row(ok=["admin", "jinxiu"])),
    "accounts:user_password_reset": ("POST", "account", row(ok=["admin", "jinxiu"])),
    "accounts:user_second_factor_reset": ("POST", "account", row(ok=["admin", "jinxiu"])),
    "workers:list": ("GET", None, row(ok=SEE_WORKERS, default=403)),
    "workers:create": ("GET", None, row(ok=WRITE_WORKERS, default=403)),
    "workers:villages": ("GET", None, row(ok=EVERYONE)),  # public reference data
    "workers:detail": ("GET", "worker", row(ok=["admin", "jinxiu", "tongmu", "xiezuo"])),
    "workers:edit": ("GET", "worker", row(ok=["admin", "jinxiu", "tongmu"], forbidden=["xiezuo"])),
    "workers:unmask": ("POST", "worker", row(ok=["admin", "jinxiu"], forbidden=["tongmu", "xiezuo"])),
    "employers:list": ("GET", None, row(ok=EMPLOYER_VIEWERS, default=403)),
    "employers:create": ("GET", None, row(ok=["admin", "jinxiu", "dianbai", "maonan"], default=403)),
    "employers:detail": ("GET", "employer", row(ok=THIS_EMPLOYER_VIEWERS)),
    "employers:edit": ("GET", "employer", row(ok=EMPLOYER_WRITERS, forbidden=EMPLOYER_READ_ONLY)),
    "employers:unmask": (
        "POST",
        "employer",
        row(ok=["admin", "jinxiu", "dianbai", "employer"], forbidden=["tongmu", "xiezuo"]),
    ),
    "employers:members": ("GET", "employer", row(ok=EMPLOYER_MANAGERS, forbidden=EMPLOYER_NOT_MANAGERS)),
    "employers:member_remove": (
        "POST",
        "employer",
        row(ok=EMPLOYER_MANAGERS, forbidden=EMPLOYER_NOT_MANAGERS),
    ),
    "employers:recognise": ("GET", "employer", row(ok=EMPLOYER_MANAGERS, forbidden=EMPLOYER_NOT_MANAGERS)),
    "employers:vacancy_create": ("GET", "employer", row(ok=EMPLOYER_WRITERS, forbidden=EMPLOYER_READ_ONLY)),
    "employers:vacancies": ("GET", None, row(ok=EMPLOYER_VIEWERS, default=403)),
    "employers:vacancy": ("GET", "vacancy", row(ok=THIS_EMPLOYER_VIEWERS)),
    "employers:vacancy_edit": ("GET", "vacancy", row(ok=EMPLOYER_WRITERS, forbidden=EMPLOYER_READ_ONLY)),
    "employers:vacancy_status": (
        "POST",
        "vacancy",
        row(ok=EMPLOYER_WRITERS, forbidden=EMPLOYER_READ_ONLY),
    ),
    "employment:start": ("POST", "worker", row(ok=["admin", "jinxiu", "tongmu"], forbidden=["xiezuo"])),
    "employment:follow_up_answer": ("POST", "follow_up", row(ok=["admin", "jinxiu"])),
    "employment:end": ("POST", "spell", row(ok=["admin", "jinxiu"], forbidden=["xiezuo"])),
    "employment:refer": ("POST", "worker", row(ok=["admin", "jinxiu", "tongmu"], forbidden=["xiezuo"])),
    # A 桐木镇 worker put forward for the 电白 vacancy: 电白 sees it (its employer's) but may not move it.
    "employment:referral_step": (
        "POST",
        "referral",
        row(ok=["admin", "jinxiu", "tongmu", "employer"], forbidden=["xiezuo", "dianbai"]),
    ),
    # The latest step of a referral, recorded today by tongmu: only its author may withdraw it; those who
    # see the referral are refused.
    "employment:referral_step_withdraw": (
        "POST",
        "step",
        row(ok=["tongmu"], forbidden=["admin", "jinxiu", "employer", "xiezuo", "dianbai"]),
    ),
    "employment:follow_ups": ("GET", None, row(ok=WRITE_WORKERS, default=403)),
    "employment:vacancy_picker": ("GET", None, row(ok=WRITE_WORKERS, default=403)),
    "employment:bases": ("GET", None, row(ok=EMPLOYER_VIEWERS, default=403)),
    "employment:base": ("GET", "base", row(ok=THIS_EMPLOYER_VIEWERS)),
    "employment:placed": (
        "GET",
        None,
        row(ok=["jinxiu", "dianbai", "maonan", "xiezuo", "employer"], default=403),
    ),
    "ledger:home": ("GET", None, row(ok=WRITE_WORKERS, default=403)),
    "ledger:job": ("GET", "job", row(ok=["admin", "jinxiu", "tongmu"])),
    "ledger:progress": ("GET", "job", row(ok=["admin", "jinxiu", "tongmu"])),
    "ledger:confirm": ("POST", "job", row(ok=["tongmu"], forbidden=["admin", "jinxiu"])),
    "ledger:cancel": ("POST", "job", row(ok=["tongmu"], forbidden=["admin", "jinxiu"])),
    "ledger:errors": ("GET", "job", row(ok=["admin", "tongmu"], forbidden=["jinxiu"])),
    "ledger:template": ("GET", None, row(ok=WRITE_WORKERS, default=403)),
    "ledger:export": ("GET", None, row(ok=SEE_WORKERS, default=403)),
    # An export's job, progress and file: only whoever asked for it, the administrator included.
    "ledger:export_job": ("GET", "export", row(ok=["tongmu"])),
    "ledger:export_progress": ("GET", "export", row(ok=["tongmu"])),
    "ledger:export_download": ("GET", "export", row(ok=["tongmu"])),
    # Full numbers: the roles that may unmask (the office only with the permission an administrator gives).
    "ledger:export_full": ("GET", None, row(ok=["admin", "jinxiu", "dianbai", "maonan"], default=403)),
    "ledger:employers": ("GET", None, row(ok=["admin", "jinxiu", "dianbai", "maonan"], default=403)),
    "privacy:erase": ("GET", "worker", row(ok=["admin"], forbidden=["jinxiu", "tongmu", "xiezuo"])),
    "reports:dashboard": ("GET", None, row(ok=SEE_WORKERS, default=403)),
    "reports:official": ("GET", None, row(ok=SEE_WORKERS, default=403)),
    "reports:drill": ("GET", "indicator", row(ok=SEE_WORKERS, default=403)),
    # The public job board: no login, the same answer for every role and for an anonymous visitor; an open
    # vacancy is public wherever it is (so these rows are not asked again for 新城县). The other vacancy: the
    # walk closes the first one on its way (employers:vacancy_status).
    "portal:jobs": ("GET", None, row(ok=EVERYONE)),
    "portal:job": ("GET", "other_vacancy", row(ok=EVERYONE)),
    "portal:apply": ("GET", "other_vacancy", row(ok=EVERYONE)),
    "portal:apply_confirm": ("GET", "other_vacancy", row(ok=EVERYONE)),  # no code asked for: back to the form
    "portal:classes": ("GET", None, row(ok=EVERYONE)),
    "portal:class": ("GET", "open_class", row(ok=EVERYONE)),
    "portal:class_apply": ("GET", "open_class", row(ok=EVERYONE)),
    "portal:class_apply_confirm": ("GET", "open_class", row(ok=EVERYONE)),  # no code asked for: back
    # A public sign-up flagged 待核实 on a 桐木镇 record: settled by those who write the worker.
    "sign_ups:review": ("POST", "self_sign_up", row(ok=["admin", "jinxiu", "tongmu"], forbidden=["xiezuo"])),
    "portal:buses": ("GET", None, row(ok=EVERYONE)),
    "portal:bus_apply": ("GET", "open_campaign", row(ok=EVERYONE)),
    "portal:bus_apply_confirm": ("GET", "open_campaign", row(ok=EVERYONE)),  # no code asked for: back
    "portal:me": ("GET", None, row(ok=EVERYONE)),
    "portal:me_confirm": ("GET", None, row(ok=EVERYONE)),
    "portal:me_last4": ("GET", None, row(ok=EVERYONE)),
    "portal:me_sign_out": ("POST", None, row(ok=EVERYONE)),
    # A 金秀 fair at 桐木镇, open, with the 电白 employer at a booth and the 桐木镇 worker checked in: the
    # pairing sees it, 金秀 runs it, 桐木镇 staff work its door, the employer and the eastern bureaus its booths.
    "fairs:list": ("GET", None, row(ok=FAIR_VIEWERS, default=403)),
    "fairs:create": ("GET", None, row(ok=["admin", "jinxiu", "dianbai", "maonan"], default=403)),
    "fairs:detail": ("GET", "fair", row(ok=FAIR_VIEWERS)),
    "fairs:edit": ("GET", "fair", row(ok=FAIR_MANAGERS, forbidden=FAIR_NOT_MANAGERS)),
    "fairs:participants": ("GET", "fair", row(ok=FAIR_VIEWERS)),
    "fairs:participation_add": ("POST", "fair", row(ok=FAIR_MANAGERS, forbidden=FAIR_NOT_MANAGERS)),
    "fairs:position_add": ("POST", "fair", row(ok=FAIR_MANAGERS, forbidden=FAIR_NOT_MANAGERS)),
    "fairs:check_in": (
        "GET",
        "fair",
        row(ok=["admin", "jinxiu", "tongmu"], forbidden=["dianbai", "maonan", "xiezuo", "employer"]),
    ),
    "fairs:booth": (
        "GET",
        "fair",
        row(ok=["admin", "jinxiu", "tongmu", "dianbai", "maonan", "employer"], forbidden=["xiezuo"]),
    ),
    "fairs:consultations": (
        "GET",
        "fair",
        row(ok=["admin", "jinxiu", "tongmu", "dianbai", "maonan"], forbidden=["xiezuo", "employer"]),
    ),
    "fairs:results": ("GET", "fair", row(ok=FAIR_VIEWERS)),
    "fairs:results_export": ("GET", "fair", row(ok=FAIR_VIEWERS)),
    "fairs:follow_up": (
        "GET",
        "fair",
        row(ok=["admin", "jinxiu", "tongmu", "dianbai", "maonan"], forbidden=["xiezuo", "employer"]),
    ),
    "fairs:status": ("POST", "fair", row(ok=FAIR_MANAGERS, forbidden=FAIR_NOT_MANAGERS)),
    # The fair's public pages: no login, for any fair (they show nothing personal).
    "fairs:public": ("GET", "fair_public", row(ok=EVERYONE)),
    "fairs:poster": ("GET", "fair_public", row(ok=EVERYONE)),
    "fairs:poster_qr": ("GET", "fair_public", row(ok=EVERYONE)),
    "fairs:preregister": ("GET", "fair_public", row(ok=EVERYONE)),
    "fairs:ticket": ("GET", "fair_ticket", row(ok=EVERYONE)),
    # A class organised by 金秀 and 电白: the pairing sees it; its organisers' bureaus (and 金秀's office) run it.
    "training:classes": ("GET", None, row(ok=SEE_WORKERS, default=403)),
    "training:programmes": ("GET", None, row(ok=SEE_WORKERS, default=403)),
    "training:class_create": ("GET", None, row(ok=TRAINING_MANAGERS, default=403)),
    "training:class": ("GET", "training_class", row(ok=SEE_WORKERS)),
    "training:class_edit": ("GET", "training_class", row(ok=CLASS_MANAGERS, forbidden=CLASS_READERS)),
    "training:class_status": ("POST", "training_class", row(ok=CLASS_MANAGERS, forbidden=CLASS_READERS)),
    "training:enrol": ("POST", "training_class", row(ok=CLASS_MANAGERS, forbidden=CLASS_READERS)),
    "training:attendance": ("GET", "training_class", row(ok=CLASS_MANAGERS, forbidden=CLASS_READERS)),
    "training:recommend": ("POST", "training_class", row(ok=CLASS_MANAGERS, forbidden=CLASS_READERS)),
    "training:roster": ("GET", "training_class", row(ok=SEE_WORKERS)),
    # A 桐木镇 trainee: named only to those who see 金秀's workers; 电白 organises but does not see them.
    "training:enrolment": ("GET", "enrolment", row(ok=["admin", "jinxiu", "tongmu", "xiezuo"])),
    "training:enrolment_step": (
        "POST",
        "enrolment",
        row(ok=["admin", "jinxiu", "xiezuo"], forbidden=["tongmu"]),
    ),
    "training:certificate": (
        "POST",
        "enrolment",
        row(ok=["admin", "jinxiu", "xiezuo"], forbidden=["tongmu"]),
    ),
    # A 金秀 campaign with a 桐木镇 passenger bound for the 电白 employer, boarded: the pairing sees it, 金秀 runs
    # it, 桐木镇 ticks the door and sees phones, the employer confirms the arrival from its own list.
    "transport:campaigns": ("GET", None, row(ok=SEE_WORKERS, default=403)),
    "transport:campaign_create": (
        "GET",
        None,
        row(ok=["admin", "jinxiu", "dianbai", "maonan", "xiezuo"], default=403),
    ),
    "transport:campaign": ("GET", "campaign", row(ok=SEE_WORKERS, forbidden=["employer"])),
    "transport:signup_add": ("POST", "campaign", row(ok=SEE_WORKERS, forbidden=["employer"])),
    "transport:plan": (
        "POST",
        "campaign",
        row(ok=["admin", "jinxiu", "xiezuo"], forbidden=["tongmu", "dianbai", "maonan", "employer"]),
    ),
    "transport:plan_progress": ("GET", "plan_job", row(ok=["admin", "jinxiu", "xiezuo"])),
    "transport:subsidies": (
        "GET",
        "campaign",
        row(ok=["admin", "jinxiu"], forbidden=["tongmu", "dianbai", "maonan", "xiezuo", "employer"]),
    ),
    "transport:subsidy_export": (
        "GET",
        "campaign",
        row(ok=["admin", "jinxiu"], forbidden=["tongmu", "dianbai", "maonan", "xiezuo", "employer"]),
    ),
    "transport:trip": ("GET", "trip", row(ok=SEE_WORKERS)),
    "transport:trip_print": ("GET", "trip", row(ok=SEE_WORKERS)),
    "transport:trip_xlsx": ("GET", "trip", row(ok=SEE_WORKERS)),
    "transport:trip_phones": (
        "POST",
        "trip",
        row(ok=["admin", "jinxiu", "tongmu"], forbidden=["dianbai", "maonan", "xiezuo"]),
    ),
    "transport:boarding": (
        "POST",
        "trip",
        row(ok=["admin", "jinxiu", "tongmu"], forbidden=["dianbai", "maonan", "xiezuo"]),
    ),
    "transport:move": (
        "POST",
        "signup",
        row(ok=["admin", "jinxiu", "xiezuo"], forbidden=["tongmu", "employer"]),
    ),
    "transport:arrivals": ("GET", None, row(ok=["admin", "employer"], default=403)),
    "transport:arrival": (
        "POST",
        "signup",
        row(ok=["admin", "employer"], forbidden=["jinxiu", "tongmu", "xiezuo"]),
    ),
    # The user guide holds no personal data: everyone reads it, signed in or not (help/tests).
    "help:index": ("GET", None, row(ok=EVERYONE)),
    "help:page": ("GET", "guide_page", row(ok=EVERYONE)),
    "help:image": ("GET", "guide_image", row(ok=EVERYONE)),
    # Matching: the worker's recommended vacancies; a vacancy's candidates among the actor's own workers;
    # a fair's seekers. Employers and auditors hold no matching.
    "matching:worker": ("GET", "worker", row(ok=["admin", "jinxiu", "tongmu", "xiezuo"])),
    "matching:refer": ("POST", "worker", row(ok=["admin", "jinxiu", "tongmu"], forbidden=["xiezuo"])),
    "matching:vacancy": (
        "GET",
        "vacancy",
        row(ok=["admin", "jinxiu", "tongmu", "dianbai", "xiezuo"], forbidden=["employer"]),
    ),
    "matching:fair": (
        "GET",
        "fair",
        row(ok=["admin", "jinxiu", "tongmu", "dianbai", "maonan", "xiezuo"], forbidden=["employer"]),
    ),
}
# Pages without login: the job board, each fair's own pages (any fair's: they show nothing personal), the guide.
PUBLIC_KINDS = {"fair_public", "fair_ticket"}
PUBLIC_PAGES = {
    name
    for name, (_m, kind, _a) in PAGES.items()
    if name.startswith(("portal:", "help:")) or kind in PUBLIC_KINDS
}
# Kinds of object that belong to no region: nobody's out of reach, so not walked for 新城县.
SHARED_KINDS = {"indicator", "guide_page", "guide_image"}

# (method, path): (object, answers, JSON body)
API = {
    ("POST", "/api/v1/auth/token"): (None, row(ok=EVERYONE), None),
    ("DELETE", "/api/v1/auth/token"): (None, row(ok=EVERYONE), None),  # revokes the token it is asked with
    ("GET", "/api/v1/workers"): (None, row(ok=SEE_WORKERS, default=403), None),
    ("POST", "/api/v1/workers"): (None, row(ok=WRITE_WORKERS, default=403), "new_worker"),
    ("POST", "/api/v1/workers/search"): (None, row(ok=SEE_WORKERS, default=403), {"q": "黄秀英"}),
    ("GET", "/api/v1/workers/{worker_id}"): ("worker", row(ok=["admin", "jinxiu", "tongmu", "xiezuo"]), None),
    ("PATCH", "/api/v1/workers/{worker_id}"): (
        "worker",
        row(ok=["admin", "jinxiu", "tongmu"], forbidden=["xiezuo"]),
        {"notes": "核实"},
    ),
    ("GET", "/api/v1/employers"): (None, row(ok=EMPLOYER_VIEWERS, default=403), None),
    ("POST", "/api/v1/employers"): (
        None,
        row(ok=["admin", "jinxiu", "dianbai", "maonan"], default=403),
        "new_employer",
    ),
    ("GET", "/api/v1/employers/{employer_id}"): ("employer", row(ok=THIS_EMPLOYER_VIEWERS), None),
    ("PATCH", "/api/v1/employers/{employer_id}"): (
        "employer",
        row(ok=EMPLOYER_WRITERS, forbidden=EMPLOYER_READ_ONLY),
        {"contact_name": "陈经理"},
    ),
    ("GET", "/api/v1/vacancies"): (None, row(ok=EMPLOYER_VIEWERS, default=403), None),
    ("POST", "/api/v1/vacancies"): (
        "employer_ref",
        row(ok=EMPLOYER_WRITERS, forbidden=EMPLOYER_READ_ONLY),
        "new_vacancy",
    ),
    ("GET", "/api/v1/vacancies/{vacancy_id}"): ("vacancy", row(ok=THIS_EMPLOYER_VIEWERS), None),
    ("PATCH", "/api/v1/vacancies/{vacancy_id}"): (
        "vacancy",
        row(ok=EMPLOYER_WRITERS, forbidden=EMPLOYER_READ_ONLY),
        {"headcount": 5},
    ),
    ("GET", "/api/v1/referrals"): (None, row(ok=[*SEE_WORKERS, "employer"], default=403), None),
    ("POST", "/api/v1/referrals"): (
        "worker_ref",
        row(ok=["admin", "jinxiu", "tongmu"], forbidden=["xiezuo"]),
        "new_referral",
    ),
    ("POST", "/api/v1/referrals/{referral_id}/steps"): (
        "referral",
        row(ok=["admin", "jinxiu", "tongmu", "employer"], forbidden=["xiezuo", "dianbai"]),
        {"status": "applied"},
    ),
    ("DELETE", "/api/v1/referral-steps/{step_id}"): (
        "step",
        row(ok=["tongmu"], forbidden=["admin", "jinxiu", "employer", "xiezuo", "dianbai"]),
        None,
    ),
    ("GET", "/api/v1/training/classes"): (None, row(ok=SEE_WORKERS, default=403), None),
    ("POST", "/api/v1/training/classes"): (None, row(ok=TRAINING_MANAGERS, default=403), "new_class"),
    ("GET", "/api/v1/transport/campaigns"): (None, row(ok=SEE_WORKERS, default=403), None),
    ("GET", "/api/v1/transport/campaigns/{campaign_id}"): (
        "campaign",
        row(ok=SEE_WORKERS, forbidden=["employer"]),
        None,
    ),
    ("GET", "/api/v1/transport/campaigns/{campaign_id}/signups"): (
        "campaign",
        row(ok=SEE_WORKERS, forbidden=["employer"]),
        None,
    ),
    ("POST", "/api/v1/transport/campaigns/{campaign_id}/signups"): (
        "campaign",
        row(ok=["admin", "jinxiu", "tongmu"], forbidden=["xiezuo", "employer"]),
        "new_signup",
    ),
    ("GET", "/api/v1/transport/campaigns/{campaign_id}/trips"): (
        "campaign",
        row(ok=SEE_WORKERS, forbidden=["employer"]),
        None,
    ),
    # The door before the gate: the walk boards the passenger again, then confirms the arrival.
    ("POST", "/api/v1/transport/trips/{trip_id}/boarding"): (
        "trip",
        row(ok=["admin", "jinxiu", "tongmu"], forbidden=["dianbai", "maonan", "xiezuo"]),
        "door",
    ),
    ("POST", "/api/v1/transport/signups/{signup_id}/arrival"): (
        "signup",
        row(ok=["admin", "employer"], forbidden=["jinxiu", "tongmu", "xiezuo"]),
        {"on": "2024-02-18"},
    ),
    ("GET", "/api/v1/training/classes/{class_id}"): ("training_class", row(ok=SEE_WORKERS), None),
    ("GET", "/api/v1/training/classes/{class_id}/enrolments"): ("training_class", row(ok=SEE_WORKERS), None),
    ("POST", "/api/v1/training/classes/{class_id}/enrolments"): (
        "training_class",
        row(
            ok=["admin", "jinxiu", "xiezuo"], forbidden=CLASS_READERS, dianbai=404
        ),  # 电白 does not see the worker
        "new_enrolment",
    ),
    ("GET", "/api/v1/bases"): (None, row(ok=EMPLOYER_VIEWERS, default=403), None),
    ("GET", "/api/v1/placed"): (
        None,
        row(ok=["jinxiu", "dianbai", "maonan", "xiezuo", "employer"], default=403),
        None,
    ),
    ("GET", "/api/v1/fairs"): (None, row(ok=FAIR_VIEWERS, default=403), None),
    ("POST", "/api/v1/fairs"): (
        None,
        row(ok=["admin", "jinxiu", "dianbai", "maonan"], default=403),
        "new_fair",
    ),
    ("GET", "/api/v1/fairs/{fair_id}"): ("fair", row(ok=FAIR_VIEWERS), None),
    ("GET", "/api/v1/fairs/{fair_id}/participations"): ("fair", row(ok=FAIR_VIEWERS), None),
    ("POST", "/api/v1/fairs/{fair_id}/participations"): (
        "fair",
        row(ok=FAIR_MANAGERS, forbidden=FAIR_NOT_MANAGERS),
        "new_participation",
    ),
    ("POST", "/api/v1/fairs/participations/{participation_id}/positions"): (
        "participation",
        row(ok=FAIR_MANAGERS, forbidden=FAIR_NOT_MANAGERS),
        "new_position",
    ),
    ("POST", "/api/v1/fairs/{fair_id}/check-ins"): (
        "fair",
        row(ok=["admin", "jinxiu", "tongmu"], forbidden=["dianbai", "maonan", "xiezuo", "employer"]),
        "visitor",
    ),
    ("POST", "/api/v1/fairs/{fair_id}/intents"): (
        "fair",
        row(ok=["admin", "jinxiu", "tongmu", "dianbai", "maonan", "employer"], forbidden=["xiezuo"]),
        "new_intent",
    ),
    ("GET", "/api/v1/workers/{worker_id}/recommendations"): (
        "worker",
        row(ok=["admin", "jinxiu", "tongmu", "xiezuo"]),
        None,
    ),
    ("GET", "/api/v1/vacancies/{vacancy_id}/candidates"): (
        "vacancy",
        row(ok=["admin", "jinxiu", "tongmu", "dianbai", "xiezuo"], forbidden=["employer"]),
        None,
    ),
    ("POST", "/api/v1/matching/referrals"): (
        "worker_ref",
        row(ok=["admin", "jinxiu", "tongmu"], forbidden=["xiezuo"]),
        "new_match",
    ),
    # Last: closing the fair ends its door and booths for the operations above.
    ("POST", "/api/v1/fairs/{fair_id}/status"): (
        "fair",
        row(ok=FAIR_MANAGERS, forbidden=FAIR_NOT_MANAGERS),
        {"status": "closed"},
    ),
}


def walk(patterns, prefix=""):
    """(qualified name, pattern) of every named URL, as the resolver holds them."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def api_operations() -> set[tuple[str, str]]:
    from laborbridge.api import api

    schema = api.get_openapi_schema()
    return {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}


def test_every_page_has_a_row_in_the_table():
    names = {name for name, _pattern in walk(get_resolver().url_patterns)}
    pages = {n for n in names if not n.startswith(("admin:", "api:"))}
    assert pages - set(PAGES) == set(), "pages without a row in PAGES"
    assert set(PAGES) - pages == set(), "rows of pages that no longer exist"


def test_every_api_operation_has_a_row_in_the_table():
    assert api_operations() - set(API) == set(), "API operations without a row in API"
    assert set(API) - api_operations() == set(), "rows of operations that no longer exist"


@pytest.fixture
def world(users):
    """For each kind of object: one of our side and one in 新城县, which nobody but the administrator reaches."""
    from laborbridge.core.models import AuditEvent  # noqa: F401  (the trail must exist for the logins)
    from laborbridge.employers.services import base_recognise, vacancy_set_status
    from laborbridge.employment.services import referral_advance, referral_create
    from laborbridge.ledger import storage
    from laborbridge.ledger.models import LedgerImport

    admin, dianbai = users["admin"], users["dianbai"]
    ours, theirs = {}, {}
    ours["worker"] = make_worker(users["tongmu"], name="黄秀英", township=TONGMU)
    theirs["worker"] = make_worker(admin, name="韦小红", township=XINCHENG_TOWNSHIP)
    ours["employer"] = make_employer(dianbai, name="电白水产", uscc=make_uscc(1), provided_by=DIANBAI)
    ours["employer"].members.add(users["employer"])
    theirs["employer"] = make_employer(admin, name="新城木业", uscc=make_uscc(2), region=XINCHENG)
    ours["vacancy"] = make_vacancy(dianbai, ours["employer"])
    theirs["vacancy"] = make_vacancy(admin, theirs["employer"], place=XINCHENG)
    ours["other_vacancy"] = make_vacancy(dianbai, ours["employer"], title="冷库搬运工")
    ours["match_vacancy"] = make_vacancy(dianbai, ours["employer"], title="剖鱼工")
    for vacancy in (ours["vacancy"], theirs["vacancy"], ours["other_vacancy"], ours["match_vacancy"]):
        vacancy_set_status(actor=admin, vacancy=vacancy, status="open")
    day = datetime.date(2024, 3, 1)
    ours["referral"] = referral_create(
        actor=users["tongmu"], worker=ours["worker"], vacancy=ours["vacancy"], on=day
    )
    theirs["referral"] = referral_create(
        actor=admin, worker=theirs["worker"], vacancy=theirs["vacancy"], on=day
    )
    # A 头排镇 worker hired through the 电白 vacancy: the spell and its follow-ups are 金秀's, not 桐木镇's.
    for side, worker in (
        (ours, make_worker(users["jinxiu"], name="蓝秀梅", township=TOUPAI)),
        (theirs, make_worker(admin, name="韦大山", township=XINCHENG_TOWNSHIP)),
    ):
        hired = referral_create(actor=admin, worker=worker, vacancy=side["vacancy"], on=day)
        referral_advance(actor=admin, referral=hired, status="hired", on=day)
        side["spell"] = hired.employment
        side["follow_up"] = hired.employment.follow_ups.order_by("months").first()
    # A step recorded today on a referral of its own, by its author (tongmu; 新城县's by the administrator).
    for side, author, worker in (
        (ours, users["tongmu"], make_worker(users["tongmu"], name="覃小梅", township=TONGMU)),
        (theirs, admin, make_worker(admin, name="韦小梅", township=XINCHENG_TOWNSHIP)),
    ):
        stepped = referral_create(actor=author, worker=worker, vacancy=side["vacancy"], on=day)
        referral_advance(actor=author, referral=stepped, status="applied", on=day)
        side["step"] = stepped.steps.order_by("id").last()
    ours["base"] = base_recognise(
        actor=dianbai, employer=ours["employer"], kind="stable_base", recognised_on=day
    )
    theirs["base"] = base_recognise(
        actor=admin, employer=theirs["employer"], kind="stable_base", recognised_on=day
    )
    for side, uploader, county in ((ours, users["tongmu"], "451324"), (theirs, admin, XINCHENG)):
        errors_file, _digest = storage.store(b"PK", suffix=".xlsx")
        side["job"] = LedgerImport.objects.create(
            county_id=county, actor=uploader, actor_label=uploader.username, file_name="台账.xlsx",
            file_path=errors_file, file_sha256="0" * 64, as_of=day, status=LedgerImport.Status.CHECKED,
            errors_file=errors_file,
        )  # fmt: skip
    from django.utils import timezone

    from laborbridge.ledger.models import ExportJob

    for side, asker in ((ours, users["tongmu"]), (theirs, admin)):
        export_file, _digest = storage.store(b"PK", suffix=".xlsx")
        side["export"] = ExportJob.objects.create(
            actor=asker, filters=b"", status=ExportJob.Status.DONE, file_path=export_file,
            finished_at=timezone.now(), expires_at=timezone.now() + datetime.timedelta(hours=1),
        )  # fmt: skip
    _fairs(users, ours, theirs)
    from laborbridge.factories import make_training_class
    from laborbridge.regions.models import Region
    from laborbridge.training.services import class_create, enrolment_enrol

    ours["training_class"] = make_training_class(users["jinxiu"])
    theirs["training_class"] = class_create(
        actor=admin, organisers=[Region.objects.get(code=XINCHENG)], programme=ours["training_class"].programme,
        name="新城班", provider="新城职校", place=Region.objects.get(code=XINCHENG_TOWNSHIP),
        start=day, end=day, capacity=10,
    )  # fmt: skip
    for side, actor in ((ours, users["jinxiu"]), (theirs, admin)):
        side["enrolment"] = enrolment_enrol(
            actor=actor, training_class=side["training_class"], worker=side["worker"]
        )
    _self_sign_ups(users, ours, theirs)
    _transport(users, ours, theirs)
    ours["indicator"] = theirs["indicator"] = "employed"
    ours["guide_page"] = theirs["guide_page"] = "import"
    ours["guide_image"] = theirs["guide_image"] = "01-login.png"
    ours["member"] = theirs["member"] = users["employer"]
    ours["account"] = make_user("tongmu2", User.Role.TOWNSHIP, TONGMU)
    theirs["account"] = make_user("xincheng1", User.Role.TOWNSHIP, XINCHENG_TOWNSHIP)
    return users, ours, theirs


def _self_sign_ups(users, ours, theirs):
    """An open class on the job board; on each side a public sign-up whose name differs from the registry's."""
    from laborbridge.core import idnumber
    from laborbridge.factories import make_training_class
    from laborbridge.portal.models import SelfSignUp
    from laborbridge.portal.services import portal_sign_up

    later = datetime.date.today() + datetime.timedelta(days=30)
    ours["open_class"] = theirs["open_class"] = make_training_class(
        users["jinxiu"], name="茶叶评鉴班", start=later, end=later + datetime.timedelta(days=5)
    )
    for side, author, township in (
        (ours, users["tongmu"], TONGMU),
        (theirs, users["admin"], XINCHENG_TOWNSHIP),
    ):
        worker = make_worker(author, name="莫秀英", township=township)
        portal_sign_up(
            vacancy=side["vacancy"], name="冒名者", id_number=idnumber.parse(worker.id_number),
            phone=worker.phone, township=worker.township,
        )  # fmt: skip
        side["self_sign_up"] = SelfSignUp.objects.get(referral__worker=worker)


def _transport(users, ours, theirs):
    """A 金秀 campaign and one of 新城县, each with its worker signed up, planned and boarded."""
    from laborbridge.regions.models import Region
    from laborbridge.transport.models import PlanJob
    from laborbridge.transport.services import (
        boarding_record,
        campaign_create,
        campaign_plan,
        transport_sign_up,
    )

    for side, actor, county, township in (
        (ours, users["jinxiu"], "451324", TONGMU),
        (theirs, users["admin"], XINCHENG, XINCHENG_TOWNSHIP),
    ):
        side["campaign"] = campaign = campaign_create(
            actor=actor, name="春暖行动", start=datetime.date(2024, 2, 15), end=datetime.date(2024, 3, 10),
            organisers=[Region.objects.get(code=county)],
            pickup_points=[(Region.objects.get(code=township), "汽车站", "")], bus_types=[("大巴", 45, None)],
        )  # fmt: skip
        side["signup"] = transport_sign_up(
            actor=actor, campaign=campaign, worker=side["worker"], wanted_date=datetime.date(2024, 2, 17),
            pickup_point=campaign.pickup_points.get(), employer=side["employer"],
        )  # fmt: skip
        campaign_plan(actor=actor, campaign=campaign, bus_type=campaign.bus_types.get(), seconds_per_day=0.5)
        side["trip"] = campaign.batches.get().trips.get()
        boarding_record(actor=actor, trip=side["trip"], boarded={side["signup"].pk: True})
        side["plan_job"] = PlanJob.objects.create(
            campaign=campaign, bus_type=campaign.bus_types.get(), actor=actor
        )
    ours["bus_worker"] = make_worker(users["tongmu"], name="莫秀英", township=TONGMU)
    today = datetime.date.today()
    ours["open_campaign"] = theirs["open_campaign"] = campaign_create(
        actor=users["jinxiu"], name="春暖行动（报名中）", start=today, end=today + datetime.timedelta(days=30),
        organisers=[Region.objects.get(code="451324")],
        pickup_points=[(Region.objects.get(code=TONGMU), "汽车站", "")], bus_types=[("大巴", 45, None)],
    )  # fmt: skip


def _fairs(users, ours, theirs):
    """An open 金秀 fair with the 电白 employer and the 桐木镇 worker checked in; one of 新城县 likewise."""
    from laborbridge.employers.services import vacancy_set_status
    from laborbridge.fairs.services import (
        fair_check_in,
        fair_create,
        fair_preregister,
        fair_set_status,
        participation_add,
        position_add,
    )

    admin = users["admin"]
    ours["fair_vacancy"] = make_vacancy(users["dianbai"], ours["employer"], title="包装工")
    vacancy_set_status(actor=admin, vacancy=ours["fair_vacancy"], status="open")
    ours["employer2"] = make_employer(
        users["dianbai"], name="电白食品", uscc=make_uscc(3), provided_by=DIANBAI
    )
    for side, organiser, township, actor in (
        (ours, "451324", TONGMU, users["jinxiu"]),
        (theirs, XINCHENG, XINCHENG_TOWNSHIP, admin),
    ):
        side["fair"] = fair = fair_create(
            actor=actor,
            organisers=[organiser],
            title="金秋招聘月",
            date=datetime.date(2024, 10, 24),
            starts_at=datetime.time(9),
            ends_at=datetime.time(12),
            township=township,
            address="广场",
        )
        side["participation"] = participation_add(
            actor=actor, fair=fair, employer=side["employer"], booth="A01"
        )
        vacancies = [side["vacancy"]] + ([ours["fair_vacancy"]] if side is ours else [])
        for vacancy in vacancies:
            position_add(actor=actor, participation=side["participation"], vacancy=vacancy, headcount=10)
        fair_set_status(actor=actor, fair=fair, status="open")
        fair_check_in(actor=actor, fair=fair, worker=side["worker"])
        side["fair_public"] = fair
        prereg = fair_preregister(fair=fair, name="莫秀兰", phone="13800138000", township=township)
        side["fair_ticket"] = prereg


KWARG = {
    "worker": "pk", "employer": "pk", "vacancy": "pk", "spell": "pk", "referral": "pk", "follow_up": "pk",
    "base": "pk", "job": "pk", "export": "pk", "indicator": "key", "account": "pk", "step": "pk", "other_vacancy": "pk", "fair": "pk", "training_class": "pk", "enrolment": "pk",
    "guide_page": "slug", "guide_image": "name",
    "open_class": "pk", "self_sign_up": "pk",
    "campaign": "pk", "trip": "pk", "signup": "pk", "open_campaign": "pk", "plan_job": "pk",
}  # fmt: skip
WORKER_ROUTES = {"employment:start", "employment:refer"}


def page_url(name, kind, objects):
    from django.urls import reverse

    if kind is None:
        return reverse(name)
    value = objects[kind] if kind in SHARED_KINDS else objects[kind].pk
    if kind == "fair_public":
        return reverse(name, kwargs={"slug": objects["fair"].slug})
    if kind == "fair_ticket":
        from laborbridge.fairs.tokens import ticket_token

        return reverse(name, kwargs={"slug": objects["fair"].slug, "token": ticket_token(objects[kind])})
    if name == "employers:member_remove":  # the employer's own account, unlinked by those who may
        return reverse(name, kwargs={"pk": value, "user_pk": objects["member"].pk})
    key = "worker_pk" if name in WORKER_ROUTES else KWARG[kind]
    return reverse(name, kwargs={key: value})


POST_DATA = {
    "employment:start": {"place": TONGMU, "start": "2024-03-01"},
    "employment:end": {"end": "2024-04-01"},
    "employment:referral_step": {"status": "applied", "on": "2024-03-02"},
    "employment:follow_up_answer": {"still_working": "yes"},
    "employers:vacancy_status": {"status": "closed"},
    "accounts:user_active": {"active": "0"},
    "fairs:status": {"status": "closed"},
    "sign_ups:review": {"decision": "confirm"},
}


def answer_of(status: int):
    return OK if 200 <= status < 400 else status


@pytest.mark.parametrize("role", ROLES)
def test_each_page_answers_each_role_as_the_policy_says(world, client, role):
    users, ours, _theirs = world
    client.force_login(users[role])
    got, want = {}, {}
    for name, (method, kind, answers) in PAGES.items():
        if name == "accounts:logout":
            continue  # ends the session; checked by the login tests
        url = page_url(name, kind, ours)
        if name in ("employment:refer", "matching:refer"):
            data = {"vacancy": ours["other_vacancy"].pk, "source": "staff"}
        else:
            data = POST_DATA.get(name, {})
        response = client.get(url) if method == "GET" else client.post(url, data)
        got[name], want[name] = answer_of(response.status_code), answers[role]
    assert got == want


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_objects_of_another_region_or_employer_answer_404_on_every_page(world, client, role):
    users, _ours, theirs = world
    client.force_login(users[role])
    got = {}
    for name, (method, kind, _answers) in PAGES.items():
        if kind is None or kind in SHARED_KINDS or name in PUBLIC_PAGES:
            continue
        url = page_url(name, kind, theirs)
        response = client.get(url) if method == "GET" else client.post(url, POST_DATA.get(name, {}))
        got[name] = response.status_code
    assert got == dict.fromkeys(got, 404)


def test_the_public_pages_answer_an_anonymous_visitor_and_no_other_page_does(world, client):
    _users, ours, _theirs = world
    got = {}
    for name, (method, kind, _answers) in PAGES.items():
        if name in ("accounts:logout", "healthz"):
            continue
        url = page_url(name, kind, ours)
        response = client.get(url) if method == "GET" else client.post(url, POST_DATA.get(name, {}))
        login = response.status_code == 302 and response["Location"].startswith("/accounts/login")
        got[name] = (
            "login" if login or response.status_code in (401, 403) else answer_of(response.status_code)
        )
    # Every other page sends an anonymous visitor to sign in (or refuses it); the login page is the one exception.
    assert {name for name, answer in got.items() if answer == OK} == PUBLIC_PAGES | {"accounts:login"}
    assert set(got.values()) <= {OK, "login"}


def api_body(spec, role, ours, users):
    from laborbridge.employers.models import Occupation
    from laborbridge.factories import make_id

    if spec == "new_worker":
        township = {"dianbai": "440904100", "maonan": "440902001"}.get(role, TONGMU)
        return {"name": "莫秀兰", "id_number": make_id(), "township": township}
    if spec == "new_employer":
        region = users[role].region_id if users[role].region_id else DIANBAI
        return {"name": f"{role}新单位", "region": region[:6]}
    if spec == "new_vacancy":
        return {
            "employer": ours["employer"].pk, "title": "普工", "occupation": Occupation.objects.get(name="水产品加工").pk, "headcount": 3,
            "pay_min": 3000, "pay_max": 5000, "place": DIANBAI,
        }  # fmt: skip
    if spec == "new_fair":
        county = (users[role].region_id or "451324")[:6]
        township = {"440904": "440904100", "440902": "440902001"}.get(county, TONGMU)
        return {"title": "招聘会", "date": "2024-11-01", "starts_at": "09:00", "ends_at": "12:00",
                "township": township, "address": "广场", "organisers": [county]}  # fmt: skip
    if spec == "new_participation":
        return {"employer": ours["employer2"].pk, "booth": "B01"}
    if spec == "new_position":
        return {"vacancy": ours["other_vacancy"].pk, "headcount": 5}
    if spec == "visitor":
        return {"worker": ours["worker"].pk}
    if spec == "new_intent":
        return {"worker": ours["worker"].pk, "vacancy": ours["fair_vacancy"].pk}
    if spec == "new_class":
        county = (users[role].region_id or "451324")[:6]
        return {
            "programme": ours["training_class"].programme_id, "name": "茶叶电商直播班", "provider": "金秀职校",
            "place": TONGMU, "start": "2024-10-25", "end": "2024-10-29", "capacity": 50, "organisers": [county],
        }  # fmt: skip
    if spec == "new_enrolment":
        return {"worker": ours["worker"].pk, "status": "applied"}
    if spec == "new_signup":
        return {
            "worker": ours["bus_worker"].pk, "wanted_date": "2024-02-18", "employer": ours["employer"].pk,
            "pickup_point": ours["campaign"].pickup_points.get().pk,
        }  # fmt: skip
    if spec == "door":
        return {"passengers": [{"signup": ours["signup"].pk, "boarded": True}]}
    if spec == "new_match":
        return {"worker": ours["worker"].pk, "vacancy": ours["match_vacancy"].pk}
    if spec == "new_referral":
        return {"worker": ours["worker"].pk, "vacancy": ours["other_vacancy"].pk}
    return spec


def api_path(path, kind, objects):
    if kind in (None, "employer_ref", "worker_ref"):
        return path
    return path.replace("{" + path.split("{")[1].split("}")[0] + "}", str(objects[kind].pk))


@pytest.mark.parametrize("role", ROLES)
def test_each_api_operation_answers_each_role_as_the_policy_says(world, client, role):
    users, ours, _theirs = world
    auth = {"HTTP_AUTHORIZATION": "Bearer " + api_token_issue(username=role, password=PASSWORD)}
    got, want = {}, {}
    for (method, path), (kind, answers, body) in API.items():
        url = api_path(path, kind, ours)
        if path == "/api/v1/auth/token":
            payload = {"username": role, "password": PASSWORD} if method == "POST" else None
        else:
            payload = api_body(body, role, ours, users)
        headers = auth
        if method == "DELETE" and path == "/api/v1/auth/token":  # a token of its own, not the walk's
            headers = {"HTTP_AUTHORIZATION": "Bearer " + api_token_issue(username=role, password=PASSWORD)}
        response = client.generic(
            method,
            url,
            json.dumps(payload) if payload is not None else "",
            content_type="application/json",
            **headers,
        )
        got[(method, path)], want[(method, path)] = answer_of(response.status_code), answers[role]
    assert got == want


# Bodies that pass the schema, so that the object in the path is what answers (404) for 新城县's.
VALID_BODIES = {
    "new_participation": {"employer": 1},
    "new_position": {"vacancy": 1, "headcount": 1},
    "visitor": {"worker": 1},
    "new_intent": {"worker": 1, "vacancy": 1},
    "new_signup": {"worker": 1},
    "door": {"passengers": [{"signup": 1, "boarded": True}]},
}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_objects_of_another_region_or_employer_answer_404_in_the_api(world, client, role):
    _users, _ours, theirs = world
    auth = {"HTTP_AUTHORIZATION": "Bearer " + api_token_issue(username=role, password=PASSWORD)}
    got = {}
    for (method, path), (kind, _answers, body) in API.items():
        if kind in (None, "employer_ref", "worker_ref"):
            continue
        payload = body if isinstance(body, dict) else VALID_BODIES.get(body, {})
        response = client.generic(
            method, api_path(path, kind, theirs), json.dumps(payload), content_type="application/json", **auth
        )
        got[(method, path)] = response.status_code
    assert got == dict.fromkeys(got, 404)


def test_the_django_admin_is_for_administrators_only(world, client):
    users, _ours, _theirs = world
    for role in ROLES:
        client.force_login(users[role])
        status = client.get("/admin/").status_code
        assert (status == 200) == (role == "admin"), role
