"""Writes of employment: spells (the one path by which a spell is opened, changed or closed), referrals
and their steps, follow-ups.

Pages, the API and referral steps call `employment_start` and `employment_end`; a ledger or the demo,
writing thousands of spells at once, calls `employment_write_bulk` with `SpellDraft`s. Both apply the
rules of `employment.rules`, derive the place class with `employment.places.place_class_for` and link
employers by the same name rule; each state change is audited (the bulk form with one summary event).
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record
from laborbridge.core.bulk_sql import BulkSql, Sized, as_date, select_in
from laborbridge.core.models import AuditEvent
from laborbridge.employers.models import Vacancy
from laborbridge.employers.selectors import employer_ids_by_name
from laborbridge.employment.calendar import FOLLOW_UP_MONTHS, add_months
from laborbridge.employment.models import (
    Channel,
    Employment,
    FollowUp,
    PlaceClass,
    Referral,
    ReferralStep,
    Source,
)
from laborbridge.employment.places import place_class_for
from laborbridge.employment.road import CHANNEL_BY_SOURCE, ROAD, STEP_NAMES, S, referral_may_take
from laborbridge.employment.rules import (
    MAX_MONTHLY_INCOME,
    employer_name_clean,
    end_error,
    income_error,
    overlap_error,
    place_code_error,
    spell_label,
    spell_place,
    spell_place_of_vacancy,
    start_error,
)
from laborbridge.employment.summary import indicator_summary_add, indicator_summary_refresh
from laborbridge.regions.selectors import region_partner_codes
from laborbridge.workers.models import Worker

__all__ = [
    "MAX_MONTHLY_INCOME",
    "SpellDraft",
    "employment_assert_writable",
    "employment_end",
    "employment_remove",
    "employment_reopen",
    "employment_start",
    "employment_write_bulk",
    "follow_up_answer",
    "referral_advance",
    "referral_create",
    "referral_step_withdraw",
]


def _may_write(actor, *, township_code: str, referral: Referral | None = None) -> bool:
    if policy.may_write_worker(actor, township_code):
        return True
    # Whoever may take a referral's steps records the spell they open (录用) and close (离职).
    return referral is not None and policy.may_move_referral(actor, referral)


def employment_assert_writable(*, actor, worker: Worker, referral: Referral | None = None) -> None:
    """Raise PermissionDenied unless the actor may change this worker's employment."""
    if not _may_write(actor, township_code=worker.township_id, referral=referral):
        raise PermissionDenied(_("您没有修改该劳动力就业信息的权限"))


@transaction.atomic
def employment_start(
    *,
    actor,
    worker: Worker,
    place,
    start: datetime.date,
    employer_name: str = "",
    monthly_income: int | None = None,
    channel: str = Channel.SELF_FOUND,
    source: str = Source.STAFF,
    referral: Referral | None = None,
    occupation=None,
    request=None,
) -> Employment:
    """Open a spell of work; a worker has at most one open spell.

    With a referral (its 录用 step), the spell is linked to the referral, its vacancy and employer, and
    takes the vacancy's trade (工种) unless one is given.
    """
    employment_assert_writable(actor=actor, worker=worker, referral=referral)
    errors: dict[str, list[str]] = {}
    try:
        region = spell_place(place, home_county_code=worker.county_code)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        region = None
    for name, message in (
        ("start", start_error(start, today=timezone.localdate())),
        ("monthly_income", income_error(monthly_income)),
    ):
        if message:
            errors[name] = [message]
    if channel not in Channel.values:
        errors["channel"] = [_("就业渠道不在可选范围内")]
    if source not in Source.values:
        errors["source"] = [_("来源不在可选范围内")]
    if worker.employments.filter(end__isnull=True).exists():
        errors["start"] = [*errors.get("start", []), _("该劳动力已有未结束的就业记录，请先填写其结束日期")]
    elif isinstance(start, datetime.date) and (
        message := overlap_error(start, None, worker.employments.all())
    ):
        errors["start"] = [*errors.get("start", []), message]
    if errors:
        raise ValidationError(errors)
    vacancy = referral.vacancy if referral is not None else None
    employer_name = employer_name_clean(vacancy.employer.name if vacancy else employer_name)
    try:
        with transaction.atomic():
            spell = Employment.objects.create(
                worker=worker,
                employer_name=employer_name,
                employer_id=(
                    vacancy.employer_id
                    if vacancy
                    else employer_ids_by_name([employer_name]).get(employer_name)
                ),
                vacancy=vacancy,
                referral=referral,
                occupation_id=(
                    occupation.pk if occupation is not None else (vacancy.occupation_id if vacancy else None)
                ),
                place=region,
                place_class=place_class_for(
                    place_code=region.code,
                    home_county_code=worker.county_code,
                    partner_codes=region_partner_codes(code=worker.county_code),
                ),
                start=start,
                monthly_income=monthly_income,
                channel=channel,
                source=source,
                created_by=actor,
            )
    except IntegrityError:  # another spell opened a moment ago
        raise ValidationError({"start": [_("该劳动力已有未结束的就业记录，请先填写其结束日期")]}) from None
    indicator_summary_refresh([worker.pk])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=spell,
        request=request,
        region_code=worker.township_id,
        details={"referral": referral.pk} if referral is not None else None,
    )
    return spell


