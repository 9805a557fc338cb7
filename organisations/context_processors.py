from . import access
from . import navigation as nav


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = access.user_roles(user)
    return {
        "nav_items": navigation_items(user),
        "user_role_labels": sorted(
            str(access.Role(r).label) for r in roles if r in access.Role.values
        ),
    }


def navigation_items(user):
    return nav.items_for(user)
