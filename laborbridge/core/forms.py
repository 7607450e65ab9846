"""What every page form does with a service's answer."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def service_errors(exc: ValidationError | dict) -> dict[str, list[str]]:
    """A service's refusal as field → messages (a refusal naming no field falls under "__all__")."""
    if isinstance(exc, dict):
        return exc
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's field errors beside their fields (and the rest above the form)."""
    for field, errors in service_errors(exc).items():
        form.add_error(field if field in form.fields else None, errors)


def flash_service_errors(
    request, exc: ValidationError | dict, labels: dict, *, unlabelled: str | None = ""
) -> None:
    """A service's refusal as messages on the next page ("日期：…"), for actions posted from a page that redirects.

    `labels` names the fields in Chinese; a field it does not name is shown by `unlabelled` (None: the field's own
    name), and an empty label shows the message alone.
    """
    for field, field_errors in service_errors(exc).items():
        label = labels.get(field, field if unlabelled is None else unlabelled)
        for message in field_errors:
            messages.error(request, f"{label}：{message}" if label else message)


def form_status(form) -> int:
    """422 for a form sent back with errors, so tests and tools can tell it from a success."""
    return 422 if form.is_bound and form.errors else 200