@transaction.atomic
def employment_end(
    *,
    actor,
    spell: Employment,
    end: datetime.date,
    reason: str = "",
    hired_by: Referral | None = None,
    request=None,
) -> Employment:
    """Close an open spell at `end` (a page, a referral's 离职 step, a follow-up's "no longer at work", or
    `hired_by` a referral's 录用 of the worker elsewhere, named in the event so a withdrawn hire reopens it)."""
    employment_assert_writable(actor=actor, worker=spell.worker, referral=spell.referral)
    if spell.end is not None:
        raise ValidationError({"end": [_("该就业记录已经结束")]})
    message = end_error(end, start=spell.start)
    if message:
        raise ValidationError({"end": [message]})
    spell.end = end
    spell.save(update_fields=["end", "updated_at"])
    indicator_summary_refresh([spell.worker_id])
    details: dict = {"fields": ["end"]}
    if reason:
        details["reason"] = reason
    if hired_by is not None:
        details["referral"] = hired_by.pk
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=spell,
        request=request,
        region_code=spell.worker.township_id,
        details=details,
    )
    return spell


@transaction.atomic
def employment_remove(*, actor, spell: Employment, reason: str, request=None) -> None:
    """Delete a spell recorded by mistake (a 录用 withdrawn the same day), with its follow-ups.

    Only an open spell none of whose follow-ups has been answered: one with a history is ended, not removed.
    """
    employment_assert_writable(actor=actor, worker=spell.worker, referral=spell.referral)
    if spell.end is not None or spell.follow_ups.filter(answered_on__isnull=False).exists():
        raise ValidationError({"status": [_("该就业记录已结束或已有回访结果，不能撤回")]})
    details = {
        "reason": reason,
        "removed": {
            "start": spell.start.isoformat(),
            "employer_name": spell.employer_name,
            "follow_ups": spell.follow_ups.count(),
        },
    }
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=spell,
        request=request,
        region_code=spell.worker.township_id,
        details=details,
    )
    spell.follow_ups.all().delete()
    spell.delete()
    indicator_summary_refresh([spell.worker_id])


@transaction.atomic
def employment_reopen(*, actor, spell: Employment, reason: str, request=None) -> Employment:
    """Open again a spell closed by mistake (a 离职 withdrawn the same day): its end is cleared."""
    employment_assert_writable(actor=actor, worker=spell.worker, referral=spell.referral)
    if spell.end is None:
        return spell
    if Employment.objects.filter(worker_id=spell.worker_id, end__isnull=True).exists():
        raise ValidationError({"status": [_("该劳动力已有未结束的就业记录，不能撤回离职")]})
    others = Employment.objects.filter(worker_id=spell.worker_id).exclude(pk=spell.pk)
    if message := overlap_error(spell.start, None, others):
        raise ValidationError({"status": [message]})
    old_end, spell.end = spell.end, None
    spell.save(update_fields=["end", "updated_at"])
    indicator_summary_refresh([spell.worker_id])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=spell,
        request=request,
        region_code=spell.worker.township_id,
        details={"fields": ["end"], "end": [old_end.isoformat(), None], "reason": reason},
    )
    return spell


@dataclass
class SpellDraft:
    """A spell to open, or an open spell to change or close, in a bulk write.

    `pk` is None for a spell to open. `place_id` is a province, city or county, or a township of the
    home county; a ledger that names only the place class leaves it None and gives `place_class`, which
    must then agree with the place whenever there is one. `place_text` is the place as the ledger wrote it.
    A change writes the dates and the income; `refined` also writes the place, its text and the channel
    (a later ledger naming the same job more precisely).
    """

    home_township: str  # the worker's township code: the home county, and whose records these are
    place_class: str
    start: datetime.date
    employer_name: str = ""
    monthly_income: int | None = None
    end: datetime.date | None = None
    place_id: str | None = None
    employer_id: int | None = None
    channel: str = ""
    place_text: str = ""
    refined: bool = False
    worker_id: int | None = None
    pk: int | None = None
    occupation_id: int | None = None  # the trade (工种), when the source knows it


