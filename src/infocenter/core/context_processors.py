"""Template context for the shell: navigation by role and the unread-message count."""

from . import home, permissions


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .selectors import notifications_for

    items = home.nav_for(user)
    return {
        "nav_main": [i for i in items if not i.group],
        "nav_settings": [i for i in items if i.group],
        "my_roles": sorted({r for r in permissions.roles_of(user)}),
        "unread_count": notifications_for(user, unread_only=True).count(),
    }
