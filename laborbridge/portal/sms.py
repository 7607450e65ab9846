"""Sending text messages (the phone confirmation codes of the public job board), through a pluggable backend.

`settings.SMS_BACKEND` is the dotted path of a class with one method:

    class MyProviderBackend:
        def send(self, *, phone: str, text: str) -> None:
            '''Deliver `text` to the 11-digit mainland mobile `phone`; raise SmsError when it cannot.'''

A real provider's backend (阿里云短信, 腾讯云短信 ...) reads its credentials from its own environment variables,
sends the text with the provider's approved template and signature, and raises `SmsError` on a refusal or a
timeout, so the page can say so. It must not log the full phone number or the text.

Two backends ship: `LogSmsBackend` (development: the text goes to the log, the phone masked) and
`LocmemSmsBackend` (tests: an outbox in memory).
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from laborbridge.core import phone as phones

logger = logging.getLogger("laborbridge.sms")


class SmsError(Exception):
    """The message could not be sent."""


class LogSmsBackend:
    """Development: write the message to the log instead of sending it (the phone masked)."""

    def send(self, *, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", phones.mask(phone), text)


class LocmemSmsBackend:
    """Tests: keep every message in `LocmemSmsBackend.outbox`, a list of (phone, text), newest last."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str) -> None:
        LocmemSmsBackend.outbox.append((phone, text))


def sms_send(*, phone: str, text: str) -> None:
    """Send one text message with the configured backend."""
    import_string(settings.SMS_BACKEND)().send(phone=phone, text=text)