def _draft_errors(draft: SpellDraft, *, today: datetime.date, partners: dict[str, list[str]]) -> list[str]:
    """The same rules as `employment_start` and `employment_end`, for one draft."""
    home = draft.home_township[:6]
    errors = [m for m in (start_error(draft.start, today=today), income_error(draft.monthly_income)) if m]
    if draft.end is not None and (message := end_error(draft.end, start=draft.start)):
        errors.append(message)
    if draft.channel and draft.channel not in Channel.values:
        errors.append(_("就业渠道不在可选范围内"))
    if draft.place_id is not None:
        if message := place_code_error(draft.place_id, home_county_code=home):
            errors.append(message)
        if home not in partners:
            partners[home] = region_partner_codes(code=home)
        derived = place_class_for(
            place_code=draft.place_id, home_county_code=home, partner_codes=partners[home]
        )
        if draft.place_class and draft.place_class != derived:
            errors.append(_("务工地域与就业地点不符"))
        draft.place_class = derived
    elif draft.place_class not in PlaceClass.values:
        errors.append(_("务工地域不在可选范围内"))
    return errors


@dataclass
class _Span:
    employer_name: str
    start: datetime.date
    end: datetime.date | None


def _overlaps(changed: list[SpellDraft], opened: list[SpellDraft]) -> dict[str, list[str]]:
    """Per worker, the overlaps the batch would leave: its spells as stored, with the changes applied
    and the openings added, must not share a day (the same rule as `employment_start`)."""
    worker_ids = sorted({d.worker_id for d in (*changed, *opened) if d.worker_id is not None})
    spans: dict[int, dict] = {w: {} for w in worker_ids}
    stored = select_in(
        Employment, ["id", "worker_id", "employer_name", "start", "end"], "worker_id", worker_ids
    )
    for pk, worker_id, name, start, end in stored:
        spans[worker_id][pk] = _Span(name, as_date(start), as_date(end))
    for draft in changed:
        if draft.worker_id in spans and draft.pk in spans[draft.worker_id]:
            spans[draft.worker_id][draft.pk] = _Span(draft.employer_name, draft.start, draft.end)
    for index, draft in enumerate(opened):
        if draft.worker_id is not None:
            spans[draft.worker_id][("new", index)] = _Span(draft.employer_name, draft.start, draft.end)
    problems: dict[str, list[str]] = {}
    for worker_id, by_key in spans.items():
        ordered = sorted(by_key.values(), key=lambda s: s.start)
        latest = None  # of the spells seen so far, the one that runs longest
        for span in ordered:
            if latest is not None and (message := overlap_error(span.start, span.end, [latest])):
                problems.setdefault(str(worker_id), []).append(message)
            if latest is None or (latest.end is not None and (span.end is None or span.end > latest.end)):
                latest = span
    return problems


def _open_spells(pks: list[int]) -> dict[int, int]:
    """Which of these spells are open, with their worker's id."""
    where = f"{connection.ops.quote_name('end')} IS NULL"
    return dict(select_in(Employment, ["id", "worker_id"], "id", pks, where))


