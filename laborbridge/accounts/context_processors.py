from laborbridge.accounts.scoping import can_view_audit_trail, scope_for


def navigation(request):
    """What the menu may offer the current user."""
    user = getattr(request, "user", None)
    return {"scope": scope_for(user), "can_view_audit": can_view_audit_trail(user)}
