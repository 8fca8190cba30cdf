"""Template context for the shell: navigation by role and the unread-message count."""

from . import home, permissions
from .selectors import notifications_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    items = home.nav_for(user)
    groups: dict[str, list] = {}
    for item in items:
        if item.group:
            groups.setdefault(str(item.group), []).append(item)
    match = getattr(request, "resolver_match", None)
    return {
        "nav_view": match.view_name if match else "",
        "nav_main": [i for i in items if not i.group],
        "nav_groups": sorted(groups.items(), key=lambda group: group[0] == str(home.SETTINGS)),
        "my_roles": sorted({r for r in permissions.roles_of(user)}),
        "unread_count": notifications_for(user, unread_only=True).count(),
    }