@transaction.atomic
def employment_write_bulk(
    *,
    actor,
    opened: list[SpellDraft],
    changed: list[SpellDraft] = (),
    source: str = Source.LEDGER,
    region_code: str = "",
    actor_label: str = "",
    today: datetime.date | None = None,
    check_access: bool = True,
    link_by_name: bool = True,
    audit: bool = True,  # False: the caller records the write in its own one event (an import's)
    registered: "Sized | tuple" = (),
    sql: BulkSql | None = None,
) -> dict[str, int]:
    """Open, change and close many spells at once, with the rules of the single-spell services.

    Changes (closing included) are written before openings, so that a worker who moves to a new job
    never has two open spells; only open spells can be changed, as with `employment_end`. One audit
    event summarises the write. `check_access=False` is for a caller that has already checked every
    draft's township against the actor's scope (the ledger, row by row; the command line has no user).
    A draft without an
    `employer_id` is linked to the employer whose name matches exactly and uniquely, as a single
    spell is; `link_by_name=False` is for a caller whose drafts already say which employer they mean.
    `registered` are workers the caller has just written with `worker_write_bulk(summary=False)`, each as
    ((id, county, township, poverty status, created_at), their drafts among `opened`): their
    indicator-summary rows are written here, once, from memory (`indicator_summary_add`); every other
    worker's are refreshed from the tables.
    """
    today = today or datetime.date.today()
    if source not in Source.values:
        raise ValidationError({"source": [_("来源不在可选范围内")]})
    if check_access:
        for township in {d.home_township for d in (*opened, *changed)}:
            if not _may_write(actor, township_code=township):
                raise PermissionDenied(_("您没有修改该劳动力就业信息的权限"))
    partners: dict[str, list[str]] = {}
    problems: dict[str, list[str]] = {}
    for drafts, known_pk in ((changed, True), (opened, False)):
        for draft in drafts:
            errors = _draft_errors(draft, today=today, partners=partners)
            if draft.worker_id is None or (draft.pk is not None) != known_pk:
                errors.append(_("缺少劳动力或就业记录编号"))
            if errors:
                problems.setdefault(str(draft.worker_id), []).extend(errors)
    open_now = _open_spells([d.pk for d in changed if d.pk is not None])
    for draft in changed:
        if open_now.get(draft.pk) != draft.worker_id:
            problems.setdefault(str(draft.worker_id), []).append(_("该就业记录已经结束"))
    still_open = Counter(d.worker_id for d in opened if d.end is None)
    for worker_id, count in still_open.items():
        if count > 1:
            problems.setdefault(str(worker_id), []).append(_("同一劳动力只能有一条未结束的就业记录"))
    if not problems:
        problems = _overlaps(list(changed), list(opened))
    if problems:
        raise ValidationError(problems)
    for draft in (*changed, *opened):
        draft.employer_name = employer_name_clean(draft.employer_name)
    if link_by_name:
        known = employer_ids_by_name({d.employer_name for d in opened if d.employer_id is None})
        for draft in opened:
            if draft.employer_id is None:
                draft.employer_id = known.get(draft.employer_name)
    sql = sql or BulkSql()
    actor_id = getattr(actor, "pk", None)
    sql.update(
        Employment,
        ["end", "monthly_income", "start", "updated_at"],
        [[sql.date(d.end), d.monthly_income, sql.date(d.start), sql.now, d.pk] for d in changed],
    )
    sql.update(
        Employment,
        ["place_id", "place_class", "place_text", "channel", "occupation_id"],
        [
            [d.place_id, d.place_class, d.place_text, d.channel, d.occupation_id, d.pk]
            for d in changed
            if d.refined
        ],
    )
    columns = [
        "worker_id",
        "employer_name",
        "place_id",
        "place_class",
        "place_text",
        "start",
        "end",
        "monthly_income",
        "channel",
        "source",
        "created_at",
        "updated_at",
        "created_by_id",
        "employer_id",
        "occupation_id",
    ]
    # Made one by one as the insert takes them: 60,000 rows are never all held at once (peak memory).
    rows = Sized(
        (
            [
                d.worker_id,
                d.employer_name,
                d.place_id,
                d.place_class,
                d.place_text,
                sql.date(d.start),
                sql.date(d.end),
                d.monthly_income,
                d.channel,
                source,
                sql.now,
                sql.now,
                actor_id,
                d.employer_id,
                d.occupation_id,
            ]
            for d in opened
        ),
        len(opened),
    )
    try:
        with transaction.atomic():
            sql.insert(Employment, columns, rows)
    except IntegrityError:  # an open spell the drafts did not close
        raise ValidationError(_("有劳动力已有未结束的就业记录，请先结束后再登记新的就业")) from None
    touched = {d.worker_id for d in (*changed, *opened)}
    if len(registered):
        indicator_summary_add(registered, touched)
    indicator_summary_refresh(touched)
    summary = {
        "opened": len(opened),
        "changed": sum(1 for d in changed if d.end is None),
        "closed": sum(1 for d in changed if d.end is not None),
    }
    if audit and (opened or changed):
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action=AuditEvent.Action.UPDATE,
            region_code=region_code,
            details={"employments": summary, "source": source},
        )
    return summary


# --- referrals: a worker put forward for a vacancy, step by step to a hire, the factory gate, and beyond ---
#
# `hired` opens the employment spell (through employment_start) and schedules the 1-, 3- and 6-month
# follow-ups; `arrived` is the employer's confirmation that the worker came through the gate (进厂门);
# `left` closes the spell (through employment_end).


def _check_actor(actor, referral: Referral, status: str, *, fair=None) -> None:
    if referral_may_take(actor, referral, status, fair=fair):
        return
    if status == S.ARRIVED:
        raise PermissionDenied(_("到岗须由用工单位确认"))
    raise PermissionDenied(_("您没有办理该推荐的权限"))


