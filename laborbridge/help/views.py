"""The user guide inside the site (帮助): readable by anyone, signed in or not; it holds no personal data."""

import hashlib

from django.http import FileResponse, Http404, HttpResponseNotModified
from django.shortcuts import render
from django.utils.http import http_date
from django.views.decorators.http import require_GET
from django.views.static import was_modified_since

from laborbridge.help.guide import IMAGE_TYPES, guide_contents, guide_page, image_path

# The guide's pictures change only with a new release: a day in any cache is fine, and they hold no personal data.
IMAGE_MAX_AGE = 24 * 3600


@require_GET
def help_page_view(request, slug=""):
    page = guide_page(slug)
    if page is None:
        raise Http404
    return render(request, "help/page.html", {"page": page, "contents": guide_contents()})


@require_GET
def help_image_view(request, name):
    path = image_path(name)
    if path is None:
        raise Http404
    stat = path.stat()
    etag = (
        '"' + hashlib.sha256(f"{path.name}:{stat.st_mtime_ns}:{stat.st_size}".encode()).hexdigest()[:32] + '"'
    )
    if request.headers.get("If-None-Match") == etag or (
        "If-None-Match" not in request.headers
        and not was_modified_since(request.headers.get("If-Modified-Since"), int(stat.st_mtime))
    ):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(path.open("rb"), content_type=IMAGE_TYPES[path.suffix.lstrip(".").lower()])
    response["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    response.cacheable = True  # core.middleware leaves these caching headers as they are
    return response
