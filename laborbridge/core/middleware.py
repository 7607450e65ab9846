"""Request-wide security: who is asking (for the audit trail), refused access recorded, and the headers
that keep pages of personal data out of caches and foreign scripts out of pages."""

from django.utils.cache import add_never_cache_headers

from laborbridge.core import audit
from laborbridge.core.redaction import scrub

# URL namespaces whose pages and API operations show or change personal data: a 403 or 404 there is a
# refused access, recorded once. API operations that hold none (the token, the schema) are left out.
PERSONAL_DATA_NAMESPACES = frozenset(
    {"workers", "employers", "employment", "ledger", "fairs", "reports", "privacy", "api"}
)
NOT_PERSONAL = frozenset({"api:token", "api:openapi-json", "api:openapi-view"})
REFUSED = frozenset({403, 404})

# Scripts and styles only from our own files: no inline <script>, no style="..." (ECharts draws on a
# canvas; htmx's indicator style is switched off by a meta tag in base.html).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class AuditMiddleware:
    """Give the audit trail the request's address, and record a refused access to personal data once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit.request_context(request) as context:
            response = self.get_response(request)
            if response.status_code in REFUSED and not context.refusal_recorded:
                self._record_refusal(request, response)
        return response

    @staticmethod
    def _record_refusal(request, response) -> None:
        user, match = getattr(request, "user", None), request.resolver_match
        if match is None or not getattr(user, "is_authenticated", False):
            return  # an unknown URL, or a visitor sent to the login page: no personal data was asked for
        if match.namespace not in PERSONAL_DATA_NAMESPACES or match.view_name in NOT_PERSONAL:
            return
        audit.audit_record(
            actor=user,
            action=audit.AuditEvent.Action.DENIED,
            success=False,
            request=request,
            object_type=match.view_name,
            object_id=str(next(iter(match.kwargs.values()), "")),
            object_repr=scrub(request.path),
            details={"status": response.status_code, "method": request.method},
        )


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every page, and no caching of anything a view answers.

    Placed below WhiteNoise, so static files keep their long cache lifetimes. A response that holds nothing
    personal and says so (`response.cacheable = True`: the user guide's pictures) keeps its own caching headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if not getattr(response, "cacheable", False):
            add_never_cache_headers(response)  # pages, exports and API answers carry personal data
        return response