def _step_date_error(on, *, label: str, after: ReferralStep | None, today: datetime.date) -> str | None:
    """Why a step (named by `label`) cannot be dated `on`, or None: not in the future, not before the last step."""
    if not isinstance(on, datetime.date):
        return _("请填写%(step)s日期") % {"step": label}
    if on > today:
        return _("%(step)s日期不能晚于今天（%(today)s）") % {"step": label, "today": today}
    if after is not None and on < after.on:
        return _("%(step)s日期不能早于上一步“%(last)s”的日期（%(d)s）") % {
            "step": label,
            "last": after.get_status_display(),
            "d": after.on,
        }
    return None


@transaction.atomic
def referral_create(
    *,
    actor,
    worker: Worker,
    vacancy: Vacancy,
    source: str = Referral.Source.STAFF,
    on: datetime.date | None = None,
    fair=None,
    request=None,
) -> Referral:
    """Put a worker forward for an open vacancy, on `on` (default today, Asia/Shanghai; a past day for a
    referral made earlier and recorded now); a sign-up of the worker themselves (source `self`) starts at
    报名, the first step being theirs.

    `fair`: the job fair at which an intent is recorded (source 招聘会); the policy then also lets those who
    may record intents there (`may_record_fair_intent`) make the referral. Employment does not import fairs.
    """
    if fair is not None and source != Referral.Source.JOB_FAIR:
        raise ValidationError({"source": [_("招聘会上的推荐来源应为招聘会")]})
    if policy.is_portal(actor):
        if source != Referral.Source.SELF or not policy.may_sign_up_self(actor):
            raise PermissionDenied(_("您没有推荐该劳动力的权限"))
    elif not policy.may_refer(actor, worker, fair=fair, vacancy=vacancy):
        raise PermissionDenied(_("您没有推荐该劳动力的权限"))
    if vacancy.status != Vacancy.Status.OPEN:
        raise ValidationError(
            {"vacancy": [_("只能推荐到招聘中的岗位（该岗位：%(s)s）") % {"s": vacancy.get_status_display()}]}
        )
    if source not in Referral.Source.values:
        raise ValidationError({"source": [_("推荐来源不在可选范围内")]})
    on = on or timezone.localdate()
    first = S.APPLIED if source == Referral.Source.SELF else S.RECOMMENDED
    message = _step_date_error(on, label=STEP_NAMES[first], after=None, today=timezone.localdate())
    if message:
        raise ValidationError({"on": [message]})
    user = actor if getattr(actor, "is_authenticated", False) else None  # None: the person themselves
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                worker=worker, vacancy=vacancy, source=source, status=first, created_by=user
            )
    except IntegrityError:
        raise ValidationError({"vacancy": [_("该劳动力已推荐到这个岗位，且尚未结束")]}) from None
    ReferralStep.objects.create(referral=referral, status=first, on=on, by=user)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=referral,
        request=request,
        region_code=worker.township_id,
        details={"on": on.isoformat()},
    )
    return referral


