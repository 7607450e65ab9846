"""The public job board (no login): jobs, a job, training classes, chartered buses, "我要报名" with a phone code,
and a worker's own page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laborbridge.core import phone as phones
from laborbridge.core.audit import client_ip
from laborbridge.core.pagination import cursor
from laborbridge.portal import codes, selectors
from laborbridge.portal.forms import BusSignUpForm, CodeForm, JobFilterForm, Last4Form, PhoneForm, SignUpForm
from laborbridge.portal.services import (
    portal_bus_sign_up_refusal,
    portal_sign_up_seal,
    portal_sign_up_unseal,
)
from laborbridge.portal.sms import SmsError, sms_send
from laborbridge.portal.tasks import (
    portal_bus_sign_up_queue,
    portal_class_sign_up_queue,
    portal_sign_up_queue,
)
from laborbridge.workers.derived import phone_index

PENDING, OWN, CHOOSE = "portal_pending", "portal_own", "portal_choose"
OWN_SECONDS = 15 * 60  # a worker's own page stays open this long after the code
LAST4_TRIES = 5


def jobs(request):
    form = JobFilterForm(request.GET or None)
    page = selectors.public_board_page(
        form.filters(), before=cursor(request.GET.get("before")), after=cursor(request.GET.get("after"))
    )
    query = request.GET.copy()
    for key in ("before", "after"):
        query.pop(key, None)
    return render(request, "portal/jobs.html", {"form": form, "page": page, "query": query.urlencode()})


def job(request, pk):
    vacancy = selectors.public_vacancy_get(pk)
    return render(
        request,
        "portal/job.html",
        {"job": vacancy, "share_url": request.build_absolute_uri(reverse("portal:job", args=[vacancy.id]))},
    )


# --- the phone code ----------------------------------------------------------------------------------------


def _send_code(request, *, phone: str, purpose: str, vacancy: int | None = None, data: dict | None = None):
    """Send a code to `phone` and remember what waits for it (sealed: the session store holds no plain ID)."""
    code = codes.code_issue(phone=phone, ip=client_ip(request) or "")
    try:
        sms_send(
            phone=phone,
            text=_("【劳务协作服务平台】您的验证码是%(code)s，10分钟内有效。如非本人操作，请忽略本短信。")
            % {"code": code},
        )
    except SmsError:
        raise codes.Refused(_("短信发送失败，请稍后再试")) from None
    request.session[PENDING] = {
        "purpose": purpose,
        "vacancy": vacancy,
        "phone_masked": phones.mask(phone),
        "sealed": portal_sign_up_seal(phone=phone, **(data or {})),
    }


def _pending(request, purpose: str, vacancy: int | None = None) -> dict | None:
    pending = request.session.get(PENDING)
    if not pending or pending.get("purpose") != purpose or pending.get("vacancy") != vacancy:
        return None
    return {**pending, **portal_sign_up_unseal(pending["sealed"])}


def _code_page(request, form, pending, *, title, back):
    return render(
        request, "portal/code.html", {"form": form, "pending": pending, "title": title, "back": back}
    )


# --- 我要报名 -----------------------------------------------------------------------------------------------


def _sign_up(request, *, purpose: str, target_id: int, confirm: str, template: str, context: dict, form=None):
    """The sign-up form (name, phone, ID, township; a bus sign-up's form adds its own fields): a valid one
    sends a code to the phone."""
    form = form or SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _send_code(
                request,
                phone=form.cleaned_data["phone"],
                purpose=purpose,
                vacancy=target_id,
                data=form.sealed_fields(),
            )
        except codes.Refused as refused:
            form.add_error(None, str(refused))
        else:
            return redirect(confirm, pk=target_id)
    return render(request, template, {**context, "form": form})


def _sign_up_confirm(
    request, *, purpose: str, target_id: int, back: str, queue, template: str, context: dict, refusal=None
):
    """The code from the phone: right, and within the limits, the sign-up is queued (the same answer for
    everyone, registered or not); otherwise the form again with why. `refusal(sealed)` may name a reason
    the sign-up cannot be made, which only the confirmed phone's own record may learn."""
    pending = _pending(request, purpose, target_id)
    if pending is None:
        return redirect(back, pk=target_id)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request) or "-"
        try:
            codes.code_check(phone=pending["phone"], code=form.cleaned_data["code"])
            codes.count("sign_ups_per_phone", codes.phone_key(pending["phone"]))
            codes.count("sign_ups_per_ip", ip)
        except codes.Refused as refused:
            form.add_error(None, str(refused))
        else:
            request.session.pop(PENDING, None)
            reason = refusal(pending["sealed"]) if refusal else None
            if reason:
                return render(
                    request,
                    "portal/refused.html",
                    {"reason": reason, "back": reverse(back, args=[target_id])},
                )
            queue(target_id, pending["sealed"], client_ip(request))
            return render(request, template, context)
    return _code_page(request, form, pending, title=_("验证手机号"), back=reverse(back, args=[target_id]))


def apply(request, pk):
    vacancy = selectors.public_vacancy_get(pk)
    return _sign_up(request, purpose="sign_up", target_id=vacancy.id, confirm="portal:apply_confirm",
                    template="portal/apply.html", context={"job": vacancy})  # fmt: skip


def apply_confirm(request, pk):
    vacancy = selectors.public_vacancy_get(pk)
    return _sign_up_confirm(
        request, purpose="sign_up", target_id=vacancy.id, back="portal:apply",
        queue=lambda pk, sealed, ip: portal_sign_up_queue(vacancy_id=pk, sealed=sealed, ip=ip),
        template="portal/applied.html", context={"job": vacancy},
    )  # fmt: skip


# --- training classes ------------------------------------------------------------------------------------------


