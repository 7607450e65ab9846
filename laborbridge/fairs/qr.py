"""QR codes as inline SVG (segno): no script, no style attribute, so the pages keep their strict CSP."""

import io

import segno
from django.utils.safestring import mark_safe


def qr_svg(text: str, *, scale: int = 5) -> str:
    """An <svg> element drawing `text` as a QR code, safe to put in a template."""
    code = segno.make(text, error="m")
    return mark_safe(code.svg_inline(scale=scale, title=None))  # nosec B308 B703: segno's own markup, no user text


def qr_document(text: str, *, scale: int = 10) -> bytes:
    """A standalone SVG file of the QR code (for printing at any size)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=scale, border=2)
    return buffer.getvalue()
