from django.urls import reverse

from laborbridge.help.guide import section_for


def help_link(request):
    """`help_url`: the guide page for the part of the site the user is on (the header's 帮助)."""
    match = getattr(request, "resolver_match", None)
    slug = section_for(match.view_name) if match is not None else ""
    if match is not None and match.namespace == "help":
        slug = match.kwargs.get("slug", "")
    return {"help_url": reverse("help:page", args=[slug]) if slug else reverse("help:index")}
