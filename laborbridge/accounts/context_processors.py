from laborbridge.accounts import policy


def navigation(request):
    """What the menu and the pages may offer the current user: `can.<capability>` (see accounts/policy.py)."""
    return {"can": policy.capabilities(getattr(request, "user", None))}