@transaction.atomic
def referral_advance(
    *,
    actor,
    referral: Referral,
    status: str,
    on: datetime.date | None = None,
    reason: str = "",
    monthly_income: int | None = None,
    end_current: bool = False,
    fair=None,
    request=None,
) -> Referral:
    """Take the next step on the road, dated `on` (default today, Asia/Shanghai; not before the last step,
    not in the future); anything off the road is refused with a reason. A hire (录用) carries the monthly
    income, kept on the step and on the spell the hire opens.

    `end_current`: the worker has left the job of their open spell; the hire ends it the day before, or
    takes it over when it is a record of this same job started on or after the hire (see `_hire`).
    `fair`: the job fair at which an intent is agreed (see `referral_may_take`).
    """
    referral = (
        Referral.objects.select_for_update().select_related("worker", "vacancy__employer").get(pk=referral.pk)
    )
    if not status:
        raise ValidationError({"status": [_("请选择下一步")]})
    if status not in S.values:
        raise ValidationError({"status": [_("推荐状态不在可选范围内")]})
    if status not in ROAD[referral.status]:
        raise ValidationError(
            {
                "status": [
                    _("不能从“%(old)s”直接变为“%(new)s”")
                    % {"old": referral.get_status_display(), "new": S(status).label}
                ]
            }
        )
    _check_actor(actor, referral, status, fair=fair)
    on = on or timezone.localdate()
    last = referral.steps.order_by("-on", "-id").first()
    message = _step_date_error(on, label=STEP_NAMES[status], after=last, today=timezone.localdate())
    if message:
        raise ValidationError({"on": [message]})
    reason = " ".join((reason or "").split())[:200]
    if status == S.DECLINED and not reason:
        raise ValidationError({"reason": [_("请填写未成功的原因")]})
    if monthly_income is not None and status != S.HIRED:
        raise ValidationError({"monthly_income": [_("月收入只在录用时填写")]})
    if end_current and status != S.HIRED:
        raise ValidationError({"end_current": [_("只有录用时才能结束现有就业")]})
    if status == S.HIRED:
        _hire(
            actor=actor,
            referral=referral,
            on=on,
            monthly_income=monthly_income,
            end_current=end_current,
            request=request,
        )
    if status == S.LEFT:
        spell = Employment.objects.filter(referral=referral, end__isnull=True).first()
        if spell is not None:
            employment_end(
                actor=actor, spell=spell, end=max(on, spell.start), reason="referral_left", request=request
            )
    referral.status = status
    referral.declined_reason = reason if status == S.DECLINED else referral.declined_reason
    referral.save(update_fields=["status", "declined_reason"])
    ReferralStep.objects.create(
        referral=referral, status=status, on=on, by=actor, note=reason, monthly_income=monthly_income
    )
    # The income itself stays out of the trail (sensitive, and on the spell); only that one was given.
    details = {"status": status, "on": on.isoformat()}
    if monthly_income is not None:
        details["fields"] = ["monthly_income"]
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=referral,
        request=request,
        region_code=referral.worker.township_id,
        details=details,
    )
    return referral


WITHDRAWN = "referral_step_withdrawn"  # the reason recorded on the spell's event when a step is withdrawn


def _withdraw_refusal(actor, step: ReferralStep) -> str:
    if step.by_id != getattr(actor, "pk", None):
        return _("只有记录这一步的人可以撤回")
    if timezone.localdate(step.created_at) != timezone.localdate():
        return _("只能在记录当天撤回（这一步记录于%(d)s）") % {"d": timezone.localdate(step.created_at)}
    return _("您没有办理该推荐的权限")


def _spell_ended_by(referral: Referral, *, end: datetime.date) -> Employment | None:
    """The spell this referral's hire ended (its event names the referral), if it still ends on `end`."""
    event = (
        AuditEvent.objects.filter(
            object_type=Employment._meta.label_lower,
            action=AuditEvent.Action.UPDATE,
            details__reason=HIRED_OVER,
            details__referral=referral.pk,
        )
        .order_by("-pk")
        .first()
    )
    if event is None:
        return None
    return Employment.objects.filter(pk=event.object_id, worker_id=referral.worker_id, end=end).first()


@transaction.atomic
def referral_step_withdraw(*, actor, step: ReferralStep, request=None) -> Referral:
    """Withdraw the latest step of a referral, recorded by mistake: only its author, the same day.

    What the step did is undone: the status goes back to the step before; a 录用 removes the spell it opened
    with its follow-ups, a 离职 opens the spell again (both through the spell services, audited).
    """
    referral = (
        Referral.objects.select_for_update()
        .select_related("worker", "vacancy__employer")
        .get(pk=step.referral_id)
    )
    steps = list(referral.steps.order_by("id"))
    step = next((s for s in steps if s.pk == step.pk), None)
    if step is None:
        raise ValidationError({"step": [_("该步骤已撤回")]})
    step.referral = referral
    if not policy.may_withdraw_referral_step(actor, step):
        raise PermissionDenied(_withdraw_refusal(actor, step))
    if step is not steps[-1]:
        raise ValidationError({"step": [_("只能撤回最近的一步")]})
    if len(steps) == 1:
        raise ValidationError({"step": [_("推荐本身不能撤回；如推荐有误，请记录“未成功”并说明原因")]})
    previous = steps[-2]
    spell = Employment.objects.filter(referral=referral).select_related("worker").first()
    if step.status == S.HIRED and spell is not None and spell.source != Source.REFERRAL:
        _employment_let_go(actor=actor, spell=spell, reason=WITHDRAWN, request=request)
    elif step.status == S.HIRED and spell is not None:
        employment_remove(actor=actor, spell=spell, reason=WITHDRAWN, request=request)
        ended = _spell_ended_by(referral, end=step.on - datetime.timedelta(days=1))
        if ended is not None:  # the spell the hire ended the day before runs on again
            employment_reopen(actor=actor, spell=ended, reason=WITHDRAWN, request=request)
    if step.status == S.LEFT and spell is not None and spell.end is not None:
        if spell.follow_ups.filter(still_working=False).exists():
            raise ValidationError({"step": [_("该离职由回访记录，不能在此撤回")]})
        employment_reopen(actor=actor, spell=spell, reason=WITHDRAWN, request=request)
    referral.status = previous.status
    if step.status == S.DECLINED:
        referral.declined_reason = ""
    try:
        with transaction.atomic():
            referral.save(update_fields=["status", "declined_reason"])
    except IntegrityError:  # the worker was referred to the vacancy again after this one ended
        raise ValidationError({"step": [_("该劳动力已另有推荐到这个岗位，不能撤回")]}) from None
    withdrawn = {"status": step.status, "on": step.on.isoformat()}
    step.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=referral,
        request=request,
        region_code=referral.worker.township_id,
        details={"status": previous.status, "withdrawn_step": withdrawn},
    )
    return referral


