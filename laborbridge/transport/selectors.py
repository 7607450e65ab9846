"""Reads of chartered buses, scoped by the policy: campaigns by their organisers, passengers by the worker."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from laborbridge.accounts import policy
from laborbridge.transport.models import Batch, PlanJob, SignUp, TransportCampaign, Trip

__all__ = [
    "PlanSummary",
    "arrival_list",
    "campaign_get",
    "campaign_list",
    "plan_job_get",
    "plan_job_latest",
    "plan_summary",
    "signup_get",
    "signup_list",
    "subsidy_list",
    "trip_get",
    "trip_passengers",
]


def campaign_list(*, actor) -> QuerySet[TransportCampaign]:
    ids = TransportCampaign.objects.filter(policy.transport_campaigns_q(actor)).values("pk")
    return TransportCampaign.objects.filter(pk__in=ids).prefetch_related("organisers")


def campaign_get(*, actor, pk) -> TransportCampaign:
    campaign = campaign_list(actor=actor).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def signup_list(*, actor, campaign: TransportCampaign) -> QuerySet[SignUp]:
    """The campaign's sign-ups the actor may see by name (masked)."""
    return (
        campaign.signups.filter(policy.bus_signups_q(actor))
        .select_related("worker__township", "pickup_point", "employer", "destination_city", "trip__batch")
        .order_by("wanted_date", "pickup_point__name", "id")
    )


def signup_get(*, actor, pk) -> SignUp:
    signup = (
        SignUp.objects.filter(policy.bus_signups_q(actor), pk=pk)
        .select_related("campaign", "worker", "employer", "trip__batch")
        .first()
    )
    if signup is None:
        raise Http404
    return signup


def trip_get(*, actor, pk) -> Trip:
    trip = Trip.objects.select_related("batch__campaign", "bus_type").filter(pk=pk).first()
    if trip is None or not campaign_list(actor=actor).filter(pk=trip.batch.campaign_id).exists():
        raise Http404
    if policy.reach(actor, "view_transport") is policy.Reach.NONE:
        raise Http404  # an employer's user confirms arrivals from its own list, not from the manifests
    return trip


def trip_passengers(*, actor, trip: Trip) -> list[SignUp]:
    """The manifest (乘车名单): the passengers on the bus the actor may see by name; the rest counted."""
    return list(
        trip.signups.exclude(status=SignUp.Status.CANCELLED)
        .filter(policy.bus_signups_q(actor))
        .select_related("worker__township", "pickup_point", "employer", "destination_city")
        .order_by("pickup_point__name", "destination_city__name", "id")
    )


@dataclass
class TripRow:
    trip: Trip
    seats_used: int
    passengers: int


@dataclass
class PlanSummary:
    batches: list[tuple[Batch, list[TripRow]]]
    buses: int
    lower_bound: int
    unplanned: int


def plan_summary(*, campaign: TransportCampaign) -> PlanSummary:
    """Each day's buses with their seats used and stops, and the plan's buses against the lower bound."""
    batches = []
    for batch in Batch.objects.filter(campaign=campaign).prefetch_related(
        "trips__signups", "trips__bus_type"
    ):
        rows = []
        for trip in batch.trips.all():
            riding = [s for s in trip.signups.all() if s.status != SignUp.Status.CANCELLED]
            rows.append(TripRow(trip, sum(s.seats for s in riding), len(riding)))
        batches.append((batch, rows))
    return PlanSummary(
        batches=batches,
        buses=sum(len(rows) for _b, rows in batches),
        lower_bound=sum(b.lower_bound for b, _r in batches),
        unplanned=campaign.signups.filter(status=SignUp.Status.SIGNED_UP, trip__isnull=True).count(),
    )


def arrival_list(*, actor) -> QuerySet[SignUp]:
    """Passengers bound for the actor's employers who boarded (to confirm) or arrived."""
    if policy.reach(actor, "confirm_arrival") is policy.Reach.NONE:
        return SignUp.objects.none()
    query = policy.bus_signups_q(actor) if policy.acts_for_employer(actor) else None
    qs = SignUp.objects.filter(status__in=(SignUp.Status.BOARDED, SignUp.Status.ARRIVED))
    if query is not None:
        qs = qs.filter(query)
    return qs.select_related("worker", "employer", "trip__batch", "campaign").order_by("-wanted_date", "id")


def subsidy_list(*, actor, campaign: TransportCampaign) -> list:
    """The campaign's approved travel subsidies the actor may manage (masked on the page)."""
    from laborbridge.transport.models import TravelSubsidyClaim

    claims = TravelSubsidyClaim.objects.filter(campaign=campaign).select_related(
        "worker", "employment__place"
    )
    return [c for c in claims.order_by("-id")[:1000] if policy.may_manage_travel_subsidy(actor, c.worker)]


def plan_job_latest(*, actor, campaign: TransportCampaign) -> PlanJob | None:
    """The campaign's latest planning job, for those who may plan it (its progress, then its result)."""
    if not policy.may_manage_campaign(actor, campaign):
        return None
    return campaign.plan_jobs.select_related("bus_type").first()


def plan_job_get(*, actor, pk) -> PlanJob:
    """A planning job of a campaign the actor may plan, or 404."""
    job = PlanJob.objects.select_related("campaign", "bus_type").filter(pk=pk).first()
    if job is None or not policy.may_manage_campaign(actor, job.campaign):
        raise Http404
    campaign_get(actor=actor, pk=job.campaign_id)  # and within reach
    return job
