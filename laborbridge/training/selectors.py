"""Reads of skills training, scoped by the policy: classes by their organisers, trainees by the worker.

The outcome of a class ("employed" and "related") is computed, not typed: a trainee is employed when a spell
is open on or after the class's last day (self-employment counts), and related when that spell's trade (工种)
is one the programme leads to.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404

from laborbridge.accounts import policy
from laborbridge.employment.models import Employment
from laborbridge.training.models import Enrolment, Programme, TrainingClass
from laborbridge.workers.choices import PovertyStatus

__all__ = [
    "TAKING_PART",
    "Outcome",
    "class_get",
    "class_list",
    "class_outcome",
    "employed_q",
    "enrolment_get",
    "enrolment_list",
    "is_employed",
    "is_related",
    "outcome",
    "programme_list",
    "related_q",
]

TAKING_PART = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)


# --- the outcome rule, once as a pure function and once as a query ------------------------------------------


def is_employed(
    spell_dates: list[tuple[datetime.date, datetime.date | None]], class_end: datetime.date
) -> bool:
    """Whether any spell (start, end-or-None) is at work on or after the class's last day."""
    return any(end is None or end >= class_end for _start, end in spell_dates)


def is_related(
    spells: list[tuple[datetime.date, datetime.date | None, int | None]],
    class_end: datetime.date,
    occupation_ids: set[int],
) -> bool:
    """Whether a spell at work on or after the class's end is in a trade the programme leads to."""
    return any(
        (end is None or end >= class_end) and occupation in occupation_ids
        for _start, end, occupation in spells
    )


def _spells_after_class(via: str = "") -> QuerySet[Employment]:
    """Spells of the enrolment's worker at work on or after its class's last day (for an Exists)."""
    return Employment.objects.filter(worker=OuterRef(f"{via}worker_id")).filter(
        Q(end__isnull=True) | Q(end__gte=OuterRef(f"{via}training_class__end"))
    )


def employed_q(via: str = "") -> Q:
    """Enrolments (reached through `via`) whose trainee is at work on or after the class ends."""
    return Q(Exists(_spells_after_class(via)))


def related_q(via: str = "") -> Q:
    """... and whose work is in a trade the class's programme leads to."""
    related = _spells_after_class(via).filter(
        occupation__isnull=False,
        occupation_id__in=Programme.occupations.through.objects.filter(
            programme_id=OuterRef(OuterRef(f"{via}training_class__programme_id"))
        ).values("occupation_id"),
    )
    return Q(Exists(related))


def outcome(via: str = "") -> Subquery:
    """The same rule as one value an enrolment (reached through `via`), from one read of the trainee's spells:
    2 when `related_q` holds, 1 when only `employed_q` does, None when neither (for counting both at once)."""
    trades = Programme.occupations.through.objects.filter(
        programme_id=OuterRef(OuterRef(f"{via}training_class__programme_id"))
    ).values("occupation_id")
    in_trade = Case(
        When(occupation_id__in=trades, then=Value(2)), default=Value(1), output_field=IntegerField()
    )
    best = _spells_after_class(via).annotate(_outcome=in_trade).order_by("-_outcome").values("_outcome")[:1]
    return Subquery(best, output_field=IntegerField())


# --- programmes and classes ---------------------------------------------------------------------------------


def programme_list(*, actor) -> QuerySet[Programme]:
    policy.require(actor, "view_training")
    return Programme.objects.prefetch_related("occupations")


def _classes(actor) -> QuerySet[TrainingClass]:
    visible = TrainingClass.objects.filter(policy.training_classes_q(actor)).values("pk")
    return TrainingClass.objects.filter(pk__in=visible)


def class_list(*, actor, status: str = "", programme: int | None = None) -> QuerySet[TrainingClass]:
    """Classes the actor may read, newest first."""
    policy.require(actor, "view_training")
    qs = _classes(actor).select_related("programme", "place").prefetch_related("organisers")
    if status:
        qs = qs.filter(status=status)
    if programme:
        qs = qs.filter(programme_id=programme)
    return qs.order_by("-start", "-id")


def class_get(*, actor, pk) -> TrainingClass:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    training_class = (
        _classes(actor)
        .select_related("programme", "place")
        .prefetch_related("organisers", "programme__occupations")
        .filter(pk=pk)
        .first()
    )
    if training_class is None:
        raise Http404
    return training_class


# --- trainees -------------------------------------------------------------------------------------------------


def enrolment_list(*, actor, training_class: TrainingClass) -> QuerySet[Enrolment]:
    """The class's trainees the actor may see by name (its own workers), masked by the pages."""
    return (
        training_class.enrolments.filter(policy.trainees_q(actor))
        .select_related("worker__township")
        .prefetch_related("certificates")
        .order_by("status", "id")
    )


def enrolment_get(*, actor, pk) -> Enrolment:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    enrolment = (
        Enrolment.objects.filter(policy.trainees_q(actor), training_class__in=_classes(actor))
        .select_related("training_class__programme", "worker__township")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


@dataclass(frozen=True)
class Outcome:
    trainees: int
    alleviated: int
    completed: int
    certified: int
    employed: int
    related: int


def class_outcome(*, training_class: TrainingClass) -> Outcome:
    """The class's counts (everyone's, as numbers); who is behind them is listed per actor by `enrolment_list`."""
    taking_part = training_class.enrolments.filter(status__in=TAKING_PART)
    return Outcome(
        trainees=taking_part.count(),
        alleviated=taking_part.filter(worker__poverty_status=PovertyStatus.ALLEVIATED).count(),
        completed=taking_part.filter(status=Enrolment.Status.COMPLETED).count(),
        certified=taking_part.filter(certificates__isnull=False).distinct().count(),
        employed=taking_part.filter(employed_q()).count(),
        related=taking_part.filter(related_q()).count(),
    )