HIRED_OVER = "referral_hired"  # the reason on the event of an open spell a hire ends the day before
TAKEN_OVER = "referral_took_over"  # ... and of an open spell a hire takes over


def _employment_take_over(
    *,
    actor,
    spell: Employment,
    referral: Referral,
    place,
    start: datetime.date,
    monthly_income: int | None,
    channel: str,
    request=None,
) -> Employment:
    """A hire takes over the open spell a ledger recorded for the same job on or after the hire's date:
    the spell now starts on the hire's date and carries the referral, its vacancy and employer, the
    vacancy's trade unless it had one, the income (when given) and the channel; its source stays what it
    was (a withdrawn hire lets it go again, see `referral_step_withdraw`). One spell, no overlap."""
    worker, vacancy = spell.worker, referral.vacancy
    employment_assert_writable(actor=actor, worker=worker, referral=referral)
    others = Employment.objects.filter(worker_id=worker.pk).exclude(pk=spell.pk)
    for message in (
        start_error(start, today=timezone.localdate()),
        income_error(monthly_income),
        overlap_error(start, None, others),
    ):
        if message:
            raise ValidationError({"status": [message]})
    old_start = spell.start
    spell.referral, spell.vacancy = referral, vacancy
    spell.employer_id = vacancy.employer_id
    spell.employer_name = employer_name_clean(vacancy.employer.name)
    spell.occupation_id = spell.occupation_id or vacancy.occupation_id
    spell.place = place
    spell.place_class = place_class_for(
        place_code=place.code,
        home_county_code=worker.county_code,
        partner_codes=region_partner_codes(code=worker.county_code),
    )
    spell.start, spell.channel = start, channel
    fields = ["referral", "vacancy", "employer", "employer_name", "occupation", "place", "place_class"]
    fields += ["start", "channel"]
    if monthly_income is not None:
        spell.monthly_income = monthly_income
        fields.append("monthly_income")
    spell.save(update_fields=[*fields, "updated_at"])
    indicator_summary_refresh([spell.worker_id])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=spell,
        request=request,
        region_code=worker.township_id,
        details={
            "fields": fields,
            "reason": TAKEN_OVER,
            "referral": referral.pk,
            "start": [old_start.isoformat(), start.isoformat()],
        },
    )
    return spell


