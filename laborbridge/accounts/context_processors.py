from laborbridge.accounts import policy
from laborbridge.accounts.second_factor import sign_in_pending


def navigation(request):
    """What the menu and the pages may offer the current user: `can.<capability>` (see accounts/policy.py).

    While the one-time code is still owed, the menu offers nothing. `receiving_side`: see `policy.receiving_side`.
    """
    if sign_in_pending(request):
        return {"can": {}, "sign_in_pending": True, "receiving_side": False}
    user = getattr(request, "user", None)
    return {
        "can": policy.capabilities(user),
        "sign_in_pending": False,
        # An eastern bureau's menu and home lead to its employers, referrals and placed workers, not a registry.
        "receiving_side": policy.receiving_side(user),
    }
