from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.pagination import page_from_request
from laborbridge.employment.calendar import months_between
from laborbridge.employment.forms import EmploymentEndForm, EmploymentStartForm, vacancy_picker
from laborbridge.employment.models import Referral
from laborbridge.employment.road import referral_next_steps
from laborbridge.employment.rules import spell_label
from laborbridge.employment.selectors import referral_list

register = template.Library()


@register.inclusion_tag("employment/_panel.html", takes_context=True)
def employment_panel(context, worker):
    """The worker page's employment spells, with forms to open and close one."""
    user = context["request"].user
    spells = list(worker.employments.select_related("place", "place__parent"))
    open_spell = next((s for s in spells if s.end is None), None)
    can_write = policy.may_write_worker(user, worker.township_id)
    return {
        "worker": worker,
        "spells": spells,
        "open_spell": open_spell,
        "can_write": can_write,
        "start_form": EmploymentStartForm(worker=worker) if can_write and open_spell is None else None,
        "end_form": EmploymentEndForm() if can_write and open_spell else None,
        "csrf_token": context.get("csrf_token"),
        "referral_rows": _referral_rows(user, referral_list(actor=user, worker=worker)),
        **(vacancy_picker(user) if can_write else {"referral_form": None}),
        "next": context["request"].path,
    }


def _current_spell(user, referral) -> str | None:
    """The worker's open spell as the hire's choice names it (单位，自 日期 起; an employer's user sees only
    the date), or None when there is none."""
    spell = referral.worker.employments.filter(end__isnull=True).first()
    if spell is None:
        return None
    if not policy.may_write_worker(user, referral.worker.township_id):
        return _("自%(start)s起") % {"start": spell.start}
    return spell_label(employer_name=spell.employer_name, start=spell.start, end=None)


def _referral_rows(user, referrals) -> list[dict]:
    """Each referral with the next steps this user may record (arrival is the employer's to confirm), and
    its latest step when this user may withdraw it (its author, the same day)."""
    today = timezone.localdate()
    rows = []
    for referral in referrals:
        steps = list(referral.steps.all())
        latest = max(steps, key=lambda s: s.pk) if len(steps) > 1 else None
        if latest is not None:
            latest.referral = referral
        moves = [(s, Referral.Status(s).label) for s in referral_next_steps(user, referral)]
        rows.append(
            {
                "referral": referral,
                "steps": steps,
                "moves": moves,
                "current": _current_spell(user, referral) if Referral.Status.HIRED in dict(moves) else None,
                "withdrawable": latest
                if latest and policy.may_withdraw_referral_step(user, latest, today=today)
                else None,
                "today": today,
            }
        )
    return rows


@register.inclusion_tag("employment/_referrals.html", takes_context=True)
def vacancy_referrals(context, vacancy):
    """The referrals to a vacancy, for its employer and the staff who may see them (workers masked)."""
    user = context["request"].user
    return {
        "rows": _referral_rows(user, referral_list(actor=user, vacancy=vacancy)),
        "csrf_token": context.get("csrf_token"),
        "next": context["request"].path,
    }


@register.inclusion_tag("employment/_referrals.html", takes_context=True)
def employer_desk(context):
    """An employer's desk: referrals to its vacancies still on the road (to answer, hire, or see arrive)."""
    user = context["request"].user
    pending = referral_list(actor=user).filter(
        status__in=[
            Referral.Status.RECOMMENDED,
            Referral.Status.APPLIED,
            Referral.Status.INTENT,
            Referral.Status.HIRED,
        ]
    )
    page, query = page_from_request(pending, context["request"])
    return {
        "rows": _referral_rows(user, page.items),
        "page": page,
        "query": query,
        "csrf_token": context.get("csrf_token"),
        "next": context["request"].path,
    }


@register.filter
def due_state(due_on, today) -> str:
    """How a check-up stands on `today`: "逾期2年3个月（820天）", "逾期5天", "今天到期", "3天后到期"."""
    days = (today - due_on).days
    if days == 0:
        return _("今天到期")
    if days < 0:
        return _("%(n)d天后到期") % {"n": -days}
    months = months_between(due_on, today)
    if months == 0:
        return _("逾期%(n)d天") % {"n": days}
    years, months = divmod(months, 12)
    if years and months:
        span = _("%(y)d年%(m)d个月") % {"y": years, "m": months}
    elif years:
        span = _("%(y)d年") % {"y": years}
    else:
        span = _("%(m)d个月") % {"m": months}
    return _("逾期%(span)s（%(n)d天）") % {"span": span, "n": days}
