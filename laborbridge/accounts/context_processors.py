from laborbridge.accounts import policy
from laborbridge.accounts.second_factor import sign_in_pending


def navigation(request):
    """What the menu and the pages may offer the current user: `can.<capability>` (see accounts/policy.py).

    While the one-time code is still owed, the menu offers nothing.
    """
    if sign_in_pending(request):
        return {"can": {}, "sign_in_pending": True}
    return {"can": policy.capabilities(getattr(request, "user", None)), "sign_in_pending": False}