@transaction.atomic
def _employment_let_go(*, actor, spell: Employment, reason: str, request=None) -> Employment:
    """A withdrawn hire that had taken over a spell recorded elsewhere (a ledger's) lets it go: the spell
    stays, without the referral and vacancy, and its unanswered follow-ups go."""
    employment_assert_writable(actor=actor, worker=spell.worker, referral=spell.referral)
    if spell.follow_ups.filter(answered_on__isnull=False).exists():
        raise ValidationError({"status": [_("该就业记录已有回访结果，不能撤回")]})
    spell.follow_ups.all().delete()
    spell.referral, spell.vacancy = None, None
    spell.save(update_fields=["referral", "vacancy", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=spell,
        request=request,
        region_code=spell.worker.township_id,
        details={"fields": ["referral", "vacancy"], "reason": reason},
    )
    return spell


# the reason recorded on a spell a hire ends or takes over


def _hire(
    *,
    actor,
    referral: Referral,
    on: datetime.date,
    monthly_income: int | None,
    end_current: bool = False,
    request=None,
) -> Employment:
    worker, vacancy = referral.worker, referral.vacancy
    place = spell_place_of_vacancy(vacancy.place, home_county_code=worker.county_code)
    channel = CHANNEL_BY_SOURCE.get(referral.source, Channel.ORGANISED)
    current = Employment.objects.select_for_update().filter(worker=worker, end__isnull=True).first()
    if current is not None and not end_current:
        label = spell_label(employer_name=current.employer_name, start=current.start, end=None)
        if not policy.may_write_worker(actor, worker.township_id):  # an employer: not another's name
            label = _("自%(start)s起") % {"start": current.start}
        raise ValidationError(
            {
                "status": [
                    _(
                        "该劳动力已有未结束的就业记录（%(spell)s）。"
                        "如该劳动力已离开原单位，请勾选“结束现有就业并录用”"
                    )
                    % {"spell": label}
                ]
            }
        )
    if current is not None and current.start >= on:
        # The ledger recorded this job (or its news) on or after the hire: the hire's spell is that one.
        if current.referral_id is not None:
            raise ValidationError(
                {
                    "status": [
                        _(
                            "现有就业由另一推荐录用，且开始日期（%(d)s）不早于本次录用日期，不能结束；请先处理该推荐"
                        )
                        % {"d": current.start}
                    ]
                }
            )
        spell = _employment_take_over(
            actor=actor,
            spell=current,
            referral=referral,
            place=place,
            start=on,
            monthly_income=monthly_income,
            channel=channel,
            request=request,
        )
    else:
        if current is not None:
            employment_end(
                actor=actor,
                spell=current,
                end=on - datetime.timedelta(days=1),
                reason=HIRED_OVER,
                hired_by=referral,
                request=request,
            )
        try:
            spell = employment_start(
                actor=actor,
                worker=worker,
                place=place,
                start=on,
                monthly_income=monthly_income,
                channel=channel,
                source=Source.REFERRAL,
                referral=referral,
                request=request,
            )
        except ValidationError as exc:  # the hire's date is the step's date
            raise ValidationError(
                {
                    "status" if name == "start" else name: messages
                    for name, messages in exc.message_dict.items()
                }
            ) from None
    # The check-ups fall to the staff member who made the referral (an employer's user does not follow up).
    assignee = referral.created_by if policy.may(referral.created_by, "answer_follow_ups") else None
    FollowUp.objects.bulk_create(
        FollowUp(employment=spell, months=m, due_on=add_months(on, m), assignee=assignee)
        for m in FOLLOW_UP_MONTHS
    )
    return spell


@transaction.atomic
def follow_up_answer(
    *,
    actor,
    follow_up: FollowUp,
    still_working: bool,
    on: datetime.date | None = None,
    note: str = "",
    request=None,
) -> FollowUp:
    """Record the answer to "still at work?"; a no closes the spell on that day and skips later check-ups.

    A trainee's check-up ("at work now?") only records the answer: the spells say what work there is.
    """
    if not policy.may_write_worker(actor, follow_up.worker.township_id):
        raise PermissionDenied(_("您没有办理该回访的权限"))
    if follow_up.answered_on:
        raise ValidationError({"still_working": [_("该回访已完成")]})
    on = on or timezone.localdate()
    if follow_up.employment_id is None:
        return _trainee_follow_up_answer(
            actor=actor, follow_up=follow_up, still_working=still_working, on=on, note=note, request=request
        )
    spell = follow_up.employment
    if on < spell.start:
        raise ValidationError({"on": [_("回访日期不能早于入职日期（%(d)s）") % {"d": spell.start}]})
    follow_up.answered_on, follow_up.still_working, follow_up.note = on, still_working, note[:200]
    follow_up.save(update_fields=["answered_on", "still_working", "note"])
    if not still_working and spell.end is None:
        employment_end(actor=actor, spell=spell, end=on, reason="follow_up", request=request)
        FollowUp.objects.filter(employment=spell, answered_on__isnull=True).delete()
        if spell.referral_id and spell.referral.status in (S.HIRED, S.ARRIVED):
            referral_advance(
                actor=actor,
                referral=spell.referral,
                status=S.LEFT,
                on=on,
                reason=_("回访时已离职"),
                request=request,
            )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=spell,
        request=request,
        region_code=spell.worker.township_id,
        details={"follow_up": follow_up.months, "still_working": still_working},
    )
    return follow_up


def _trainee_follow_up_answer(*, actor, follow_up: FollowUp, still_working: bool, on, note: str, request):
    if on > timezone.localdate():
        raise ValidationError({"on": [_("日期不能晚于今天")]})
    follow_up.answered_on, follow_up.still_working, follow_up.note = on, still_working, note[:200]
    follow_up.save(update_fields=["answered_on", "still_working", "note"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=follow_up.enrolment,
        request=request,
        region_code=follow_up.worker.township_id,
        details={"follow_up": follow_up.months, "still_working": still_working},
    )
    return follow_up
