"""Authentication backends: django-axes lockout in front of the normal model backend."""

from axes.backends import AxesStandaloneBackend


class LoginProtectionBackend(AxesStandaloneBackend):
    """Refuse a locked-out username/address before the password is checked.

    Every login form (ours, the admin's) authenticates with the request, so it is
    protected. Code that authenticates without a request (a management command, the
    test client's `login()`) has no client address to lock, so it passes through to
    the model backend instead of failing, as `AxesStandaloneBackend` would.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
