from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

PUBLIC_PATH_PREFIXES = ("/accounts/login/", "/static/", "/i18n/", "/api/", "/healthz")


class LoginRequiredMiddleware:
    """Every page needs a login, except the login page, static files and the API
    (which authenticates with its own tokens). Expired accounts are logged out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.access_expired:
            logout(request)
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PATH_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
