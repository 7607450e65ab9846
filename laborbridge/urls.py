from django.contrib import admin
from django.urls import include, path

from laborbridge import home
from laborbridge.api import api

# Chinese error pages in the site's frame (laborbridge/errors.py); Django uses them when DEBUG is off.
handler400 = "laborbridge.errors.bad_request"
handler403 = "laborbridge.errors.permission_denied"
handler404 = "laborbridge.errors.page_not_found"
handler500 = "laborbridge.errors.server_error"

admin.site.site_header = "劳务协作服务平台 · 系统管理"
admin.site.site_title = "劳务协作服务平台"

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("accounts/", include("laborbridge.accounts.urls")),
    path("workers/", include("laborbridge.workers.urls")),
    path("employers/", include("laborbridge.employers.urls")),
    path("employment/", include("laborbridge.employment.urls")),
    path("ledger/", include("laborbridge.ledger.urls")),
    path("fairs/", include("laborbridge.fairs.urls")),
    path("training/", include("laborbridge.training.urls")),
    path("transport/", include("laborbridge.transport.urls")),
    path("matching/", include("laborbridge.matching.urls")),
    path("reports/", include("laborbridge.reports.urls")),
    path("privacy/", include("laborbridge.privacy.urls")),
    path("jobs/", include("laborbridge.portal.urls")),
    path("help/", include("laborbridge.help.urls")),
    path("sign-ups/", include("laborbridge.portal.staff_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
