"""The write that queues a planning run (自动排车) as a background job.

Apart from `services` because it queues the task (`transport.tasks`), whose job runner calls
`services.campaign_plan`: services → tasks → jobs → services would be a cycle.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.core.audit import client_ip
from laborbridge.transport import tasks
from laborbridge.transport.models import BusType, PlanJob, TransportCampaign
from laborbridge.transport.services import require_manage

__all__ = ["campaign_plan_queue"]


@transaction.atomic
def campaign_plan_queue(*, actor, campaign: TransportCampaign, bus_type: BusType, request=None) -> PlanJob:
    """Queue a planning run (排车) as a background job: staff follow its progress and then see the result."""
    require_manage(actor, campaign)
    if bus_type.campaign_id != campaign.pk:
        raise ValidationError({"bus_type": [_("车型不属于该活动")]})
    TransportCampaign.objects.select_for_update().get(pk=campaign.pk)  # one press at a time
    if PlanJob.objects.filter(
        campaign=campaign, status__in=(PlanJob.Status.QUEUED, PlanJob.Status.RUNNING)
    ).exists():
        raise ValidationError({"campaign": [_("该活动正在排车，请等当前排车完成")]})
    job = PlanJob.objects.create(
        campaign=campaign, bus_type=bus_type, actor=actor, ip=client_ip(request), heartbeat_at=timezone.now()
    )
    transaction.on_commit(lambda: tasks.campaign_plan_task(job.pk))
    return job
