"""Background work of the public side (Huey)."""

from huey.contrib.djhuey import db_task

from laborbridge.portal.services import (
    portal_bus_sign_up_sealed,
    portal_class_sign_up_sealed,
    portal_sign_up_sealed,
)


@db_task()
def portal_sign_up_task(vacancy_id: int, sealed: str, ip: str | None) -> None:
    portal_sign_up_sealed(vacancy_id=vacancy_id, sealed=sealed, ip=ip)


def portal_sign_up_queue(*, vacancy_id: int, sealed: str, ip: str | None) -> None:
    """Queue a confirmed sign-up: the page answers at once, whatever the registry holds."""
    portal_sign_up_task(vacancy_id, sealed, ip)


@db_task()
def portal_class_sign_up_task(class_id: int, sealed: str, ip: str | None) -> None:
    portal_class_sign_up_sealed(class_id=class_id, sealed=sealed, ip=ip)


def portal_class_sign_up_queue(*, class_id: int, sealed: str, ip: str | None) -> None:
    """Queue a confirmed class application, answered at once like a job sign-up."""
    portal_class_sign_up_task(class_id, sealed, ip)


@db_task()
def portal_bus_sign_up_task(campaign_id: int, sealed: str, ip: str | None) -> None:
    portal_bus_sign_up_sealed(campaign_id=campaign_id, sealed=sealed, ip=ip)


def portal_bus_sign_up_queue(*, campaign_id: int, sealed: str, ip: str | None) -> None:
    """Queue a confirmed bus sign-up, answered at once like a job sign-up."""
    portal_bus_sign_up_task(campaign_id, sealed, ip)
