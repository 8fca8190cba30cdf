"""Template context for the shell: the unread-message count."""

from .selectors import notifications_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # The menu bar is drawn by ``{% main_menu %}`` (``home.main_menu``), kept per roles,
    # language and page.
    return {"unread_count": notifications_for(user, unread_only=True).count()}