def classes(request):
    return render(request, "portal/classes.html", {"classes": selectors.public_class_list()})


def training_class(request, pk):
    c = selectors.public_class_get(pk)
    return render(
        request,
        "portal/class.html",
        {"c": c, "share_url": request.build_absolute_uri(reverse("portal:class", args=[c.id]))},
    )


def class_apply(request, pk):
    c = selectors.public_class_get(pk)
    return _sign_up(request, purpose="class_sign_up", target_id=c.id, confirm="portal:class_apply_confirm",
                    template="portal/class_apply.html", context={"c": c})  # fmt: skip


def class_apply_confirm(request, pk):
    c = selectors.public_class_get(pk)
    return _sign_up_confirm(
        request, purpose="class_sign_up", target_id=c.id, back="portal:class_apply",
        queue=lambda pk, sealed, ip: portal_class_sign_up_queue(class_id=pk, sealed=sealed, ip=ip),
        template="portal/class_applied.html", context={"c": c},
    )  # fmt: skip


# --- chartered buses (点对点专车) -------------------------------------------------------------------------


def buses(request):
    return render(request, "portal/buses.html", {"campaigns": selectors.public_bus_campaign_list()})


def bus_apply(request, pk):
    """A campaign and its sign-up form; from the worker's own page, their current employers come first."""
    campaign = selectors.public_bus_campaign_get(pk)
    own = _own_ids(request) or []
    form = BusSignUpForm(
        request.POST or None,
        campaign=campaign,
        destinations=selectors.bus_destinations(campaign_id=campaign.id, worker_ids=own),
        today=timezone.localdate(),
    )
    return _sign_up(
        request, purpose="bus_sign_up", target_id=campaign.id, confirm="portal:bus_apply_confirm",
        template="portal/bus_apply.html", form=form,
        context={"campaign": campaign, "own": bool(own),
                 "signed_up": selectors.bus_signed_up(campaign_id=campaign.id, worker_ids=own)},
    )  # fmt: skip


def bus_apply_confirm(request, pk):
    campaign = selectors.public_bus_campaign_get(pk)
    return _sign_up_confirm(
        request, purpose="bus_sign_up", target_id=campaign.id, back="portal:bus_apply",
        queue=lambda pk, sealed, ip: portal_bus_sign_up_queue(campaign_id=pk, sealed=sealed, ip=ip),
        refusal=lambda sealed: portal_bus_sign_up_refusal(campaign_id=campaign.id, sealed=sealed),
        template="portal/bus_applied.html", context={"campaign": campaign},
    )  # fmt: skip


# --- a worker's own page ---------------------------------------------------------------------------------------


def _own_ids(request) -> list[int] | None:
    own = request.session.get(OWN)
    if not own or own.get("until", 0) < codes.now():
        request.session.pop(OWN, None)
        return None
    return own["workers"]


def me(request):
    ids = _own_ids(request)
    if ids is not None:
        own = request.session[OWN]
        return render(
            request,
            "portal/me.html",
            {
                "records": selectors.own_records(ids),
                "phone_sign_ups": selectors.phone_sign_ups(
                    own.get("sign_ups", []), besides=own.get("besides", ids)
                ),
            },
        )
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _send_code(request, phone=form.cleaned_data["phone"], purpose="own")
        except codes.Refused as refused:
            form.add_error(None, str(refused))
        else:
            return redirect("portal:me_confirm")
    return render(request, "portal/me_phone.html", {"form": form})


def me_confirm(request):
    pending = _pending(request, "own")
    if pending is None:
        return redirect("portal:me")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes.code_check(phone=pending["phone"], code=form.cleaned_data["code"])
        except codes.Refused as refused:
            form.add_error(None, str(refused))
        else:
            request.session.pop(PENDING, None)
            index = phone_index(pending["phone"])
            ids = selectors.workers_by_phone(index)
            # Sign-ups made with this phone, also on records that hold another phone (shown without them).
            sign_ups = selectors.sign_ups_by_phone(index)
            until = codes.now() + OWN_SECONDS
            if len(ids) > 1:  # a family's phone: which of them is asking?
                request.session[CHOOSE] = {"workers": ids, "sign_ups": sign_ups, "until": until, "tries": 0}
                return redirect("portal:me_last4")
            request.session[OWN] = {"workers": ids, "sign_ups": sign_ups, "until": until}
            return redirect("portal:me")
    return _code_page(request, form, pending, title=_("查看我的报名"), back=reverse("portal:me"))


def me_last4(request):
    choose = request.session.get(CHOOSE)
    if not choose or choose["until"] < codes.now():
        request.session.pop(CHOOSE, None)
        return redirect("portal:me")
    form = Last4Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = selectors.workers_by_id_last4(choose["workers"], form.cleaned_data["last4"])
        if found:
            request.session.pop(CHOOSE, None)
            request.session[OWN] = {
                "workers": found,
                # The family's other records are not shown, nor sign-ups made on them with this phone.
                "sign_ups": choose.get("sign_ups", []),
                "besides": choose["workers"],
                "until": choose["until"],
            }
            return redirect("portal:me")
        choose["tries"] += 1
        if choose["tries"] >= LAST4_TRIES:
            request.session.pop(CHOOSE, None)
            messages.error(request, _("身份证号后四位多次不符，请重新获取验证码"))
            return redirect("portal:me")
        request.session[CHOOSE] = choose
        form.add_error("last4", _("身份证号后四位不符，请核对后再填"))
    return render(request, "portal/me_last4.html", {"form": form})


@require_POST
def me_sign_out(request):
    for key in (OWN, CHOOSE, PENDING):
        request.session.pop(key, None)
    messages.info(request, _("已退出“我的报名”"))
    return redirect("portal:me")
