from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import translation

PUBLIC_PATH_PREFIXES = (
    "/accounts/login/",
    "/accounts/invitation/",
    "/static/",
    "/i18n/",
    "/api/",
    "/healthz",
    "/public/",
)


class LoginRequiredMiddleware:
    """Every page needs a login, except the login page, static files, the API (which
    authenticates with its own tokens) and the public window for citizens (``/public/``,
    read-only and anonymous by design). Expired accounts are logged out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.access_expired:
            logout(request)
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PATH_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class DefaultLanguageMiddleware:
    """Chinese unless the user chose another language with the switcher (the language cookie).
    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language, so every office
    PC shows the same Chinese UI whatever its system language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Every response carries a Content-Security-Policy: scripts, styles and everything else only
    from this site, no inline script, no inline style, no framing. The templates keep to it (JS in
    static/js, CSS in static/css); ``tests/test_login_safety.py`` greps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
