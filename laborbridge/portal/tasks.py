"""Background work of the public side (Huey)."""

from huey.contrib.djhuey import db_task

from laborbridge.portal.services import portal_sign_up_sealed


@db_task()
def portal_sign_up_task(vacancy_id: int, sealed: str, ip: str | None) -> None:
    portal_sign_up_sealed(vacancy_id=vacancy_id, sealed=sealed, ip=ip)


def portal_sign_up_queue(*, vacancy_id: int, sealed: str, ip: str | None) -> None:
    """Queue a confirmed sign-up: the page answers at once, whatever the registry holds."""
    portal_sign_up_task(vacancy_id, sealed, ip)
