"""What every page form does with a service's answer."""

from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's field errors beside their fields (and the rest above the form)."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def form_status(form) -> int:
    """422 for a form sent back with errors, so tests and tools can tell it from a success."""
    return 422 if form.is_bound and form.errors else 200
