"""What every page's menu shows of employment: the follow-up counts next to 回访任务."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from laborbridge.accounts import policy
from laborbridge.employment.selectors import follow_up_counts


def follow_ups(request):
    """`follow_up_counts` (overdue, due this week) of the user's own tasks, the set the list opens on, for
    users who answer follow-ups; counted (one query) only when a template reads it, so pages without the
    menu (htmx fragments) pay nothing."""
    user = getattr(request, "user", None)
    if not policy.may(user, "answer_follow_ups"):
        return {"follow_up_counts": None}
    return {
        "follow_up_counts": SimpleLazyObject(lambda: follow_up_counts(actor=user, today=timezone.localdate()))
    }
